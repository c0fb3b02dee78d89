"""WP3 typology: the weighted latent class model, and covariates of type membership (one-step
latent class regression against poLCA's published result; the bias-adjusted three-step approach
against stepmix), with the ``typology fit --covariates`` command."""

from __future__ import annotations

import io
import warnings
from contextlib import redirect_stderr, redirect_stdout

import numpy as np
import pandas as pd
import pytest

from localwelfare import typology
from localwelfare.cli import main
from localwelfare.errors import InputError

CHEATING_ITEMS = ["LIEEXAM", "LIEPAPER", "FRAUD", "COPYEXAM"]


def _lca(reference_dir, name: str) -> pd.DataFrame:
    return pd.read_csv(reference_dir / "lca" / f"{name}.csv")


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


# --- weighted latent class model ------------------------------------------------------------


def test_integer_weights_equal_repeated_units(reference_dir):
    # A weighted likelihood sum_i w_i ln f(x_i) is, by definition, the likelihood of the data with
    # unit i repeated w_i times: same estimates. The weights are rescaled to mean 1, so the
    # log-likelihood is the repeated data's times n / sum(w).
    items = _lca(reference_dir, "carcinoma")
    w = np.random.default_rng(1).integers(1, 4, len(items))
    weighted = typology.fit_lca(items, 3, starts=10, weights=pd.Series(w, index=items.index))
    repeated = typology.fit_lca(
        items.loc[items.index.repeat(w)].reset_index(drop=True), 3, starts=10
    )
    assert weighted.weighted and not repeated.weighted
    assert weighted.n_obs == len(items)
    assert weighted.loglik * w.sum() / len(items) == pytest.approx(repeated.loglik, abs=1e-4)
    np.testing.assert_allclose(weighted.class_shares, repeated.class_shares, atol=1e-5)
    np.testing.assert_allclose(
        weighted.item_probabilities(), repeated.item_probabilities(), atol=1e-5
    )


def test_equal_weights_give_the_unweighted_fit(reference_dir):
    items = _lca(reference_dir, "values")
    plain = typology.fit_lca(items, 2, starts=4)
    equal = typology.fit_lca(items, 2, starts=4, weights=np.full(len(items), 2.5))
    assert equal.loglik == pytest.approx(plain.loglik, abs=1e-6)  # rescaled to mean 1
    np.testing.assert_allclose(equal.class_shares, plain.class_shares, atol=1e-6)


def test_weights_move_the_class_shares(reference_dir):
    items = _lca(reference_dir, "values")
    plain = typology.fit_lca(items, 2, starts=4)
    first = typology.memberships(plain)["latent_class"] == 1
    w = np.where(first, 3.0, 1.0)  # weight up the units of class 1
    weighted = typology.fit_lca(items, 2, starts=4, weights=w)
    assert weighted.class_shares[0] > plain.class_shares[0] + 0.1


def test_weights_are_aligned_on_the_units_fitted():
    items = pd.DataFrame({"a": [1, 2, None, 2] * 10, "b": [1, 2, None, 1] * 10})
    w = pd.Series(np.arange(1.0, 41.0), index=items.index)
    model = typology.fit_lca(items, 1, weights=w)  # units without answers are dropped
    kept = w.loc[model.codes.index]
    np.testing.assert_allclose(model.weights, kept * len(kept) / kept.sum())


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (pd.Series([1.0, 2.0], index=[0, 1]), "no weight for unit"),
        (np.array([1.0, -1.0, 1.0, 1.0]), "finite numbers >= 0"),
        (np.array([1.0, np.nan, 1.0, 1.0]), "finite numbers >= 0"),
        (np.array([1.0, 1.0]), "2 weights given for 4 units"),
        (np.zeros(4), "all 0"),
    ],
)
def test_bad_weights_are_refused(weights, message):
    items = pd.DataFrame({"a": [1, 2, 1, 2], "b": [1, 1, 2, 2]})
    with pytest.raises(InputError, match=message):
        typology.fit_lca(items, 1, weights=weights)


# --- covariates: poLCA's latent class regression --------------------------------------------


@pytest.fixture(scope="module")
def cheating(reference_dir):
    return _lca(reference_dir, "cheating")


@pytest.fixture(scope="module")
def one_step(cheating):
    return typology.covariate_model(
        cheating[CHEATING_ITEMS], cheating[["GPA"]], 2, steps=1, starts=5, seed=0
    )


def test_one_step_reproduces_polca_cheating(one_step):
    # poLCA 1.6, cbind(LIEEXAM, LIEPAPER, FRAUD, COPYEXAM) ~ GPA, nclass = 2 (reference README).
    # poLCA reports the log-odds of the larger class (share .8219) against the smaller (.1781).
    # Our class 1 (the reference) is the first in class_order_key's order: the highest mean item
    # score, i.e. the class most likely to say yes (code 2) to cheating, which is the smaller
    # class. So our class 2 against class 1 is poLCA's larger against smaller: same signs.
    assert one_step.n_obs == 315  # listwise on GPA
    assert one_step.loglik == pytest.approx(-429.6384, abs=1e-3)
    assert one_step.n_params == 10
    assert one_step.bic == pytest.approx(916.8025, abs=2e-3)
    np.testing.assert_allclose(one_step.class_shares, [0.1781, 0.8219], atol=1e-3)
    coef = one_step.coefficients.set_index(["class", "term"])
    assert list(one_step.coefficients.columns) == ["class", "term", "estimate", "se"]
    assert coef.index.tolist() == [(2, "intercept"), (2, "GPA")]
    # Estimates: the maximum likelihood is unique here and EM stops within 1e-10 of it per unit,
    # so the published 4 decimals must agree (tolerance 5e-4: the last published digit).
    # Standard errors: poLCA's poLCA.se inverts the outer product of the per-unit scores of all
    # parameters at the estimates; the same quantity is computed here, so it agrees to the
    # published 4 decimals too.
    assert coef.loc[(2, "GPA"), "estimate"] == pytest.approx(0.8425, abs=5e-4)
    assert coef.loc[(2, "GPA"), "se"] == pytest.approx(0.2813, abs=5e-4)
    assert coef.loc[(2, "intercept"), "estimate"] == pytest.approx(-0.1134, abs=5e-4)
    assert coef.loc[(2, "intercept"), "se"] == pytest.approx(0.5099, abs=5e-4)
    assert one_step.converged and one_step.se_method.startswith("outer product")


def test_one_step_equals_stepmix_covariate_model(cheating, one_step):
    # stepmix's one-step covariate model (structural="covariate") maximises the same likelihood.
    from stepmix.stepmix import StepMix

    data = cheating.dropna()
    estimator = StepMix(
        2,
        measurement="categorical",
        structural="covariate",
        n_steps=1,
        n_init=5,
        max_iter=5000,
        abs_tol=1e-10,
        random_state=0,
        progress_bar=0,
        verbose=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(data[CHEATING_ITEMS].to_numpy() - 1, data[["GPA"]].to_numpy())
    ll = estimator.score(data[CHEATING_ITEMS].to_numpy() - 1, data[["GPA"]].to_numpy()) * 315
    assert ll == pytest.approx(one_step.loglik, abs=1e-3)


# --- covariates: bias-adjusted three steps --------------------------------------------------


def _stepmix_three_step(data, correction):
    from stepmix.stepmix import StepMix

    estimator = StepMix(
        2,
        measurement="categorical",
        structural="covariate",
        n_steps=3,
        correction=correction,
        n_init=10,
        max_iter=5000,
        abs_tol=1e-10,
        structural_params={"method": "newton-raphson", "max_iter": 200, "tol": 1e-10},
        random_state=1,
        progress_bar=0,
        verbose=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(data[CHEATING_ITEMS].to_numpy() - 1, data[["GPA"]].to_numpy())
    params = estimator.get_parameters()
    beta = params["structural"]["beta"]
    # stepmix's classes in our order: ours first is the one most likely to answer code 2
    yes = params["measurement"]["pis"][:, 1::2].mean(axis=1)
    ref, other = int(np.argmax(yes)), int(np.argmin(yes))
    return beta[other] - beta[ref]


@pytest.mark.parametrize("correction", ["BCH", "ML"])
def test_three_step_equals_stepmix_unweighted(cheating, correction):
    ours = typology.covariate_model(
        cheating[CHEATING_ITEMS], cheating[["GPA"]], 2, correction=correction, starts=10
    )
    expected = _stepmix_three_step(cheating.dropna(), correction)
    # BCH's third step is a Newton solve in both, run to convergence: agreement to 1e-5. For ML,
    # stepmix's EM (one Newton step per iteration, stopping at 1e-10 per unit) ends about 3e-5
    # short of the maximum (checked with BFGS on the exact gradient), which ours polishes to.
    atol = 1e-5 if correction == "BCH" else 1e-4
    np.testing.assert_allclose(ours.coefficients["estimate"], expected, atol=atol)
    assert ours.n_obs == 315 and ours.steps == 3 and ours.correction == correction
    assert (ours.coefficients["se"] > 0).all()


def test_corrections_undo_the_classify_analyse_bias():
    # Planted: log-odds of class 2 against class 1 = 1.5 per unit of z, with items that classify
    # only moderately (entropy well below 1). Taking modal classes as known attenuates the slope;
    # BCH, ML and the one-step model recover it.
    rng = np.random.default_rng(11)
    n = 1500
    z = rng.normal(size=n)
    second = rng.random(n) < 1 / (1 + np.exp(-(0.2 + 1.5 * z)))
    probs = np.where(second[:, None], [0.25, 0.3, 0.2, 0.3, 0.25], [0.75, 0.7, 0.8, 0.7, 0.75])
    items = pd.DataFrame((rng.random((n, 5)) < probs).astype(int), columns=list("abcde"))
    cov = pd.DataFrame({"z": z})
    slopes = {}
    for steps, correction in [(1, None), (3, "BCH"), (3, "ML"), (3, "none")]:
        fit = typology.covariate_model(items, cov, 2, steps=steps, correction=correction, starts=4)
        slopes[correction or "one-step"] = fit.coefficients.set_index("term").loc["z", "estimate"]
    assert abs(slopes["none"]) < 1.1  # attenuated
    for name in ("one-step", "BCH", "ML"):
        assert slopes[name] == pytest.approx(1.5, abs=0.35), name


@pytest.mark.parametrize(("steps", "correction"), [(1, None), (3, "BCH"), (3, "ML")])
def test_weighted_covariate_model_equals_repeated_units(cheating, steps, correction):
    data = cheating.dropna().reset_index(drop=True)
    w = np.random.default_rng(3).integers(1, 4, len(data))
    weighted = typology.covariate_model(
        data[CHEATING_ITEMS],
        data[["GPA"]],
        2,
        steps=steps,
        correction=correction,
        weights=w,
        starts=5,
    )
    repeated = data.loc[data.index.repeat(w)].reset_index(drop=True)
    direct = typology.covariate_model(
        repeated[CHEATING_ITEMS],
        repeated[["GPA"]],
        2,
        steps=steps,
        correction=correction,
        starts=5,
    )
    np.testing.assert_allclose(
        weighted.coefficients["estimate"], direct.coefficients["estimate"], atol=1e-4
    )
    assert weighted.weighted and weighted.se_method == "sandwich"


def test_categorical_covariates_enter_as_indicators():
    design, terms = typology.covariate_design(
        pd.DataFrame({"region": pd.Categorical(["a", "b", "c", "b"]), "x": [1, 2, 3, 4]})
    )
    assert terms == ["intercept", "region: b", "region: c", "x"]
    assert design["region: b"].tolist() == [0.0, 1.0, 0.0, 1.0]


def test_bad_covariates_name_row_field_and_rule():
    with pytest.raises(InputError, match=r"f\.csv, row 7, field 'gpa': covariates must be numbers"):
        typology.covariate_design(pd.DataFrame({"gpa": ["1", "x"]}, index=[6, 7]), "f.csv")
    with pytest.raises(InputError, match="field 'c': a covariate must vary"):
        typology.covariate_design(pd.DataFrame({"c": [1, 1, 1]}))
    items = pd.DataFrame({"a": [1, 2] * 5})
    with pytest.raises(InputError, match="at least 2 classes"):
        typology.covariate_model(items, pd.DataFrame({"z": range(10)}), 1)
    with pytest.raises(InputError, match="three-step approach only"):
        typology.covariate_model(items, pd.DataFrame({"z": range(10)}), 2, steps=1, correction="ML")
    with pytest.raises(InputError, match="correction must be one of"):
        typology.covariate_model(items, pd.DataFrame({"z": range(10)}), 2, correction="BHC")


# --- command line ---------------------------------------------------------------------------


def test_cli_covariates_reproduce_polca_cheating(reference_dir, tmp_path):
    path = reference_dir / "lca" / "cheating.csv"
    out_path = tmp_path / "coefficients.csv"
    status, out, err = _run(
        [
            "typology", "fit", str(path), "--items", ",".join(CHEATING_ITEMS), "--classes", "2",
            "--covariates", "GPA", "--steps", "1", "--missing", "listwise", "--starts", "5",
            "--coefficients", str(out_path),
        ]
    )  # fmt: skip
    assert status == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table["loglik"].iloc[0] == pytest.approx(-440.0271, abs=1e-3)  # without GPA, N = 319
    coef = pd.read_csv(out_path)
    assert coef.columns.tolist() == ["class", "term", "estimate", "se"]
    gpa = coef.set_index("term").loc["GPA"]
    assert gpa["class"] == 2
    assert gpa["estimate"] == pytest.approx(0.8425, abs=5e-4)
    assert gpa["se"] == pytest.approx(0.2813, abs=5e-4)
    assert "log-likelihood -429.638" in err and "315 units" in err


def test_cli_three_step_with_weights(reference_dir, tmp_path):
    data = _lca(reference_dir, "cheating")
    data["w"] = np.where(data.index % 2 == 0, 1, 2)
    path = tmp_path / "cheating_w.csv"
    data.to_csv(path, index=False)
    out_path = tmp_path / "coef.csv"
    status, out, err = _run(
        [
            "typology", "fit", str(path), "--classes", "2", "--covariates", "GPA",
            "--weights", "w", "--correction", "ML", "--starts", "3", "--coefficients",
            str(out_path),
        ]
    )  # fmt: skip
    assert status == 0, err
    assert pd.read_csv(io.StringIO(out))["k"].tolist() == [2]
    assert pd.read_csv(out_path)["term"].tolist() == ["intercept", "GPA"]
    assert "ML correction" in err


def test_cli_covariate_errors_name_file_row_field(reference_dir, tmp_path):
    path = reference_dir / "lca" / "cheating.csv"
    base = ["typology", "fit", str(path), "--classes", "2", "--coefficients", str(tmp_path / "c")]
    status, _, err = _run([*base, "--covariates", "AGE"])
    assert status == 2 and "cheating.csv" in err and "covariate column(s) 'AGE' not found" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,z\n1,2,1.5\n2,1,high\n", encoding="utf-8")
    status, _, err = _run(
        ["typology", "fit", str(bad), "--classes", "2", "--covariates", "z", "--coefficients",
         str(tmp_path / "c")]
    )  # fmt: skip
    assert status == 2 and "bad.csv, row 3, field 'z': covariates must be numbers" in err
    bad.write_text("a,b,w\n1,2,1\n2,1,-3\n", encoding="utf-8")
    status, _, err = _run(["typology", "fit", str(bad), "--classes", "1", "--weights", "w"])
    assert status == 2 and "bad.csv, row 3, field 'w': weights must be finite numbers >= 0" in err
    status, _, err = _run([*base[:-2], "--covariates", "GPA"])
    assert status == 2 and "--coefficients" in err
    status, _, err = _run([*base, "--covariates", "GPA", "--steps", "1", "--correction", "ML"])
    assert status == 2 and "--correction applies to --steps 3 only" in err
    status, _, err = _run([*base[:4], "2-3", *base[5:], "--covariates", "GPA"])
    assert status == 2 and "one number of classes" in err


def test_the_reference_level_is_the_level_without_a_term():
    """The chapter names the level its odds ratios are against: the one covariate_design leaves
    out, not the first in alphabetical order."""
    region = pd.Series(
        ["brussels", "wallonia", "flanders", "brussels"],
        dtype=pd.CategoricalDtype(["flanders", "wallonia", "brussels"]),
    )
    size = pd.Series(["<10k", "10-25k", ">=50k", "10-25k"], dtype="category")
    size = size.cat.reorder_categories(["<10k", "10-25k", ">=50k"])
    covariates = pd.DataFrame({"region": region, "size_class": size})
    _, terms = typology.covariate_design(covariates)
    assert typology.reference_level(region) == "flanders"
    assert typology.reference_level(size) == "<10k"
    assert "region: flanders" not in terms and "size_class: <10k" not in terms
    assert {"region: wallonia", "region: brussels", "size_class: 10-25k"} <= set(terms)
    assert typology.reference_level(region[region != "flanders"]) == "wallonia"
