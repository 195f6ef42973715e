"""Probability currents of wavefunctions: currents on grids, TDSE, scattering, vortices."""

__all__: list[str] = []
