"""The Sphinx extension of the report and of the small books made from it.

Listed in a book's ``_config.yml`` (``sphinx: extra_extensions:
[localwelfare.publishing.sphinxext]``), it

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
- adds the directive ``localwelfare-glued-figure``, a figure glued from an executed run in a
  numbered figure with a caption and a name the text can refer to (``{numref}``), for pages
  other than the run's own (the summaries, the discussion): myst-nb's ``glue:figure`` pastes
  only from the page's own notebook, and its ``{glue}`` with ``:doc:`` gives no caption; a page
  in Dutch numbers its figures *Figuur* (``numfig_format`` gives *Figure*, which French shares),
  and every page counts its figures from one;
- adds the directive ``localwelfare-chapter-bibtex``, which writes one BibTeX
  ``@incollection`` entry per run of ``notebooks/runs.yml`` (:func:`chapter_bibtex`), so the
  *How to cite* page always lists every chapter with its current title and version;
- adds the directive ``localwelfare-manifest``, the appendix's tables of the runs' manifest
  (:func:`manifest_markdown`).

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
from pathlib import Path

from localwelfare.errors import InputError
from localwelfare.project import git_commit, project_root, project_version, read_yaml

# --- version and commit in the footer -------------------------------------------------------


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


#: The word before a figure's number on a page in another language than the book's (English,
#: ``numfig_format``), where it differs: Sphinx numbers figures in the book's language only.
FIGURE_WORDS = {"nl": "Figuur"}


def _number_figures_per_page(app, env) -> list[str]:
    """Number each page's figures 1, 2, ... down the page, as the chapters number theirs: where
    the table of contents is not numbered, Sphinx counts figures on from page to page."""
    for figures in (types.get("figure") for types in env.toc_fignumbers.values()):
        if figures:
            order = sorted(figures, key=figures.get)
            figures.update({figure_id: (i,) for i, figure_id in enumerate(order, 1)})
    return []


def _declare_language(app, pagename, templatename, context, doctree) -> None:
    """Wrap the body of a page whose front matter sets ``lang`` in ``<div lang="...">``, and
    number its figures in that language (:data:`FIGURE_WORDS`)."""
    lang = (context.get("meta") or {}).get("lang")
    body = context.get("body")
    if lang and body:
        if lang in FIGURE_WORDS:
            body = body.replace(
                '<span class="caption-number">Figure ',
                f'<span class="caption-number">{FIGURE_WORDS[lang]} ',
            )
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
    config = read_yaml(root / "_config.yml")
    runs = read_yaml(root / "notebooks" / "runs.yml").get("runs") or {}
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


def _glued_figure_directive():
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective

    class GluedFigure(SphinxDirective):
        """``localwelfare-glued-figure``: the output glued under the key (the argument) in the
        run ``:doc:``, in a figure named ``:name:`` with the content as its caption::

            ```{localwelfare-glued-figure} types_by_region_nl
            :doc: ../book/runs/wp3-typology.ipynb
            :name: fig-types-nl

            Aandeel van elk type onder de OCMW's per gewest en gemeentegrootte.
            ```
        """

        required_arguments = 1
        has_content = True
        option_spec = {
            "doc": directives.unchanged_required,
            "name": directives.unchanged_required,
        }

        def run(self):
            from myst_nb.ext.glue.utils import PendingGlueReferenceError, create_pending_glue_ref

            missing = [o for o in ("doc", "name") if not self.options.get(o)]
            if missing or not self.content:
                raise self.error(
                    f"{self.name} {self.arguments[0]}: needs :doc:, :name: and a caption"
                    f" (missing: {', '.join(missing) or 'the caption'})"
                )
            source, line = self.get_source_info()
            try:
                ref = create_pending_glue_ref(
                    self.state.document, source, line, self.options["doc"], self.arguments[0]
                )
            except PendingGlueReferenceError as error:
                raise self.error(str(error)) from None
            figure = nodes.figure("", ref, classes=["lw-figure"])
            self.set_source_info(figure)
            self.add_name(figure)
            parsed = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, parsed)
            if len(parsed) != 1 or not isinstance(parsed[0], nodes.paragraph):
                raise self.error(f"{self.name}: the caption must be one paragraph")
            caption = nodes.caption(parsed[0].rawsource, "", *parsed[0].children)
            figure += caption
            return [figure]

    return GluedFigure


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
                f"`{k}={json.dumps(v, ensure_ascii=False)}`" for k, v in run["parameters"].items()
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
    app.add_directive("localwelfare-glued-figure", _glued_figure_directive())
    app.add_directive("localwelfare-chapter-bibtex", _chapter_bibtex_directive())
    app.add_directive("localwelfare-manifest", _manifest_directive())
    app.connect("config-inited", _add_footer)
    app.connect("env-before-read-docs", _write_external_glue, priority=900)
    app.connect("doctree-read", _note_glue_dependencies)
    # after Sphinx's own numbering (TocTreeCollector, at the default priority)
    app.connect("env-get-updated", _number_figures_per_page, priority=900)
    app.connect("env-get-outdated", _static_files_changed)
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", _fix_citation_roles)
    app.connect("html-page-context", _declare_language)
    app.connect("html-page-context", _label_sidebar_toggles, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
