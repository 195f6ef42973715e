"""`currentkit ring --potential FILE`: the file goes through the checked .npy reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "currentkit", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_complex_potential_is_refused_in_one_line_naming_the_file(tmp_path: Path) -> None:
    # other bad files (text, folders, lying headers) are covered by tests/test_files.py; one
    # subprocess here checks that the CLI goes through the same reader
    path = tmp_path / "v.npy"
    np.save(path, np.zeros(6) + 0.5j)  # on-site energies are real: never drop the 0.5j
    words = ("v.npy", "complex numbers")
    proc = run_cli("ring", "--lattice", "--sites", 6, "--electrons", 2, "--flux-points", 4,
                   "--potential", path, "--output", tmp_path / "out.nc")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert all(w in lines[0] for w in words), lines[0]
    assert not (tmp_path / "out.nc").exists()
