"""Write docs/_static/parity_effect.png, the figure of the README and of the docs' front page.

The persistent current of a clean 100-site tight-binding ring with 31 (odd: diamagnetic) and
32 (even: paramagnetic) electrons at T = 0 and at T = 0.01 t, canonical ensemble (at T = 0 a
sawtooth of amplitude 2·e·v_F/L). Run from the repository root:
``.venv/bin/python docs/make_figure.py`` (a few seconds).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import currentkit as ck

OUT = Path(__file__).resolve().parent / "_static" / "parity_effect.png"
SITES = 100


def main() -> None:
    ring = ck.rings.LatticeRing(sites=SITES)
    flux = np.linspace(-1.0, 1.0, 401)
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 2.8), sharey=True)
    for ax, electrons in zip(axes, (31, 32), strict=True):
        for temperature, style in ((0.0, "-"), (0.01, "--")):
            ds = ck.rings.persistent_current(ring, flux, electrons=electrons,
                                             temperature=temperature)
            ax.plot(flux, ds["current"] * 1e3, style, label=f"T = {temperature:g} t")
        kind = "odd: diamagnetic" if electrons % 2 else "even: paramagnetic"
        ax.set(title=f"N = {electrons} ({kind})", xlabel="Φ/Φ0")
        ax.axhline(0, color="0.7", lw=0.6)
    axes[0].set_ylabel("I (10⁻³ e·t/ħ)")
    axes[1].legend(fontsize=8, loc="lower right")
    fig.suptitle(f"Persistent current of a clean {SITES}-site ring (canonical)", fontsize=10)
    fig.tight_layout()
    OUT.parent.mkdir(exist_ok=True)
    fig.savefig(OUT, dpi=80)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
