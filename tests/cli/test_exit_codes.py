"""Exit codes of `currentkit`: 2 blames the user, 1 reports a numerical failure; one line."""

from __future__ import annotations

from pathlib import Path

import pytest

import currentkit.cli.ring as ring_cli
from currentkit.cli.main import main
from currentkit.errors import ConvergenceError


def test_convergence_error_exits_1_in_one_line_without_blaming_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise ConvergenceError("the Matsubara sum", "not within 10 frequencies")

    monkeypatch.setattr(ring_cli, "persistent_current", fails)
    code = main(["ring", "--lattice", "--sites", "10", "--electrons", "3",
                 "--output", str(tmp_path / "x.nc")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "computation failed" in err and "did not converge" in err and "not allowed" not in err
    assert not (tmp_path / "x.nc").exists()


def test_parameter_error_still_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a value the parser refuses ends as argparse does (SystemExit 2), one refused by the
    # library returns 2: either way the exit code of a user error
    try:
        code = main(["ring", "--lattice", "--sites", "10", "--electrons", "-3",
                     "--output", str(tmp_path / "x.nc")])
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    assert code == 2 and "error" in capsys.readouterr().err
