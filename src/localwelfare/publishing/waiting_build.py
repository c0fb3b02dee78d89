"""Jupyter Book's ``build`` command with its imports done ahead of need.

``python -m localwelfare.publishing.waiting_build ARGS...`` imports Jupyter Book, Sphinx and
the book's theme and extensions (:data:`PRELOAD`), then waits for one line on its standard input:
``build`` runs ``jupyter-book build ARGS`` in this process and exits with its status; anything
else, or the end of the input, exits without building. The pipeline's
:class:`~localwelfare.pipeline.build.JupyterBook` starts it when the book's runs begin to
execute, so that its imports (about a second) happen while the runs execute. The build
itself is Jupyter Book's own command, as from the ``jupyter-book`` script.
"""

from __future__ import annotations

import importlib
import sys

#: What a Jupyter Book build of this book imports: Jupyter Book and Sphinx, myst-nb, and the
#: theme and extensions Jupyter Book adds. A module missing here is only imported later, by the
#: build itself.
PRELOAD = (
    "jupyter_book.cli.main",
    "jupyter_book.sphinx",
    "sphinx.builders.html",
    "myst_nb.sphinx_ext",
    "sphinx_book_theme",
    "sphinxcontrib.bibtex",
    "localwelfare.publishing.sphinxext",
)


def main(argv: list[str]) -> int:
    """Import :data:`PRELOAD`, wait for ``build`` on standard input, build; return the status."""
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # the build itself reports what is missing
            pass
    if sys.stdin.readline().strip() != "build":
        return 0
    from jupyter_book.cli.main import main as jupyter_book

    try:
        jupyter_book(["build", *argv], prog_name="jupyter-book")
    except SystemExit as done:  # click ends every command so
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
