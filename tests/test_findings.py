"""The claims table: families, adjustment, robustness, prose, the command, and calibration
against known truth (null data from `synthesize --null`, the planted effects of planted.json)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from localwelfare import findings, synthetic

NULL_SEEDS = [11, 12, 13, 14, 15]


def _claim(claim_id, question, p, direction="up"):
    result = {
        "test": "permutation",
        "p_value": p,
        "effect_size": 0.3,
        "ci_low": 0.1,
        "ci_high": 0.5,
        "effect_size_name": "mean_difference",
        "testable": not np.isnan(p),
        "reason": "constructed",
    }
    return findings.claim_row(
        claim_id, question, f"Claim {claim_id}", "difference", result, direction
    )


def test_holm_applies_within_each_question_and_untested_claims_stay_empty():
    """Family = run x question. Holm over inch-rq1's two claims doubles the smaller p (0.02 ->
    0.04 < 0.05); inch-rq3's single claim keeps its p (0.03); the untested claim has no verdict."""
    rows = [
        _claim("a", "inch-rq1", 0.02),
        _claim("b", "inch-rq1", 0.04),
        _claim("c", "inch-rq3", 0.03),
        _claim("d", "inch-rq3", float("nan")),
    ]
    table = findings.adjust_claims(rows, "wp1-inch", alpha=0.05).set_index("claim_id")
    assert list(table.columns[: len(findings.COLUMNS) - 1]) == [
        c for c in findings.COLUMNS if c != "claim_id"
    ]
    assert table.loc["a", "p_adjusted"] == pytest.approx(0.04)
    assert table.loc["b", "p_adjusted"] == pytest.approx(0.04)
    assert table.loc["c", "p_adjusted"] == pytest.approx(0.03)
    assert table.loc["a", "family"] == "wp1-inch/inch-rq1"
    assert bool(table.loc["a", "supported"]) and bool(table.loc["b", "supported"])
    assert pd.isna(table.loc["d", "supported"])


def test_a_claim_holds_in_a_specification_only_when_supported_the_same_way():
    base = findings.adjust_claims([_claim("a", "inch-rq1", 0.001)], "r", 0.05)
    same = findings.adjust_claims([_claim("a", "inch-rq1", 0.01)], "r", 0.05)
    weaker = findings.adjust_claims([_claim("a", "inch-rq1", 0.2)], "r", 0.05)
    flipped = findings.adjust_claims([_claim("a", "inch-rq1", 0.001, "down")], "r", 0.05)
    table = findings.with_robustness(base, [same, weaker, flipped])
    assert table.loc[0, "robust_in"] == 2 and table.loc[0, "specifications"] == 4


def test_unknown_question_ids_are_refused():
    with pytest.raises(ValueError, match="unknown question id"):
        findings.claim_row("x", "inch-rq9", "A claim", "difference")


def test_prose_states_only_what_is_supported():
    rows = [_claim("a", "inch-rq1", 0.001), _claim("b", "inch-rq1", 0.4)]
    table = findings.adjust_claims(rows, "r", 0.05)
    text = findings.findings_markdown(table)
    assert "1 of its 2 claims is supported" in text
    assert "Claim a (" in text
    assert "The data do not support the claim that claim b" in text
    none = findings.findings_markdown(findings.adjust_claims(rows[1:], "r", 0.05))
    assert "Its one claim is not supported" in none


def test_every_question_id_of_the_design_is_declared():
    assert set(findings.QUESTIONS) == {
        "inch-rq1", "inch-rq2", "inch-rq3", "inch-rq4",
        "antwerp-conditions", "antwerp-views", "antwerp-governance", "antwerp-clients",
        "bbox-typology", "bbox-factors", "bbox-access", "bbox-perception",
        "oudnoord-hybrid", "oudnoord-advocacy", "oudnoord-trust",
    }  # fmt: skip


def test_committed_planted_json_lists_the_generators_planted_claims(repo):
    committed = json.loads((repo / "data" / "planted.json").read_text(encoding="utf-8"))
    assert committed == synthetic.planted() and synthetic.planted(null=True) == []


def test_oud_noord_and_the_wp4_fairness_plants_are_listed():
    """The generator plants advocacy and trust for Oud Noord's informal actors and lower fairness
    for the "other" statuses and in Brussels: planted.json names each of them."""
    listed = {(p["run"], p["claim_id"]) for p in synthetic.planted()}
    assert {
        ("wp2-oud-noord", "theme-advocacy"), ("wp2-oud-noord", "theme-trust"),
        ("wp4-newcomers", "fairness-by-legal_status"), ("wp4-newcomers", "fairness-by-region"),
    } <= listed  # fmt: skip


def test_a_planted_effect_listed_with_its_power_has_the_power_of_the_design():
    """fairness: region effects 0, 0, -0.3 and status effects +0.3, 0, -0.6 on a latent scale with
    within-group sd sqrt(0.6^2 + 0.7^2 + 0.7^2 / 3) = 1.0066, so d = 0.298 and 0.894; the design
    has 30 newcomers per region, and its smallest expected legal-status group is subsidiary
    protection, 30 x (0.25 + 0.30 + 0.25) = 24. Power of the one-way F test at Cohen's
    f = d / sqrt(2 k), k = 3 groups, from statsmodels. Low-power entries only: an effect the
    design finds with power 0.8 or more must be expected to be found."""
    from statsmodels.stats.power import FTestAnovaPower

    sd = (0.6**2 + 0.7**2 + 0.7**2 / 3) ** 0.5
    expected = {
        "fairness-by-region": (0.3 / sd, 30),
        "fairness-by-legal_status": (0.9 / sd, 24),
    }
    with_power = {p["claim_id"]: p["power"] for p in synthetic.planted() if "power" in p}
    assert set(with_power) == set(expected)
    for claim_id, (d, n) in expected.items():
        power = FTestAnovaPower().power(
            effect_size=d / (2 * 3) ** 0.5, nobs=3 * n, alpha=0.05, k_groups=3
        )
        assert with_power[claim_id] == pytest.approx(power, abs=0.01)
        assert 0 < with_power[claim_id] < 0.8


def _synthesize(repo, out, seed, null):
    args = ["synthesize", "--seed", str(seed), "--out", str(out)] + (["--null"] if null else [])
    subprocess.run(
        [sys.executable, "-m", "localwelfare", *args], cwd=repo, check=True, capture_output=True
    )
    return out


def _claims(repo, folder):
    return findings.all_claims(folder, repo, robustness=False)


@pytest.fixture(scope="module")
def null_claims(repo, tmp_path_factory):
    """The claims table of every run on five null data sets (generated in parallel)."""
    from joblib import Parallel, delayed

    folders = [
        _synthesize(repo, tmp_path_factory.mktemp(f"null{s}"), s, null=True) for s in NULL_SEEDS
    ]
    for folder in folders:
        assert json.loads((folder / "planted.json").read_text()) == []
    tables = Parallel(n_jobs=2)(delayed(_claims)(repo, f) for f in folders)
    return pd.concat(tables, keys=NULL_SEEDS, names=["seed", "row"])


def test_null_data_support_claims_at_no_more_than_the_nominal_rate(null_claims):
    """Pooled over five null seeds, at most 10 % of the tested claims are supported (alpha 0.05,
    Holm within families, so the expected share is well below 5 %)."""
    tested = null_claims[null_claims["supported"].notna()]
    assert len(tested) >= 5 * 40
    share = tested["supported"].astype(bool).mean()
    assert share <= 0.10, tested[tested["supported"].astype(bool)][["run", "claim_id"]]


def test_null_data_never_give_a_confirmation(null_claims):
    """On null data the strands can at most expand on each other by chance: no meta-inference is
    a confirmation."""
    metas = null_claims[null_claims["kind"] == "integration"]
    assert len(metas) >= 5 * 4
    assert set(metas["direction"]) <= {"inconclusive", "expansion", "discordance"}
    assert "confirmation" not in set(metas["direction"])


def test_every_study_has_an_integration_claim(repo):
    table = findings.all_claims(repo / "data", repo, robustness=False)
    metas = table[table["kind"] == "integration"]
    assert {r.removeprefix("integration-") for r in metas["run"]} == {
        "inch", "antwerp", "bbox", "oud-noord"
    }  # fmt: skip
    assert set(metas["direction"]) <= {"confirmation", "discordance", "expansion", "inconclusive"}


def _planted_status(table, planted):
    """Whether each planted claim the design is expected to find (no ``power`` below 0.8) is
    supported; the runs of ``table`` only."""
    index = table.set_index(["run", "claim_id"])
    return {
        (p["run"], p["claim_id"]): bool(index.loc[(p["run"], p["claim_id"]), "supported"])
        for p in planted
        if p.get("power", 1.0) >= 0.8 and p["run"] in set(table["run"])
    }


def test_every_planted_claim_is_supported_on_the_default_data(repo):
    status = _planted_status(_claims(repo, repo / "data"), synthetic.planted())
    assert all(status.values()), status


def test_planted_claims_are_found_on_another_seed_too(repo, tmp_path):
    folder = _synthesize(repo, tmp_path / "seed1", 1, null=False)
    planted = json.loads((folder / "planted.json").read_text())
    status = _planted_status(_claims(repo, folder), planted)
    assert all(status.values()), status


@pytest.mark.parametrize("seed", [2, 3])
def test_oud_noords_planted_claims_are_found_on_two_more_seeds(repo, tmp_path, seed):
    """Oud Noord has 16 interviews: its planted advocacy and trust are found on seeds other than
    the default and seed 1 too (its claims on null data: the null seeds above)."""
    folder = _synthesize(repo, tmp_path / f"seed{seed}", seed, null=False)
    table = findings.run_claims("wp2-oud-noord", folder, repo, robustness=False)
    status = _planted_status(table, json.loads((folder / "planted.json").read_text()))
    assert set(status) == {("wp2-oud-noord", "theme-advocacy"), ("wp2-oud-noord", "theme-trust")}
    assert all(status.values()), status


def test_findings_command_prints_the_table_and_refuses_invalid_data(repo, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "localwelfare", "findings", "--run", "wp1-oud-noord"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    table = pd.read_csv(pd.io.common.StringIO(out))
    assert list(table.columns[: len(findings.COLUMNS)]) == findings.COLUMNS
    assert table.loc[0, "claim_id"] == "mixing" and table.loc[0, "specifications"] == 8
    bad = tmp_path / "data"
    shutil.copytree(repo / "data", bad)
    lines = (bad / "raw" / "networks.csv").read_text().splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("n_organisations")] = "many"
    lines[3] = ",".join(row)
    (bad / "raw" / "networks.csv").write_text("\n".join(lines) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "localwelfare", "findings", "--data-dir", str(bad)],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "networks.csv" in result.stderr and "n_organisations" in result.stderr
    assert "row 4" in result.stderr or ":4" in result.stderr


# --- WP2: second-level codes, client-level integration, saturation -----------------------------


def _coded(rows):
    """Segments (one per row: source, code path) of coder a, and the interviews' variables."""
    seg = pd.DataFrame(
        [
            {"coder": "a", "source": s, "segment_id": f"{s}-{i}", "code_path": c}
            for i, (s, c) in enumerate(rows)
        ]
    )
    return seg


def test_second_level_codes_are_compared_with_interviews_as_units():
    """10 social workers all speak of caseload (two segments each, counted once), none of 10
    clients; every interview speaks of time pressure. The 2 x 2 table (10, 0 / 0, 10) has every
    expected count 5, so Pearson's chi-square: n (ad - bc)^2 / (10^4) = 20 with one degree of
    freedom, p = erfc(sqrt(10)) = 7.74e-6; time pressure is untestable."""
    workers = [f"w{i}" for i in range(10)]
    clients = [f"c{i}" for i in range(10)]
    rows = [(w, "working conditions/caseload") for w in workers] * 2
    rows += [(x, "working conditions/time pressure") for x in workers + clients]
    rows += [(c, "trust/distrust") for c in clients]
    ivs = pd.DataFrame(
        {"source": workers + clients, "actor_group": ["social_worker"] * 10 + ["client"] * 10}
    )
    claims = findings.theme_claims(
        _coded(rows),
        ivs,
        "antwerp",
        "actor_group",
        coder="a",
        parent="working conditions",
        prefix="conditions",
        question="antwerp-conditions",
    )
    table = pd.DataFrame(claims).set_index("claim_id")
    assert list(table.index) == ["conditions-caseload", "conditions-time-pressure"]
    import math

    assert table.loc["conditions-caseload", "test"] == "chi_square"
    assert table.loc["conditions-caseload", "p_value"] == pytest.approx(math.erfc(math.sqrt(10)))
    assert table.loc["conditions-caseload", "direction"] == "social_worker"
    assert table.loc["conditions-caseload", "question"] == "antwerp-conditions"
    assert not table.loc["conditions-time-pressure", "testable"]
    assert "every interview or in none" in table.loc["conditions-time-pressure", "reason"]


def test_a_theme_claim_names_the_group_that_speaks_of_it_most_by_its_label():
    """Six PCSW managers speak of discretion, none of six PCSW social workers: the claim names
    the managers as the data package labels them ("PCSW manager"), not by the code
    ``pcsw_manager``, which stays the claim's direction."""
    managers = [f"m{i}" for i in range(6)]
    workers = [f"w{i}" for i in range(6)]
    rows = [(m, "discretion") for m in managers] + [(w, "trust") for w in workers + managers]
    ivs = pd.DataFrame(
        {
            "source": managers + workers,
            "actor_group": ["pcsw_manager"] * 6 + ["pcsw_social_worker"] * 6,
        }
    )
    claims = findings.theme_claims(_coded(rows), ivs, "bbox", "actor_group", coder="a")
    (claim,) = [c for c in claims if c["claim_id"] == "theme-discretion"]
    assert claim["claim"] == (
        "How often interviews speak of discretion differs by actor group (most often: PCSW manager)"
    )
    assert claim["direction"] == "pcsw_manager"


def test_shares_of_segments_are_compared_with_interviews_as_units():
    """Three informal actors and three professionals, four segments each. Advocacy: 2, 3 and 2
    of the informal actors' segments (one segment of i2 carries two advocacy codes and counts
    once), 0, 1 and 0 of the professionals'; shares 0.5, 0.75, 0.5 against 0, 0.25, 0, a
    difference of mean shares of 7/12 - 1/12 = 0.5. Of the 20 ways to split the six shares 3/3,
    only the observed one and its mirror differ by 0.5 or more (a difference of 0.5 needs a side
    summing to 1.75 or 0.25), so the exact two-sided p is 2/20 = 0.1, which 9,999 random
    permutations estimate. Trust: one segment in every interview, the same share: untestable."""
    informal, professional = ["i1", "i2", "i3"], ["p1", "p2", "p3"]
    advocacy = {"i1": 2, "i2": 3, "i3": 2, "p1": 0, "p2": 1, "p3": 0}
    seg = []
    for source, k in advocacy.items():
        for turn in range(4):
            sid = f"{source}-{turn}"
            code = "advocacy/speaking for residents" if turn < k else "discretion/room"
            seg.append({"coder": "a", "source": source, "segment_id": sid, "code_path": code})
        seg.append(
            {"coder": "a", "source": source, "segment_id": f"{source}-3", "code_path": "trust/x"}
        )
    seg.append({"coder": "a", "source": "i2", "segment_id": "i2-0", "code_path": "advocacy/link"})
    seg.append({"coder": "b", "source": "p1", "segment_id": "p1-0", "code_path": "advocacy/link"})
    ivs = pd.DataFrame(
        {
            "source": informal + professional,
            "actor_group": ["informal_actor"] * 3 + ["professional"] * 3,
        }
    )
    claims = findings.theme_claims(
        pd.DataFrame(seg), ivs, "oud-noord", "actor_group", coder="a", measure="share"
    )
    table = pd.DataFrame(claims).set_index("claim_id")
    row = table.loc["theme-advocacy"]
    assert row["test"] == "permutation" and row["effect_size_name"] == "mean_difference"
    assert row["estimate"] == pytest.approx(0.5)
    assert row["p_value"] == pytest.approx(0.1, abs=0.015)
    assert row["ci_low"] <= 0.5 <= row["ci_high"]
    assert row["direction"] == "informal_actor" and row["contrast"] == "professional"
    assert row["question"] == "oudnoord-advocacy" and row["n"] == 6
    assert not table.loc["theme-trust", "testable"]
    assert "same share in every interview" in table.loc["theme-trust", "reason"]


def test_oud_noord_compares_shares_and_the_other_studies_presence():
    seg = _coded([("i1", "advocacy/a"), ("i2", "trust/b"), ("p1", "trust/b"), ("p2", "advocacy/a")])
    ivs = pd.DataFrame(
        {"source": ["i1", "i2", "p1", "p2"], "actor_group": list("iipp"), "case_id": "c"}
    )
    for study, test in (("oud-noord", "permutation"), ("inch", "fisher_exact")):
        rows = findings.qualitative_claims(
            {"segments": seg, "interviews": ivs.assign(study=study)},
            {"study": study, "coder": "a"},
        )
        assert {r["test"] for r in rows if r["claim_id"].startswith("theme-")} == {test}


def test_themes_asked_of_one_group_are_never_compared():
    rows = [("f1", "life domains/housing"), ("f1", "trust/distrust"), ("p1", "trust/distrust")]
    ivs = pd.DataFrame({"source": ["f1", "p1"], "actor_group": ["family", "policy"]})
    claims = findings.theme_claims(_coded(rows), ivs, "inch", "actor_group", coder="a")
    assert [c["claim_id"] for c in claims] == ["theme-trust"]


def test_client_level_integration_counts_domains_and_tests_them_as_units():
    """Four families: f1 needs housing (answered) and income (not); f2 health (answered);
    f3 and f4 need three domains each, one answered. Families with fewer than 3 domains: 2 of 3
    domains answered; with 3 or more: 2 of 6. Fisher's exact test of (2, 1 / 2, 4): p = 0.5238
    (hypergeometric: the tables at least as extreme as observed)."""
    rows = []
    segs = [
        ("f1", "housing", True), ("f1", "income", False), ("f2", "health", True),
        ("f3", "income", True), ("f3", "school", False), ("f3", "work", False),
        ("f4", "housing", False), ("f4", "health", True), ("f4", "school", False),
    ]  # fmt: skip
    seg = []
    for i, (source, domain, answered) in enumerate(segs):
        response = "answered" if answered else "not answered"
        for code in (f"life domains/{domain}", f"network response/{response}"):
            seg.append({"coder": "a", "source": source, "segment_id": f"s{i}", "code_path": code})
    seg = pd.DataFrame(seg + rows)
    ivs = pd.DataFrame(
        {
            "source": ["f1", "f2", "f3", "f4", "p1"],
            "case_id": "c1",
            "actor_group": ["family_in_poverty"] * 4 + ["policy_maker"],
        }
    )
    table = findings.family_domains(seg, ivs, "a").set_index("source")
    assert table["n_domains"].tolist() == [2, 1, 3, 3]
    assert table["n_answered"].tolist() == [1, 1, 1, 1]
    assert table.loc["f1", "domains"] == "housing, income"
    described, tested = findings.client_integration_claims(seg, ivs, "a")
    assert (
        described["kind"] == "description"
        and "4 families span 2.2 life domains" in (described["claim"])
    )
    from scipy.stats import fisher_exact

    assert tested["test"] == "fisher_exact"
    assert tested["p_value"] == pytest.approx(fisher_exact([[2, 1], [2, 4]]).pvalue)
    assert tested["p_value"] == pytest.approx(0.5238, abs=1e-4)
    assert tested["direction"] == "fewer than 3" and tested["n"] == 9


def test_saturation_claims_are_descriptions_the_findings_print_as_such():
    seg = _coded([("a1", "x"), ("a2", "x"), ("a3", "x"), ("a4", "x"), ("b1", "x"), ("b2", "y")])
    ivs = pd.DataFrame(
        {"source": ["a1", "a2", "a3", "a4", "b1", "b2"], "actor_group": list("ppppss")}
    )
    rows = findings.saturation_claims(seg, ivs, "oud-noord", coder="a")
    table = findings.adjust_claims(rows, "wp2-oud-noord", 0.05).set_index("claim_id")
    assert table.loc["saturation-p", "direction"] == "reached"
    assert "saturation reached after 1 interviews" in table.loc["saturation-p", "claim"]
    assert table.loc["saturation-s", "direction"] == "not reached"
    assert table["supported"].isna().all() and (table["kind"] == "description").all()
    text = findings.findings_markdown(table.reset_index())
    assert "(a description, not a test)" in text and "Not tested" not in text
    assert "Not tested" not in findings.limitations_markdown(table.reset_index())


def test_the_typology_claims_do_not_depend_on_the_number_of_processes(repo):
    """With several processes the distinct latent class fits are made once each, in parallel,
    before the claims are tested; the table is the one a single process gives."""
    _, params = findings.run_parameters("wp3-typology", repo)
    params = params | {"k_max": 2, "starts": 2}
    one = findings.notebook_claims("pcsw_typology", params, repo / "data", n_jobs=1)
    two = findings.notebook_claims("pcsw_typology", params, repo / "data", n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
    assert one["specifications"].iloc[0] == 8


def test_an_integration_run_joins_claims_that_carry_their_robustness(repo):
    """all_claims with robustness (the findings command's default): the joined runs' tables
    carry their specification matrices, which must not stop the integration run's join."""
    runs = ["wp1-oud-noord", "wp2-oud-noord", "integration-oud-noord"]
    table = findings.all_claims(repo / "data", repo, runs=runs, robustness=True)
    assert set(table["run"]) == set(runs)
    wp1 = table[table["run"] == "wp1-oud-noord"]
    assert (wp1["specifications"] == 8).all()
    assert (table.loc[table["run"] == "integration-oud-noord", "kind"] == "integration").all()


# --- the network chapter's tables --------------------------------------------------------------


def test_margin_summary_counts_and_averages_each_kind_of_member():
    margins = pd.DataFrame(
        {
            "margin_group": ["other", "informal", "other", "informal", "basic-services"],
            "in_degree": [4, 1, 2, 0, 3],
            "reach": [0.8, 0.2, 0.6, 0.4, 0.5],
            "core": [1, 0, 0, 0, 1],
        }
    )
    summary = findings.margin_summary(margins)
    assert summary.index.tolist() == ["informal", "basic-services", "other"]
    assert summary["n"].tolist() == [2, 1, 2]
    assert summary["in_degree"].tolist() == [0.5, 3.0, 3.0]
    assert summary["reach"].tolist() == pytest.approx([0.3, 0.5, 0.7])
    assert summary["core_share"].tolist() == [0.0, 1.0, 0.5]
    assert set(summary.index) <= set(findings.MARGIN_GROUP_NAMES)


def test_focal_means_compare_the_focal_sector_with_the_others():
    nodes = pd.DataFrame(
        {
            "sector": ["pcsw", "ngo", "pcsw", "health"],
            "betweenness": [0.5, 0.1, 0.3, 0.0],
            "trust": [3.0, 2.0, np.nan, 4.0],
            "value": [2.0, 1.0, 4.0, 2.0],
        }
    )
    means = findings.focal_means(nodes, "pcsw")
    assert means["n_focal"] == 2
    assert means["focal_betweenness"] == pytest.approx(0.4)
    assert means["other_betweenness"] == pytest.approx(0.05)
    assert means["focal_trust"] == 3.0  # the unrated PCSW left out
    assert means["other_trust"] == 3.0 and means["focal_value"] == 3.0


def test_comparison_summary_sets_two_networks_side_by_side():
    import networkx as nx

    triangle = nx.complete_graph(3)  # every member tied to both others, every pair closed
    path = nx.path_graph(3)  # ends tied to 1 of 2, the middle to 2 of 2; no closed pair
    summary = findings.comparison_summary({"t": triangle, "p": path})
    assert summary.index.tolist() == ["t", "p"]
    assert summary.loc["t", ["n_nodes", "density", "normalised_degree", "clustering"]].tolist() == [
        3,
        1.0,
        1.0,
        1.0,
    ]
    assert summary.loc["p", "normalised_degree"] == pytest.approx((0.5 + 1 + 0.5) / 3)
    assert summary.loc["p", "clustering"] == 0.0


def test_response_table_adds_the_density_over_observed_dyads():
    import networkx as nx

    g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    nx.set_node_attributes(g, {"a": True, "b": False, "c": True}, "responded")
    rates = pd.DataFrame({"response_rate": [2 / 3]}, index=pd.Index(["n"], name="network_id"))
    table = findings.response_table(rates, {"n": g})
    # the rows of a and c (who answered) hold 1 arc of their 2 x 2 possible; b's row is unknown
    assert table["observed_density"].tolist() == [0.25]
    assert table["response_rate"].tolist() == [2 / 3]


def test_the_evidence_reads_as_dutch_and_french_write_an_interval():
    row = {
        "supported": True,
        "estimate": 0.77,
        "ci_low": 0.38,
        "ci_high": 1.152,
        "effect_size_name": "adjusted_mean_difference",
        "p_adjusted": 0.0021,
        "robust_in": 4,
        "specifications": 4,
        "reason": "",
    }
    assert findings.evidence_text(row, "nl") == (
        "verschil in gecorrigeerde gemiddelden = 0,77 (95%-BI van 0,38 tot 1,15); "
        "gecorrigeerde p = 0,002; ondersteund in 4 van 4 specificaties"
    )
    assert findings.evidence_text(row, "fr") == (
        "différence de moyennes ajustées = 0,77 (IC à 95 % de 0,38 à 1,15) ; p ajustée = 0,002 ; "
        "confirmée dans 4 des 4 spécifications"
    )
