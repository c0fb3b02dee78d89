"""The book: the data stamp, the Jupyter Book build and the swap, and the check that it reproduces.

:func:`validate_data` validates the data package once per change (a stamp holds the hash of every
file of the package). :func:`build_book` builds the book with Jupyter Book from the executed runs
(execution off, warnings as errors) in ``_build/work`` and swaps it into ``_build/html`` with two
renames only when the build succeeded, so a reader never sees half a book; nothing is built when
no input changed. :func:`verify` re-executes every run from scratch and compares what it computes
with the published book's manifest.

It calls the ``runs``, ``cache``, ``manifest`` and ``execute`` rooms; none of them calls it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from localwelfare.errors import InputError
from localwelfare.pipeline.cache import PACKAGE_DIR, is_fresh, package_hash, sha, write_atomically
from localwelfare.pipeline.execute import BuildInterrupted, execute_runs, interruptible, say
from localwelfare.pipeline.manifest import MANIFEST, collect_manifest, compare_manifests
from localwelfare.pipeline.runs import lean_pythonpath, project_data_dir

#: The hash of every file of the data package when it was last found valid.
DATA_STAMP = Path("_build") / "data-valid.sha256"
#: What the book is built from, besides the helper package.
BOOK_INPUTS = ["_config.yml", "_toc.yml", "book"]
#: The published book; the build happens in WORK_DIR and is swapped in whole.
HTML_DIR = Path("_build") / "html"
WORK_DIR = Path("_build") / "work"
#: The hash of the book's inputs when it was last built.
STAMP = Path("_build") / "book-inputs.sha256"


def validate_data(project: str | os.PathLike = ".", force: bool = False, stream=None) -> None:
    """Validate the whole data package, or skip it when nothing in it changed since the last
    successful validation (the stamp holds a hash of every file of the package)."""
    from importlib.metadata import version

    from localwelfare import data

    project = Path(project).resolve()
    data_dir = project_data_dir(project)
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    digest = sha(
        version("frictionless").encode(),  # frictionless itself is imported only to validate
        (PACKAGE_DIR / "data.py").read_bytes(),  # the rules beyond the descriptor
        (PACKAGE_DIR / "refiqda.py").read_bytes(),
        *(str(f.relative_to(data_dir)).encode() + f.read_bytes() for f in files),
    )
    stamp = project / DATA_STAMP
    if not force and is_fresh(stamp, digest):
        say("data: unchanged since the last validation", stream)
        return
    problems = data.validate(data_dir)
    if problems:
        raise data.DataValidationError(problems)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(stamp, digest)
    say(f"data: {data_dir / data.DESCRIPTOR} is valid", stream)


def book_hash(project: Path) -> str:
    """Hash of everything the book is built from (pages, executed runs, configuration)."""
    from localwelfare.project import git_commit

    files = []
    for entry in BOOK_INPUTS:
        path = project / entry
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    files = [f for f in files if ".ipynb_checkpoints" not in f.parts]
    return sha(
        str(git_commit(project)).encode(),  # every page's footer shows the commit
        (PACKAGE_DIR / "publishing" / "sphinxext.py").read_bytes(),
        package_hash().encode(),
        *(str(f.relative_to(project)).encode() + f.read_bytes() for f in files),
    )


class JupyterBook:
    """Jupyter Book's ``build`` of ``project`` into ``_build/work``, in a process of its own
    started ahead of need (:mod:`localwelfare.publishing.waiting_build`).

    :meth:`start` starts the process, which imports Jupyter Book, Sphinx and the extensions and
    waits; :meth:`build` starts it if needed, lets it build and waits for it; :meth:`close` ends a
    process that was never told to build. The build's output goes to a temporary file, so that
    nothing waits on a full pipe. Use it as a context manager::

        with JupyterBook(project) as jupyter_book:
            execute_runs(project, starting=jupyter_book.start)
            build_book(project, jupyter_book=jupyter_book)
    """

    def __init__(self, project: str | os.PathLike = ".", builder: str = "html") -> None:
        self.project, self.builder = Path(project).resolve(), builder
        self.process: subprocess.Popen | None = None
        self.output = None

    def start(self) -> None:
        """Start the waiting process (once)."""
        if self.process is not None:
            return
        self.output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        arguments = [
            str(self.project),
            "--path-output",
            str(self.project / WORK_DIR),
            "--builder",
            self.builder,
            "--warningiserror",
            "--nitpick",
            "--keep-going",
        ]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "localwelfare.publishing.waiting_build", *arguments],
            cwd=self.project,
            stdin=subprocess.PIPE,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": lean_pythonpath()},
        )

    def build(self) -> tuple[int, str]:
        """Build; return Jupyter Book's exit status and what it printed."""
        self.start()
        try:
            self.process.communicate("build\n")
        except BaseException:  # interrupted: stop Jupyter Book
            self.process.kill()
            self.process.wait()
            raise
        self.output.seek(0)
        return self.process.returncode, self.output.read()

    def close(self) -> None:
        """End the process if it still waits (it was not needed), and forget its output."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.output is not None:
            self.output.close()

    def __enter__(self) -> JupyterBook:
        return self

    def __exit__(self, *exception) -> None:
        self.close()


def build_book(
    project: str | os.PathLike = ".",
    builder: str = "html",
    force: bool = False,
    stream=None,
    jupyter_book: JupyterBook | None = None,
) -> Path:
    """Build the book with Jupyter Book (execution off, warnings as errors) and return its folder.

    The build happens in ``_build/work``; only a build without warnings replaces ``_build/html``,
    so a failed build leaves the previous book untouched. Nothing is built when no input changed.
    ``jupyter_book``: a :class:`JupyterBook` of the same project and builder, perhaps already
    started (else one is started here).
    """
    project = Path(project).resolve()
    html, work, stamp = project / HTML_DIR, project / WORK_DIR, project / STAMP
    digest = book_hash(project)
    if not force and html.is_dir() and is_fresh(stamp, digest):
        say("book: up to date, nothing to build", stream)
        return html
    say("book: building with Jupyter Book (warnings are errors)", stream)
    # Sphinx never deletes the pages of documents that left the book: when the table of contents
    # or the configuration changed, start from an empty output folder (the parsed documents in
    # .doctrees are kept, so unchanged pages are still not read again).
    layout = sha(*((project / name).read_bytes() for name in ("_toc.yml", "_config.yml")))
    layout_stamp = work / f"layout-{builder}.sha256"
    if not is_fresh(layout_stamp, layout):
        shutil.rmtree(work / "_build" / builder, ignore_errors=True)
    with contextlib.ExitStack() as stack:
        if jupyter_book is None:
            jupyter_book = stack.enter_context(JupyterBook(project, builder))
        try:
            with interruptible():
                status, output = jupyter_book.build()
        except KeyboardInterrupt as interrupt:  # Jupyter Book was stopped
            shutil.rmtree(work / "_build" / ".doctrees", ignore_errors=True)
            raise BuildInterrupted(
                f"the book build was interrupted ({interrupt or 'Ctrl-C'}); the previous book is "
                "untouched. Run it again to go on."
            ) from None
    if status != 0:
        # Sphinx pickles its environment even after warnings: forget it so that the next build
        # reads every page again and reports the same warnings.
        shutil.rmtree(work / "_build" / ".doctrees", ignore_errors=True)
        log = output.strip().splitlines()
        shown = [line for line in log if "WARNING" in line or "ERROR" in line] or log[-30:]
        raise InputError(
            "the book build failed; the previous book is untouched:\n  " + "\n  ".join(shown[:60])
        )
    built = work / "_build" / builder
    layout_stamp.write_text(layout)
    if builder == "html":
        # Copy next to the published book, then swap with two renames: an interruption leaves
        # either the old or the new book in _build/html, never a half-copied one.
        new, old = html.with_name("html.new"), html.with_name("html.old")
        for leftover in (new, old):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(built, new)
        if html.exists():
            html.rename(old)
        new.rename(html)
        shutil.rmtree(old, ignore_errors=True)
        write_atomically(stamp, digest)
        say(f"book: built {html}", stream)
        return html


def verify(
    project: str | os.PathLike = ".",
    published: str | os.PathLike | None = None,
    jobs: int | None = None,
    stream=None,
) -> list[str]:
    """Re-execute every run from scratch in a temporary folder and compare what it computes with
    the published manifest (default: the built book's ``_build/html/manifest.json``).

    Returns the differences (empty: the book reproduces). The book and its runs are not touched.
    """
    project = Path(project).resolve()
    published = Path(published) if published else project / HTML_DIR / MANIFEST
    if not published.is_file():
        raise InputError(f"{published}: no published manifest (build the book first)")
    expected = json.loads(published.read_text(encoding="utf-8"))
    (project / "_build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="verify-", dir=project / "_build") as tmp:
        execute_runs(project, jobs=jobs, force=True, stream=stream, output_dir=tmp)
        fresh = collect_manifest(tmp)
    return compare_manifests(expected, fresh)
