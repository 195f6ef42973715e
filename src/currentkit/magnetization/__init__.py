"""Magnetization currents: OVF files, bound currents, transport vs circulating currents."""

__all__: list[str] = []
