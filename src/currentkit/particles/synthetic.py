"""Synthetic trajectories with exactly known currents, generated lazily chunk by chunk.

:class:`DriftingGas`
    Particles of one charge in a periodic box, each moving on a straight line at the common drift
    velocity plus its own thermal velocity (drawn in ± pairs, so the thermal velocities sum to
    zero exactly): r_i(t) = r_i(0) + (v_d + u_i) t, wrapped into the box. The total current is
    J = N q v_d at every instant, and the current through a cross-section is I = N q v_d/L.
:class:`RotatingCloud`
    A quiet-start lattice of particles inside a disc, rotating rigidly at angular velocity Ω about
    the box centre (axis z); the charges form a Gaussian blob of width σ centred off the axis, so
    ρ(r, t) changes in time while ∂ρ/∂t + ∇·j = 0 holds exactly in the continuum. Optionally the
    charges grow as q_i(t) = q_i(0)(1 + γt) (a charge-transfer source s = γ ρ/(1 + γt)).

Both are re-iterable (each iteration regenerates the frames) and hold one chunk in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import constants as _c

from currentkit.errors import ParameterError, positive_real
from currentkit.particles.frames import FrameChunk


@dataclass(frozen=True)
class DriftingGas:
    """A drifting gas of equal charges in a periodic box (SI units).

    Parameters
    ----------
    particles
        Number N (even when ``thermal`` > 0, for the ± pairs).
    box
        Box edges (L_x, L_y, L_z) (m), lower corner at the origin.
    drift
        Drift velocity v_d (m/s), a 3-vector.
    frames, timestep
        Number of frames and the interval between them (s); frame k is at t = k·timestep.
    thermal
        Standard deviation of each thermal velocity component (m/s).
    charge
        Charge of every particle (C).
    seed
        Seed of the initial positions and thermal velocities.
    spacing
        ``"random"`` (uniform positions) or ``"even"`` (x_i = (i + ½)L_x/N, y, z random).
    chunk
        Frames per chunk.
    wrapped
        Emit positions wrapped into the box (True) or unwrapped.
    """

    particles: int
    box: tuple[float, float, float]
    drift: tuple[float, float, float]
    frames: int
    timestep: float
    thermal: float = 0.0
    charge: float = -_c.e
    seed: int = 0
    spacing: str = "random"
    chunk: int = 64
    wrapped: bool = True

    def __post_init__(self) -> None:
        if self.particles < 1 or (self.thermal > 0 and self.particles % 2):
            raise ParameterError("particles", self.particles, "≥ 1 (even with thermal motion)")
        if self.frames < 1 or self.chunk < 1:
            raise ParameterError("frames", self.frames, "≥ 1 frames and chunk ≥ 1")
        for v in self.box:
            positive_real("box", v)
        positive_real("timestep", self.timestep)
        if self.spacing not in ("random", "even"):
            raise ParameterError("spacing", self.spacing, "'random' or 'even'")
        if not (np.isfinite(self.thermal) and self.thermal >= 0):
            raise ParameterError("thermal", self.thermal, "a finite speed ≥ 0")

    def initial(self) -> tuple[np.ndarray, np.ndarray]:
        """Initial positions (N, 3) and velocities (N, 3)."""
        rng = np.random.default_rng(self.seed)
        box = np.asarray(self.box, dtype=float)
        pos = rng.uniform(0.0, 1.0, (self.particles, 3)) * box
        if self.spacing == "even":
            pos[:, 0] = (np.arange(self.particles) + 0.5) * box[0] / self.particles
        vel = np.broadcast_to(np.asarray(self.drift, dtype=float), (self.particles, 3)).copy()
        if self.thermal > 0:
            half = rng.normal(0.0, self.thermal, (self.particles // 2, 3))
            vel += np.concatenate([half, -half])
        return pos, vel

    def __iter__(self) -> Iterator[FrameChunk]:
        pos0, vel = self.initial()
        box = np.asarray(self.box, dtype=float)
        q = np.full(self.particles, float(self.charge))
        for start in range(0, self.frames, self.chunk):
            t = np.arange(start, min(start + self.chunk, self.frames)) * self.timestep
            pos = pos0 + vel * t[:, None, None]
            if self.wrapped:
                pos = np.mod(pos, box)
            yield FrameChunk(t, pos, np.broadcast_to(vel, pos.shape),
                             np.broadcast_to(q, pos.shape[:2]), None,
                             np.zeros((t.size, 3)), np.broadcast_to(box, (t.size, 3)),
                             unwrapped=not self.wrapped)


@dataclass(frozen=True)
class RotatingCloud:
    """A Gaussian blob of charge on a rigidly rotating particle lattice (SI units).

    Parameters
    ----------
    lattice
        Particles per unit length of the square quiet-start lattice (the box is 1 × 1 × 0.1 m;
        particles within 0.45 m of the centre, all at z = 0.05 m).
    width
        Blob width σ (m); the blob is centred at (0.7, 0.5) at t = 0.
    omega
        Angular velocity Ω (rad/s), counter-clockwise about z through (0.5, 0.5).
    frames, timestep
        Number of frames and their interval (s).
    growth
        Relative charge growth rate γ (1/s): q_i(t) = q_i(0)(1 + γt).
    total_charge
        Σ q_i at t = 0 (C).
    chunk
        Frames per chunk.
    """

    lattice: int
    width: float
    omega: float
    frames: int
    timestep: float
    growth: float = 0.0
    total_charge: float = 1.0
    chunk: int = 64

    #: Box edges (m).
    BOX = (1.0, 1.0, 0.1)
    CENTRE = (0.5, 0.5)
    BLOB = (0.7, 0.5)

    def __post_init__(self) -> None:
        if self.lattice < 4 or self.frames < 1 or self.chunk < 1:
            raise ParameterError("lattice", self.lattice, "≥ 4 per metre, frames ≥ 1, chunk ≥ 1")
        positive_real("width", self.width)
        positive_real("timestep", self.timestep)
        if not np.isfinite(self.omega) or not np.isfinite(self.growth):
            raise ParameterError("omega", self.omega, "finite omega and growth")

    def initial(self) -> tuple[np.ndarray, np.ndarray]:
        """Initial positions (N, 3) and charges (N,)."""
        g = (np.arange(self.lattice) + 0.5) / self.lattice
        x, y = np.meshgrid(g, g, indexing="ij")
        keep = np.hypot(x - self.CENTRE[0], y - self.CENTRE[1]) < 0.45
        pos = np.stack([x[keep], y[keep], np.full(int(keep.sum()), 0.05)], axis=1)
        q = np.exp(-((pos[:, 0] - self.BLOB[0]) ** 2 + (pos[:, 1] - self.BLOB[1]) ** 2)
                   / (2 * self.width**2))
        return pos, q * self.total_charge / q.sum()

    def __iter__(self) -> Iterator[FrameChunk]:
        pos0, q0 = self.initial()
        dx, dy = pos0[:, 0] - self.CENTRE[0], pos0[:, 1] - self.CENTRE[1]
        for start in range(0, self.frames, self.chunk):
            t = np.arange(start, min(start + self.chunk, self.frames)) * self.timestep
            c, s = np.cos(self.omega * t)[:, None], np.sin(self.omega * t)[:, None]
            x = self.CENTRE[0] + c * dx - s * dy
            y = self.CENTRE[1] + s * dx + c * dy
            pos = np.stack([x, y, np.broadcast_to(pos0[:, 2], x.shape)], axis=-1)
            vel = np.stack([-self.omega * (y - self.CENTRE[1]),
                            self.omega * (x - self.CENTRE[0]), np.zeros_like(x)], axis=-1)
            q = q0 * (1.0 + self.growth * t[:, None])
            yield FrameChunk(t, pos, vel, q, None, np.zeros((t.size, 3)),
                             np.broadcast_to(np.asarray(self.BOX), (t.size, 3)), unwrapped=True)
