"""The WP1 resources (organisations, ties): validation refuses broken files with file, row,
field and rule, and the synthetic generator plants the documented effects."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from localwelfare import data, network
from localwelfare.data import DataValidationError
from localwelfare.synthetic import design
from localwelfare.synthetic import networks as synthetic_networks


@pytest.fixture()
def data_copy(repo, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(repo / "data", target)
    return target


def _corrupt(path, row, field, value):
    """Set one cell of a CSV (``row`` counted as frictionless does: header = row 1)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 2, field] = value
    frame.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("partner_id", "o99", "foreign-key"),
        ("network_id", "inch-xx-01", "foreign-key"),
        ("trust_reliability", "5", "constraint-error"),
        ("value_power", "0", "constraint-error"),
        ("tie_type", "gossip", "constraint-error"),
    ],
)
def test_broken_ties_are_refused_with_file_row_field_rule(data_copy, field, value, rule):
    _corrupt(data_copy / "raw" / "ties.csv", 7, field, value)
    with pytest.raises(DataValidationError) as info:
        data.load("ties", data_copy)
    problems = [p for p in info.value.problems if p.file == "ties.csv" and p.row == 7]
    assert problems, str(info.value)
    assert any(p.rule == rule for p in problems), str(info.value)
    if rule == "constraint-error":
        assert any(p.field == field for p in problems)
    assert "ties.csv, row 7" in str(info.value)


def test_duplicate_tie_is_refused_by_the_primary_key(data_copy):
    path = data_copy / "raw" / "ties.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.concat([frame, frame.iloc[[3]]], ignore_index=True)
    frame.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataValidationError) as info:
        data.load("ties", data_copy)
    assert any(p.rule == "primary-key" and p.row == len(frame) + 1 for p in info.value.problems)


def test_self_tie_is_refused_with_file_row_field_rule(data_copy):
    path = data_copy / "raw" / "ties.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    _corrupt(path, 9, "partner_id", frame.loc[7, "organisation_id"])
    with pytest.raises(DataValidationError) as info:  # the ties' row rule refuses it on load
        data.load("ties", data_copy)
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.field, problem.rule) == (
        "ties.csv",
        9,
        "partner_id",
        "self-tie",
    )
    # ties assembled by hand, outside the data package, are checked by the network code
    ties = pd.read_csv(path, dtype=str, keep_default_na=False)
    orgs = data.load("organisations", data_copy)
    with pytest.raises(DataValidationError) as info:
        network.network_graph(ties, orgs, str(frame.loc[7, "network_id"]))
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.field, problem.rule) == (
        "ties.csv",
        9,
        "partner_id",
        "self-tie",
    )


def test_organisation_of_unknown_network_is_refused(data_copy):
    _corrupt(data_copy / "raw" / "organisations.csv", 4, "network_id", "nowhere")
    with pytest.raises(DataValidationError) as info:
        data.load("organisations", data_copy)
    assert any(
        p.file == "organisations.csv" and p.row == 4 and p.rule == "foreign-key"
        for p in info.value.problems
    )


@pytest.fixture(scope="module")
def synthetic():
    tables = design.generate(20240601, {})
    out = synthetic_networks.generate(20240601, tables)
    return tables["networks"], out["organisations"], out["ties"]


def test_committed_data_are_the_generator_output(repo, synthetic):
    _, orgs, ties = synthetic
    committed = pd.read_csv(repo / "data" / "raw" / "ties.csv")
    assert len(committed) == len(ties)
    assert committed["frequency"].tolist() == ties["frequency"].tolist()


def _pairs(ties):
    return {
        (n, min(a, b), max(a, b))
        for n, a, b in zip(
            ties["network_id"], ties["organisation_id"], ties["partner_id"], strict=True
        )
    }


def test_the_informal_margin_removes_only_informal_collaborations_in_inch():
    """The planted margin keeps about INFORMAL_KEEP of the INCh pairs with an informal member
    (a binomial draw over some hundreds of pairs: within 0.1 of it) and every other pair; null
    data keep them all."""
    nets = design.generate(20240601, {})["networks"]
    orgs, before = synthetic_networks.organisations_and_ties(20240601, nets)
    after = synthetic_networks.generate(20240601, {"networks": nets})["ties"]
    loose = orgs[~orgs["formal"]]
    informal = set(zip(loose["network_id"], loose["organisation_id"], strict=True))
    inch = set(nets.loc[nets["study"] == "inch", "network_id"])

    def touched(pair):
        n, a, b = pair
        return n in inch and ((n, a) in informal or (n, b) in informal)

    old, new = _pairs(before), _pairs(after)
    assert new <= old
    assert {p for p in old if not touched(p)} == {p for p in new if not touched(p)}
    hit = [p for p in old if touched(p)]
    kept = sum(p in new for p in hit) / len(hit)
    assert len(hit) > 100 and abs(kept - synthetic_networks.INFORMAL_KEEP) < 0.1
    null = synthetic_networks.generate(20240601, {"networks": nets}, null=True)["ties"]
    _, null_before = synthetic_networks.organisations_and_ties(20240601, nets, null=True)
    assert _pairs(null) == _pairs(null_before)


def test_welfare_meetings_list_every_antwerp_member_and_the_centres_attend_all(repo):
    orgs = data.load("organisations", repo / "data")
    meetings = data.load("welfare_meetings", repo / "data")
    antwerp = orgs[orgs["network_id"] == "antwerp"]
    assert sorted(meetings["organisation_id"]) == sorted(antwerp["organisation_id"])
    merged = meetings.merge(antwerp, on=["network_id", "organisation_id"])
    centres = merged[merged["sector"] == "local_social_centre"]
    assert (centres["meetings_attended"] == synthetic_networks.MEETINGS).all()
    partners = merged[merged["sector"] != "local_social_centre"]
    assert 0 < (partners["meetings_attended"] > 0).sum() < len(partners)


def test_generator_plants_design(synthetic):
    nets, orgs, ties = synthetic
    sizes = orgs.groupby("network_id").size()
    assert sizes.to_dict() == nets.set_index("network_id")["n_organisations"].to_dict()
    rates = network.response_rates(orgs)["response_rate"]
    assert rates.between(0.75, 0.85).all()  # 15-25 % non-response
    antwerp = orgs[orgs["network_id"] == "antwerp"]
    assert (antwerp["sector"] == "local_social_centre").sum() == 4
    assert (ties["organisation_id"] != ties["partner_id"]).all()
    silent = orgs.loc[~orgs["responded"], ["network_id", "organisation_id"]]
    assert silent.merge(ties, on=["network_id", "organisation_id"]).empty


def test_generator_plants_governance_effects(synthetic):
    nets, orgs, ties = synthetic
    graphs = network.network_graphs(ties, orgs, nets.loc[nets["study"] == "inch", "network_id"])
    table = network.whole_network_table(
        {k: network.symmetrise(g) for k, g in graphs.items()}, core_periphery=False
    ).merge(nets[["network_id", "governance_mode"]])
    means = table.groupby("governance_mode")[["density", "degree_centralization"]].mean()
    assert means["density"].idxmax() == "shared_participant"
    assert means["degree_centralization"].idxmax() == "lead_organisation"


def test_oud_noord_mixing_is_tunable():
    nets = design.generate(20240601, {})["networks"]
    oud = nets[nets["network_id"] == "oud-noord"]
    eis = {}
    for mixing in (0.3, 1.0):
        orgs, ties = synthetic_networks.organisations_and_ties(7, oud, mixing=mixing)
        g = network.symmetrise(network.network_graph(ties, orgs, "oud-noord"))
        eis[mixing] = network.ei_index(g, "formal").iloc[0]
    assert eis[0.3]["ei_index"] < eis[0.3]["ei_expected"] - 0.2  # co-existence
    assert eis[1.0]["ei_index"] > eis[0.3]["ei_index"] + 0.2
