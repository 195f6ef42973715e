"""Fluxoid quantization in a niobium wire loop: inductances, trapped current, critical current.

A superconducting ring keeps its fluxoid quantized: Φ_ext + L·I = nΦ0 with Φ0 = h/2e and
L = L_g + L_k, so the state of winding n carries I_n = (nΦ0 − Φ_ext)/L. Near Φ_ext = Φ0/2 the
states n = 0 and n = 1 cross and the ground-state current jumps from −Φ0/2L to +Φ0/2L. A state
survives while |I_n| ≤ I_c (Ginzburg-Landau depairing), so at zero field the ring holds at most
⌊I_c L/Φ0⌋ quanta. Each library number is printed beside the closed form written here.

Run: ``.venv/bin/python examples/superconducting_ring.py`` (SI units throughout).
"""

import math

import numpy as np

import currentkit as ck

sc = ck.superconductors
RADIUS, WIRE = 1.5e-6, 50e-9  # loop radius R and wire radius a (m)
nb = sc.material("Nb")
ring = sc.Ring(RADIUS, wire_radius=WIRE, material=nb)
phi0 = ck.units.FLUX_QUANTUM_SUPERCONDUCTING
mu0, lam, xi = ck.units.MU_0, nb.penetration_depth, nb.coherence_length
print(f"Nb loop R = {RADIUS * 1e6:g} µm, wire a = {WIRE * 1e9:g} nm: λ = {lam * 1e9:g} nm, "
      f"ξ = {xi * 1e9:g} nm, Tc = {nb.critical_temperature:g} K; Φ0 = h/2e = {phi0:.6e} Wb")

# Inductances: L_g = μ0R(ln(8R/a) − 2), L_k = μ0λ²·2πR/(πa²).
ind = ring.inductance()
lg = mu0 * RADIUS * (math.log(8 * RADIUS / WIRE) - 2)
lk = mu0 * lam**2 * 2 * math.pi * RADIUS / (math.pi * WIRE**2)
print(f"L_g = {ind.geometric * 1e12:.4f} pH   (μ0R(ln 8R/a − 2) = {lg * 1e12:.4f} pH)")
print(f"L_k = {ind.kinetic * 1e12:.4f} pH   (μ0λ²l/A = {lk * 1e12:.4f} pH)")

# One trapped quantum at zero field: I = Φ0/L.
one = sc.fluxoid_states(ring, np.array([0.0]), np.array([1]))
i_one = float(one["current"].sel(winding=1)[0])
print(f"n = 1 at Φ = 0: I = {i_one * 1e6:.3f} µA   (Φ0/L = {phi0 / (lg + lk) * 1e6:.3f} µA)")

# Fluxoid states just below and above half a flux quantum.
flux = np.array([0.49, 0.5, 0.51])
states = sc.fluxoid_states(ring, flux, np.arange(-2, 3))
for f, n, i in zip(flux, states["ground_winding"].values, states["ground_current"].values,
                   strict=True):
    theory = (math.ceil(f - 0.5) - f) * phi0 / (lg + lk)  # nearest n, the lower one at 1/2
    print(f"Φ = {f:.2f} Φ0: ground n = {n}, I = {i * 1e6:+8.3f} µA   "
          f"((n − Φ/Φ0)Φ0/L = {theory * 1e6:+8.3f} µA)")
e0, e1 = states["energy"].sel(winding=[0, 1]).isel(flux=1).values / ck.units.ELECTRONVOLT
print(f"at Φ0/2: E_0 = {e0:.6f} eV, E_1 = {e1:.6f} eV   "
      f"(degenerate, Φ0²/8L = {phi0**2 / (8 * (lg + lk)) / ck.units.ELECTRONVOLT:.6f} eV)")

# Warming up: λ(T)² = λ(0)²/(1 − (T/Tc)⁴) (two-fluid) raises the kinetic inductance.
warm = 0.8 * nb.critical_temperature
print(f"L_k(0.8 Tc)/L_k(0) = {ring.kinetic_inductance(warm) / ind.kinetic:.6f}   "
      f"(1/(1 − 0.8⁴) = {1 / (1 - 0.8**4):.6f})")

# Critical current and the largest winding at zero field.
ic = float(sc.critical_current(lam, xi, ring.cross_section))
ic_theory = math.pi * WIRE**2 * phi0 / (3 * math.sqrt(3) * math.pi * mu0 * lam**2 * xi)
n_max = sc.max_winding(ic, ind.total)
print(f"I_c = {ic * 1e3:.4f} mA   (πa²·Φ0/(3√3πμ0λ²ξ) = {ic_theory * 1e3:.4f} mA)")
print(f"largest winding at zero field: {n_max}   "
      f"(⌊I_c L/Φ0⌋ = ⌊{ic_theory * (lg + lk) / phi0:.3f}⌋)")
