"""What a real metal ring does to the typical persistent current, factor by factor.

The typical (rms) h/e current of a diffusive ring, √⟨I_1²⟩ = √96·E_c/Φ0 for spinless electrons
at T = 0 (E_c = ħD/L²), is multiplied by what a real ring adds: spin (×2), a Zeeman field that
splits the spins (×1/√2 once E_Z ≫ E_c), the field inside the wire that dephases the cooperon
(×1/√2), strong spin-orbit scattering (the symplectic ×1/2), dephasing (e^(−κ)(1+κ+κ²/3),
κ = L/L_φ, in ⟨I²⟩) and temperature. The ring below is an illustration with round numbers,
not a published sample: D = 0.01 m²/s, R = 0.5 µm, w = 80 nm, L_φ = 10 µm.

Run: ``.venv/bin/python examples/real_rings.py``; it prints two tables and writes nothing.
"""

import math

import currentkit as ck

D, RADIUS, WIDTH, L_PHI = 0.01, 0.5e-6, 80e-9, 10e-6
L = 2 * math.pi * RADIUS


def main() -> None:
    base = ck.rings.typical_current_si(D, L, spin=False)
    ec_k = base.attrs["thouless_temperature"]
    print(f"L = {L * 1e6:.2f} µm, E_c/k_B = ħD/(k_B L²) = {ec_k * 1e3:.1f} mK")
    print(f"{'what the ring has':<46} {'I_1 (nA)':>9} {'vs spinless':>12}")
    cases = [
        ("spinless, T = 0", {"spin": False}),
        ("spin-degenerate", {}),
        ("+ Zeeman 1 T (spins only)", {"zeeman_field": 1.0}),
        ("+ Zeeman 1 T and the field in the wire (w)", {"zeeman_field": 1.0, "width": WIDTH}),
        ("strong spin-orbit (symplectic)", {"spin_orbit": "strong"}),
        ("spin-degenerate, L_φ = 10 µm", {"dephasing_length": L_PHI}),
        ("spin-degenerate, T = E_c/k_B", {"temperature": ec_k}),
    ]
    for label, kwargs in cases:
        ds = ck.rings.typical_current_si(D, L, **kwargs)  # type: ignore[arg-type]
        i1 = float(ds["typical_harmonic"][0])
        print(f"{label:<46} {i1 * 1e9:9.4f} {i1 / float(base['typical_harmonic'][0]):12.4f}")
    print()
    print("temperature dependence, spin-degenerate, 1 T with the field in the wire:")
    print(f"{'T (mK)':>8} {'k_BT/E_c':>9} {'I_1 (pA)':>10} {'I_2 (pA)':>10}")
    for t_mk in (0, 10, 30, 100, 300):
        ds = ck.rings.typical_current_si(D, L, t_mk * 1e-3, zeeman_field=1.0, width=WIDTH,
                                         orders=2)
        i1, i2 = (float(v) * 1e12 for v in ds["typical_harmonic"])
        print(f"{t_mk:8d} {t_mk * 1e-3 / ec_k:9.2f} {i1:10.3f} {i2:10.4f}")


if __name__ == "__main__":
    main()
