"""The parity effect of a clean mesoscopic ring, and how temperature washes it out.

Run: ``./run cli`` is the command line; this script uses the Python API directly:
``.venv/bin/python examples/parity_effect.py``.
"""

import numpy as np

import currentkit as ck

ring = ck.rings.ContinuumRing(radius=1e-6)  # an electron on a 1 µm ring
flux = np.arange(256) / 256  # one flux quantum h/e, uniform grid (needed for harmonics)
for electrons in (101, 102):
    i0 = ck.rings.sawtooth_amplitude(ring, electrons)
    t_star = ck.rings.crossover_temperature(ring, electrons)
    for t in (0.0, 0.5 * t_star, 2 * t_star):
        ds = ck.rings.persistent_current(ring, flux, electrons=electrons, temperature=t)
        b1 = float(ck.rings.flux_harmonics(ds["current"], orders=1)["sine"][0])
        print(f"N = {electrons}, T = {t * 1e3:6.2f} mK: h/e harmonic b1 = {b1 / i0:+.4f} I0")
