"""WP3 typology: latent class models against poLCA's published results, survey weights, the
recovery of the planted PCSW types, the pcsw_survey resource and the ``typology fit`` command."""

from __future__ import annotations

import io
import math
import shutil
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import pdist, squareform
from sklearn.metrics import adjusted_rand_score

from localwelfare import data, typology, weights
from localwelfare.cli import main
from localwelfare.errors import InputError
from localwelfare.synthetic import DEFAULT_SEED, design, pcsw, write_csv

# poLCA's published results (poLCA manual and man/*.Rd; ../shared/reference-data/README.md).
CARCINOMA_LL = {2: -317.2568, 3: -293.705, 4: -289.2858}
VALUES_LL = {1: -543.6498, 2: -504.4677, 3: -503.3011}


def _lca(reference_dir, name: str) -> pd.DataFrame:
    return pd.read_csv(reference_dir / "lca" / f"{name}.csv")


@pytest.fixture(scope="module")
def carcinoma_models(reference_dir):
    return typology.fit_models(_lca(reference_dir, "carcinoma"), [2, 3, 4], starts=10, seed=0)


@pytest.fixture(scope="module")
def values_models(reference_dir):
    items = _lca(reference_dir, "values")
    models = typology.fit_models(items, [1, 2], starts=8, seed=0)
    # K = 3 is weakly identified: EM needs thousands of iterations, so fewer starts
    models.update(typology.fit_models(items, [3], starts=3, seed=0))
    return models


# --- poLCA reference values -------------------------------------------------------------------


def test_carcinoma_logliks_match_polca(carcinoma_models):
    for k, expected in CARCINOMA_LL.items():
        assert carcinoma_models[k].loglik == pytest.approx(expected, abs=1e-3), k


def test_carcinoma_three_classes_match_polca(carcinoma_models):
    table = typology.selection_table(carcinoma_models).set_index("k")
    assert table.loc[3, "n_params"] == 23
    assert table.loc[3, "n_obs"] == 118
    assert table.loc[3, "bic"] == pytest.approx(697.1357, abs=2e-3)
    assert table.loc[3, "aic"] == pytest.approx(633.41, abs=2e-3)
    shares = np.sort(carcinoma_models[3].class_shares)
    np.testing.assert_allclose(shares, [0.1817, 0.3736, 0.4447], atol=1e-3)


def test_carcinoma_sabic_and_caic_follow_their_published_formulas(carcinoma_models):
    # Sclove (1987): ln((N + 2) / 24); Bozdogan (1987): ln N + 1; from poLCA's LL and p.
    row = typology.selection_table(carcinoma_models).set_index("k").loc[3]
    assert row["sabic"] == pytest.approx(587.41 + 23 * math.log(120 / 24), abs=2e-3)
    assert row["caic"] == pytest.approx(587.41 + 23 * (math.log(118) + 1), abs=2e-3)


def test_values_logliks_match_polca(values_models):
    for k, expected in VALUES_LL.items():
        assert values_models[k].loglik == pytest.approx(expected, abs=1e-3), k
    # poLCA's parameter count R * sum(K_j - 1) + (R - 1) for 4 binary items
    assert [values_models[k].n_params for k in (1, 2, 3)] == [4, 9, 14]


def test_local_maxima_diagnostic(carcinoma_models):
    # K = 2 has one maximum; K = 4 is known for local maxima, so some starts miss the best.
    assert typology.best_ll_share(carcinoma_models[2].start_logliks) == 1.0
    assert typology.best_ll_share(carcinoma_models[4].start_logliks) < 1.0
    assert len(carcinoma_models[4].start_logliks) == 10


def test_class_order_does_not_depend_on_the_seed(reference_dir, carcinoma_models):
    other = typology.fit_lca(_lca(reference_dir, "carcinoma"), 3, starts=10, seed=99)
    a = typology.profiles(carcinoma_models[3])
    b = typology.profiles(other)
    np.testing.assert_allclose(a["probability"], b["probability"], atol=1e-4)
    np.testing.assert_allclose(carcinoma_models[3].class_shares, other.class_shares, atol=1e-4)
    # class 1 has the highest mean item score
    scores = typology.item_scores(other).mean(axis=1)
    assert scores.is_monotonic_decreasing


def test_blrt_rejects_one_class_for_carcinoma(carcinoma_models, reference_dir):
    one = typology.fit_lca(_lca(reference_dir, "carcinoma"), 1)
    p = typology.blrt_pvalue(one, carcinoma_models[2], draws=9, starts=1, seed=1)
    assert p == pytest.approx(0.1)  # (1 + 0) / (9 + 1): no draw reaches the observed LR


def test_blrt_does_not_reject_a_true_null():
    rng = np.random.default_rng(7)
    items = pd.DataFrame(rng.integers(0, 2, size=(100, 4)), columns=list("abcd"))
    models = typology.fit_models(items, [1, 2], starts=3, seed=0, tol=1e-6)
    assert typology.blrt_pvalue(models[1], models[2], draws=9, starts=1, seed=3) > 0.2


# --- missing data ---------------------------------------------------------------------------


def _with_holes(frame: pd.DataFrame, share: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    out = frame.astype("float64")
    out = out.mask(rng.random(out.shape) < share)
    return out


def test_fiml_one_class_loglik_equals_observed_frequencies(reference_dir):
    # With one class, the full-information LL is sum_j sum_c n_jc ln(n_jc / n_j) over the
    # answers given: computed here without stepmix.
    holes = _with_holes(_lca(reference_dir, "carcinoma"), 0.05, seed=1)
    expected = 0.0
    for item in holes:
        counts = holes[item].value_counts().to_numpy(dtype=float)
        expected += float(np.sum(counts * np.log(counts / counts.sum())))
    model = typology.fit_lca(holes, 1, missing="fiml")
    assert model.loglik == pytest.approx(expected, abs=1e-6)
    assert model.n_obs == len(holes)


def test_listwise_equals_fitting_the_complete_cases(reference_dir):
    holes = _with_holes(_lca(reference_dir, "carcinoma"), 0.03, seed=2)
    complete = holes.dropna()
    assert len(complete) < len(holes)
    listwise = typology.fit_lca(holes, 2, missing="listwise", starts=5)
    direct = typology.fit_lca(complete, 2, starts=5)
    assert listwise.n_obs == len(complete)
    assert listwise.n_dropped == len(holes) - len(complete)
    assert listwise.loglik == pytest.approx(direct.loglik, abs=1e-6)


def test_unknown_missing_policy_is_refused():
    with pytest.raises(InputError, match="missing-data policy"):
        typology.fit_lca(pd.DataFrame({"a": [1, 2, 1]}), 1, missing="impute")


# --- item coding ----------------------------------------------------------------------------


def test_encode_items_codes():
    frame = pd.DataFrame(
        {
            "num": [1, 3, None],
            "lab": ["yes", "no", "yes"],
            "cat": pd.Categorical(["b", None, "b"], categories=["a", "b", "c"], ordered=True),
        }
    )
    codes, cats = typology.encode_items(frame)
    assert codes["num"].tolist()[:2] == [0.0, 2.0] and math.isnan(codes["num"].iloc[2])
    assert cats["num"] == [1, 2, 3]  # 1-based codes, as poLCA
    assert codes["lab"].tolist() == [1.0, 0.0, 1.0] and cats["lab"] == ["no", "yes"]
    assert codes["cat"].iloc[0] == 1.0 and cats["cat"] == ["a", "b", "c"]


def test_encode_items_names_row_and_field_of_a_bad_code():
    frame = pd.DataFrame({"a": [1, 2, 2.5]}, index=[2, 3, 4])
    with pytest.raises(InputError, match=r"f\.csv, row 4, field 'a'.*whole numbers"):
        typology.encode_items(frame, source="f.csv")


# --- survey weights -------------------------------------------------------------------------


def test_poststratification_weights_hand_example():
    frame = pd.DataFrame(
        {
            "region": ["a"] * 6 + ["b"] * 4,
            "size": ["x", "x", "x", "y", "y", "y", "x", "x", "y", "y"],
        }
    )
    resp = frame.iloc[[0, 3, 4, 6, 8, 9]]
    w = weights.poststratification_weights(resp, frame, ["region", "size"])
    assert w["weight"].tolist() == [3.0, 1.5, 1.5, 2.0, 1.0, 1.0]
    assert w["weight"].sum() == len(frame)


def test_empty_stratum_is_collapsed_or_refused():
    frame = pd.DataFrame({"region": ["a"] * 5, "size": ["x", "x", "y", "y", "z"]})
    resp = frame.iloc[[0, 2]]  # nobody from size z
    w = weights.poststratification_weights(resp, frame, ["region", "size"])
    assert w["weight"].tolist() == [2.0, 3.0]  # z merged into the previous size, y
    with pytest.raises(InputError, match="no respondents"):
        weights.poststratification_weights(resp, frame, ["region", "size"], collapse_empty=False)


def test_weight_summary_kish_design_effect():
    summary = weights.weight_summary(pd.Series([1.0, 1.0, 2.0, 4.0])).iloc[0]
    assert summary["design_effect"] == pytest.approx(4 * 22 / 64)
    assert summary["effective_n"] == pytest.approx(64 / 22)
    assert summary["max_min_ratio"] == 4.0


# --- robustness -----------------------------------------------------------------------------


def test_matching_distance_is_scipy_hamming_on_complete_data(reference_dir):
    codes, _ = typology.encode_items(_lca(reference_dir, "carcinoma"))
    expected = squareform(pdist(codes.to_numpy(), metric="hamming"))
    np.testing.assert_allclose(typology.matching_distances(codes), expected, atol=1e-12)


def test_matching_distance_uses_items_answered_by_both():
    codes = pd.DataFrame({"a": [0, 0, np.nan], "b": [1, 0, 0], "c": [np.nan, 1, 1.0]})
    d = typology.matching_distances(codes)
    assert d[0, 1] == pytest.approx(0.5)  # a, b in common; differ on b
    assert d[1, 2] == pytest.approx(0.0)  # b, c in common; equal
    assert d[0, 2] == pytest.approx(1.0)  # only b in common; differ


# --- the synthetic survey and the recovery of its planted types -----------------------------


@pytest.fixture(scope="module")
def simulation():
    return pcsw.simulate(DEFAULT_SEED, design.municipalities(DEFAULT_SEED))


@pytest.fixture(scope="module")
def survey():
    return data.load("pcsw_survey")


@pytest.fixture(scope="module")
def survey_models(survey):
    return typology.fit_models(survey[list(pcsw.ITEMS)], range(1, 6), starts=6, seed=0)


def test_committed_survey_is_the_generator_output(simulation, survey, repo, tmp_path):
    write_csv(simulation.survey, tmp_path / "pcsw_survey.csv")
    committed = (repo / "data" / "raw" / "pcsw_survey.csv").read_bytes()
    assert (tmp_path / "pcsw_survey.csv").read_bytes() == committed
    assert len(survey) == int(simulation.responded.sum())


def test_generator_is_deterministic():
    frame = design.municipalities(DEFAULT_SEED)
    a = pcsw.generate(DEFAULT_SEED, {"municipalities": frame})["pcsw_survey"]
    b = pcsw.generate(DEFAULT_SEED, {"municipalities": frame})["pcsw_survey"]
    assert a.to_csv(index=False) == b.to_csv(index=False)


def test_planted_nonresponse_and_item_missingness(simulation):
    frame = design.municipalities(DEFAULT_SEED).set_index("nis_code")
    responded = simulation.responded
    assert 0.4 < responded.mean() < 0.6  # about half respond
    size = frame.loc[responded.index, "size_class"]
    by_size = responded.groupby(size).mean()
    assert by_size[">=50k"] > by_size["<10k"]  # response related to size
    missing = simulation.survey[list(pcsw.ITEMS)].isna().mean()
    assert missing.between(0.0, 0.08).all() and 0.02 <= missing.mean() <= 0.05


def test_bic_recovers_the_planted_number_of_types(survey_models):
    table = typology.selection_table(survey_models)
    assert typology.select_k(table, "bic") == len(pcsw.TYPES)


def test_latent_classes_recover_the_planted_types(survey_models, survey, simulation):
    k = len(pcsw.TYPES)
    classes = typology.memberships(survey_models[k])["latent_class"]
    planted = simulation.types.loc[survey.loc[classes.index, "nis_code"].astype(str)]
    assert adjusted_rand_score(planted.to_numpy(), classes.to_numpy()) > 0.75


def test_types_go_with_region_as_planted(survey_models, survey):
    model = survey_models[len(pcsw.TYPES)]
    classes = typology.memberships(model)["latent_class"]
    test = typology.association_test(classes, survey["region"]).iloc[0]
    assert test["p_value"] < 0.001 and test["cramers_v"] > 0.2
    # the type richest in housing support and paid interpreters (the planted accommodating
    # type) is most common in Brussels
    scores = typology.item_scores(model)
    accommodating = int((scores["housing_support"] + scores["interpreters"]).idxmax())
    shares = typology.types_by(classes, survey["region"])
    top = shares[shares["latent_class"] == accommodating].set_index("group")["share"]
    assert top.idxmax() == "brussels"
    # planted: the conditional type is more common in Flanders than in Wallonia, the
    # accommodating type in the largest municipalities (one-vs-rest logistic regressions)
    factors = typology.membership_factors(classes, survey[["region", "size_class"]])
    factors = factors.set_index(["latent_class", "term"])
    conditional = int((scores["income_conditions"] + scores["language_condition"]).idxmax())
    assert factors.loc[(conditional, "region: wallonia"), "ci_high"] < 0
    assert factors.loc[(accommodating, "size_class: >=50k"), "ci_low"] > 0


def test_weights_reproduce_the_frame_and_weighted_shares(survey, survey_models):
    frame = data.load("municipalities")
    frame = frame[frame["country"] == "BE"]
    w = weights.poststratification_weights(survey, frame)
    weighted = w.groupby(survey["region"].astype(str))["weight"].sum()
    assert weighted.to_dict() == frame["region"].astype(str).value_counts().to_dict()
    sizes = typology.class_sizes(survey_models[4], w["weight"])
    assert sizes["share_weighted"].sum() == pytest.approx(1.0)
    assert sizes["n"].sum() == len(survey)


def test_hierarchical_clustering_agrees_with_the_recovered_types(survey_models):
    table = typology.hierarchical_agreement(survey_models[4], methods=["average"])
    assert table["ari"].iloc[0] > 0.3


def test_broken_survey_file_names_file_row_and_field(tmp_path, repo):
    shutil.copytree(repo / "data", tmp_path / "data")
    path = tmp_path / "data" / "raw" / "pcsw_survey.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("interpreters")] = "sometimes"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(data.DataValidationError) as error:
        data.load("pcsw_survey", tmp_path / "data")
    message = str(error.value)
    assert "pcsw_survey.csv" in message and "row 4" in message and "'interpreters'" in message


# --- command line ---------------------------------------------------------------------------


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def test_cli_prints_the_selection_table_for_values(reference_dir):
    path = reference_dir / "lca" / "values.csv"
    status, out, _ = _run(["typology", "fit", str(path), "--classes", "1-2", "--starts", "4"])
    assert status == 0
    table = pd.read_csv(io.StringIO(out))
    assert table.columns.tolist() == [
        "k",
        "loglik",
        "n_params",
        "aic",
        "bic",
        "sabic",
        "caic",
        "entropy",
        "smallest_class",
        "best_ll_share",
    ]
    np.testing.assert_allclose(table["loglik"], [VALUES_LL[1], VALUES_LL[2]], atol=1e-3)
    assert table["n_params"].tolist() == [4, 9]


def test_cli_bad_input_exits_2_with_message(tmp_path):
    bad = tmp_path / "items.csv"
    bad.write_text("a,b\n1,2\nx1.5,1\n", encoding="utf-8")
    status, _, err = _run(["typology", "fit", str(tmp_path / "none.csv")])
    assert status == 2 and "no such file" in err
    bad.write_text("a,b\n1,2\n1.5,1\n", encoding="utf-8")
    status, _, err = _run(["typology", "fit", str(bad)])
    assert status == 2 and "row 3, field 'a'" in err
    status, _, err = _run(["typology", "fit", str(bad), "--missing", "mean"])
    assert status == 2 and "--missing" in err


def test_types_by_groups_stacks_each_variable():
    units = pd.DataFrame(
        {"region": ["a", "a", "b", "b"], "size_class": ["s", "l", "l", "l"]},
        index=["u1", "u2", "u3", "u4"],
    )
    classes = pd.Series([1, 2, 2, 2], index=units.index)
    by = typology.types_by_groups(classes, units, {"region": "Region", "size_class": "Size"})
    counted = by[by["n"] > 0].set_index(["variable", "group", "latent_class"])
    # region a: one unit of each type; b: both of type 2; size l: u2, u3, u4 of type 2
    assert counted.loc[("Region", "a", 1), "share"] == 0.5
    assert counted.loc[("Region", "b", 2), "share"] == 1.0
    assert counted.loc[("Size", "l", 2), "n"] == 3
    assert set(by["variable"]) == {"Region", "Size"}


def test_odds_ratios_drop_the_excluded_terms_and_exponentiate_the_intervals():
    coefficients = pd.DataFrame(
        {
            "class": [2, 2, 3],
            "term": ["intercept", "region[T.b]", "region[T.b]"],
            "estimate": [0.3, np.log(2.0), 0.0],
            "se": [0.1, 0.25, 1.0],
        }
    )
    assert len(typology.odds_ratios(coefficients)) == 3
    odds = typology.odds_ratios(coefficients, exclude=["intercept"])
    assert odds["term"].tolist() == ["region[T.b]", "region[T.b]"]
    assert odds["odds_ratio"].tolist() == pytest.approx([2.0, 1.0])
    # log 2 -/+ 1.96 x 0.25 excludes 0; 0 -/+ 1.96 does not
    assert odds["ci_low"].iloc[0] == pytest.approx(2.0 * np.exp(-0.49))
    assert odds["excludes_one"].tolist() == [True, False]


def test_largest_type_is_chosen_by_the_weighted_or_the_model_share():
    sizes = pd.DataFrame(
        {"latent_class": [1, 2], "share": [0.6, 0.4], "share_weighted": [0.45, 0.55]}
    )
    assert typology.largest_type(sizes)["latent_class"] == 2
    assert typology.largest_type(sizes, weighted=False)["latent_class"] == 1


def test_chapter_parameters_are_checked():
    with pytest.raises(ValueError, match="missing"):
        typology.check_chapter_parameters("pairwise", 6)
    with pytest.raises(ValueError, match="k_max"):
        typology.check_chapter_parameters("fiml", 1)
    typology.check_chapter_parameters("listwise", 2)
