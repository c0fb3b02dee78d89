"""The publications beside the book in a real browser: the brochure, the training package, the
policy briefs and the slides, as their readers open them.

Every HTML page of ``_build/{brochure,training,briefs}/html`` and every deck of ``_build/slides``
is loaded in Debian's Chromium (the session's ``browser`` fixture, ``conftest``), served from
localhost. Checked on each: no console error, no failed request, nothing fetched from another
address (the slides must work offline), every image loads and has alt text, and no accessibility
violation of impact *serious* or *critical* (axe-core). The tests run in ``make test`` after the
publications are made; without them they are skipped with the reason (they fail in CI).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from test_browser import BLOCKING, IMAGES_JS, _local_only, _QuietHandler, _unavailable

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"
#: The published HTML of each publication, relative to ``_build``.
FOLDERS = ("brochure/html", "training/html", "briefs/html", "slides")

pytestmark = pytest.mark.browser


def _pages() -> list[str]:
    pages = []
    for folder in FOLDERS:
        root = BUILD / folder
        if root.is_dir():
            pages += sorted(
                p.relative_to(BUILD).as_posix()
                for p in root.rglob("*.html")
                if not {"_static", "_sources", "_images"} & set(p.relative_to(root).parts)
                and p.name not in ("search.html", "genindex.html")
            )
    return pages


PAGES = _pages()


@pytest.fixture(scope="module")
def server():
    """``_build`` served over HTTP on 127.0.0.1: each publication read as its readers get it."""
    if not PAGES:
        _unavailable(f"no publication built under {BUILD} (run `make brochure training slides`)")
    handler = functools.partial(_QuietHandler, directory=str(BUILD))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("page_path", PAGES or [""])
def test_each_publication_page_loads_cleanly_and_is_accessible(browser, server, page_path):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: r.url in blocked or errors.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"HTTP {r.status}: {r.url}"))
    page.route("**/*", lambda route: _local_only(route, server, blocked))
    page.goto(server + page_path, wait_until="load")
    page.wait_for_load_state("networkidle")
    images = page.evaluate(IMAGES_JS)
    found = list(errors)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in BLOCKING
    ]
    context.close()
    assert not found, f"{page_path}: {found}"
    assert not blocked, f"{page_path} fetches from elsewhere: {blocked}"
    for image in images:
        assert (image["alt"] or "").strip(), f"{page_path}: image without alt text {image['src']}"
        assert image["complete"] and image["natural"] > 0, f"{page_path}: image did not load"
    assert not violations, f"{page_path}: {violations}"
