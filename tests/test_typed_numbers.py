"""No number in the book's prose is typed by hand: the Markdown of the book, the summaries, the
brochure, the training package and the notebooks' Markdown cells hold digits only inside glue
roles and directives, code, citations and links, or in an explicitly allowed design constant."""

from __future__ import annotations

import re

import nbformat
import pytest

#: Design constants and names that carry digits but are not findings (each with why).
ALLOWED = [
    r"\b1 to 5\b",  # the Likert scale's range
    r"\bscale of 1 to 5\b",
    r"\b1 (?:strongly disagree|=)",  # scale anchors
    r"\b1 to 4\b",  # the PARTNER rating scale
    r"\b1 January 2025\b",  # the territory date of the municipality frame
    r"\bCC-BY-4\.0\b",
    r"\bREFI-QDA\b",
    r"\b95 %",  # the confidence level of every interval
    r"\bWP[1-4]\b",  # work package names
    r"\bRQ[1-4]\b",
    r"\b(?:19|20)\d\d[a-z]?\b",  # years (of publications, of the studies)
    r"\bversion \d+\.\d+\.\d+\b",
    r"\bE-I\b",
    r"\b0\.8\b(?= \(the common benchmark| benchmark)",
    r"\bUCINET 6\.849\b",
    r"\b1 = ",  # "1 = every PCSW clearly in one type": the definition of a measure
    r"\b0 = chance\b",
    r"\(from -1: only within, to \+1: only between\)",
    r"\b0 means no\b",
    r"\b1 for a star and 0\b",
    r"\bISO \d+",
    r"\bA4\b",
    r"\bCC0-1\.0\b",
    r"\b(?:HMAC-)?SHA-?256\b",
    r"\bUTF-8\b",
    r"\bLatin-1\b",
    r"\bWindows-1252\b",
    r"^#+ \d+\. ",  # numbered sections of the discussion
    r"\binch-rq\d\b",  # question ids
    r"\(default \d+\)",  # a parameter's documented default
    r"\(\s*is 3\.5\)",  # the example of a decimal comma
    r"\b0 for pairs\b",
    r"\bshown as 0\b",
    r"\btype 1\b",  # the reference type of the regression is named by its number
    r"\bexcludes 1\b",  # the null value of an odds ratio
    r"\bwith 1 to\b",  # models with 1 to k_max classes
    r"\bfrom 1 to 4\b",
    r"(?:^|(?<=[.?!*)] ))\d+\. ",  # numbered list items
    r"\(level 4\)",  # the frequency level an exercise sets (weekly)
    r"\bthreshold to 10\b",  # the parameter value an exercise sets
]
STRIP = [
    r"\{glue:[a-z]+\}`[^`]*`",  # glue roles
    r"```\{glue[^`]*?```",  # glue directives
    r"```.*?```",  # fenced code and directives with bodies
    r"`[^`]*`",  # inline code
    r"\{cite:[a-z]+\}`[^`]*`",
    r"\{doc\}`[^`]*`",
    r"\]\([^)]*\)",  # link targets
    r"<[^>]+>",  # html
    r"^:[a-z-]+:.*$",  # directive options
    r"^%.*$",  # comments
    r"https?://\S+",
]


def _prose(text: str) -> str:
    for pattern in STRIP:
        text = re.sub(pattern, " ", text, flags=re.S | re.M)
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text, flags=re.M)
    return text


def _pages(repo):
    for folder in ("book", "training", "brochure"):
        for path in sorted((repo / folder).glob("*.md")):
            yield path.relative_to(repo), path.read_text(encoding="utf-8")
        for path in sorted((repo / folder / "_snippets").glob("*.md")):
            yield path.relative_to(repo), path.read_text(encoding="utf-8")
    for path in sorted((repo / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                yield f"{path.relative_to(repo)} cell {i}", cell.source


def test_no_digit_is_typed_in_prose(repo):
    found = []
    for where, text in _pages(repo):
        for paragraph in re.split(r"\n\s*\n", text):
            joined = (
                paragraph
                if paragraph.lstrip().startswith(("|", "```", ":::"))
                else (re.sub(r"\s*\n\s*", " ", paragraph))
            )
            for line in _prose(joined).splitlines():
                if re.search(r"\d", line):
                    found.append(f"{where}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "text, typed",
    [
        ("The 20 networks", True),
        ("The {glue:text}`n_networks` networks", False),
        ("answers on a scale of 1 to 5", False),
        ("ninety interviews", False),  # words are not digits: the scan cannot see them
    ],
)
def test_the_scan_sees_typed_digits_only(text, typed):
    assert bool(re.search(r"\d", _prose(text))) is typed
