"""On-site potentials of lattice rings: Anderson disorder, a square barrier, a point impurity.

Every function returns on-site energies ε of shape ``(channels, sites)`` in units of the hopping
t, ready for :class:`~currentkit.rings.models.LatticeRing`'s ``potential``. Randomness comes only
from the :class:`numpy.random.Generator` passed in, so a realization is reproducible from its
seed (see :func:`currentkit.parallel.task_seed`).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from currentkit.errors import ParameterError, finite_real, integer

DisorderKind = Literal["box", "gaussian"]


def anderson_potential(
    rng: np.random.Generator,
    sites: int,
    channels: int = 1,
    width: float = 1.0,
    kind: DisorderKind = "box",
) -> np.ndarray:
    """Independent random on-site energies ε_{m,j} (Anderson disorder), in units of t.

    Parameters
    ----------
    rng
        The random generator (draw it from a per-realization seed for reproducibility).
    sites, channels
        Ring size L (≥ 1) and sites per slice M (≥ 1).
    width
        Disorder strength W ≥ 0 (t).
    kind
        ``"box"``: ε uniform in [−W/2, W/2] (the Anderson model); ``"gaussian"``: ε normal with
        mean 0 and standard deviation W/√12.

    Notes
    -----
    Both kinds have mean 0 and the same variance ⟨ε²⟩ = W²/12, so at weak disorder (Born
    approximation, elastic mean free path ∝ 1/⟨ε²⟩) they describe the same metal and W can be
    compared across kinds. The draws are one call of ``rng`` of size M·L in C order, so the
    potential depends only on the generator's state.

    Returns
    -------
    numpy.ndarray
        ε of shape ``(channels, sites)``.
    """
    if not isinstance(rng, np.random.Generator):
        raise ParameterError("rng", type(rng).__name__, "a numpy.random.Generator")
    shape = (integer("channels", channels, minimum=1, what="sites per slice"),
             integer("sites", sites, minimum=1, what="slices around the ring"))
    w = finite_real("width", width, "a finite disorder strength W in t ≥ 0", nonnegative=True)
    if kind == "box":
        return rng.uniform(-w / 2, w / 2, size=shape)
    if kind == "gaussian":
        return rng.normal(0.0, w / math.sqrt(12.0), size=shape)
    raise ParameterError("kind", kind, "'box' or 'gaussian'")


def barrier_potential(
    sites: int, height: float, width: int, channels: int = 1, center: int | None = None
) -> np.ndarray:
    """A square barrier (or well, for height < 0) of ``width`` slices across the whole ring width.

    Parameters
    ----------
    sites, channels
        Ring size L and sites per slice M.
    height
        Barrier height V (t); negative for a well.
    width
        Number of slices 1 … L the barrier covers.
    center
        Slice at the barrier's centre (default L // 2); the barrier covers slices
        ``center − width // 2`` … ``center − width // 2 + width − 1``, wrapped around the ring.

    Returns
    -------
    numpy.ndarray
        ε of shape ``(channels, sites)``: V on the barrier's slices, 0 elsewhere.
    """
    n = integer("sites", sites, minimum=1, what="slices around the ring")
    m = integer("channels", channels, minimum=1, what="sites per slice")
    v = finite_real("height", height, "a finite barrier height in t")
    w = integer("width", width, minimum=1, what="slices covered by the barrier")
    if w > n:
        raise ParameterError("width", width, f"at most sites = {n} slices")
    c = n // 2 if center is None else integer("center", center, minimum=0, maximum=n - 1,
                                              what="a slice of the ring")
    pot = np.zeros((m, n))
    pot[:, (c - w // 2 + np.arange(w)) % n] = v
    return pot


def impurity_potential(
    sites: int, strength: float, site: int = 0, channels: int = 1, channel: int | None = None
) -> np.ndarray:
    """A point impurity of energy ``strength`` (t) on slice ``site``.

    With ``channel=None`` the impurity covers every channel of the slice (a δ-barrier across the
    ring's cross-section); otherwise only site ``(channel, site)``.

    Returns
    -------
    numpy.ndarray
        ε of shape ``(channels, sites)``.
    """
    n = integer("sites", sites, minimum=1, what="slices around the ring")
    m = integer("channels", channels, minimum=1, what="sites per slice")
    u = finite_real("strength", strength, "a finite impurity energy in t")
    j = integer("site", site, minimum=0, maximum=n - 1, what="a slice of the ring")
    pot = np.zeros((m, n))
    if channel is None:
        pot[:, j] = u
    else:
        k = integer("channel", channel, minimum=0, maximum=m - 1, what="a channel of the slice")
        pot[k, j] = u
    return pot
