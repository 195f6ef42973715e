"""Every script in examples/ runs, prints its numbers and writes nothing into the repository.

Each example is run as a user would run it: a fresh interpreter (this venv's python), the
working directory an empty temporary folder, no arguments. Warnings are errors there as in the
test suite (``-W error``): an example must run clean.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
#: Per-example limit (s): each takes ≤ 10 s on a quiet machine; the margin is for a busy one.
TIMEOUT = 120


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime in ns) of every file below ``folder``, by relative path."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def run_example(script: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-W", "error", str(script), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def test_examples_are_found() -> None:
    # the glob must see the shipped examples (guards against a wrong path making the
    # parametrised test below collect nothing)
    names = {p.name for p in SCRIPTS}
    assert {"parity_effect.py", "superconducting_ring.py", "barrier_tunnelling.py",
            "bound_currents.py", "counting_electrons.py", "chern_ribbon.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_example_runs_and_writes_nothing_into_the_repository(script: Path,
                                                             tmp_path: Path) -> None:
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
    assert doc, f"{script.name} needs a module docstring (what it shows, how to run it)"
    assert f"examples/{script.name}" in doc, f"{script.name}: say how to run it in its docstring"
    before = snapshot(EXAMPLES)
    result = run_example(script, tmp_path)
    assert result.returncode == 0, f"{script.name} failed:\n{result.stderr[-4000:]}"
    assert result.stdout.strip(), f"{script.name} printed nothing"
    assert snapshot(EXAMPLES) == before, f"{script.name} changed files under examples/"
    assert not any(tmp_path.iterdir()), f"{script.name} left files in its working directory"


def test_counting_example_writes_into_a_given_folder(tmp_path: Path) -> None:
    # with FOLDER the dump is kept there (and only there)
    out = tmp_path / "out"
    out.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    result = run_example(EXAMPLES / "counting_electrons.py", work, str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    assert [p.name for p in out.iterdir()] == ["wire.dump"]
    assert not any(work.iterdir())


def test_bound_currents_example_refuses_an_irregular_mesh(tmp_path: Path) -> None:
    # a point-cloud OVF has no cells to take a curl on: one line, non-zero exit, no traceback
    data = REPO / "tests" / "magnetization" / "data" / "test_irreg_txt.omf"
    result = run_example(EXAMPLES / "bound_currents.py", tmp_path, str(data))
    assert result.returncode != 0
    assert "rectangular mesh" in result.stderr and "Traceback" not in result.stderr
