"""Final-conference slides, made from the built policy briefs and the runs' glued figures.

A deck per study (INCh, Antwerp, BBOX, Oud Noord; English) and one for the programme (English,
Dutch, French). Nothing in a deck is typed: each slide takes its words from the policy brief of
its study and language (``_build/briefs/html``, made by ``make briefs`` from the claims), and its
figure from the executed run that glued it (``book/runs``). So a deck says what the brief says,
in the same words and with the same verdicts, and changes when the data or a parameter do.

A study's deck: the title, the question, one slide per finding (the statement and its verdict,
with the figure of its run where there is one), what the strands say together (with the joint
display figure), the recommendations and how to cite. The programme's deck: the title, one slide
per study (what its strands say together, with its joint display) and how to cite. Every slide
carries speaker notes (``<aside class="notes">``) with the evidence: estimate, interval, adjusted
*p* and robustness.

The decks are single HTML files with no external asset (style and the few lines of keyboard
navigation are inline, figures are embedded PNGs), so they work offline from a USB stick; the
arrow keys or Page Up/Down move between slides and ``n`` shows the notes. ``<deck>-notes.html`` is
the same deck with the notes shown, for the speaker. Each deck is also printed to PDF by Debian's
Chromium, one slide per landscape A4 page (:func:`localwelfare.publishing.printing.print_pdf`).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from localwelfare.errors import InputError

__all__ = ["STUDIES", "read_brief", "study_deck", "programme_deck", "build_slides"]

STUDIES = ("inch", "antwerp", "bbox", "oud-noord")
PROGRAMME_LANGUAGES = ("en", "nl", "fr")
SLIDES_DIR = Path("_build") / "slides"
#: The figure shown with a finding, by the glue key of the finding's claim in the brief: the run
#: and the glue key of its figure.
FINDING_FIGURES = {
    "claim_types_by_region": ("wp3-typology", "types_by_region"),
    "claim_accessibility_by_region": ("wp4-newcomers", "item_chart"),
}
#: Words of the slides that are not in the brief, in each language.
WORDS = {
    "en": {"conference": "Final conference", "programme": "The research programme",
           "notes": "Speaker notes", "slide": "Slide"},
    "nl": {"conference": "Slotconferentie", "programme": "Het onderzoeksprogramma",
           "notes": "Sprekersnotities", "slide": "Dia"},
    "fr": {"conference": "Conférence finale", "programme": "Le programme de recherche",
           "notes": "Notes de l'orateur", "slide": "Diapositive"},
}  # fmt: skip
STYLE = """
html { scroll-snap-type: y mandatory; }
body { margin: 0; font-family: "DejaVu Sans", "Liberation Sans", sans-serif; color: #1a1a1a; }
section.slide { box-sizing: border-box; min-height: 100vh; padding: 5vh 6vw; display: flex;
  flex-direction: column; justify-content: center; scroll-snap-align: start;
  border-bottom: 1px solid #ddd; }
section.slide h1 { font-size: 2.4em; margin: 0 0 0.4em; color: #0b4f8a; }
section.slide h2 { font-size: 1.7em; margin: 0 0 0.6em; color: #0b4f8a; }
section.slide p, section.slide li { font-size: 1.25em; line-height: 1.4; max-width: 60em; }
section.slide img { max-width: 100%; max-height: 55vh; height: auto; align-self: center; }
section.slide .synthetic { font-size: 0.95em; background: #fff4e5; border-left: 4px solid #e69f00;
  padding: 0.5em 1em; }
section.slide .number { position: absolute; right: 2vw; font-size: 0.8em; color: #555; }
aside.notes { display: none; font-size: 1em; background: #eef4fa; padding: 0.6em 1em;
  margin-top: 1em; border-left: 4px solid #0072b2; }
body.show-notes aside.notes { display: block; }
@media print {
  @page { size: A4 landscape; margin: 0; }
  html { scroll-snap-type: none; }
  section.slide { height: 210mm; min-height: 0; break-after: page; border: 0; overflow: hidden; }
  aside.notes { display: none !important; }
}
"""
SCRIPT = """
document.addEventListener("keydown", (event) => {
  const slides = [...document.querySelectorAll("section.slide")];
  const now = slides.findIndex((s) => s.getBoundingClientRect().top >= -5);
  if (["ArrowRight", "ArrowDown", "PageDown", " "].includes(event.key)) {
    slides[Math.min(now + 1, slides.length - 1)].scrollIntoView();
  } else if (["ArrowLeft", "ArrowUp", "PageUp"].includes(event.key)) {
    slides[Math.max(now - 1, 0)].scrollIntoView();
  } else if (event.key === "n") {
    document.body.classList.toggle("show-notes");
  }
});
"""


def _article(path: Path):
    import lxml.html

    if not path.is_file():
        raise InputError(f"{path}: policy brief not built (run `make briefs` first)")
    tree = lxml.html.parse(str(path)).getroot()
    found = tree.xpath("//article[@role='main']") or tree.xpath("//main")
    if not found:
        raise InputError(f"{path}: no main article in the page")
    return found[0]


def _text(element) -> str:
    return " ".join(element.text_content().split())


def read_brief(page: str | os.PathLike, source: str | os.PathLike | None = None) -> dict:
    """Read a built policy brief: ``title``, ``synthetic`` (the notice), ``question``,
    ``findings`` (a list of ``{"statement", "evidence", "claim"}``: the sentence with its verdict,
    the evidence in its brackets, and the claim's glue key from the brief's Markdown ``source``),
    ``strands``, ``recommendations`` (a list) and ``cite``.

    The brief's sections are read in their order (question, findings, strands, policy, citation),
    so the reader does not depend on the language of the headings."""
    import re

    page = Path(page)
    article = _article(page)
    title = _text(article.xpath(".//h1")[0]).rstrip("#").strip()
    notice = article.xpath(".//div[contains(@class, 'admonition')]")
    sections = article.xpath(".//section[h2]")
    if len(sections) < 5:
        raise InputError(f"{page}: a brief has five sections, this page {len(sections)}")
    question, found, strands, policy, cite = sections[:5]
    claims = []
    if source is not None:
        claims = re.findall(r"::(claim_[a-z0-9_]+?)_verdict", Path(source).read_text("utf-8"))
    findings = []
    items = found.xpath(".//li")
    for i, item in enumerate(items):
        pasted = item.xpath(".//span[contains(@class, 'pasted')]")
        evidence = _text(pasted[-1]) if pasted else ""
        statement = _text(item).replace(f"({evidence})", "").strip().rstrip(".").strip()
        findings.append(
            {
                "statement": statement,
                "evidence": evidence,
                "claim": claims[i] if i < len(claims) else "",
            }
        )

    def body(section) -> str:
        return " ".join(_text(p) for p in section.xpath("./p"))

    return {
        "title": title,
        "synthetic": _text(notice[0].xpath(".//p[not(contains(@class, 'title'))]")[0])
        if notice
        else "",
        "question": body(question),
        "findings": findings,
        "evidence_note": body(found),
        "strands": body(strands),
        "recommendations": [_text(li) for li in policy.xpath(".//li")],
        "cite": " ".join(_text(b) for b in cite.xpath(".//blockquote")) or body(cite),
    }


def _figure(runs: Path, run: str, key: str) -> str:
    """The ``<img>`` element of the figure ``key`` glued by ``run`` (empty when there is none)."""
    import lxml.html

    from localwelfare.publishing.sphinxext import glue_data

    notebook = runs / f"{run}.ipynb"
    if not notebook.is_file():
        return ""
    output = glue_data(notebook).get(key)
    if not output:
        return ""
    markup = output.get("data", {}).get("text/html", "")
    if "<img" not in markup:
        return ""
    image = lxml.html.fragment_fromstring(markup, create_parent="div").xpath(".//img")[0]
    return lxml.html.tostring(image, encoding="unicode")


def _slide(inner: str, notes: str = "") -> str:
    aside = f'<aside class="notes">{html.escape(notes)}</aside>' if notes else ""
    return f'<section class="slide">{inner}{aside}</section>'


def _deck(title: str, language: str, slides: list[str], notes: bool) -> str:
    numbered = [
        s.replace(
            '<section class="slide">',
            f'<section class="slide" aria-label="{WORDS[language]["slide"]} {i}">',
            1,
        )
        for i, s in enumerate(slides, start=1)
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body class="{"show-notes" if notes else ""}">\n<main>\n'
        + "\n".join(numbered)
        + f"\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def study_deck(brief: dict, study: str, runs: str | os.PathLike, language: str = "en") -> list:
    """The slides of ``study``'s deck from its ``brief`` (:func:`read_brief`) and the figures of
    the executed ``runs`` folder."""
    runs = Path(runs)
    words = WORDS[language]
    esc = html.escape
    slides = [
        _slide(
            f"<h1>{esc(brief['title'])}</h1><p>{esc(words['conference'])}</p>"
            f'<p class="synthetic">{esc(brief["synthetic"])}</p>'
        ),
        _slide(f"<h2>{esc(brief['title'])}</h2><p>{esc(brief['question'])}</p>"),
    ]
    for finding in brief["findings"]:
        figure = ""
        if finding["claim"] in FINDING_FIGURES:
            figure = _figure(runs, *FINDING_FIGURES[finding["claim"]])
        slides.append(
            _slide(
                f"<h2>{esc(finding['statement'])}</h2>{figure}",
                notes=finding["evidence"],
            )
        )
    joint = _figure(runs, f"integration-{study}", "fig_joint_display")
    slides.append(_slide(f"<p>{esc(brief['strands'])}</p>{joint}"))
    items = "".join(f"<li>{esc(r)}</li>" for r in brief["recommendations"])
    slides.append(_slide(f"<ul>{items}</ul>"))
    slides.append(_slide(f"<p>{esc(brief['cite'])}</p>"))
    return slides


def programme_deck(briefs: dict, runs: str | os.PathLike, language: str) -> list:
    """The slides of the programme's deck in ``language``: ``briefs`` maps each study to its
    brief in that language (:func:`read_brief`)."""
    runs = Path(runs)
    words = WORDS[language]
    esc = html.escape
    first = next(iter(briefs.values()))
    slides = [
        _slide(
            f"<h1>{esc(words['programme'])}</h1><p>{esc(words['conference'])}</p>"
            f'<p class="synthetic">{esc(first["synthetic"])}</p>'
        )
    ]
    for study, brief in briefs.items():
        joint = _figure(runs, f"integration-{study}", "fig_joint_display")
        notes = " ".join(f"{f['statement']} ({f['evidence']})." for f in brief["findings"])
        slides.append(
            _slide(
                f"<h2>{esc(brief['title'])}</h2><p>{esc(brief['strands'])}</p>{joint}",
                notes=notes,
            )
        )
    slides.append(_slide(f"<p>{esc(first['cite'])}</p>"))
    return slides


def build_slides(project: str | os.PathLike = ".") -> list[Path]:
    """Write every deck (HTML, HTML with notes, PDF) into ``_build/slides``; return the files."""
    from localwelfare.publishing.printing import print_pdf

    project = Path(project).resolve()
    briefs_html = project / "_build" / "briefs" / "html"
    runs = project / "book" / "runs"
    out = project / SLIDES_DIR
    out.mkdir(parents=True, exist_ok=True)

    def brief(study: str, language: str) -> dict:
        name = f"{study}-{language}"
        return read_brief(briefs_html / f"{name}.html", project / "briefs" / f"{name}.md")

    decks = {
        study: ("en", study_deck(brief(study, "en"), study, runs), brief(study, "en")["title"])
        for study in STUDIES
    }
    for language in PROGRAMME_LANGUAGES:
        slides = programme_deck({s: brief(s, language) for s in STUDIES}, runs, language)
        decks[f"programme-{language}"] = (language, slides, WORDS[language]["programme"])
    written = []
    for name, (language, slides, title) in decks.items():
        page = out / f"{name}.html"
        page.write_text(_deck(title, language, slides, notes=False), encoding="utf-8")
        notes = out / f"{name}-notes.html"
        notes.write_text(_deck(title, language, slides, notes=True), encoding="utf-8")
        pdf = print_pdf(page, out / f"{name}.pdf", title, slides=True)
        written += [page, notes, pdf]
    return written
