"""Every code block of README.md runs as written, in a fresh folder laid out like a clone.

The README's shell and Python blocks are extracted and run verbatim: the shell lines with bash
from the clone's root (a temporary folder whose entries link to this repository's, so that
``../run`` and ``../examples`` resolve as in a real clone while outputs land in the temporary
folder), the Python block saved as ``first.py`` and run with ``.venv/bin/python`` as the README
says. Only the set-up commands themselves (``./run``, ``./run test``) are skipped: they write the
tour and run this suite, which CI does anyway.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
#: The set-up commands of "Two commands" (with their comments stripped).
SKIPPED = {"./run", "./run test"}
#: Limit (s) per block: the blocks take ≈ 20 s on a quiet 2-core machine; margin for a busy one.
TIMEOUT = 300


def blocks(language: str) -> list[str]:
    """The README's fenced code blocks of ``language``, in order."""
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.S | re.M)


def shell_lines() -> list[str]:
    """Every shell command of the README except the set-up ones, comments removed."""
    lines = []
    for block in blocks("bash"):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command and command not in SKIPPED:
                lines.append(command)
    return lines


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A folder with the repository's entries linked in: a clone whose outputs stay here."""
    folder = tmp_path / "clone"
    folder.mkdir()
    for entry in REPO.iterdir():
        if entry.name not in {".git", "scratch", "report"}:
            (folder / entry.name).symlink_to(entry)
    return folder


def environment() -> dict[str, str]:
    return dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                PYTHONDONTWRITEBYTECODE="1")


def test_readme_has_the_blocks_this_test_runs() -> None:
    # guards against a changed fence syntax making the tests below run nothing
    assert len(blocks("python")) == 1
    commands = shell_lines()
    assert any(c.startswith("../run cli ") for c in commands)
    assert SKIPPED <= {line.split("  #")[0].strip() for b in blocks("bash")
                       for line in b.splitlines()}


def test_readme_python_block_runs(clone: Path) -> None:
    (code,) = blocks("python")
    (clone / "first.py").write_text(code, encoding="utf-8")
    result = subprocess.run([".venv/bin/python", "-W", "error", "first.py"], cwd=clone,
                            env=environment(), capture_output=True, text=True, timeout=TIMEOUT,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "max |I| =" in result.stdout
    assert (clone / "ring.nc").is_file()  # written where the script runs, not in the repo


def test_readme_shell_commands_run_from_a_scratch_folder(clone: Path) -> None:
    before = {p.name for p in REPO.iterdir()}
    script = "set -euo pipefail\n" + "\n".join(shell_lines()) + "\n"
    result = subprocess.run(["bash", "-c", script], cwd=clone, env=environment(),
                            capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-3000:])
    scratch = clone / "scratch"
    assert scratch.is_dir() and not scratch.is_symlink()
    # every --output of the README lands in the caller's folder, with its figure
    outputs = re.findall(r"--output (\S+)", "\n".join(shell_lines()))
    assert outputs
    for name in outputs:
        assert (scratch / name).is_file(), name
        assert (scratch / name).with_suffix(".png").is_file(), name
    assert "κ = " in result.stdout or "thermal conductivity" in result.stdout
    assert {p.name for p in REPO.iterdir()} == before  # nothing written into the repository
