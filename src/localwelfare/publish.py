"""Publishing the report: version and commit footer, shared glue, PDF printing, the small books.

Three uses:

* A Sphinx extension (``sphinx: extra_extensions: [localwelfare.publish]`` in a book's
  ``_config.yml``) that

  - appends the compendium's version and git commit to every page's footer;
  - lets a second book (the training package, the brochure) glue values and figures from the
    executed runs of the report with myst-nb's own syntax,
    ``{glue:text}`../book/runs/wp1-inch.ipynb::n_networks```: the folders listed in the
    configuration value ``localwelfare_external_runs`` are read before Sphinx reads the pages, and
    their glue data are put where myst-nb's cross-document glue looks for them;
  - makes a page that glues from a notebook depend on that notebook, so that a re-executed run
    rewrites the summaries that quote it (Sphinx does not track this by itself), and copies a
    changed style sheet even when no page changed;
  - drops inline scripts that Sphinx 7.4 adds twice to a page (sphinx-thebe's ``const``
    declarations would otherwise raise a JavaScript error on every page), and gives bibliography
    entries the ARIA role their list container requires (axe-core: aria-required-children);
  - declares the language of a page written in another language than the book's: a page whose
    front matter says ``lang: nl`` has its body wrapped in ``<div lang="nl">``, so that screen
    readers read the Dutch and French summaries and brochure pages with the right voice;
  - adds the directive ``localwelfare-chapter-bibtex``, which writes one BibTeX
    ``@incollection`` entry per run of ``notebooks/runs.yml`` (:func:`chapter_bibtex`), so the
    *How to cite* page always lists every chapter with its current title and version.

* :func:`print_pdf`: print an HTML page to PDF with Debian's Chromium (``/usr/bin/chromium``)
  driven by Playwright; no browser is ever downloaded. :func:`find_chromium` says exactly what
  to install when it is missing.

* A command line for ``make pdf``, ``make brochure`` and ``make training``::

      python -m localwelfare publish pdf        # _build/pdf/report.pdf
      python -m localwelfare publish brochure   # _build/brochure/{html,pdf}
      python -m localwelfare publish training   # _build/training/html

  (``python -m localwelfare.publish WHAT`` is the same command.)

Examples
--------
>>> footer_html("0.1.0", "0123abc", "https://example.org/repo")
'<p class="lw-build">Version <span class="lw-version">0.1.0</span>, commit <a class="lw-commit" href="https://example.org/repo/commit/0123abc">0123abc</a>.</p>'
>>> footer_html("0.1.0", None)
'<p class="lw-build">Version <span class="lw-version">0.1.0</span>, commit <span class="lw-commit">unknown (not built from a git checkout)</span>.</p>'
"""  # noqa: E501

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from localwelfare.errors import InputError

#: Where Debian's ``chromium`` package installs the browser; ``LOCALWELFARE_CHROMIUM`` overrides.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "LOCALWELFARE_CHROMIUM"
#: Overrides the commit shown in the footer (e.g. when building from a release archive).
COMMIT_ENV = "LOCALWELFARE_COMMIT"
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


# --- version and commit ----------------------------------------------------------------------


def project_root(start: str | os.PathLike) -> Path:
    """The nearest folder at or above ``start`` that holds ``pyproject.toml``."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    raise InputError(f"{start}: no pyproject.toml in this folder or above it")


def project_version(root: str | os.PathLike) -> str:
    """The version in ``root/pyproject.toml`` (the one ``CITATION.cff`` must carry too)."""
    path = Path(root) / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read field 'project.version': {error}") from error


def git_commit(root: str | os.PathLike) -> str | None:
    """Short hash of the checked-out commit of ``root``, ``-dirty`` when tracked files changed.

    ``None`` outside a git checkout (e.g. a release archive); ``LOCALWELFARE_COMMIT`` overrides.
    """
    if os.environ.get(COMMIT_ENV):
        return os.environ[COMMIT_ENV]
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{commit}-dirty" if dirty else commit or None


def footer_html(version: str, commit: str | None, repository: str | None = None) -> str:
    """The footer line naming the version and the commit a page was built from."""
    if commit is None:
        shown = '<span class="lw-commit">unknown (not built from a git checkout)</span>'
    elif repository and not commit.endswith("-dirty"):
        url = f"{repository.rstrip('/')}/commit/{commit}"
        shown = f'<a class="lw-commit" href="{html.escape(url)}">{html.escape(commit)}</a>'
    else:
        shown = f'<span class="lw-commit">{html.escape(commit)}</span>'
    return (
        f'<p class="lw-build">Version <span class="lw-version">{html.escape(version)}</span>, '
        f"commit {shown}.</p>"
    )


# --- glue data of executed notebooks ------------------------------------------------------------


def glue_data(notebook: str | os.PathLike) -> dict:
    """The glued outputs of an executed notebook: key -> output (myst-nb's own extraction)."""
    import nbformat
    from myst_nb.ext.glue import extract_glue_data_cell

    nb = nbformat.read(notebook, as_version=4)
    data = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            data.update(dict(extract_glue_data_cell(cell)))
    return data


# --- the Sphinx extension --------------------------------------------------------------------


def _add_footer(app, config) -> None:
    root = project_root(app.srcdir)
    options = dict(config.html_theme_options or {})
    line = footer_html(project_version(root), git_commit(root), options.get("repository_url"))
    options["extra_footer"] = (options.get("extra_footer") or "") + line
    config.html_theme_options = options


def _write_external_glue(app, env, docnames) -> None:
    """Put the glue data of ``localwelfare_external_runs`` where myst-nb's crossref reads it."""
    from myst_nb.ext.glue.crossref import read_glue_cache

    folder = Path(env.mystnb_config.output_folder)
    for entry in app.config.localwelfare_external_runs:
        runs = (Path(app.srcdir) / entry).resolve()
        if not runs.is_dir():
            raise InputError(
                f"{runs}: folder of executed runs not found (localwelfare_external_runs); "
                "build the report first: make book"
            )
        for notebook in sorted(runs.glob("*.ipynb")):
            docname = env.path2doc(str(notebook))
            target = folder.joinpath(*docname.split("/")[:-1], f"{notebook.stem}.glue.json")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(glue_data(notebook)), encoding="utf-8")
    read_glue_cache.cache_clear()


def _note_glue_dependencies(app, doctree) -> None:
    """A page that glues from a notebook is rewritten when the notebook changes."""
    from myst_nb.ext.glue.utils import PendingGlueReference

    for node in doctree.findall(PendingGlueReference):
        notebook = (Path(app.srcdir) / f"{node.refdoc}.ipynb").resolve()
        if notebook.is_file():
            app.env.note_dependency(str(notebook))


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def _fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """Bibliography entries as list items: docutils gives a ``role="list"`` container children
    of the deprecated role ``doc-biblioentry``, which screen readers do not read as a list."""
    body = context.get("body")
    if body and 'class="citation-list"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _declare_language(app, pagename, templatename, context, doctree) -> None:
    """Wrap the body of a page whose front matter sets ``lang`` in ``<div lang="...">``."""
    lang = (context.get("meta") or {}).get("lang")
    body = context.get("body")
    if lang and body:
        context["body"] = f'<div lang="{html.escape(str(lang))}">{body}</div>'


def _label_sidebar_toggles(app, pagename, templatename, context, doctree) -> None:
    """Give the sidebar's expand/collapse toggles an accessible name: the theme renders them as
    a ``<summary>`` holding only an icon, which screen readers announce without a name."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    from markupsafe import Markup

    def labelled(*args, **kwargs):
        toctree = str(generate(*args, **kwargs)).replace(
            '<summary><span class="toctree-toggle" role="presentation">',
            '<summary aria-label="Show or hide the sections of this chapter">'
            '<span class="toctree-toggle" role="presentation">',
        )
        return Markup(toctree)  # already HTML: the template must not escape it

    context["generate_toctree_html"] = labelled


def _static_files_changed(app, env, added, changed, removed) -> list[str]:
    """Re-read the root page when a file of ``html_static_path`` changed (e.g. the CSS).

    Sphinx copies static files only when some page is written, so a change of the style sheet
    alone would otherwise never reach the built book.
    """
    import filecmp

    out = Path(app.outdir) / "_static"
    for entry in app.config.html_static_path:
        source = Path(app.confdir) / entry
        for file in (f for f in source.rglob("*") if f.is_file()) if source.is_dir() else []:
            copy = out / file.relative_to(source)
            if not copy.is_file() or not filecmp.cmp(file, copy, shallow=False):
                return [app.config.root_doc] if app.config.root_doc in env.found_docs else []
    return []


# --- BibTeX of the chapters --------------------------------------------------------------------


def _bibtex_text(text: str) -> str:
    """``text`` as a BibTeX field value: special characters escaped, and in double braces so that
    styles keep its capitals (Belgium, PCSWs) and read a corporate author as one name."""
    for char in "&%$#_{}":
        text = text.replace(char, "\\" + char)
    return "{{" + text + "}}"


def chapter_bibtex(root: str | os.PathLike) -> str:
    """One BibTeX ``@incollection`` entry per run of ``root/notebooks/runs.yml``.

    Each chapter is cited with its run's title, in the book titled as ``root/_config.yml``, with
    the version of ``root/pyproject.toml``; the key is ``localwelfare<year>-<run>``.
    """
    root = Path(root)
    config = _yaml(root / "_config.yml")
    runs = _yaml(root / "notebooks" / "runs.yml").get("runs") or {}
    version, year = project_version(root), str(config.get("copyright", "")).strip()
    repository = (config.get("repository") or {}).get("url", "")
    entries = []
    for run, spec in runs.items():
        if not (spec or {}).get("title"):
            raise InputError(f"{root / 'notebooks' / 'runs.yml'}: run {run!r} has no field 'title'")
        fields = {
            "title": _bibtex_text(spec["title"]),
            "booktitle": _bibtex_text(config.get("title", "")),
            "author": _bibtex_text(config.get("author", "")),
            "year": "{" + year + "}",
            "note": "{" + f"Chapter book/runs/{run}, version {version}, licence CC-BY-4.0" + "}",
            "url": "{" + repository + "}",
        }
        body = ",\n".join(f"  {name:<9} = {value}" for name, value in fields.items() if value)
        entries.append(f"@incollection{{localwelfare{year}-{run},\n{body}\n}}")
    return "\n\n".join(entries)


def _chapter_bibtex_directive():
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class ChapterBibtex(SphinxDirective):
        """``localwelfare-chapter-bibtex``: the BibTeX entries of every chapter (runs.yml)."""

        def run(self):
            root = project_root(self.env.srcdir)
            for source in ("notebooks/runs.yml", "_config.yml", "pyproject.toml"):
                self.env.note_dependency(str(root / source))
            text = chapter_bibtex(root)
            return [nodes.literal_block(text, text, language="bibtex")]

    return ChapterBibtex


# --- the runs' manifest -----------------------------------------------------------------------


def manifest_markdown(manifest: dict) -> str:
    """The appendix's tables of the runs' manifest (``book/runs/manifest.json``): per run its
    seeds, parameters, input files and what it computed; then the package versions and the
    hash of the lock that pins the whole environment."""
    runs = manifest.get("runs", {})
    if not runs:
        raise InputError("book/runs/manifest.json: no run recorded; run `make book` first")

    def short(digest: str) -> str:
        return f"`{digest[:12]}`"

    rows = [
        "| run | seeds | parameters | input files (SHA-256) | glued values | tables |"
        " outputs (SHA-256) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, run in sorted(runs.items()):
        outputs = json.dumps(run["outputs"], sort_keys=True, ensure_ascii=False)
        cells = [
            f"`{name}`",
            ", ".join(f"`{k}` {v}" for k, v in run["seed"].items()) or "none",
            ", ".join(
                f"`{k}` {json.dumps(v, ensure_ascii=False)}" for k, v in run["parameters"].items()
            ),
            "<br>".join(f"`{path}` {short(h)}" for path, h in run["inputs"].items()),
            str(len(run["outputs"]["glue"])),
            str(len(run["outputs"]["tables"])),
            short(hashlib.sha256(outputs.encode()).hexdigest()),
        ]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    versions = {}
    for run in runs.values():
        for package, version in run["versions"].items():
            versions.setdefault(package, set()).add(version)
    table = ["| package | version |", "|---|---|"]
    table += [f"| {p} | {', '.join(sorted(v))} |" for p, v in versions.items()]
    locks = sorted({run["lock"] for run in runs.values() if run.get("lock")})
    if locks:
        table.append(f"| requirements.lock (SHA-256) | {', '.join(map(short, locks))} |")
    return "\n".join(rows) + "\n\n" + "\n".join(table) + "\n"


def _manifest_directive():
    from sphinx.util.docutils import SphinxDirective

    class Manifest(SphinxDirective):
        """``localwelfare-manifest``: the tables of the runs' manifest (book/runs/manifest.json)."""

        def run(self):
            path = project_root(self.env.srcdir) / "book" / "runs" / "manifest.json"
            self.env.note_dependency(str(path))
            if not path.is_file():
                raise self.error(f"{path}: not found; run `make book` first")
            manifest = json.loads(path.read_text(encoding="utf-8"))
            return self.parse_text_to_nodes(manifest_markdown(manifest))

    return Manifest


def setup(app) -> dict:
    """Register the extension with Sphinx."""
    app.add_config_value("localwelfare_external_runs", [], "env")
    app.add_directive("localwelfare-chapter-bibtex", _chapter_bibtex_directive())
    app.add_directive("localwelfare-manifest", _manifest_directive())
    app.connect("config-inited", _add_footer)
    app.connect("env-before-read-docs", _write_external_glue, priority=900)
    app.connect("doctree-read", _note_glue_dependencies)
    app.connect("env-get-outdated", _static_files_changed)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", _fix_citation_roles)
    app.connect("html-page-context", _declare_language)
    app.connect("html-page-context", _label_sidebar_toggles, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- printing to PDF -------------------------------------------------------------------------


def find_chromium() -> str:
    """Path of Debian's Chromium, or an :class:`InputError` saying exactly what to install."""
    path = os.environ.get(CHROMIUM_ENV) or CHROMIUM
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    found = shutil.which("chromium")
    if found and not os.environ.get(CHROMIUM_ENV):
        return found
    raise InputError(
        f"Chromium not found at {path}: the PDF is printed by Debian's chromium. Install it with "
        "`sudo apt-get install chromium` (Debian/Ubuntu), or set "
        f"{CHROMIUM_ENV} to a Chromium or Chrome executable. No browser is downloaded."
    )


def print_pdf(
    page: str | os.PathLike, pdf: str | os.PathLike, title: str = "", slides: bool = False
) -> Path:
    """Print the HTML file ``page`` to ``pdf`` (A4, page numbers in the footer) and return it.
    With ``slides``, the page's own print style sets the page (a slide per landscape page) and
    there is no footer."""
    from playwright.sync_api import sync_playwright

    page, pdf = Path(page).resolve(), Path(pdf).resolve()
    if not page.is_file():
        raise InputError(f"{page}: page to print not found")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    footer = (
        '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
        f'{html.escape(title)} &middot; page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></div>'
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium())
        try:
            tab = browser.new_page()
            tab.goto(page.as_uri(), wait_until="load")
            tab.emulate_media(media="print")
            if slides:
                tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
                return pdf
            tab.pdf(
                path=str(pdf),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            )
        finally:
            browser.close()
    return pdf


# --- make pdf, make brochure, make training ---------------------------------------------------


def _jupyter_book(*args: str, cwd: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        *args,
        "--warningiserror",
        "--nitpick",
        "--keep-going",
    ]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
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
    root = _yaml(project / "_toc.yml").get("root", "index")
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
    root = _yaml(toc).get("root", "index")
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


def _yaml(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _book_title(config: Path) -> str:
    return _yaml(config).get("title", "")


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
        from localwelfare import slides

        return slides.build_slides(project)
    raise InputError(f"publish: unknown publication {what!r} (one of {', '.join(PUBLICATIONS)})")


def main(argv: list[str] | None = None) -> int:
    """``python -m localwelfare.publish {pdf,brochure,training}``, the same as ``python -m
    localwelfare publish {pdf,brochure,training}`` (:mod:`localwelfare.commands.publish`)."""
    from localwelfare import cli

    return cli.main(["publish", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
