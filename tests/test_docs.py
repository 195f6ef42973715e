"""The documentation builds without a single warning, works offline and documents the API.

The build is ``./run docs``'s (``sphinx-build -W --keep-going``) into a temporary folder: any
warning — a reST error in a docstring, a broken cross-reference, a public name without a
docstring, an example on a physics page that raises — fails it.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
#: The documented packages: each public name of their __all__ gets a page.
PACKAGES = ("rings", "superconductors", "particles", "kubo", "waves", "magnetization")
#: Stable pages other parts of the project (the tour) link to.
PHYSICS_PAGES = ("rings", "superconductors", "particles", "waves", "magnetization")
#: Limit (s) of the build: ≈ 50 s of CPU; margin for a busy machine.
TIMEOUT = 900
#: External resources a page could load (scripts, style sheets, fonts, images).
EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//[^"']+\.(?:js|css|woff2?|ttf|png|svg)"""
                      r"""|<script[^>]+src=["']https?://|@import\s+url\(["']?https?://"""
                      r"""|url\(["']?https?://""")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    env = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b",
                             "html", "-d", str(out / ".doctrees"), str(DOCS), str(out)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT,
                            check=False)
    assert result.returncode == 0, f"docs build failed:\n{result.stderr[-6000:]}"
    return out


@pytest.mark.slow
def test_every_public_name_has_a_page(site: Path) -> None:
    generated = site / "api" / "generated"
    for package in PACKAGES:
        module = importlib.import_module(f"currentkit.{package}")
        missing = [name for name in module.__all__
                   if not (generated / f"currentkit.{package}.{name}.html").is_file()]
        assert not missing, f"currentkit.{package}: no page for {missing}"


@pytest.mark.slow
def test_physics_pages_exist_with_an_executed_example(site: Path) -> None:
    for name in PHYSICS_PAGES:
        page = (site / "physics" / f"{name}.html").read_text(encoding="utf-8")
        # an executed example leaves its printed output and its figure on the page
        assert "executed-output" in page, name
        assert re.search(r'<img[^>]+src="[^"]*_images/physics-' + name, page), name


@pytest.mark.slow
def test_site_loads_nothing_from_the_network(site: Path) -> None:
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(site)}: {m.group(0)[:80]}"
                          for m in EXTERNAL.finditer(text)]
    assert not offenders, offenders[:10]
