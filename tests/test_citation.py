"""Citation metadata: CITATION.cff is valid Citation File Format 1.2.0, and .zenodo.json, the
package version and the book's *How to cite* page agree with it.

``tests/schemas/citation-file-format-1.2.0.json`` is the CFF 1.2.0 JSON schema published by the
Citation File Format project (https://citation-file-format.github.io/1.2.0/schema.json, CC-BY-4.0),
as shipped in cffconvert 2.0.0 (``cffconvert/schemas/1.2.0/schema.json``). cffconvert itself is not
a dependency: it pins jsonschema<4, which Jupyter's packages cannot use.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from localwelfare.errors import InputError
from localwelfare.project import project_version
from localwelfare.publishing.sphinxext import chapter_bibtex

REPO = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).with_name("schemas") / "citation-file-format-1.2.0.json"
#: Licences of the compendium's parts (README "Licences"): code, text and figures, data.
LICENCES = {"MIT": "LICENSE", "CC-BY-4.0": "LICENSE-text", "CC0-1.0": "LICENSE-data"}


def _cff_as_json(cff: dict) -> dict:
    """CFF as JSON sees it: YAML dates become ISO strings (cffconvert does the same)."""
    return json.loads(json.dumps(cff, default=lambda v: v.isoformat()))


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def zenodo() -> dict:
    return json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, document: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(_cff_as_json(document))
    ]


def test_citation_cff_is_valid_cff_1_2_0(cff, validator):
    assert cff["cff-version"] == "1.2.0"
    assert _errors(validator, cff) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.pop("authors"), "authors"),
        (lambda c: c.update(license="MIT-ish"), "license"),
        (lambda c: c.update({"date-released": "22 November 2026"}), "date-released"),
        (lambda c: c.update(type="book"), "type"),
    ],
)
def test_the_schema_refuses_broken_metadata(cff, validator, change, field):
    """The validation can fail: each broken copy is refused, naming the field."""
    broken = copy.deepcopy(cff)
    change(broken)
    errors = _errors(validator, broken)
    assert errors and any(field in e for e in errors), errors


def test_version_matches_the_package(cff):
    assert str(cff["version"]) == project_version(REPO)
    assert str(cff["preferred-citation"]["version"]) == str(cff["version"])


def test_licences_are_split_and_their_files_exist(cff):
    assert cff["license"] == list(LICENCES)
    for spdx, path in LICENCES.items():
        assert (REPO / path).is_file(), f"{path} ({spdx}) missing"
    assert cff["preferred-citation"]["license"] == "CC-BY-4.0"  # the report's text and figures


def test_zenodo_metadata_matches_citation_cff(cff, zenodo):
    assert zenodo["title"] == cff["title"]
    assert zenodo["version"] == str(cff["version"])
    assert zenodo["creators"] == [
        {"name": a["name"]} if "name" in a else {"name": f"{a['family-names']}, {a['given-names']}"}
        for a in cff["authors"]
    ]
    assert zenodo["license"] == cff["license"][0]  # Zenodo takes one: the deposit's code licence
    for spdx in cff["license"][1:]:
        assert spdx in zenodo["notes"], f"{spdx} not named in .zenodo.json notes"
    assert zenodo["keywords"] == cff["keywords"]
    assert zenodo["description"] == " ".join(cff["abstract"].split())
    assert zenodo["publication_date"] == _cff_as_json(cff)["date-released"]
    dt.date.fromisoformat(zenodo["publication_date"])
    assert zenodo["upload_type"] == cff["type"]


def test_how_to_cite_page_names_the_current_version(cff):
    page = (REPO / "book" / "cite.md").read_text(encoding="utf-8")
    versions = set(re.findall(r"version\s*=?\s*\{?(\d+\.\d+\.\d+)", page, flags=re.I))
    assert versions == {str(cff["version"])}, f"book/cite.md names versions {versions}"


def test_how_to_cite_page_lists_every_chapter_of_runs_yml():
    """The page writes its chapter entries from runs.yml, so no chapter can go missing."""
    page = (REPO / "book" / "cite.md").read_text(encoding="utf-8")
    assert "```{localwelfare-chapter-bibtex}" in page


def test_chapter_bibtex_has_one_valid_entry_per_run(cff):
    from pybtex.database import parse_string

    runs = yaml.safe_load((REPO / "notebooks" / "runs.yml").read_text(encoding="utf-8"))["runs"]
    book = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    entries = parse_string(chapter_bibtex(REPO), "bibtex").entries
    assert list(entries) == [f"localwelfare2026-{run}" for run in runs]
    for run, spec in runs.items():
        entry = entries[f"localwelfare2026-{run}"]
        assert entry.type == "incollection"
        assert entry.fields["title"] == "{" + spec["title"] + "}"
        assert entry.fields["booktitle"] == "{" + book["title"] + "}"
        assert entry.fields["booktitle"] == "{" + cff["preferred-citation"]["title"] + "}"
        assert f"version {cff['version']}" in entry.fields["note"]
        assert [str(p) for p in entry.persons["author"]] == [
            "{" + a["name"] + "}" for a in cff["preferred-citation"]["authors"]
        ]


def test_chapter_bibtex_escapes_special_characters(tmp_path):
    for name in ("pyproject.toml", "_config.yml"):
        (tmp_path / name).write_text((REPO / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "runs.yml").write_text(
        'runs:\n  r1: {notebook: x, title: "Rights & duties: 50% of #1_a"}\n  r2: {notebook: x}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="run 'r2' has no field 'title'"):
        chapter_bibtex(tmp_path)
    text = (tmp_path / "notebooks" / "runs.yml").read_text().replace("  r2: {notebook: x}\n", "")
    (tmp_path / "notebooks" / "runs.yml").write_text(text, encoding="utf-8")
    assert r"title     = {{Rights \& duties: 50\% of \#1\_a}}" in chapter_bibtex(tmp_path)


def test_every_output_of_the_readme_is_a_related_work(cff, zenodo):
    """The README's list of outputs, the citation file and the Zenodo metadata name the same
    outputs: every command of the list is in a CITATION.cff identifier, and every identifier
    but the online book is a part (hasPart) of the Zenodo deposit."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    outputs = readme.split("## Outputs", 1)[1].split("\n## ", 1)[0]
    commands = set(re.findall(r"`(make [a-z-]+)`", outputs))
    assert {"make book", "make briefs", "make slides", "make report-short"} <= commands
    described = " ".join(i["description"] for i in cff["identifiers"])
    assert [c for c in sorted(commands) if f"({c})" not in described] == []
    parts = {r["identifier"] for r in zenodo["related_identifiers"] if r["relation"] == "hasPart"}
    sources = {i["value"] for i in cff["identifiers"]} - {cff["identifiers"][0]["value"]}
    assert sources <= parts
