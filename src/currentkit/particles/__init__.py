"""Microscopic currents from particle trajectories.

Readers, total current, counting through planes, densities on grids, continuity.
"""

__all__: list[str] = []
