"""A flux qubit and an rf SQUID from their device parameters: gap, persistent current, levels.

Run with ``python examples/flux_qubit.py``. It builds the three-junction persistent-current qubit
from junction critical currents and capacitances (E_J = Φ0 I_c/2π, E_C = e²/2C, in GHz), prints
its qubit gap Δ and persistent current I_p at Φ0/2 and the two-level model's prediction a little
off the sweet spot beside the full spectrum; then an rf SQUID closed by an aluminium ring, whose
inductance L = L_g + L_k comes from the ring's geometry, with its screening β_L and the number of
classical fluxoid wells. Nothing is written to disk.
"""

from __future__ import annotations

import numpy as np

import currentkit as ck

sc = ck.superconductors

# three Al junctions: I_c from Ambegaokar–Baratoff (R_n = 1 kΩ), C = 4.5 fF, α = 0.8, γ = 0.02
ic = sc.ambegaokar_baratoff(1.0e3, sc.material("Al").critical_temperature)
c, alpha, gamma = 4.5e-15, 0.8, 0.02
qubit = sc.FluxQubit.from_device((ic, ic, alpha * ic), (c, c, alpha * c),
                                 (gamma * c, gamma * c), ncut=9)
print(f"junctions: I_c = {ic * 1e9:.1f} nA, E_J/h = {qubit.EJ1:.2f} GHz, "
      f"E_C/h = {qubit.ECJ1:.3f} GHz, E_J/E_C = {qubit.EJ1 / qubit.ECJ1:.1f}")

two = sc.two_level(qubit)
print(f"at Φ0/2: Δ/h = {two.gap:.4f} GHz, I_p = {two.persistent_current:.1f} nA")

flux = np.array([0.495, 0.5, 0.505])
spectrum = sc.qubit_spectrum(qubit, flux, levels=3)
model = two.energies(flux)
for k, f in enumerate(flux):
    e = spectrum["energy"].isel(flux=k).to_numpy()
    i0 = float(spectrum["current"].isel(flux=k, level=0))
    print(f"Φ/Φ0 = {f:.3f}: E_1 − E_0 = {e[1] - e[0]:.4f} GHz (two-level "
          f"{model[k, 1] - model[k, 0]:.4f}), ground-state current {i0:+.1f} nA")
print(f"basis check: levels moved {spectrum.attrs['cutoff_change']:.1e} GHz on ncut → ncut + 2")

# an rf SQUID: one junction (I_c = 1 µA, C = 5 fF) closing a NbN thin-strip loop whose kinetic
# inductance makes β_L = 2πL I_c/Φ0 > 1: several classical fluxoid wells and a hysteretic sweep
ring = sc.Ring(20e-6, width=200e-9, thickness=10e-9, material="NbN")
squid = sc.RfSquid.from_ring(ring, critical_current=1e-6, capacitance=5e-15)
wells = sc.classical_wells(squid, [0.0, 0.5])
print(f"rf SQUID: L = {ring.inductance().total * 1e9:.2f} nH, β_L = {squid.beta_L:.2f}; "
      f"classical wells at Φ = 0 and Φ0/2: {wells['count'].to_numpy().tolist()}")
loop = sc.rf_squid_hysteresis(squid, 0.0, 3.0, points=301)
print(f"up sweep jumps n → n + 1 at Φ/Φ0 = {np.round(loop['jumps_up'].to_numpy(), 4).tolist()}")

# a fluxonium (E_J, E_C, E_L in GHz): levels and currents at and off half flux
fluxonium = sc.RfSquid(8.9, 2.5, 0.5)
lv = sc.qubit_spectrum(fluxonium, [0.5, 0.45], levels=2)
e = lv["energy"].to_numpy()
print(f"fluxonium: E_1 − E_0 = {e[0, 1] - e[0, 0]:.4f} GHz at Φ0/2, "
      f"{e[1, 1] - e[1, 0]:.4f} GHz at 0.45 Φ0; ground current there "
      f"{float(lv['current'][1, 0]):+.2f} nA")
