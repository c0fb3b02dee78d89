"""The bad-input corpus (tests/bad_inputs/cases.yml): each malformed variant of a data file is
refused before anything runs, with file, row, field and rule, or, for a legitimate export format,
read exactly as the committed file."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from localwelfare import data, pipeline

REPO = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((Path(__file__).parent / "bad_inputs" / "cases.yml").read_text("utf-8"))


def _case(case_id: str) -> dict:
    return next(case for case in CASES if case["id"] == case_id)


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _apply(raw: bytes, step: dict, schema: dict | None) -> bytes:
    """One step of a case's ``change`` (see the head of cases.yml)."""
    [(kind, arg)] = step.items()
    if kind == "set":
        rows = _rows(raw)
        rows[arg["row"] - 1][rows[0].index(arg["field"])] = arg["value"]
        return _csv(rows)
    if kind == "drop_column":
        rows = _rows(raw)
        col = rows[0].index(arg)
        return _csv([row[:col] + row[col + 1 :] for row in rows])
    if kind == "add_column":
        rows = _rows(raw)
        return _csv([rows[0] + [arg["field"]]] + [row + [arg["value"]] for row in rows[1:]])
    if kind == "truncate":
        return raw[:-arg]
    if kind == "content":
        return arg.encode("utf-8")
    if kind == "header_only":
        return raw.split(b"\n")[0] + b"\n"
    if kind == "encoding":
        return raw.decode("utf-8").encode(arg)
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if kind == "semicolons":
        rows = _rows(raw)
        numbers = [i for i, f in enumerate(schema["fields"]) if f.get("type") == "number"]
        for row in rows[1:]:
            for i in numbers:
                row[i] = row[i].replace(".", ",")
        return _csv(rows, delimiter=";")
    if kind == "zip":
        return _zip(arg)
    raise ValueError(f"unknown change {kind!r}")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """A copy of the committed data package, the reference every variant is compared with."""
    path = tmp_path_factory.mktemp("clean") / "data"
    shutil.copytree(REPO / "data", path)
    return path


def _variant(case: dict, clean: Path, where: Path) -> Path:
    """A copy of the data package with the case's change made to its resource's file."""
    shutil.copytree(clean, where)
    res = next(r for r in data.descriptor(where)["resources"] if r["name"] == case["resource"])
    path = where / res["path"]
    raw = path.read_bytes()
    for step in case["change"]:
        raw = _apply(raw, step, res.get("schema"))
    path.write_bytes(raw)
    return where


def _key(problem) -> tuple:
    return (problem.file, problem.row, problem.field, problem.rule)


REFUSED = [c for c in CASES if "refused" in c]
NORMALISED = [c for c in CASES if c.get("normalised")]


def test_the_corpus_covers_every_resource_and_every_kind_of_fault():
    resources = {r["name"] for r in data.descriptor(REPO / "data")["resources"]}
    assert resources - {"deidentification_register"} <= {c["resource"] for c in CASES}
    assert len(CASES) >= 30 and len({c["id"] for c in CASES}) == len(CASES)
    assert all(("refused" in c) != bool(c.get("normalised")) for c in CASES)
    rules = {p["rule"] for c in REFUSED for p in c["refused"]}
    assert {
        "missing-label",
        "extra-label",
        "type-error",
        "constraint-error",
        "foreign-key",
        "primary-key",
        "empty-file",
        "no-rows",
        "truncated-last-line",
        "encoding-error",
        "not-a-zip",
        "no-project-file",
        "not-refi-qda",
        "not-well-formed-xml",
    } <= rules
    steps = {kind for c in NORMALISED for step in c["change"] for kind in step}
    assert {"bom", "crlf", "semicolons"} <= steps


@pytest.mark.parametrize("case", REFUSED, ids=[c["id"] for c in REFUSED])
def test_malformed_input_is_refused_with_file_row_field_and_rule(case, clean, tmp_path):
    variant = _variant(case, clean, tmp_path / "data")
    problems = data.validate(variant, [case["resource"]])
    expected = {(p["file"], p["row"], p["field"], p["rule"]) for p in case["refused"]}
    assert {_key(p) for p in problems} == expected, "\n".join(map(str, problems))
    if "hint" in case:
        assert case["hint"] in problems[0].message
    if case["resource"] != "interviews_qdpx":  # tabular: data.load refuses it too
        with pytest.raises(data.DataValidationError) as caught:
            data.load(case["resource"], variant)
        assert {_key(p) for p in caught.value.problems} == expected


@pytest.mark.parametrize("case", NORMALISED, ids=[c["id"] for c in NORMALISED])
def test_legitimate_export_format_loads_as_the_committed_file(case, clean, tmp_path):
    variant = _variant(case, clean, tmp_path / "data")
    res = next(r for r in data.descriptor(variant)["resources"] if r["name"] == case["resource"])
    assert (variant / res["path"]).read_bytes() != (clean / res["path"]).read_bytes()
    assert data.validate(variant, [case["resource"]]) == []
    pd.testing.assert_frame_equal(
        data.load(case["resource"], variant), data.load(case["resource"], clean)
    )


def test_a_semicolon_export_keeps_the_row_numbers_of_its_lines(clean, tmp_path):
    """The row named in a refusal is the line of the file, whatever its dialect."""
    case = _case("pcsw_survey-semicolons-out-of-range")
    variant = _variant(case, clean, tmp_path / "data")
    lines = (variant / "raw" / "pcsw_survey.csv").read_text("utf-8").split("\n")
    (problem,) = data.validate(variant, ["pcsw_survey"])
    assert ";104,3;" in lines[problem.row - 1]


def _project(tmp_path: Path, case: dict) -> Path:
    """A copy of the repository's book sources and data, with the case's variant in data/."""
    project = tmp_path / "project"
    for name in ["notebooks", "book"]:
        shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("runs"))
    for name in ["_config.yml", "_toc.yml"]:
        shutil.copy(REPO / name, project / name)
    clean = tmp_path / "clean"
    shutil.copytree(REPO / "data", clean)
    _variant(case, clean, project / "data")
    return project


@pytest.mark.parametrize("case_id", ["ties-unknown-partner", "interviews_qdpx-no-project-file"])
def test_nothing_is_executed_or_published_from_a_refused_input(case_id, tmp_path):
    case = _case(case_id)
    project = _project(tmp_path, case)
    with pytest.raises(data.DataValidationError) as caught:
        pipeline.validate_data(project)
    assert {_key(p) for p in caught.value.problems} == {
        (p["file"], p["row"], p["field"], p["rule"]) for p in case["refused"]
    }
    env = {k: v for k, v in os.environ.items() if k != data.DATA_DIR_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "localwelfare", "book", "--project", str(project), "-j", "1"],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
    )
    assert result.returncode == 2, result.stderr
    assert case["refused"][0]["rule"] in result.stderr
    assert case["refused"][0]["file"] in result.stderr
    assert not (project / "book" / "runs").exists()
    assert not (project / "_build" / "html").exists()
    assert not (project / pipeline.DATA_STAMP).exists()
