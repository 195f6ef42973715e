"""Typical persistent current of disordered strips, from ballistic to diffusive.

Anderson-disordered open strips (M = 4 sites across, box disorder W = 1.5t, μ = −1t: three open
modes) of circumference L ≈ 2.5, 5 and 10 mean free paths. For each, 30 disorder realizations
give the flux harmonics b_p of the grand-canonical current (T = 0.3E_c); their standard
deviation is printed beside the diffuson √⟨δI_p²⟩ = √96 p^{−3/2} E_c/Φ0 (Riedel and von Oppen,
PRB 47, 15449 (1993)) and beside the same theory on the Born random walk of the open modes,
which holds at finite L/ℓ. The longest strip is longer than ξ and is marked as leaving the
diffusive window (there localization pushes the measurement below both theories).

Run: ``.venv/bin/python examples/typical_current_scan.py [FOLDER]``; the netCDF file and the
figure go to FOLDER, or to a temporary folder that is removed afterwards.
"""

import sys
import tempfile
from pathlib import Path

import currentkit as ck
from currentkit import plotting


def scan(folder: Path) -> None:
    born = ck.rings.born_estimate(-1.0, 1.5, 4)
    lengths = [round(k * born.mean_free_path) for k in (2.5, 5.0, 10.0)]
    ds = ck.rings.typical_current_scan([(4, 1.5, length, -1.0) for length in lengths],
                                       temperature=0.3, realizations=30, orders=3, seed=1)
    path = ck.save_dataset(ds, folder / "typical_current_scan.nc")
    print(f"ℓ = {born.mean_free_path:.1f} a, ξ = {born.localization_length:.0f} a; "
          f"wrote {path.name}")
    print(" L    L/ℓ   L/ξ   p  measured/diffuson      walk/diffuson  diffusive window")
    for i, length in enumerate(lengths):
        for p in (1, 2, 3):
            meas = float(ds["measured_ratio"][i, p - 1])
            err = float(ds["measured_error"][i, p - 1] / ds["diffuson"][i, p - 1])
            print(f"{length:3d} {float(ds['length_over_mean_free_path'][i]):5.1f} "
                  f"{float(ds['length_over_localization_length'][i]):5.2f}  {p}  "
                  f"{meas:.2f} ± {err:.2f}            {float(ds['ballistic_ratio'][i, p - 1]):.2f}"
                  f"           {'yes' if int(ds['diffusive'][i]) else 'no (L > ξ)'}")
    fig, ax = plotting.new_figure(1, width=5.0, height=3.6)
    for p in (1, 2, 3):
        x = ds["length_over_mean_free_path"].to_numpy() * p
        ax.errorbar(x, ds["measured_ratio"].sel(order=p),
                    yerr=ds["measured_error"].sel(order=p) / ds["diffuson"].sel(order=p),
                    fmt="o", color=f"C{p - 1}", mfc="none", capsize=2, label=f"measured, p = {p}")
        ax.plot(x, ds["ballistic_ratio"].sel(order=p), "x", color=f"C{p - 1}",
                label=f"random-walk theory, p = {p}")
    ax.axhline(1.0, color="k", ls="--", lw=1, label="diffuson")
    ax.set_xscale("log")
    ax.set_xlabel("pL/ℓ")
    ax.set_ylabel("√⟨δI_p²⟩ / diffuson")
    ax.legend(fontsize=7)
    plotting.save_figure(fig, folder / "typical_current_scan.png")
    print("wrote typical_current_scan.png")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        scan(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            scan(Path(tmp))
