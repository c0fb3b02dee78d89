"""The data package: validation errors, the frame, the codebook, reproducible synthetic data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from localwelfare import data, design, synthetic
from localwelfare.errors import InputError


@pytest.fixture
def data_copy(repo: Path, tmp_path: Path) -> Path:
    """A copy of the data package that a test may break."""
    shutil.copytree(repo / "data", tmp_path / "data")
    return tmp_path / "data"


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV (row 1 is the first data row) without changing anything else."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    synthetic.write_csv(frame, path)


def test_committed_data_are_valid(repo):
    assert data.validate(repo / "data") == []


@pytest.mark.parametrize(
    ("resource", "row", "column", "value", "rule"),
    [
        ("networks", 3, "governance_mode", "hierarchy", "constraint-error"),
        ("networks", 5, "year_founded", "1850", "constraint-error"),
        ("networks", 2, "municipality", "99999", "foreign-key"),
        ("networks", 4, "paid_coordinator", "maybe", "type-error"),
        ("municipalities", 7, "nis_code", "11001", "unique-error"),
        ("interview_plan", 10, "case_id", "case-unknown", "foreign-key"),
    ],
)
def test_invalid_data_are_refused_with_file_row_field_and_rule(
    data_copy, resource, row, column, value, rule
):
    _edit(data_copy / "raw" / f"{resource}.csv", row, column, value)
    with pytest.raises(data.DataValidationError) as caught:
        data.load(resource, data_copy)
    problems = caught.value.problems
    # frictionless counts the header as row 1, so data row r is row r + 1
    hit = [p for p in problems if p.file == f"{resource}.csv" and p.row == row + 1]
    assert hit, str(caught.value)
    assert hit[0].rule == rule
    assert hit[0].field == column
    message = str(caught.value)
    assert f"{resource}.csv, row {row + 1}" in message and rule in message


def test_all_problems_of_a_file_are_listed(data_copy):
    _edit(data_copy / "raw" / "networks.csv", 1, "year_founded", "1700")
    _edit(data_copy / "raw" / "networks.csv", 2, "n_organisations", "-3")
    with pytest.raises(data.DataValidationError) as caught:
        data.load("networks", data_copy)
    fields = {(p.row, p.field) for p in caught.value.problems}
    assert {(2, "year_founded"), (3, "n_organisations")} <= fields


def test_load_types_the_columns(repo):
    networks = data.load("networks", repo / "data")
    assert networks["paid_coordinator"].dtype == "boolean"
    assert networks["year_founded"].dtype == "Int64"
    assert list(networks["governance_mode"].cat.categories) == [
        "shared_participant",
        "lead_organisation",
        "network_administrative_organisation",
    ]


def test_unknown_resource_is_named(repo):
    with pytest.raises(InputError, match="no resource named 'netwerken'"):
        data.load("netwerken", repo / "data")


def test_undeclared_read_is_refused_inside_a_run(repo, monkeypatch):
    monkeypatch.setenv(data.DECLARED_READS_ENV, "networks")
    with pytest.raises(InputError, match="'municipalities' is read but not declared"):
        data.load("municipalities", repo / "data")


def test_frame_is_statbel_2025(repo):
    """Statbel: 565 municipalities on 1 January 2025 (Flanders 285, Wallonia 261, Brussels 19),
    after the mergers of 2025; each has its own PCSW."""
    frame = data.load("municipalities", repo / "data")
    belgian = frame[frame["country"] == "BE"]
    assert len(belgian) == 565
    assert belgian["region"].value_counts().to_dict() == {
        "flanders": 285,
        "wallonia": 261,
        "brussels": 19,
        "amsterdam": 0,
        "zurich": 0,
    }
    assert belgian.set_index("nis_code").loc["21004", "name_fr"] == "Bruxelles"


def test_study_design_samples(repo):
    """The samples of the study designs: 8/8/4 INCh networks, 2/2/1 qualitative cases, 60 INCh
    interviews, 90 newcomer interviews (30 per region)."""
    table = design.samples_by_region(
        data.load("municipalities", repo / "data"),
        data.load("networks", repo / "data"),
        data.load("qualitative_cases", repo / "data"),
        data.load("interview_plan", repo / "data"),
    ).set_index("region")
    assert table["inch_networks"].to_dict() == {
        "flanders": 8,
        "wallonia": 8,
        "brussels": 4,
        "total": 20,
    }
    assert table["inch_cases"].to_dict() == {
        "flanders": 2,
        "wallonia": 2,
        "brussels": 1,
        "total": 5,
    }
    assert table.loc["total", "inch_interviews"] == 60
    assert table["newcomer_interviews"].to_dict() == {
        "flanders": 30,
        "wallonia": 30,
        "brussels": 30,
        "total": 90,
    }


def test_synthetic_data_are_reproducible_byte_for_byte(repo, tmp_path):
    written = synthetic.write_all(tmp_path, seed=synthetic.DEFAULT_SEED)
    committed = sorted(p.name for p in (repo / "data" / "raw").iterdir())
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (repo / "data" / "raw" / path.name).read_bytes(), path.name


def test_another_seed_gives_other_data(tmp_path):
    a = synthetic.generate_all(seed=1)["networks"]
    b = synthetic.generate_all(seed=2)["networks"]
    assert not a.equals(b)


def test_every_raw_file_is_a_resource(repo):
    desc = data.descriptor(repo / "data")
    described = {Path(r["path"]).name for r in desc["resources"]}
    assert described == {p.name for p in (repo / "data" / "raw").iterdir()}


def test_codebook_is_in_sync_with_the_descriptor(repo):
    committed = (repo / "data" / "README.md").read_text(encoding="utf-8")
    assert committed == data.codebook_markdown(repo / "data"), (
        "data/README.md is out of date: run `python -m localwelfare codebook > data/README.md`"
    )


def test_row_rules_are_checked_by_validation(data_copy):
    """A self-tie breaks the ties resource's row rule; `validate` (not only the network code)
    refuses it, naming file, row, field and rule."""
    ties = pd.read_csv(data_copy / "raw" / "ties.csv", dtype=str, keep_default_na=False)
    row = 4
    partner = ties.loc[row - 1, "organisation_id"]
    others = ties[
        (ties["network_id"] == ties.loc[row - 1, "network_id"])
        & (ties["organisation_id"] == partner)
        & (ties["partner_id"] == partner)
        & (ties["tie_type"] == ties.loc[row - 1, "tie_type"])
    ]
    assert others.empty  # the edit below creates no duplicate key
    _edit(data_copy / "raw" / "ties.csv", row, "partner_id", partner)
    problems = data.validate(data_copy)
    hits = [p for p in problems if p.rule == "self-tie"]
    assert [(p.file, p.row, p.field) for p in hits] == [("ties.csv", row + 1, "partner_id")]
