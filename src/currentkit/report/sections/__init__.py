"""The tour's sections, one module per phenomenon, and their order.

Each module ``currentkit.report.sections.<name>`` exposes ``build(folder: Path) -> Section``: it
computes with the public API, writes its PNG figures into ``folder`` (file names prefixed with
``<name>``) and returns a :class:`~currentkit.report.section.Section`. To add a section, write
the module and add its name to :data:`SECTIONS` where it belongs in the reading order.
"""

from __future__ import annotations

#: Registry of section module names, in the order the tour shows them.
SECTIONS: tuple[str, ...] = (
    "aharonov_bohm",
    "two_fermions",
    "sawtooth_parity",
    "temperature",
    "rotation",
    "bosons",
    "disordered_samples",
    "typical_current",
    "real_rings",
    "impurity_barrier",
    "interacting",
    "meissner",
    "fluxoid_parabolas",
    "sweep_hysteresis",
    "tdgl_ring",
    "flux_qubit",
    "counting_wire",
    "current_density_map",
    "green_kubo",
    "barrier_packet",
    "current_zeros",
    "vortex_lattice",
    "bound_currents",
    "chern_ribbon",
)

__all__ = ["SECTIONS"]
