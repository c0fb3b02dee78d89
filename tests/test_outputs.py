"""Every output the studies promised is listed where a reader looks for it, and, once built, has
the form it promises: a policy brief fits on two A4 pages, every training module has its handout.

The checks of built files are marked ``browser``: they run in ``make test`` after the publications
are made (``make briefs``, ``make training``), and are skipped with the reason when the files are
absent, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from localwelfare.publishing import publications

REPO = Path(__file__).resolve().parents[1]
BRIEFS = sorted(p.stem for p in (REPO / "briefs").glob("*-??.md"))


def _built(path: Path) -> Path:
    if not path.is_file():
        reason = f"{path.relative_to(REPO)} not built (run `make briefs training` first)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def test_every_publication_is_listed_in_the_readme_and_the_preface():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    preface = (REPO / "book" / "preface.md").read_text(encoding="utf-8")
    for what in publications.PUBLICATIONS:
        assert f"make {what}" in readme, f"README.md does not list `make {what}`"
        assert f"make {what}" in preface, f"book/preface.md does not list `make {what}`"


def test_zenodo_lists_the_publications_as_parts_of_the_record():
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    parts = {r["identifier"].rsplit("/", 1)[-1] for r in zenodo["related_identifiers"]}
    for folder in ("brochure", "briefs", "training"):
        assert folder in parts, f".zenodo.json: no related identifier for {folder}/"
        assert (REPO / folder / "_toc.yml").is_file()


def test_there_is_a_brief_per_study_and_language():
    studies = ("inch", "antwerp", "bbox", "oud-noord")
    assert BRIEFS == sorted(f"{s}-{lang}" for s in studies for lang in ("en", "nl", "fr"))
    for name in BRIEFS:
        text = (REPO / "briefs" / f"{name}.md").read_text(encoding="utf-8")
        assert f"lang: {name[-2:]}" in text.split("---")[1], f"{name}: no lang in front matter"
        assert text.count("_verdict") >= 3, f"{name}: fewer than three findings"
        assert "recommend_" in text, f"{name}: no recommendation"


@pytest.mark.browser
@pytest.mark.parametrize("name", BRIEFS)
def test_each_policy_brief_fits_on_two_a4_pages(name):
    from pypdf import PdfReader

    reader = PdfReader(_built(REPO / "_build" / "briefs" / f"{name}.pdf"))
    assert 1 <= len(reader.pages) <= 2, f"{name}.pdf has {len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    # A4 is 595.3 x 841.9 points; Chromium rounds the paper size to hundredths of an inch
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2


@pytest.mark.browser
@pytest.mark.parametrize("name", publications.TRAINING_HANDOUTS)
def test_each_training_module_has_its_handout(name):
    from pypdf import PdfReader

    handout = _built(REPO / "_build" / "training" / "html" / "handouts" / f"{name}.pdf")
    assert len(PdfReader(handout).pages) >= 1


@pytest.mark.browser
@pytest.mark.parametrize(
    "deck", ["inch", "antwerp", "bbox", "oud-noord", "programme-en", "programme-nl", "programme-fr"]
)
def test_each_deck_works_offline_has_notes_and_a_page_per_slide(deck):
    import lxml.html
    from pypdf import PdfReader

    page = _built(REPO / "_build" / "slides" / f"{deck}.html")
    tree = lxml.html.parse(str(page)).getroot()
    slides = tree.xpath("//section[contains(@class, 'slide')]")
    assert len(slides) >= 3
    # nothing is fetched: every image is embedded and carries alt text, no stylesheet or script
    # comes from elsewhere
    for image in tree.xpath("//img"):
        assert image.get("src", "").startswith("data:image/"), f"{deck}: image not embedded"
        assert image.get("alt", "").strip(), f"{deck}: image without alt text"
    assert not tree.xpath("//link[@rel='stylesheet'] | //script[@src]"), f"{deck}: external asset"
    # the evidence is in the speaker notes of every slide that states a finding
    notes = [n.text_content() for n in tree.xpath("//aside[contains(@class, 'notes')]")]
    assert notes and all(n.strip() for n in notes), f"{deck}: a slide with empty notes"
    assert any(re.search(r"\bp\b.*\d", n) for n in notes), f"{deck}: no adjusted p in the notes"
    reader = PdfReader(_built(REPO / "_build" / "slides" / f"{deck}.pdf"))
    assert len(reader.pages) == len(slides), f"{deck}.pdf: {len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height), f"{deck}.pdf is not landscape"


@pytest.mark.browser
def test_the_short_report_is_a_pdf_of_its_own_of_about_twenty_pages():
    from pypdf import PdfReader

    pdf = _built(REPO / "_build" / "report-short" / "report-short-bbox.pdf")
    reader = PdfReader(pdf)
    assert 15 <= len(reader.pages) <= 25, f"the short report has {len(reader.pages)} pages"
    text = " ".join(page.extract_text() for page in reader.pages)
    sections = ("Research questions", "Findings", "strands", "Limitations", "Recommendations")
    for section in (*sections, "The evidence in", "Annex: every claim"):  # "fi" is a ligature
        assert section in text, f"the short report has no section '{section}'"
    assert "synthetic" in text.lower()


#: The built pages in Dutch and French: the book's summaries, the briefs and the brochure.
LOCAL_HTML = {
    "nl": ["html/book/summary-nl.html", "briefs/html/*-nl.html", "brochure/html/nl.html"],
    "fr": ["html/book/summary-fr.html", "briefs/html/*-fr.html", "brochure/html/fr.html"],
}


def _page_text(path: Path) -> str:
    """The words of a built page's article (or body): no tags, scripts or styles, and no links
    to other pages (they name the English chapters by their titles)."""
    import html

    text = path.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", text, re.S)
    text = re.sub(
        r"<(script|style)\b.*?</\1>", " ", article.group(0) if article else text, flags=re.S
    )
    text = re.sub(r'<a\b[^>]*href="[^"#]+\.html[^"]*"[^>]*>.*?</a>', " ", text, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


@pytest.mark.browser
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_no_english_theme_name_on_a_dutch_or_french_page(language):
    """The interviews' themes carry a Dutch and a French name (localwelfare.chapter.VOCABULARY);
    a built Dutch or French page shows those, never the codebook's English name."""
    from localwelfare import chapter, refiqda

    codebook = refiqda.read_codebook(REPO / "data" / "raw" / "interviews.qdpx")
    english = {
        theme
        for theme in codebook.loc[codebook["level"] == 1, "code_path"]
        if chapter.translate(theme, language).lower() != theme.lower()
    }
    pages = [p for pattern in LOCAL_HTML[language] for p in sorted((REPO / "_build").glob(pattern))]
    if not pages:
        reason = "no Dutch or French page built (run `make book briefs brochure` first)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    found = [
        f"{page.relative_to(REPO)}: {theme!r}"
        for page in pages
        for theme in sorted(english)
        if re.search(rf"(?<![\w-]){re.escape(theme)}(?![\w-])", _page_text(page), re.I)
    ]
    assert found == []
