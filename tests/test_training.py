"""The training package's exercises name runs and parameters that exist, with valid values.

Each exercise re-runs a chapter of the report with ``python -m localwelfare run RUN -p NAME
VALUE``; this test checks every such command in ``training/*.md`` against ``notebooks/runs.yml``
and the notebook's ``parameters`` cell (as the command itself would, before executing anything),
so that a renamed parameter cannot leave a broken exercise behind.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from localwelfare import pipeline
from localwelfare.errors import InputError

REPO = Path(__file__).resolve().parents[1]
COMMAND = re.compile(r"`(?:\S*python -m localwelfare run [^`]+)`")


def _commands() -> list[tuple[str, str]]:
    found = []
    for page in sorted((REPO / "training").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in COMMAND.finditer(text):
            found.append((page.name, " ".join(match.group(0).strip("`").split())))
    return found


def _check(command: str) -> None:
    words = shlex.split(command)
    run = words[words.index("run") + 1]
    overrides, i = {}, 0
    while i < len(words):
        if words[i] == "-p":
            overrides[words[i + 1]] = words[i + 2]
            i += 3
        else:
            i += 1
    runs = pipeline.load_runs(REPO)
    if run not in runs:
        raise InputError(f"unknown run '{run}'")
    pipeline.check_parameters(runs[run], overrides)


def test_every_chapter_has_exercises_licence_and_citation():
    chapters = [p for p in (REPO / "training").glob("*.md") if p.name != "index.md"]
    assert len(chapters) >= 4
    for page in chapters:
        text = page.read_text(encoding="utf-8")
        for heading in ("## Learning objectives", "## Discussion questions", "## Exercises"):
            assert heading in text, f"{page.name}: no '{heading}'"
        assert "CC-BY-4.0" in text and "Cite it as" in text, f"{page.name}: licence or citation"
        assert COMMAND.search(text), f"{page.name}: no exercise re-runs a chapter"


@pytest.mark.parametrize(("page", "command"), _commands())
def test_exercise_command_is_valid(page, command):
    _check(command)


@pytest.mark.parametrize(
    "command",
    [
        "python -m localwelfare run wp1-inch -p threshold weekly",
        "python -m localwelfare run wp1-inch -p no_such_parameter 1",
        "python -m localwelfare run no-such-run -p threshold 1",
    ],
)
def test_a_broken_exercise_is_caught(command):
    with pytest.raises(InputError):
        _check(command)


#: The audiences the studies' proposals name for their training packages, and their modules.
AUDIENCES = {
    "family-support": "family support workers",
    "pedagogical-coaches": "pedagogical coaches",
    "child-welfare": "child-welfare workers",
    "pcsw-social-workers": "PCSW social workers",
    "municipalities": "municipalities",
}


def test_the_package_has_one_module_per_audience_with_its_handout():
    import yaml

    toc = yaml.safe_load((REPO / "training" / "_toc.yml").read_text(encoding="utf-8"))
    parts = {part["caption"]: [c["file"] for c in part["chapters"]] for part in toc["parts"]}
    assert parts["Modules by audience"] == list(AUDIENCES)
    index = (REPO / "training" / "index.md").read_text(encoding="utf-8")
    for name, audience in AUDIENCES.items():
        text = (REPO / "training" / f"{name}.md").read_text(encoding="utf-8")
        assert audience.split()[0].lower() in text.splitlines()[0].lower(), name
        assert "## What the research found that matters to you" in text, name
        assert "**Worked exercise" in text, name
        assert f'href="handouts/{name}.pdf"' in text, f"{name}: no handout link"
        assert f"{{doc}}`{name}`" in index, f"index.md does not list {name}"
