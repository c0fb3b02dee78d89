"""WP4's adjusted claims: region and legal status in one model (HC3 by hand), and newcomers'
perceptions by the practice type of their PCSW (between-PCSW degrees of freedom)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from localwelfare import findings


def _confounded(seed=5, n=240):
    """Legal status lowers the score (other: -1); region has no effect, but the "other" status
    is far more common in Brussels, so region alone looks like it matters."""
    rng = np.random.default_rng(seed)
    region = rng.choice(["brussels", "flanders", "wallonia"], size=n)
    p_other = np.where(region == "brussels", 0.8, 0.15)
    status = np.where(rng.random(n) < p_other, "other", "recognised_refugee")
    score = 3.5 - 1.0 * (status == "other") + rng.normal(0, 0.6 + 0.3 * (status == "other"), n)
    answers = pd.DataFrame({"region": region, "legal_status": status})
    return answers, pd.DataFrame({"trust": score})


def _hc3_f_test(y, x, columns):
    """OLS, the HC3 sandwich and the Wald F test of ``columns``, computed with numpy."""
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    resid = y - x @ beta
    bread = np.linalg.inv(x.T @ x)
    leverage = np.einsum("ij,jk,ik->i", x, bread, x)
    meat = x.T @ (x * (resid**2 / (1 - leverage) ** 2)[:, None])
    cov = bread @ meat @ bread
    b, v = beta[columns], cov[np.ix_(columns, columns)]
    f = float(b @ np.linalg.solve(v, b)) / len(columns)
    return beta, f, float(sps.f.sf(f, len(columns), len(y) - x.shape[1]))


def test_region_and_legal_status_are_tested_together_with_hc3_errors():
    answers, scores = _confounded()
    rows = {r["claim_id"]: r for r in findings.adjusted_group_claims(
        scores, answers, ["region", "legal_status"], small_cell=5)}  # fmt: skip
    y = scores["trust"].to_numpy()
    x = np.column_stack(
        [
            np.ones(len(y)),
            answers["region"] == "flanders",
            answers["region"] == "wallonia",
            answers["legal_status"] == "recognised_refugee",
        ]
    ).astype(float)
    beta, f_region, p_region = _hc3_f_test(y, x, [1, 2])
    _, f_status, p_status = _hc3_f_test(y, x, [3])
    region, status = rows["trust-by-region"], rows["trust-by-legal_status"]
    assert region["p_value"] == pytest.approx(p_region, rel=1e-6)
    assert status["p_value"] == pytest.approx(p_status, rel=1e-6)
    # the adjusted difference between the highest and lowest region: the coefficients' range
    coef = {"brussels": 0.0, "flanders": beta[1], "wallonia": beta[2]}
    assert region["estimate"] == pytest.approx(max(coef.values()) - min(coef.values()))
    assert status["estimate"] == pytest.approx(beta[3]) and status["direction"] == (
        "recognised refugee"
    )
    assert status["contrast"] == "other" and status["question"] == "bbox-perception"
    assert p_status < 1e-6 and p_region > 0.05
    # one at a time, region takes up the status difference
    alone = {r["claim_id"]: r for r in findings.adjusted_group_claims(
        scores, answers, ["region", "legal_status"], small_cell=5, adjust=False)}  # fmt: skip
    assert alone["trust-by-region"]["p_value"] < 1e-6
    assert alone["trust-by-region"]["contrast"] == "brussels"


def test_small_groups_are_left_out_and_a_single_group_is_untestable():
    answers, scores = _confounded(n=60)
    answers.loc[:3, "region"] = "amsterdam"
    rows = findings.adjusted_group_claims(scores, answers, ["region"], small_cell=5)
    assert rows[0]["n"] == 56
    answers["region"] = "brussels"
    rows = findings.adjusted_group_claims(scores, answers, ["region"], small_cell=5)
    assert not rows[0]["testable"] and "fewer than two groups" in rows[0]["reason"]


def _newcomers(effect, seed=2):
    """6 newcomers in each of 20 PCSWs; 12 PCSWs have a type (3 types x 4), 8 were not surveyed.
    Type B's newcomers score ``effect`` higher; PCSW intercepts sd 0.3, residual sd 0.7."""
    rng = np.random.default_rng(seed)
    pcsws = [f"{10000 + i}" for i in range(20)]
    types = pd.Series(["type A", "type B", "type C"] * 4, index=pcsws[:12])
    answers = pd.DataFrame(
        {
            "pcsw": np.repeat(pcsws, 6),
            "region": np.repeat(["flanders", "wallonia"] * 10, 6),
            "legal_status": rng.choice(["other", "recognised_refugee"], 120),
        }
    )
    shift = answers["pcsw"].map(types).eq("type B") * effect
    pcsw_effect = answers["pcsw"].map(dict(zip(pcsws, rng.normal(0, 0.3, 20), strict=True)))
    score = 3 + shift + pcsw_effect + rng.normal(0, 0.7, 120)
    return answers, pd.DataFrame({"accessibility": score}), types


def test_perceptions_by_practice_type_count_pcsws_not_newcomers():
    answers, scores, types = _newcomers(effect=1.0)
    (row,) = findings.practice_type_claims(scores, answers, types)
    assert row["claim_id"] == "accessibility-by-practice-type"
    assert row["question"] == "bbox-access" and row["direction"] == "type B"
    assert row["p_value"] < 0.01 and row["ci_low"] < 1.0 < row["ci_high"]
    # 20 PCSWs - intercept - 3 type terms (2 surveyed + not surveyed) - 1 region term = 15
    assert "15 between-PCSW degrees of freedom" in row["reason"]
    answers, scores, types = _newcomers(effect=0.0)
    (null,) = findings.practice_type_claims(scores, answers, types)
    assert null["p_value"] > 0.05


def test_perceptions_by_type_are_untestable_with_one_surveyed_type():
    answers, scores, types = _newcomers(effect=1.0)
    (row,) = findings.practice_type_claims(scores, answers, types[types == "type A"])
    assert not row["testable"] and "fewer than two practice types" in row["reason"]


def test_a_claim_names_the_highest_and_lowest_group_by_their_labels():
    """Six Walloon newcomers score about 4, six Flemish about 2: the claim reads "Wallonia" and
    "Flanders" as the data package labels them, not the codes; its direction stays the code's
    words, which the chapters translate."""
    answers = pd.DataFrame({"region": ["wallonia"] * 6 + ["flanders"] * 6})
    scores = pd.DataFrame({"trust": [4.0, 4.1, 3.9, 4.2, 3.8, 4.0, 2.0, 2.1, 1.9, 2.2, 1.8, 2.0]})
    (row,) = findings.adjusted_group_claims(scores, answers, ["region"], small_cell=5)
    assert row["claim"] == "Perceived trust differs by region (highest: Wallonia; lowest: Flanders)"
    assert row["direction"] == "wallonia" and row["contrast"] == "flanders"
