"""``.. executed::``: run a Python example while the docs are built and show its output.

The code runs in one namespace per page (examples on a page build on each other; ``np``, ``plt``
and ``ck`` are predefined), its standard output is shown below it, and every matplotlib figure
it leaves open is saved and shown, then closed. An exception fails the build with the page and
the example's line. Lighter than sphinx-gallery and matplotlib's plot directive together: no
extra dependency, and text output as well as figures.
"""

from __future__ import annotations

import contextlib
import io
import traceback
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

PRELUDE = "import numpy as np\nimport matplotlib.pyplot as plt\nimport currentkit as ck\n"


class Executed(SphinxDirective):
    """Run the content as Python; show code, printed output and figures."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        code = "\n".join(self.content)
        namespace: dict[str, Any] = self.env.temp_data.setdefault("executed_namespace", {})
        if not namespace:
            exec(PRELUDE, namespace)
        stdout = io.StringIO()
        plt.close("all")
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(code, f"<{self.env.docname} example>", "exec"), namespace)
        except Exception:
            raise self.error(f"example failed:\n{traceback.format_exc(limit=-3)}") from None
        result: list[nodes.Node] = []
        source = nodes.literal_block(code, code, language="python")
        result.append(source)
        text = stdout.getvalue().rstrip()
        if text:
            output = nodes.literal_block(text, text, language="none")
            output["classes"].append("executed-output")
            result.append(output)
        figures = [plt.figure(number) for number in plt.get_fignums()]
        counter = self.env.temp_data.setdefault("executed_counter", 0)
        for figure in figures:
            counter += 1
            name = f"{self.env.docname.replace('/', '-')}-{counter}.png"
            folder = Path(self.env.srcdir) / "_generated"
            folder.mkdir(exist_ok=True)
            figure.savefig(folder / name, dpi=90, bbox_inches="tight")
            result.append(nodes.image(uri=f"/_generated/{name}",
                                      alt="figure computed by the example"))
        self.env.temp_data["executed_counter"] = counter
        plt.close("all")
        return result


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("executed", Executed)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
