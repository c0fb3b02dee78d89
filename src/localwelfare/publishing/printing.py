"""Printing an HTML page to PDF with Debian's Chromium, driven by Playwright.

No browser is ever downloaded: :func:`find_chromium` finds ``/usr/bin/chromium`` (or the one
``LOCALWELFARE_CHROMIUM`` names) and says exactly what to install when it is missing;
:func:`print_pdf` prints a page on A4 with page numbers, or a deck of slides a slide per page.
"""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

from localwelfare.errors import InputError

#: Where Debian's ``chromium`` package installs the browser; ``LOCALWELFARE_CHROMIUM`` overrides.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "LOCALWELFARE_CHROMIUM"

__all__ = ["CHROMIUM", "CHROMIUM_ENV", "find_chromium", "print_pdf"]


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
            # Paper cannot be clicked: folded content (long tables, dropdowns) prints open.
            tab.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
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
