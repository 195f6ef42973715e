"""A Chern-insulator ribbon (Qi-Wu-Zhang model): circulating edge currents and transport.

Model (Qi, Wu, Zhang, PRB 74, 085308 (2006); units t = a = ħ = e = 1)
--------------------------------------------------------------------
Two orbitals per site, H(k) = sin k_x σ_x + sin k_y σ_y + (u + cos k_x + cos k_y) σ_z; in real
space an on-site term u σ_z and hoppings H_{r+x̂, r} = (σ_z + iσ_x)/2, H_{r+ŷ, r} = (σ_z + iσ_y)/2.
The bulk gap closes at u = 0, ±2; for 0 < |u| < 2 the lower band has Chern number ±1
(:func:`chern_number`, Fukui-Hatsugai-Suzuki lattice field strength). The ribbon is periodic
along x (momentum k, ``k_points`` values) and has ``width`` rows y = 0 … W − 1 with open edges.

Currents
--------
The current along the x-bonds of row y (per bond, in e·t/ħ) is, with the bond formula of
:mod:`currentkit.magnetization.lattice` written for Bloch states,
I_x(y) = (1/N_k) Σ_{k,n} f_{nk} ⟨u_{nk}| P_y ∂_k H(k) P_y |u_{nk}⟩, P_y the projector on row y.
In equilibrium (f = Fermi(E − μ)) the edges carry opposite currents and Σ_y I_x(y) = 0; the
split of :func:`~currentkit.magnetization.decomposition.strip_split` turns them into a
magnetization M_z(y) that vanishes at the edges. Středa: in the gap dM_z/dμ = C·e/h = C/2π.

Bias: right movers (v_{nk} = ∂E/∂k > 0) are filled up to μ + Δμ/2, left movers up to μ − Δμ/2
(the occupation of ideal leads, Landauer). With μ ± Δμ/2 in the gap the net current is
(e²/h)·|C|·V = Δμ/2π, carried on top of the circulating currents; the split separates it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr
from threadpoolctl import threadpool_limits

from currentkit.errors import ParameterError, integer
from currentkit.magnetization.decomposition import strip_split
from currentkit.magnetization.lattice import fermi
from currentkit.results import labelled, with_provenance

_SX = np.array([[0, 1], [1, 0]], dtype=complex)
_SY = np.array([[0, -1j], [1j, 0]], dtype=complex)
_SZ = np.array([[1, 0], [0, -1]], dtype=complex)
HOP_X = (_SZ + 1j * _SX) / 2
HOP_Y = (_SZ + 1j * _SY) / 2


@dataclass(frozen=True)
class QWZRibbon:
    """Qi-Wu-Zhang ribbon: ``width`` rows, mass ``u``, periodic along x with ``k_points`` k's.

    Parameters
    ----------
    width
        Number of rows W ≥ 2.
    mass
        u (units of t); topological for ``0 < |u| < 2``.
    k_points
        Number of equally spaced k ∈ [−π, π) (the ribbon's length in sites), ≥ 4.
    """

    width: int
    mass: float = 1.0
    k_points: int = 1024

    def __post_init__(self) -> None:
        integer("width", self.width, minimum=2, what="rows of the ribbon")
        if not np.isfinite(self.mass):
            raise ParameterError("mass", self.mass, "a finite number (units of t)")
        integer("k_points", self.k_points, minimum=4, what="k points along the ribbon")

    @property
    def momenta(self) -> np.ndarray:
        """k_m = −π + 2πm/N_k."""
        return -np.pi + 2 * np.pi * np.arange(self.k_points) / self.k_points


def bloch_hamiltonian(ribbon: QWZRibbon, k: np.ndarray) -> np.ndarray:
    """H(k) of the ribbon, shape (len(k), 2W, 2W); basis index 2y + orbital."""
    k = np.atleast_1d(np.asarray(k, dtype=float))
    w = ribbon.width
    onsite = ribbon.mass * _SZ[None] + np.exp(-1j * k)[:, None, None] * HOP_X \
        + np.exp(1j * k)[:, None, None] * HOP_X.conj().T
    h = np.zeros((k.size, 2 * w, 2 * w), dtype=complex)
    for y in range(w):
        h[:, 2 * y:2 * y + 2, 2 * y:2 * y + 2] = onsite
        if y + 1 < w:
            h[:, 2 * y + 2:2 * y + 4, 2 * y:2 * y + 2] = HOP_Y
            h[:, 2 * y:2 * y + 2, 2 * y + 2:2 * y + 4] = HOP_Y.conj().T
    return h


def _row_velocity(k: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """⟨u_n| P_y ∂_k H P_y |u_n⟩ for every k, n and row y: shape (N_k, 2W, W)."""
    dh = -1j * np.exp(-1j * k)[:, None, None] * HOP_X \
        + 1j * np.exp(1j * k)[:, None, None] * HOP_X.conj().T  # ∂_k of the on-row block
    nk, dim, _ = vectors.shape
    u = vectors.transpose(0, 2, 1).reshape(nk, dim, dim // 2, 2)  # (k, n, y, orbital)
    du = np.einsum("kab,knyb->knya", dh, u, optimize=True)
    return np.sum(u.conj() * du, axis=-1).real


def ribbon_currents(ribbon: QWZRibbon, *, mu: float = 0.0, bias: float = 0.0,
                    temperature: float = 0.0) -> xr.Dataset:
    """Bond currents along x of every row, and their transport/circulating split.

    Parameters
    ----------
    ribbon
        The model.
    mu
        Chemical potential (t).
    bias
        Δμ = μ_R − μ_L (t): right movers filled to μ + Δμ/2, left movers to μ − Δμ/2.
    temperature
        k_BT (t); 0 gives step occupations.

    Returns
    -------
    xarray.Dataset
        ``current`` I_x(y) per bond (e·t/ħ); ``transport_current`` and ``circulating_current``
        per row; ``magnetization`` M_z on the W + 1 lines ``line`` = 0 … W between rows (e·t/ħ,
        i.e. moment per plaquette); attrs ``net_current`` (Σ_y I_x(y)).
    """
    for name, value in (("mu", mu), ("bias", bias)):
        if not np.isfinite(value):
            raise ParameterError(name, value, "a finite energy (units of t)")
    k = ribbon.momenta
    with threadpool_limits(limits=1, user_api="blas"):  # many small matrices: threads only slow
        energies, vectors = np.linalg.eigh(bloch_hamiltonian(ribbon, k))
    v_rows = _row_velocity(k, vectors)
    velocity = v_rows.sum(axis=2)
    shift = np.where(velocity > 0, 0.5 * bias, np.where(velocity < 0, -0.5 * bias, 0.0))
    occ = fermi(energies, mu + shift, temperature)
    current = np.einsum("kn,kny->y", occ, v_rows) / k.size
    magnetization, transport, total = strip_split(current)
    w = ribbon.width
    ds = xr.Dataset(
        {
            "current": labelled(current, "y", "e*t/hbar", "bond current along x"),
            "transport_current": labelled(transport, "y", "e*t/hbar", "transport part"),
            "circulating_current": labelled(current - transport, "y", "e*t/hbar",
                                            "circulating (magnetization) part"),
            "magnetization": labelled(magnetization, "line", "e*t/hbar",
                                      "magnetization M_z between rows"),
        },
        coords={
            "y": labelled(np.arange(w), "y", "a", "row"),
            "line": labelled(np.arange(w + 1) - 0.5, "line", "a", "line between rows"),
        },
    )
    ds.attrs.update(net_current=total, net_current_units="e*t/hbar")
    params = {"width": w, "mass": ribbon.mass, "k_points": ribbon.k_points, "mu": mu,
              "bias": bias, "temperature": temperature}
    return with_provenance(ds, params)


def real_space_hamiltonian(ribbon: QWZRibbon, length: int) -> np.ndarray:
    """H of a finite ribbon periodic along x (``length`` sites) in real space; basis index
    2(x·W + y) + orbital. Used to check the Bloch formulas with the bond-current formula."""
    w = ribbon.width
    n = length * w
    h = np.zeros((2 * n, 2 * n), dtype=complex)

    def site(x: int, y: int) -> slice:
        i = (x % length) * w + y
        return slice(2 * i, 2 * i + 2)

    for x in range(length):
        for y in range(w):
            h[site(x, y), site(x, y)] += ribbon.mass * _SZ
            h[site(x + 1, y), site(x, y)] += HOP_X
            h[site(x, y), site(x + 1, y)] += HOP_X.conj().T
            if y + 1 < w:
                h[site(x, y + 1), site(x, y)] += HOP_Y
                h[site(x, y), site(x, y + 1)] += HOP_Y.conj().T
    return h


def chern_number(mass: float, k_points: int = 24) -> int:
    """Chern number of the lower QWZ band by the Fukui-Hatsugai-Suzuki method.

    ``C = (1/2π) Σ_plaquettes arg(U_1 U_2 U_1′* U_2′*)`` with link variables ``U = ⟨u_k|u_k′⟩`` on a
    k_points × k_points grid; an integer by construction, exact once the grid resolves the
    Berry curvature. With the H(k) of the module notes: C = +1 for 0 < u < 2, −1 for −2 < u < 0,
    0 for ``|u| > 2`` (the sign that makes Středa's M_z = Cμ/2π hold, tested).
    """
    k = 2 * np.pi * np.arange(k_points) / k_points
    kx, ky = np.meshgrid(k, k, indexing="ij")
    d = (np.sin(kx), np.sin(ky), mass + np.cos(kx) + np.cos(ky))
    h = d[0][..., None, None] * _SX + d[1][..., None, None] * _SY + d[2][..., None, None] * _SZ
    with threadpool_limits(limits=1, user_api="blas"):
        _, vecs = np.linalg.eigh(h)
    u = vecs[..., 0]

    def link(shift: int, axis: int) -> np.ndarray:
        z = np.sum(u.conj() * np.roll(u, -shift, axis=axis), axis=-1)
        return z / np.abs(z)

    u1, u2 = link(1, 0), link(1, 1)
    flux = np.angle(u1 * np.roll(u2, -1, axis=0) * np.roll(u1, -1, axis=1).conj() * u2.conj())
    return round(float(flux.sum()) / (2 * np.pi))


__all__ = ["HOP_X", "HOP_Y", "QWZRibbon", "bloch_hamiltonian", "chern_number",
           "real_space_hamiltonian", "ribbon_currents"]
