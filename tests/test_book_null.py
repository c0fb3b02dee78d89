"""The whole book on null data: it builds, and its prose claims nothing the claims table rejects.

A copy of the project gets a data package of the same design with every planted effect switched
off (``synthesize --null``), and the book is built from it as a user would (``book``). Every
sentence in the chapters' running text (paragraphs and list items, not the tables that list every
claim with its verdict) is then checked: the wording of a claim the table does not support may
not appear in it. Chapters may only print a claim's negation ("The data do not support the claim
that ...", which quotes the statement, not the claim) or say it was not tested.

The build executes every run (a few minutes on two cores), so this module runs once per test
session.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from localwelfare import findings

NULL_SEED = 7


class _Prose(HTMLParser):
    """Collect the text of paragraphs and list items that are not inside a table."""

    def __init__(self):
        super().__init__()
        self.depth_table = 0
        self.open = 0
        self.parts: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth_table += 1
        elif tag in ("p", "li") and not self.depth_table:
            self.open += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth_table -= 1
        elif tag in ("p", "li") and self.open and not self.depth_table:
            self.open -= 1
            if not self.open:
                self.texts.append(" ".join("".join(self.parts).split()))
                self.parts = []

    def handle_data(self, data):
        if self.open and not self.depth_table:
            self.parts.append(data)


def _prose(path: Path) -> list[str]:
    parser = _Prose()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.texts


def _copy_project(repo: Path, dest: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=repo,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = repo / name.decode()
        if source.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


@pytest.fixture(scope="module")
def null_book(repo, tmp_path_factory):
    """A copy of the project with null data and its built book."""
    if shutil.which("git") is None or not (repo / ".git").exists():
        pytest.skip("the project copy needs git and a git checkout")
    project = _copy_project(repo, tmp_path_factory.mktemp("null-book"))
    null_data = tmp_path_factory.mktemp("null-data") / "data"
    cli = [sys.executable, "-m", "localwelfare"]
    subprocess.run(
        [*cli, "synthesize", "--seed", str(NULL_SEED), "--null", "--out", str(null_data)],
        cwd=project,
        check=True,
        capture_output=True,
    )
    shutil.rmtree(project / "data" / "raw")
    shutil.copytree(null_data, project / "data", dirs_exist_ok=True)
    built = subprocess.run(
        [*cli, "-q", "book", "--project", str(project)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr[-4000:]
    return project


def test_the_book_builds_on_null_data_from_the_null_data(null_book):
    assert (null_book / "data" / "planted.json").read_text().strip() == "[]"
    chapters = sorted((null_book / "_build" / "html").rglob("*.html"))
    assert len(chapters) >= 10


def test_null_prose_states_no_claim_the_claims_table_does_not_support(null_book):
    claims = findings.all_claims(null_book / "data", null_book, robustness=False)
    rejected = claims[
        claims["kind"].ne("integration")
        & claims["supported"].notna()
        & ~claims["supported"].fillna(False).astype(bool)
    ]
    assert len(rejected) >= 40  # on null data most tested claims are not supported
    wordings = {c.rstrip(".") for c in rejected["claim"]} - {
        c.rstrip(".") for c in claims.loc[claims["supported"].fillna(False).astype(bool), "claim"]
    }
    prose = {
        page.relative_to(null_book).as_posix(): _prose(page)
        for page in sorted((null_book / "_build" / "html").rglob("*.html"))
    }
    # the running text is read: the chapters' Findings print the rejected claims' negations
    assert sum("do not support the claim that" in t for texts in prose.values() for t in texts)
    found = [
        (page, wording)
        for page, texts in prose.items()
        for text in texts
        for wording in wordings
        if wording in text
    ]
    assert not found, found[:10]
