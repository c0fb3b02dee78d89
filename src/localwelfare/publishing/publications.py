"""The publications made from the built book, each a command ``python -m localwelfare publish X``.

======================  ==========================================================================
``pdf``                 the whole report as one PDF (:func:`build_pdf`)
``brochure``            key findings in English, Dutch and French, HTML and PDF
``training``            the training package, a module per audience with a handout each
``briefs``              a two-page policy brief per study and language
``slides``              final-conference slides (:mod:`localwelfare.publishing.slides`)
``report-short``        BBOX's short research report for policy makers
======================  ==========================================================================

The small books (brochure, training, briefs, short report) are Jupyter Books of their own that
glue from the report's executed runs (:mod:`localwelfare.publishing.sphinxext`); Chromium prints
their PDFs (:mod:`localwelfare.publishing.printing`). :func:`publish` makes one by its name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from localwelfare.errors import InputError
from localwelfare.pipeline.runs import lean_pythonpath
from localwelfare.project import read_yaml
from localwelfare.publishing.printing import find_chromium, print_pdf

BROCHURE_LANGUAGES = ("en", "nl", "fr")
PDF_DIR = Path("_build") / "pdf"
BROCHURE_DIR = Path("_build") / "brochure"
TRAINING_DIR = Path("_build") / "training"
BRIEFS_DIR = Path("_build") / "briefs"
#: The training modules that have a handout (a PDF of the module's page).
TRAINING_HANDOUTS = (
    "family-support",
    "pedagogical-coaches",
    "child-welfare",
    "pcsw-social-workers",
    "municipalities",
)

__all__ = [
    "PUBLICATIONS",
    "TRAINING_HANDOUTS",
    "build_briefs",
    "build_brochure",
    "build_pdf",
    "build_short_report",
    "build_small_book",
    "build_training",
    "publish",
]


def _jupyter_book(*args: str, cwd: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        *args,
        "--warningiserror",
        "--nitpick",
        "--keep-going",
    ]
    environment = {**os.environ, "PYTHONPATH": lean_pythonpath()}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        log = (result.stdout + result.stderr).strip().splitlines()
        shown = [line for line in log if "WARNING" in line or "ERROR" in line] or log[-30:]
        raise InputError(f"{' '.join(command[1:3])} failed:\n  " + "\n  ".join(shown[:60]))


def _require_runs(project: Path) -> None:
    if not any((project / "book" / "runs").glob("*.ipynb")):
        raise InputError(f"{project / 'book' / 'runs'}: no executed runs; run `make book` first")


def build_pdf(project: str | os.PathLike = ".") -> Path:
    """The whole report as one PDF: Jupyter Book's single-page HTML printed by Chromium."""
    project = Path(project).resolve()
    find_chromium()
    _require_runs(project)
    # A build folder of its own, every page read afresh: the single page is written only when
    # Sphinx finds something out of date, which a shared environment would hide.
    work = project / PDF_DIR / "work"
    _jupyter_book(
        str(project), "--builder", "singlehtml", "--path-output", str(work), "--all", cwd=project
    )
    single = work / "_build" / "singlehtml"
    title = _book_title(project / "_config.yml")
    # The single page is written under the root document's name (book/preface.html) but links
    # its assets relative to the output folder, so it is printed from there.
    root = read_yaml(project / "_toc.yml").get("root", "index")
    page = single / "report.html"
    # Citations link to the page under that name (book/preface.html#id5): point them at the
    # anchor in this page, or the PDF would link to a file of the machine that printed it.
    text = (single / f"{root}.html").read_text(encoding="utf-8")
    page.write_text(text.replace(f'href="{root}.html#', 'href="#'), encoding="utf-8")
    return print_pdf(page, project / PDF_DIR / "report.pdf", title)


def build_short_report(project: str | os.PathLike = ".") -> Path:
    """BBOX's short research report as a PDF of its own: the cover ``report-short/index.md`` and
    the executed run ``report-short-bbox``, built from the repository's root with the report's own
    configuration and table of contents, as one page printed by Chromium."""
    project = Path(project).resolve()
    find_chromium()
    if not (project / "book" / "runs" / "report-short-bbox.ipynb").is_file():
        raise InputError(
            f"{project / 'book' / 'runs'}: the run report-short-bbox is not executed; run "
            "`make book` first"
        )
    work = project / "_build" / "report-short" / "work"
    config, toc = project / "report-short" / "_config.yml", project / "report-short" / "_toc.yml"
    _jupyter_book(
        str(project),
        "--config",
        str(config),
        "--toc",
        str(toc),
        "--builder",
        "singlehtml",
        "--path-output",
        str(work),
        "--all",
        cwd=project,
    )
    single = work / "_build" / "singlehtml"
    root = read_yaml(toc).get("root", "index")
    page = single / "report-short.html"
    text = (single / f"{root}.html").read_text(encoding="utf-8")
    page.write_text(text.replace(f'href="{Path(root).name}.html#', 'href="#'), encoding="utf-8")
    pdf = project / "_build" / "report-short" / "report-short-bbox.pdf"
    return print_pdf(page, pdf, _book_title(config))


def build_small_book(project: str | os.PathLike, name: str) -> Path:
    """Build ``name`` (``training`` or ``brochure``), a book of its own, into ``_build/<name>``."""
    project = Path(project).resolve()
    _require_runs(project)
    source = project / name
    out = project / "_build" / name
    _jupyter_book(str(source), "--path-output", str(out / "work"), cwd=project)
    html_dir = out / "html"
    shutil.rmtree(html_dir, ignore_errors=True)
    shutil.copytree(out / "work" / "_build" / "html", html_dir)
    return html_dir


def build_brochure(project: str | os.PathLike = ".") -> list[Path]:
    """The brochure in every language, as HTML (``_build/brochure/html``) and PDF."""
    project = Path(project).resolve()
    find_chromium()
    html_dir = build_small_book(project, "brochure")
    title = _book_title(project / "brochure" / "_config.yml")
    return [
        print_pdf(html_dir / f"{lang}.html", project / BROCHURE_DIR / f"brochure-{lang}.pdf", title)
        for lang in BROCHURE_LANGUAGES
    ]


def build_briefs(project: str | os.PathLike = ".") -> list[Path]:
    """The policy briefs (``briefs/``), as HTML (``_build/briefs/html``) and one PDF per brief
    (``_build/briefs/<study>-<language>.pdf``)."""
    project = Path(project).resolve()
    find_chromium()
    html_dir = build_small_book(project, "briefs")
    title = _book_title(project / "briefs" / "_config.yml")
    pages = sorted(p.stem for p in (project / "briefs").glob("*-??.md"))
    return [
        print_pdf(html_dir / f"{page}.html", project / BRIEFS_DIR / f"{page}.pdf", title)
        for page in pages
    ]


def build_training(project: str | os.PathLike = ".") -> list[Path]:
    """The training package (``_build/training/html``) with a handout per audience module: the
    module's page printed to ``handouts/<module>.pdf`` beside the HTML, where its page links."""
    project = Path(project).resolve()
    html_dir = build_small_book(project, "training")
    find_chromium()
    title = _book_title(project / "training" / "_config.yml")
    handouts = [
        print_pdf(html_dir / f"{name}.html", html_dir / "handouts" / f"{name}.pdf", title)
        for name in TRAINING_HANDOUTS
    ]
    return [html_dir / "index.html", *handouts]


def _book_title(config: Path) -> str:
    return read_yaml(config).get("title", "")


#: What ``publish`` makes from the built book, and the function that makes it.
PUBLICATIONS = {
    "pdf": "the whole report as one PDF: _build/pdf/report.pdf (needs chromium)",
    "brochure": "key findings in English, Dutch and French, HTML and PDF: _build/brochure/",
    "training": "the training package, a module per audience with handouts: _build/training/html",
    "briefs": "a two-page policy brief per study in English, Dutch and French: _build/briefs/",
    "slides": "final-conference slides, per study and for the programme: _build/slides/",
    "report-short": "BBOX's short research report for policy makers, a PDF: _build/report-short/",
}


def publish(what: str, project: str | os.PathLike = ".") -> list[Path]:
    """Make publication ``what`` (a key of :data:`PUBLICATIONS`) from the built book; return
    the files written. Raises :class:`InputError` when the book or a tool is missing."""
    if what == "pdf":
        return [build_pdf(project)]
    if what == "brochure":
        return build_brochure(project)
    if what == "training":
        return build_training(project)
    if what == "briefs":
        return build_briefs(project)
    if what == "report-short":
        return [build_short_report(project)]
    if what == "slides":
        from localwelfare.publishing import slides

        return slides.build_slides(project)
    raise InputError(f"publish: unknown publication {what!r} (one of {', '.join(PUBLICATIONS)})")
