"""The vignette (factorial survey) module: an orthogonal design, models that recover known
effects, the cluster-robust logit's sandwich by hand, and the words the chapter prints."""

from __future__ import annotations

import ast
import itertools

import numpy as np
import pandas as pd
import pytest

from localwelfare import findings, pipeline, vignettes
from localwelfare.errors import InputError
from localwelfare.synthetic import vignettes as synthetic_vignettes

ATTRIBUTES = synthetic_vignettes.ATTRIBUTES


def test_the_design_is_the_full_factorial_cut_into_equal_decks():
    design = synthetic_vignettes.design(seed=3)
    assert len(design) == np.prod([len(v) for v in ATTRIBUTES.values()]) == 324
    assert not design.duplicated(list(ATTRIBUTES)).any()
    sizes = design.groupby("deck").size()
    assert (sizes == synthetic_vignettes.DECK_SIZE).all() and len(sizes) == 324 // 12


def test_the_design_is_orthogonal():
    """Every pair of attributes is balanced: each combination of their levels occurs equally
    often, so their dummy codes are uncorrelated (a correlation of exactly zero) and Cramer's V
    is zero."""
    design = synthetic_vignettes.design(seed=3)
    for first, second in itertools.combinations(ATTRIBUTES, 2):
        counts = pd.crosstab(design[first], design[second])
        assert counts.to_numpy().min() == counts.to_numpy().max()
        a = pd.get_dummies(design[first], drop_first=True).astype(float)
        b = pd.get_dummies(design[second], drop_first=True).astype(float)
        corr = np.corrcoef(np.hstack([a, b]).T)[: a.shape[1], a.shape[1] :]
        assert np.abs(corr).max() < 1e-12
    assert vignettes.design_associations(design, list(ATTRIBUTES))["cramers_v"].max() < 1e-12


def test_design_associations_sees_a_confounded_pair():
    """Two attributes that always go together have V = 1."""
    frame = pd.DataFrame({"a": list("xxyy"), "b": list("uuvv")})
    assert vignettes.design_associations(frame)["cramers_v"].item() == pytest.approx(1.0)


def _known_data(seed=7, interaction=0.0):
    """Ratings of the design by 24 PCSWs x 5 workers (one deck each), with known effects:
    y = 5 + language (0, -1, -2) + cooperation (0, -2.5) + 0.5 * training + PCSW (sd 0.5) +
    worker (sd 1) + noise (sd 1.5), plus ``interaction`` for poor cooperation in type 2 PCSWs."""
    rng = np.random.default_rng(seed)
    design = synthetic_vignettes.design(seed)
    workers = pd.DataFrame(
        {
            "worker_id": [f"w{i:03d}" for i in range(120)],
            "pcsw": np.repeat([f"p{j:02d}" for j in range(24)], 5),
            "training": rng.random(120) < 0.5,
            "deck": np.arange(120) % design["deck"].max() + 1,
        }
    )
    types = pd.Series(
        np.where(np.arange(24) % 2, "type 2", "type 1"), index=workers["pcsw"].unique()
    )
    frame = workers.merge(design, on="deck")
    frame["practice_type"] = frame["pcsw"].map(types)
    language = frame["language"].map({"local_language": 0.0, "english": -1.0,
                                      "needs_interpreter": -2.0})  # fmt: skip
    poor = (frame["cooperation"] == "poor").astype(float)
    pcsw_effect = frame["pcsw"].map(dict(zip(types.index, rng.normal(0, 0.5, 24), strict=True)))
    worker_effect = frame["worker_id"].map(
        dict(zip(workers["worker_id"], rng.normal(0, 1.0, 120), strict=True))
    )
    frame["aid_likelihood"] = (
        5.0
        + language
        - 2.5 * poor
        + interaction * poor * (frame["practice_type"] == "type 2")
        + 0.5 * frame["training"]
        + pcsw_effect
        + worker_effect
        + rng.normal(0, 1.5, len(frame))
    )
    return frame


def test_the_aid_model_recovers_known_effects_and_variances():
    frame = _known_data()
    fit = vignettes.aid_model(frame, list(ATTRIBUTES), ["training"], levels=ATTRIBUTES)
    est = fit.coefficients.set_index("term")
    truth = {
        "language[english]": -1.0,
        "language[needs_interpreter]": -2.0,
        "cooperation[poor]": -2.5,
        "legal_status[other]": 0.0,
        "household[single_parent]": 0.0,
        "years_in_belgium[less_than_1]": 0.0,
        "employment_history[has_worked]": 0.0,
        "training[True]": 0.5,
    }
    for term, value in truth.items():
        assert abs(est.loc[term, "estimate"] - value) < 3 * est.loc[term, "se"], term
    sd = fit.variance.set_index("group")["sd"]
    assert sd["Residual"] == pytest.approx(1.5, abs=0.1)
    assert sd["worker_id"] == pytest.approx(1.0, abs=0.25)
    effects = vignettes.attribute_effects(fit, ["language", "cooperation"], ATTRIBUTES)
    effects = effects.set_index("attribute")
    assert effects.loc["language", "highest"] == "local_language"
    assert effects.loc["language", "lowest"] == "needs_interpreter"
    assert effects.loc["language", "ci_low"] < 2.0 < effects.loc["language", "ci_high"]
    assert effects.loc["cooperation", "ci_low"] < 2.5 < effects.loc["cooperation", "ci_high"]
    assert effects.loc["language", "p_value"] < 1e-10


def test_the_interaction_with_practice_type_is_recovered_and_absent_when_not_planted():
    with_it = _known_data(interaction=-1.5)
    fit = vignettes.aid_model(
        with_it, list(ATTRIBUTES), ["practice_type"], ["cooperation"], levels=ATTRIBUTES
    )
    term = fit.coefficients.set_index("term").loc["cooperation[poor]:practice_type[type 2]"]
    assert abs(term["estimate"] + 1.5) < 3 * term["se"] and term["p_value"] < 0.001
    without = _known_data(interaction=0.0)
    fit = vignettes.aid_model(
        without, list(ATTRIBUTES), ["practice_type"], ["cooperation"], levels=ATTRIBUTES
    )
    term = fit.coefficients.set_index("term").loc["cooperation[poor]:practice_type[type 2]"]
    assert abs(term["estimate"]) < 3 * term["se"]


def test_by_type_needs_the_practice_type():
    with pytest.raises(InputError, match="practice_type"):
        vignettes.aid_model(_known_data(), ["language"], [], ["language"])


def test_the_cluster_robust_logit_is_the_sandwich_computed_by_hand():
    """Logit coefficients by Newton's method, and the clustered covariance
    (X'WX)^-1 (sum_g s_g s_g') (X'WX)^-1 times G/(G-1) (N-1)/(N-K), computed here with numpy."""
    rng = np.random.default_rng(3)
    n, groups = 600, 30
    frame = pd.DataFrame({"g": np.repeat(np.arange(groups), n // groups), "x": rng.normal(size=n)})
    shared = rng.normal(0, 0.8, groups)[frame["g"]]
    frame["y"] = rng.random(n) < 1 / (1 + np.exp(-(-0.3 + 0.9 * frame["x"] + shared)))
    fit = vignettes.cluster_logit(frame, "y", ["x"], cluster="g")
    x = np.column_stack([np.ones(n), frame["x"]])
    y = frame["y"].to_numpy(dtype=float)
    beta = np.zeros(2)
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ beta))
        beta += np.linalg.solve(x.T @ (x * (p * (1 - p))[:, None]), x.T @ (y - p))
    p = 1 / (1 + np.exp(-x @ beta))
    bread = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))
    scores = x * (y - p)[:, None]
    summed = pd.DataFrame(scores).groupby(frame["g"].to_numpy()).sum().to_numpy()
    meat = summed.T @ summed
    factor = groups / (groups - 1) * (n - 1) / (n - 2)
    cov = factor * bread @ meat @ bread
    assert fit.coefficients["estimate"].to_numpy() == pytest.approx(beta, rel=1e-6)
    assert fit.coefficients["se"].to_numpy() == pytest.approx(np.sqrt(np.diag(cov)), rel=1e-6)
    assert fit.fit["n_clusters"] == groups


def test_vignette_frame_marks_unsurveyed_pcsws_and_refuses_unknown_workers():
    ratings = pd.DataFrame({"worker_id": ["a", "b"], "aid_likelihood": [1, 2]})
    workers = pd.DataFrame({"worker_id": ["a", "b"], "pcsw": ["1", "2"]})
    pcsws = pd.DataFrame({"practice_type": ["type 3"]}, index=["1"])
    frame = vignettes.vignette_frame(ratings, workers, pcsws)
    assert frame["practice_type"].tolist() == ["type 3", vignettes.NOT_SURVEYED]
    assert vignettes.type_levels(frame["practice_type"]) == ["type 3", vignettes.NOT_SURVEYED]
    with pytest.raises(InputError, match="not in vignette_workers"):
        vignettes.vignette_frame(ratings.assign(worker_id=["a", "z"]), workers)


def test_effects_in_words_orders_by_effect_and_gives_odds_for_the_logit():
    claims = pd.DataFrame(
        {
            "claim_id": ["refer-language", "refer-cooperation", "refer-language-by-type"],
            "supported": [True, pd.NA, True],
            "estimate": [np.log(3.0), 0.2, 5.0],
            "direction": ["needs interpreter", "good", "x"],
            "contrast": ["local language", "poor", "y"],
        }
    )
    text = vignettes.effects_in_words(claims, "refer-", scale="odds")
    assert text == (
        "language (needs interpreter rather than local language: odds 3.0 times as high); "
        "not measurably: cooperation"
    )
    assert vignettes.effects_in_words(claims.iloc[1:2], "refer-").startswith("none of")


def test_effects_in_words_names_levels_by_their_labels():
    claims = pd.DataFrame(
        {
            "claim_id": ["aid-years_in_belgium"],
            "supported": [True],
            "estimate": [1.2],
            "direction": ["3_to_4"],
            "contrast": ["less_than_1"],
        }
    )
    words = {"3_to_4": "3 to 4 years", "less_than_1": "less than a year"}
    text = vignettes.effects_in_words(claims, "aid-", level_label=words.get)
    assert text == "years in belgium (3 to 4 years rather than less than a year: 1.2 points more)"
    assert "less than 1:" in vignettes.effects_in_words(claims, "aid-")  # no labels: spaces


def test_the_typology_other_runs_use_is_the_typology_chapters_default(repo):
    params = pipeline.notebook_parameters(repo / "notebooks" / "pcsw_typology.ipynb")
    defaults = {k: ast.literal_eval(v["default"]) for k, v in params.items()}
    assert {k: defaults[k] for k in findings.TYPOLOGY} == findings.TYPOLOGY
