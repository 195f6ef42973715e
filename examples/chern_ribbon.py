"""Edge currents of a Chern-insulator ribbon: circulating in equilibrium, transport under bias.

Qi-Wu-Zhang model on a ribbon of W rows, periodic along x (lattice units t = a = ħ = e = 1,
currents in e·t/ħ). With the chemical potential μ in the bulk gap, a topological ribbon (mass
u = 1, Chern number C = 1) carries equal and opposite currents on its two edges: zero net
current, and a bulk orbital magnetization M_z = Cμ/2π (Středa: dM/dμ = Ce/h in the gap, with
M = 0 at μ = 0). Filling right movers to μ + Δμ/2 and left movers to μ − Δμ/2 (ideal leads at a
voltage Δμ/e) adds the quantized Landauer current |C|Δμ/2π = (e²/h)|C|V. The library splits the
bond currents into a transport part (harmonic stream function) and a circulating part
M_z = ψ − ψ_h, which carries nothing. A trivial ribbon (u = 3, C = 0) carries no current at all.

Run: ``.venv/bin/python examples/chern_ribbon.py`` (a few seconds).
"""

import math

import currentkit as ck

mg = ck.magnetization
WIDTH, MU, BIAS, TEMPERATURE = 16, 0.2, 0.3, 0.02  # rows; μ, Δμ and k_BT in units of t

for mass in (1.0, 3.0):
    ribbon = mg.QWZRibbon(width=WIDTH, mass=mass, k_points=512)
    chern = mg.chern_number(mass)
    eq = mg.ribbon_currents(ribbon, mu=MU, temperature=TEMPERATURE)
    biased = mg.ribbon_currents(ribbon, mu=MU, bias=BIAS, temperature=TEMPERATURE)
    bottom, top = float(eq["current"][0]), float(eq["current"][-1])
    print(f"u = {mass:g}: Chern number C = {chern}")
    print(f"  equilibrium, μ = {MU:g}: edge currents {bottom:+.4e} (y = 0) and {top:+.4e} "
          f"(y = {WIDTH - 1}), net {eq.attrs['net_current']:+.1e}   (theory: net 0)")
    print(f"  bulk magnetization M_z = {float(eq['magnetization'][WIDTH // 2]):+.8f}   "
          f"(Středa Cμ/2π = {chern * MU / (2 * math.pi):+.8f})")
    print(f"  biased, Δμ = {BIAS:g}: net current {biased.attrs['net_current']:+.8f}   "
          f"(Landauer |C|Δμ/2π = {abs(chern) * BIAS / (2 * math.pi):+.8f})")
    transport = float(biased["transport_current"][0])
    print(f"  split: transport part {transport:+.8f} on every row (net/W = "
          f"{biased.attrs['net_current'] / WIDTH:+.8f}), circulating part's net "
          f"{float(biased['circulating_current'].sum()):+.1e}   (theory 0)")
