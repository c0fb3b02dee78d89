"""The built book in a real browser: Debian's Chromium driven by Playwright, served from localhost.

Every page of ``_build/html`` is loaded at the book's width and at a phone's width. Checked on
every page: no console error, no failed request, every image loads and has alt text, no
accessibility violation of impact *serious* or *critical* (axe-core), no horizontal scrolling and
no table wider than the text column, figures scaled to the column with their proportions kept, the
version and commit footer; on every chapter, a numbered caption under each figure and above each
table; on the summaries and the discussion, a numbered caption under each figure (on the Dutch and
French summaries, figures drawn in their language). On every page at both widths, what a reader
reads: no raw code of the data package (a code with an underscore, such as ``shared_participant``)
and no snake_case name in a table, a figure's alt text or a value glued into the text, no ``nan``
or ``None`` cell, and no Python repr (``{'``, ``<Figure``, ``Styler object``...) in the text; words
set as code (a parameter's name in the *Parameters of this run* box) are the program's names, shown
as such, and not scanned. Once: the sidebar shows the parts of ``_toc.yml`` and its links change
the page, and the search page finds pages. Screenshots of every page at both widths are saved under
``_build/screenshots/{desktop,phone}/`` for a person to look at.

The tests need the built book (``make book``) and Chromium (``apt-get install chromium``); they
are skipped with the reason when either is missing, except in CI (``CI=true``), where they fail.
``make test`` builds the book and then runs them (``pytest -m browser``); no browser is
downloaded: Playwright launches ``/usr/bin/chromium`` (``LOCALWELFARE_CHROMIUM`` overrides).
``LOCALWELFARE_BOOK_HTML`` points the tests at another built book.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from localwelfare import project

REPO = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("LOCALWELFARE_BOOK_HTML", REPO / "_build" / "html"))
PROJECT = HTML.resolve().parents[1]  # the project the book was built from
SCREENSHOTS = HTML.parent / "screenshots"
#: The book's width (the theme's desktop layout) and a phone's (iPhone 12-15 CSS pixels).
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: axe-core impacts that fail the test.
BLOCKING = {"serious", "critical"}

pytestmark = pytest.mark.browser


def _pages() -> list[str]:
    if not HTML.is_dir():
        return []
    return sorted(
        p.relative_to(HTML).as_posix()
        for p in HTML.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(p.relative_to(HTML).parts)
    )


PAGES = _pages()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; in CI the browser tests must run (make test builds the book)")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture(scope="session")
def server():
    """The built book served over HTTP on 127.0.0.1 (a free port), as a reader's browser gets it."""
    if not PAGES:
        _unavailable(f"no built book at {HTML} (run `make book` first)")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


def _local_only(route, base: str, blocked: list[str]) -> None:
    """Serve requests to the book's server; refuse (and record) any other address."""
    if route.request.url.startswith(base) or route.request.url.startswith("data:"):
        route.continue_()
    else:
        blocked.append(route.request.url)
        route.abort()


IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.currentSrc.slice(0, 80), alt: img.getAttribute('alt'), complete: img.complete,
    natural: img.naturalWidth, naturalHeight: img.naturalHeight,
    shown: img.getBoundingClientRect().width, shownHeight: img.getBoundingClientRect().height,
    inArticle: !!img.closest('article'), hidden: img.getBoundingClientRect().width === 0}))"""

TABLES_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const limit = article.getBoundingClientRect().right + 1;
  const scrolls = el => {
    for (let a = el.parentElement; a && a !== article.parentElement; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if ((o === 'auto' || o === 'scroll') && a.getBoundingClientRect().right <= limit) return true;
    }
    return false;
  };
  return Array.from(article.querySelectorAll('table'))
    .filter(t => t.getBoundingClientRect().right > limit && !scrolls(t))
    .map(t => (t.querySelector('caption, th') || t).textContent.trim().slice(0, 60));
}"""

#: Each figure's image with its caption (without the caption's link symbol, Sphinx's ``#``).
FIGURES_JS = """() => Array.from(document.querySelectorAll('article.bd-article img')).map(img => {
    const figure = img.closest('figure');
    const caption = figure && figure.querySelector('figcaption');
    const text = el => {
      const copy = el.cloneNode(true);
      copy.querySelectorAll('a.headerlink').forEach(x => x.remove());
      return copy.textContent.replace(/\\s+/g, ' ').trim();
    };
    return {alt: (img.getAttribute('alt') || '').slice(0, 60), id: figure ? figure.id : '',
            caption: caption ? text(caption) : ''};
})"""

#: Every table of the article but the run's parameters (a record of how the page was made, left
#: out of the numbering on purpose): its numbered caption and the id of its ``<figure>``.
TABLE_CAPTIONS_JS = """() => Array.from(document.querySelectorAll('article.bd-article table'))
  .filter(t => !t.closest('.lw-run-parameters'))
  .map(t => {
    const figure = t.closest('figure');
    const caption = figure && figure.querySelector(':scope > figcaption');
    return {head: (t.querySelector('th, td') || t).textContent.trim().slice(0, 40),
            id: figure ? figure.id : '', caption: caption ? caption.textContent.trim() : ''};
  })"""

#: What a reader reads on the page: the text of every table cell, every image's alt text, and
#: the article's text; text set as code (``code``, ``pre``) is left out.
READER_TEXT_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const prose = el => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('code, pre, script, style').forEach(x => x.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim();
  };
  return {
    cells: Array.from(article.querySelectorAll('table th, table td')).map(prose),
    alts: Array.from(article.querySelectorAll('img')).map(i => i.getAttribute('alt') || ''),
    glued: Array.from(article.querySelectorAll('.pasted-text')).map(prose),
    text: prose(article),
  };
}"""

#: A name in snake_case (a column or a code with an underscore), as a whole word.
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
#: What a missing value looks like when a frame is printed as it is.
MISSING_CELLS = {"nan", "NaN", "None", "<NA>", "NaT", "null"}
#: What Python prints for an object that is not meant for readers.
REPRS = ("{'", "<Figure", "<pandas", "Styler object", "dtype:", "<matplotlib", " object at 0x")


def _data_codes() -> set[str]:
    """The codes of the data package the book was built from that no reader should see raw."""
    folder = (
        PROJECT / "data" if (PROJECT / "data" / "datapackage.json").is_file() else REPO / "data"
    )
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    codes = set()
    for res in desc["resources"]:
        schema = res.get("schema")
        if isinstance(schema, str):
            schema = json.loads((folder / schema).read_text(encoding="utf-8"))
        for field in (schema or {}).get("fields", []):
            enum = field.get("constraints", {}).get("enum", [])
            codes |= {v for v in enum if isinstance(v, str) and "_" in v}
    return codes


def raw_names(text: str, codes: set[str]) -> list[str]:
    """The raw codes and snake_case names in ``text``."""
    found = SNAKE.findall(text)
    found += [
        c for c in codes if c not in found and re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text)
    ]
    return found


OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _visit(browser, server: str, page_path: str, viewport: str) -> dict:
    """Load one page at one width; return what the tests check, and save a screenshot."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    errors: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: r.url in blocked or errors.append(f"failed: {r.url}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and errors.append(f"HTTP {r.status}: {r.url}"),
    )
    page.route("**/*", lambda route: _local_only(route, server, blocked))
    page.goto(server + page_path, wait_until="load")
    if 'http-equiv="Refresh"' in (HTML / page_path).read_text(encoding="utf-8")[:500]:
        page.wait_for_url(lambda url: not url.endswith(page_path))  # a redirect page
        page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    report = {
        "url": page.url,
        # copies: axe-core (below) fetches style sheets itself, which is not the page's doing
        "errors": list(errors),
        "blocked": list(blocked),
        "images": page.evaluate(IMAGES_JS),
        "figures": page.evaluate(FIGURES_JS),
        "tables": page.evaluate(TABLE_CAPTIONS_JS),
        "overflow": page.evaluate(OVERFLOW_JS),
        "wide_tables": page.evaluate(TABLES_JS),
        "reader": page.evaluate(READER_TEXT_JS),
        "footer": page.locator(".lw-build").all_inner_texts(),
        "article_width": page.evaluate(
            "() => (document.querySelector('article.bd-article') || document.body)"
            ".getBoundingClientRect().width"
        ),
    }
    if viewport == "desktop":
        violations = Axe().run(page).response["violations"]
        report["axe"] = [
            f"{v['id']} ({v['impact']}): {v['help']} -- "
            + "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
            for v in violations
            if v["impact"] in BLOCKING
        ]
    shot = SCREENSHOTS / viewport / (page_path.replace("/", "__").removesuffix(".html") + ".png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    report["screenshot"] = shot
    context.close()
    return report


@pytest.fixture(scope="session")
def visit(browser, server):
    """``visit(page, viewport)``: the report of one page at one width (each page loaded once)."""
    cache: dict[tuple[str, str], dict] = {}

    def get(page_path: str, viewport: str) -> dict:
        if (page_path, viewport) not in cache:
            cache[page_path, viewport] = _visit(browser, server, page_path, viewport)
        return cache[page_path, viewport]

    return get


def _params():
    return PAGES or [pytest.param("", marks=pytest.mark.skip(reason=f"no built book at {HTML}"))]


@pytest.mark.parametrize("page_path", _params())
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_page_loads_without_errors(visit, page_path, viewport):
    report = visit(page_path, viewport)
    assert report["errors"] == [], f"{page_path} ({viewport}): {report['errors']}"


@pytest.mark.parametrize("page_path", _params())
def test_page_needs_no_other_server(visit, page_path):
    """Everything a page needs is in the built book: it works offline and from any host."""
    report = visit(page_path, "desktop")
    assert report["blocked"] == [], f"{page_path} requests other hosts: {report['blocked']}"


@pytest.mark.parametrize("page_path", _params())
def test_every_image_loads_and_has_alt_text(visit, page_path):
    report = visit(page_path, "desktop")
    broken = [i["src"] for i in report["images"] if not i["complete"] or i["natural"] == 0]
    no_alt = [i["src"] for i in report["images"] if not (i["alt"] or "").strip()]
    assert broken == [], f"{page_path}: images that do not load: {broken}"
    assert no_alt == [], f"{page_path}: images without alt text: {no_alt}"


@pytest.mark.parametrize("page_path", _params())
def test_no_serious_accessibility_violation(visit, page_path):
    report = visit(page_path, "desktop")
    assert report["axe"] == [], f"{page_path}: axe-core violations:\n" + "\n".join(report["axe"])


@pytest.mark.parametrize("page_path", _params())
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_page_fits_the_screen(visit, page_path, viewport):
    """No horizontal scrolling of the page; a table wider than the column scrolls in its box."""
    report = visit(page_path, viewport)
    assert report["overflow"] <= 1, f"{page_path} ({viewport}) is {report['overflow']} px too wide"
    assert report["wide_tables"] == [], (
        f"{page_path} ({viewport}): tables wider than the text column: {report['wide_tables']}"
    )


@pytest.mark.parametrize("page_path", _params())
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_figures_scale_to_the_column_and_keep_their_proportions(visit, page_path, viewport):
    """A figure is shown at its own size, or as wide as the text column allows; never wider than
    the screen (nothing cropped or scrolled away on a phone) and never distorted."""
    report = visit(page_path, viewport)
    screen = VIEWPORTS[viewport]["width"]
    for image in report["images"]:
        if image["inArticle"] and not image["hidden"] and image["natural"] > 0:
            name = (image["alt"] or image["src"])[:60]
            expected = min(image["natural"], report["article_width"])
            assert image["shown"] >= 0.9 * expected, (
                f"{page_path} ({viewport}): figure {name!r} shown {image['shown']:.0f} px wide, "
                f"{expected:.0f} px available: too small to read"
            )
            assert image["shown"] <= screen, (
                f"{page_path} ({viewport}): figure {name!r} is {image['shown']:.0f} px wide, "
                f"wider than the {screen} px screen"
            )
            natural = image["naturalHeight"] / image["natural"]
            shown = image["shownHeight"] / image["shown"]
            assert shown == pytest.approx(natural, rel=0.02), (
                f"{page_path} ({viewport}): figure {name!r} is distorted "
                f"(height/width {shown:.3f}, drawn {natural:.3f})"
            )


def _chapters():
    chapters = [p for p in PAGES if p.startswith("book/runs/")]
    return chapters or [pytest.param("", marks=pytest.mark.skip(reason=f"no chapters in {HTML}"))]


@pytest.mark.parametrize("page_path", _chapters())
def test_every_figure_of_a_chapter_has_a_numbered_caption(visit, page_path):
    """A chapter's figures are numbered 1, 2, ... down the page, each with a caption that says
    what it shows and an id the text can link to."""
    figures = visit(page_path, "desktop")["figures"]
    captions = [re.fullmatch(r"Figure (\d+)\. (\S.{9,})", f["caption"], re.S) for f in figures]
    missing = [f["alt"] for f, c in zip(figures, captions, strict=True) if not c]
    assert missing == [], f"{page_path}: figures without a numbered caption: {missing}"
    numbers = [int(c.group(1)) for c in captions]
    assert numbers == list(range(1, len(figures) + 1)), f"{page_path}: figure numbers {numbers}"
    ids = [f["id"] for f in figures]
    assert all(ids) and len(set(ids)) == len(ids), f"{page_path}: figure ids {ids}"


#: The pages that show figures glued from the chapters, and the word that numbers them.
SYNTHESIS = {
    "book/summary-en.html": "Figure",
    "book/summary-nl.html": "Figuur",
    "book/summary-fr.html": "Figure",
    "book/discussion.html": "Figure",
}


def _synthesis():
    pages = [p for p in PAGES if p in SYNTHESIS]
    return pages or [pytest.param("", marks=pytest.mark.skip(reason=f"no summaries in {HTML}"))]


@pytest.mark.parametrize("page_path", _synthesis())
def test_every_figure_of_the_summaries_and_the_discussion_has_a_numbered_caption(visit, page_path):
    """The figures the summaries and the discussion glue from the chapters are numbered 1, 2, ...
    down the page in the page's language, each with a caption and an id the text can refer to."""
    figures = visit(page_path, "desktop")["figures"]
    assert figures, f"{page_path}: no figure"
    word = SYNTHESIS[page_path]
    captions = [re.fullmatch(rf"{word} (\d+)\. (\S.{{9,}})", f["caption"], re.S) for f in figures]
    missing = [(f["alt"], f["caption"]) for f, c in zip(figures, captions, strict=True) if not c]
    assert missing == [], f"{page_path}: figures without a numbered caption: {missing}"
    numbers = [int(c.group(1)) for c in captions]
    assert numbers == list(range(1, len(figures) + 1)), f"{page_path}: figure numbers {numbers}"
    ids = [f["id"] for f in figures]
    assert all(ids) and len(set(ids)) == len(ids), f"{page_path}: figure ids {ids}"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_dutch_and_french_summaries_show_figures_in_their_language(visit, language):
    """The Dutch and French summaries show the English summary's figures drawn in their own
    language: as many, none with the English alt text, and no English region name in it."""
    page = f"book/summary-{language}.html"
    if page not in PAGES or "book/summary-en.html" not in PAGES:
        pytest.skip(f"no summaries in {HTML}")
    english = visit("book/summary-en.html", "desktop")["reader"]["alts"]
    alts = visit(page, "desktop")["reader"]["alts"]
    assert len(alts) == len(english) > 0, (alts, english)
    assert not set(alts) & set(english), f"{page}: English alt text {set(alts) & set(english)}"
    regions = [r for r in ("Flanders", "Wallonia", "Brussels") if any(r in a for a in alts)]
    assert regions == [], f"{page}: English region names in the alt text: {regions}"


@pytest.mark.parametrize("page_path", _chapters())
def test_every_table_of_a_chapter_has_a_numbered_caption(visit, page_path):
    """A chapter's tables are numbered 1, 2, ... down the page, each with a caption above it that
    says what it shows and an id (``tbl-...``) the text can link to; the folded box of the run's
    parameters is not one of them."""
    tables = visit(page_path, "desktop")["tables"]
    captions = [re.fullmatch(r"Table (\d+)\. (\S.{9,})", t["caption"], re.S) for t in tables]
    missing = [t["head"] for t, c in zip(tables, captions, strict=True) if not c]
    assert missing == [], f"{page_path}: tables without a numbered caption: {missing}"
    numbers = [int(c.group(1)) for c in captions]
    assert numbers == list(range(1, len(tables) + 1)), f"{page_path}: table numbers {numbers}"
    ids = [t["id"] for t in tables]
    assert all(i.startswith("tbl-") for i in ids), f"{page_path}: table ids {ids}"
    assert len(set(ids)) == len(ids), f"{page_path}: table ids {ids}"


@pytest.fixture(scope="session")
def data_codes() -> set[str]:
    return _data_codes()


def test_the_scan_finds_codes_and_snake_case_names():
    codes = {"shared_participant", "1_to_2"}
    assert raw_names("Declared mode: shared_participant", codes) == ["shared_participant"]
    assert raw_names("aid-legal_status", codes) == ["legal_status"]
    assert raw_names("years_in_belgium[1_to_2]", codes) == ["years_in_belgium", "1_to_2"]
    assert raw_names("shared participant, 1 to 2 years, p (Holm), inch-wa-01", codes) == []


@pytest.mark.parametrize("page_path", _params())
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_tables_and_alt_text_show_labels_not_codes(visit, data_codes, page_path, viewport):
    """Codes and column names reach the reader through the display layer's labels."""
    reader = visit(page_path, viewport)["reader"]
    cells = {f"{n}: {cell[:60]!r}" for cell in reader["cells"] for n in raw_names(cell, data_codes)}
    alts = {f"{n}: {alt[:60]!r}" for alt in reader["alts"] for n in raw_names(alt, data_codes)}
    assert not cells, f"{page_path} ({viewport}): raw names in tables: {sorted(cells)}"
    assert not alts, f"{page_path} ({viewport}): raw names in alt text: {sorted(alts)}"


@pytest.mark.parametrize("page_path", _params())
def test_values_glued_into_the_prose_show_labels_not_codes(visit, data_codes, page_path):
    """A word the analysis glues into a sentence (the weakest item, a reference level, the
    group that says most) reaches the reader as the data package labels it, not as its code."""
    glued = visit(page_path, "desktop")["reader"]["glued"]
    raw = {f"{n}: {text[:60]!r}" for text in glued for n in raw_names(text, data_codes)}
    assert not raw, f"{page_path}: raw names glued into the text: {sorted(raw)}"


@pytest.mark.parametrize("page_path", _params())
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_missing_value_cell_and_no_python_repr(visit, page_path, viewport):
    reader = visit(page_path, viewport)["reader"]
    missing = [c for c in reader["cells"] if c in MISSING_CELLS]
    assert not missing, f"{page_path} ({viewport}): table cells {missing}: use a dash (display)"
    text = reader["text"]
    reprs = [text[max(0, text.find(r) - 30) : text.find(r) + 50] for r in REPRS if r in text]
    assert not reprs, f"{page_path} ({viewport}): program output on the page: {reprs}"


@pytest.mark.parametrize("page_path", _params())
def test_footer_names_version_and_commit(visit, page_path):
    if page_path == "index.html":  # a redirect to the first page
        pytest.skip("index.html only redirects")
    report = visit(page_path, "desktop")
    version = project.project_version(PROJECT)
    assert len(report["footer"]) == 1, f"{page_path}: footer lines {report['footer']}"
    match = re.fullmatch(r"Version (\S+), commit (\S+)(?: .*)?\.", report["footer"][0].strip())
    assert match, report["footer"]
    assert match.group(1) == version
    commit = match.group(2).removesuffix("-dirty")
    if commit != "unknown" and (PROJECT / ".git").exists():
        known = subprocess.run(
            ["git", "-C", str(PROJECT), "cat-file", "-e", f"{commit}^{{commit}}"],
            capture_output=True,
        )
        assert known.returncode == 0, f"{page_path}: footer commit {commit} is not in the repo"


def test_sidebar_shows_the_parts_and_navigates(browser, server):
    toc = yaml.safe_load((PROJECT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc.get("parts", [])]
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.route("**/*", lambda route: _local_only(route, server, []))
    page.goto(server + "index.html", wait_until="load")  # redirects to the root page
    page.wait_for_url(lambda url: not url.endswith("/index.html"))
    page.wait_for_load_state("load")
    shown = [c.strip() for c in page.locator("nav.bd-docs-nav p.caption").all_inner_texts()]
    assert shown == captions, f"sidebar parts {shown}, _toc.yml parts {captions}"

    links = page.locator("nav.bd-docs-nav a.reference.internal")
    assert links.count() >= 2
    target = links.nth(links.count() - 1)
    href, text = target.get_attribute("href"), target.inner_text().strip()
    before = page.url
    target.click()
    page.wait_for_load_state("load")
    assert page.url != before and urlparse(page.url).path.endswith(href.split("#")[0])
    assert page.locator("article h1").first.inner_text().strip().rstrip("#").strip() == text
    current = page.locator("nav.bd-docs-nav li.current > a").last.inner_text().strip()
    assert current == text
    page.close()


@pytest.mark.parametrize(
    ("query", "expect_results"), [("synthetic", True), ("qwxzvbnonsenseword", False)]
)
def test_search_page_finds_pages(browser, server, query, expect_results):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.route("**/*", lambda route: _local_only(route, server, []))
    page.goto(f"{server}search.html?q={query}", wait_until="load")
    summary = page.locator("#search-results .search-summary, #search-results p").first
    summary.wait_for(timeout=60000)
    page.wait_for_function(
        "() => /found|did not match|no documents/i.test("
        "document.querySelector('#search-results').textContent)",
        timeout=60000,
    )
    results = page.locator("#search-results ul.search li a")
    if expect_results:
        assert results.count() >= 1, summary.inner_text()
        first = results.first
        first.click()
        page.wait_for_load_state("load")
        assert "search.html" not in page.url and page.locator("article h1").count() >= 1
    else:
        assert results.count() == 0
    page.close()
