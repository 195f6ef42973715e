"""Sphinx configuration of the currentkit documentation (built by ``./run docs``)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "src"))
sys.path.insert(0, str(DOCS / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

import currentkit.results  # noqa: E402

project = "currentkit"
author = "the currentkit developers"
copyright = f"2026, {author}"
release = version = currentkit.results.version()

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "executed",
]

# --- API reference: one page per public name of each package's __all__ -----------------------
# The stubs are regenerated on every build: a stale stub of a removed name would fail the build.
shutil.rmtree(DOCS / "api" / "generated", ignore_errors=True)
autosummary_generate = True
autosummary_ignore_module_all = False  # the packages' __all__ is the public API
autosummary_imported_members = False  # __all__ (respected above) lists the re-exported names
autodoc_typehints = "none"  # the signature line shows the hints; numpydoc shows the doc types
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# a public name without a docstring fails the build (with -W): numpydoc's GL08 check for
# functions and classes, and _require_docstring below for every documented object
numpydoc_validation_checks = {"GL08"}

# --- examples whose output is computed at build time: docs/_ext/executed.py -----------------

# --- offline HTML: no web fonts, no CDN -------------------------------------------------------
# Formulas are plain Unicode text (as in the docstrings): no page has a math node, so Sphinx
# never adds MathJax, the one script it would load from a CDN. tests/test_docs.py checks that
# no page references an external script, style sheet or font.
html_theme = "furo"
html_title = "currentkit"
html_static_path = ["_static"]
html_show_sourcelink = False
html_copy_source = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "_generated"]


# --- every documented public name has a docstring ---------------------------------------------
def _constant_comment(name: str, value: object) -> list[str]:
    """The ``#:`` comment of a module constant, read from the module that defines it."""
    import importlib
    import pkgutil

    from sphinx.pycode import ModuleAnalyzer

    module_name, _, attr = name.rpartition(".")
    module = importlib.import_module(module_name)
    candidates = [module_name] + [info.name for info in pkgutil.iter_modules(
        getattr(module, "__path__", []), module_name + ".")]
    for candidate in candidates:
        try:
            analyzer = ModuleAnalyzer.for_module(candidate)
            attr_docs = analyzer.find_attr_docs()
        except Exception:
            continue
        defining = importlib.import_module(candidate)
        if getattr(defining, attr, None) is value and ("", attr) in attr_docs:
            return [line for line in attr_docs[("", attr)] if line.strip()]
    return []


def _require_docstring(app, what, name, obj, options, lines) -> None:
    """Warn (an error with -W) when a documented public name has no docstring of its own."""
    import inspect

    from sphinx.util import logging as sphinx_logging

    if what == "data":
        # autodoc falls back on the docstring of the value's type: a constant's own text is its
        # ``#:`` comment, wherever the package re-exports it from
        lines[:] = _constant_comment(name, obj)
    elif what in ("class", "function", "method") and inspect.getdoc(obj) == inspect.getdoc(
            type(obj)):
        lines[:] = []
    if what in ("module", "class", "function", "method", "data") and not any(
            line.strip() for line in lines):
        sphinx_logging.getLogger(__name__).warning(
            "public name %s has no docstring", name, type="currentkit", subtype="docstring")


def _skip_typing_helpers(app, what, name, obj, skip, options) -> bool | None:
    """Type variables, aliases and TYPE_CHECKING are not part of the API."""
    import types
    import typing

    helpers = (typing.TypeVar, types.UnionType, types.GenericAlias, typing._GenericAlias)
    if name == "TYPE_CHECKING" or isinstance(obj, helpers):
        return True
    return None


def setup(app) -> None:
    app.connect("autodoc-process-docstring", _require_docstring, priority=400)
    app.connect("autodoc-skip-member", _skip_typing_helpers)
