"""Shared regression models: lme4's sleepstudy and MASS's housing references, a hand-computed
sandwich, the ANOVA estimators of a balanced nested design, and Cohen's (1988) power tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from localwelfare import models
from localwelfare.errors import InputError

# lme4 1.1-31: lmer(Reaction ~ Days + (Days | Subject), sleepstudy)
LMER_FIXED = {"Intercept": 251.4051, "Days": 10.46729}
LMER_SD = {"Intercept": 24.74066, "Days": 5.92214}
LMER_CORRELATION = 0.0656
LMER_RESIDUAL_SD = 25.59180
LMER_REML_CRITERION = 1743.628
LMER_ML_LOGLIK = -875.9697

# MASS 7.3: polr(Sat ~ Infl + Type + Cont, weights = Freq, data = housing)
POLR_COEFFICIENTS = {
    "Infl[Medium]": 0.566394,
    "Infl[High]": 1.288819,
    "Type[Apartment]": -0.572350,
    "Type[Atrium]": -0.366187,
    "Type[Terrace]": -1.091015,
    "Cont[High]": 0.360284,
}
POLR_CUTPOINTS = {"Low|Medium": -0.496135, "Medium|High": 0.690708}
POLR_LOGLIK = -1739.575
HOUSING_LEVELS = {
    "Sat": ["Low", "Medium", "High"],
    "Infl": ["Low", "Medium", "High"],
    "Type": ["Tower", "Apartment", "Atrium", "Terrace"],
    "Cont": ["Low", "High"],
}


@pytest.fixture(scope="module")
def sleepstudy(reference_dir) -> pd.DataFrame:
    return pd.read_csv(reference_dir / "models" / "sleepstudy.csv")


@pytest.fixture(scope="module")
def housing(reference_dir) -> pd.DataFrame:
    return pd.read_csv(reference_dir / "models" / "housing.csv")


# --- multilevel ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sleep_reml(sleepstudy):
    return models.multilevel_model(
        sleepstudy, "Reaction", ["Days"], groups="Subject", random_slopes=["Days"]
    )


def test_sleepstudy_fixed_effects_match_lme4(sleep_reml):
    coefficients = sleep_reml.coefficients.set_index("term")
    assert list(coefficients.index) == ["Intercept", "Days"]
    for term, expected in LMER_FIXED.items():
        assert coefficients.loc[term, "estimate"] == pytest.approx(expected, rel=1e-3)
    assert list(sleep_reml.coefficients.columns) == models.COEFFICIENT_COLUMNS
    row = coefficients.loc["Days"]
    assert row["ci_low"] < row["estimate"] < row["ci_high"]
    assert row["p_value"] < 1e-6


def test_sleepstudy_variance_components_match_lme4(sleep_reml):
    variance = sleep_reml.variance
    assert list(variance.columns) == models.VARIANCE_COLUMNS
    sds = variance[variance["term2"].isna()].set_index("component")["sd"]
    assert sds["Subject: Intercept"] == pytest.approx(LMER_SD["Intercept"], rel=1e-3)
    assert sds["Subject: Days"] == pytest.approx(LMER_SD["Days"], rel=1e-3)
    assert sds["Residual"] == pytest.approx(LMER_RESIDUAL_SD, rel=1e-3)
    pair = variance[variance["term2"].notna()].iloc[0]
    assert (pair["term"], pair["term2"]) == ("Intercept", "Days")
    assert pair["correlation"] == pytest.approx(LMER_CORRELATION, abs=1e-2)


def test_sleepstudy_reml_criterion_and_fit(sleep_reml):
    fit = sleep_reml.fit
    assert fit["reml_criterion"] == pytest.approx(LMER_REML_CRITERION, abs=1e-2)
    assert fit["converged"] and not fit["boundary"]
    assert (fit["n_obs"], fit["n_groups"], fit["method"]) == (180, 18, "REML")


def test_sleepstudy_ml_loglik_matches_lme4(sleepstudy):
    coefficients, _, fit = models.multilevel_model(
        sleepstudy, "Reaction", ["Days"], "Subject", random_slopes=["Days"], reml=False
    )
    assert fit["loglik"] == pytest.approx(LMER_ML_LOGLIK, abs=1e-2)
    assert np.isnan(fit["reml_criterion"]) and fit["method"] == "ML"
    assert coefficients["estimate"].tolist() == pytest.approx(list(LMER_FIXED.values()), rel=1e-3)


def nested_frame(seed: int = 3, pcsws: int = 8, workers: int = 5, vignettes: int = 6):
    """A balanced design: vignettes within workers (coded 0..workers-1 in every PCSW)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        [(p, w, v) for p in range(pcsws) for w in range(workers) for v in range(vignettes)],
        columns=["pcsw", "worker", "vignette"],
    )
    a = rng.normal(0, 1.5, pcsws)
    b = rng.normal(0, 1.0, (pcsws, workers))
    frame["rating"] = (
        5 + a[frame["pcsw"]] + b[frame["pcsw"], frame["worker"]] + rng.normal(0, 0.8, len(frame))
    )
    return frame


def anova_estimates(frame: pd.DataFrame) -> dict[str, float]:
    """Method-of-moments estimates of the balanced two-level nested model (equal to REML when
    all are positive: Searle, Casella & McCulloch 1992, section 6.3)."""
    i = frame["pcsw"].nunique()
    j = frame.groupby("pcsw")["worker"].nunique().iloc[0]
    k = len(frame) // (i * j)
    grand = frame["rating"].mean()
    pcsw_mean = frame.groupby("pcsw")["rating"].transform("mean")
    cell_mean = frame.groupby(["pcsw", "worker"])["rating"].transform("mean")
    ms_a = ((pcsw_mean - grand) ** 2).sum() / (i - 1)
    ms_b = ((cell_mean - pcsw_mean) ** 2).sum() / (i * (j - 1))
    ms_e = ((frame["rating"] - cell_mean) ** 2).sum() / (i * j * (k - 1))
    return {
        "pcsw": (ms_a - ms_b) / (j * k),
        "worker": (ms_b - ms_e) / k,
        "residual": ms_e,
        "mean": grand,
    }


def test_nested_variance_component_equals_anova_estimators():
    frame = nested_frame()
    expected = anova_estimates(frame)
    assert min(expected.values()) > 0
    coefficients, variance, fit = models.multilevel_model(
        frame, "rating", [], groups="pcsw", vc_groups="worker"
    )
    by_group = variance.set_index("group")["variance"]
    assert by_group["pcsw"] == pytest.approx(expected["pcsw"], rel=1e-3)
    assert by_group["worker"] == pytest.approx(expected["worker"], rel=1e-3)
    assert by_group["Residual"] == pytest.approx(expected["residual"], rel=1e-3)
    assert coefficients["estimate"].item() == pytest.approx(expected["mean"], rel=1e-6)
    assert variance.loc[variance["group"] == "worker", "component"].item() == (
        "worker within pcsw: Intercept"
    )
    assert (fit["n_groups"], fit["n_vc_groups"], fit["converged"]) == (8, 40, True)


def test_nested_worker_codes_may_repeat_across_pcsws():
    frame = nested_frame()
    unique = frame.assign(worker=frame["pcsw"] * 100 + frame["worker"])
    repeated = models.multilevel_model(frame, "rating", [], "pcsw", vc_groups="worker")
    distinct = models.multilevel_model(unique, "rating", [], "pcsw", vc_groups="worker")
    assert repeated.variance["variance"].tolist() == pytest.approx(
        distinct.variance["variance"].tolist(), rel=1e-6
    )


def test_multilevel_categorical_predictors_interactions_and_missing_rows():
    frame = nested_frame(seed=5)
    frame["language"] = np.where(frame["vignette"] % 2 == 0, "fluent", "none")
    frame["type"] = np.where(frame["pcsw"] < 4, "A", "B")
    frame.loc[frame["language"] == "none", "rating"] -= 1.0
    frame.loc[0, "rating"] = np.nan
    result = models.multilevel_model(
        frame,
        "rating",
        ["language", "type", "language:type"],
        "pcsw",
        vc_groups="worker",
        levels={"language": ["none", "fluent"]},
    )
    terms = result.coefficients["term"].tolist()
    assert terms == ["Intercept", "language[fluent]", "type[B]", "language[fluent]:type[B]"]
    assert result.coefficients.set_index("term").loc["language[fluent]", "estimate"] > 0.5
    assert result.fit["n_obs"] == len(frame) - 1
    test = models.joint_test(result, ["language"])
    assert test["terms"] == ["language[fluent]"] and test["df"] == 1


def test_multilevel_zero_group_variance_is_a_boundary_fit_not_a_crash():
    # no PCSW effect at all: here (statsmodels 0.15) lbfgs meets a singular matrix and bfgs,
    # the next optimiser, reaches the zero variance
    rng = np.random.default_rng(2024)
    frame = pd.DataFrame(
        {
            "region": np.repeat(["Brussels", "Flanders", "Wallonia"], 30),
            "legal_status": rng.choice(["refugee", "family", "other"], 90),
            "pcsw": rng.integers(0, 20, 90),
            "access": rng.integers(1, 6, 90).astype(float),
        }
    )
    _, variance, fit = models.multilevel_model(
        frame, "access", ["region", "legal_status"], groups="pcsw"
    )
    assert fit["converged"] and fit["boundary"]
    assert variance.set_index("group").loc["pcsw", "sd"] < 1e-3
    with pytest.raises(InputError, match="could not be fitted"):
        models.multilevel_model(
            frame, "access", ["region"], groups="pcsw", methods=["no-such-optimiser"]
        )


def test_multilevel_errors_name_the_column(sleepstudy):
    with pytest.raises(InputError, match="'Hours'"):
        models.multilevel_model(sleepstudy, "Reaction", ["Hours"], "Subject")
    with pytest.raises(InputError, match="'Patient'"):
        models.multilevel_model(sleepstudy, "Reaction", ["Days"], "Patient")
    with pytest.raises(InputError, match="'Worker'"):
        models.multilevel_model(sleepstudy, "Reaction", ["Days"], "Subject", vc_groups="Worker")
    with pytest.raises(InputError, match="random slope"):
        models.multilevel_model(sleepstudy, "Reaction", [], "Subject", random_slopes=["Days"])


# --- ordinal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("weights_method", ["likelihood", "expand"])
def test_housing_reproduces_polr(housing, weights_method):
    coefficients, thresholds, fit = models.ordinal_model(
        housing,
        "Sat",
        ["Infl", "Type", "Cont"],
        weights="Freq",
        levels=HOUSING_LEVELS,
        weights_method=weights_method,
    )
    assert list(coefficients.columns) == models.COEFFICIENT_COLUMNS
    estimates = coefficients.set_index("term")["estimate"]
    assert list(estimates.index) == list(POLR_COEFFICIENTS)
    for term, expected in POLR_COEFFICIENTS.items():
        assert estimates[term] == pytest.approx(expected, abs=1e-4)
    cuts = thresholds.set_index("threshold")["estimate"]
    assert list(cuts.index) == list(POLR_CUTPOINTS)
    for name, expected in POLR_CUTPOINTS.items():
        assert cuts[name] == pytest.approx(expected, abs=1e-4)
    assert fit["loglik"] == pytest.approx(POLR_LOGLIK, abs=1e-2)
    assert (fit["n_obs"], fit["n_rows"], fit["converged"]) == (1681, 72, True)


def test_weighting_by_likelihood_equals_expanding_rows(housing):
    by_likelihood = models.ordinal_model(
        housing, "Sat", ["Infl", "Type", "Cont"], weights="Freq", levels=HOUSING_LEVELS
    )
    expanded_frame = housing.loc[housing.index.repeat(housing["Freq"])]
    unweighted = models.ordinal_model(
        expanded_frame, "Sat", ["Infl", "Type", "Cont"], levels=HOUSING_LEVELS
    )
    for column in ["estimate", "se"]:
        assert by_likelihood.coefficients[column].tolist() == pytest.approx(
            unweighted.coefficients[column].tolist(), rel=1e-4
        )
        assert by_likelihood.thresholds[column].tolist() == pytest.approx(
            unweighted.thresholds[column].tolist(), rel=1e-4
        )


def test_ordinal_threshold_se_by_delta_method(housing):
    # polr's summary: cut-point standard errors 0.1248 and 0.1255
    _, thresholds, _ = models.ordinal_model(
        housing, "Sat", ["Infl", "Type", "Cont"], weights="Freq", levels=HOUSING_LEVELS
    )
    assert thresholds["se"].tolist() == pytest.approx([0.1248, 0.1255], abs=1e-4)


def test_ordinal_type_joint_test_and_probit(housing):
    result = models.ordinal_model(
        housing, "Sat", ["Infl", "Type", "Cont"], weights="Freq", levels=HOUSING_LEVELS
    )
    test = models.joint_test(result, ["Type"])
    assert test["df"] == 3 and test["p_value"] < 1e-6
    probit = models.ordinal_model(
        housing, "Sat", ["Infl", "Type", "Cont"], "Freq", link="probit", levels=HOUSING_LEVELS
    )
    assert probit.fit["converged"] and probit.fit["link"] == "probit"
    # same directions, on a scale about 1.6-1.8 times smaller than the logit's
    ratio = result.coefficients["estimate"] / probit.coefficients["estimate"]
    assert ((ratio > 1.4) & (ratio < 2.0)).all()


def test_ordinal_errors(housing):
    with pytest.raises(InputError, match="order of the outcome 'Sat'"):
        models.ordinal_model(housing, "Sat", ["Infl"], weights="Freq")
    with pytest.raises(InputError, match="'Region'"):
        models.ordinal_model(housing, "Sat", ["Region"], levels=HOUSING_LEVELS)
    with pytest.raises(InputError, match="'Count'"):
        models.ordinal_model(housing, "Sat", ["Infl"], weights="Count", levels=HOUSING_LEVELS)
    fractional = housing.assign(Freq=housing["Freq"] * 0.5)
    with pytest.raises(InputError, match="non-integer"):
        models.ordinal_model(
            fractional, "Sat", ["Infl"], "Freq", levels=HOUSING_LEVELS, weights_method="expand"
        )
    with pytest.raises(InputError, match="not among the levels"):
        models.ordinal_model(housing, "Sat", ["Infl"], levels={"Sat": ["Low", "High"]})


def test_ordinal_fractional_weights_scale_the_information(housing):
    full = models.ordinal_model(housing, "Sat", ["Infl"], "Freq", levels=HOUSING_LEVELS)
    half = models.ordinal_model(
        housing.assign(Freq=housing["Freq"] / 2), "Sat", ["Infl"], "Freq", levels=HOUSING_LEVELS
    )
    assert half.coefficients["estimate"].tolist() == pytest.approx(
        full.coefficients["estimate"].tolist(), abs=1e-6
    )
    assert half.coefficients["se"].tolist() == pytest.approx(
        (full.coefficients["se"] * np.sqrt(2)).tolist(), rel=1e-4
    )


# --- robust linear ---------------------------------------------------------------------------


@pytest.fixture
def tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "score": [2.0, 3.5, 1.0, 4.0, 6.5, 3.0, 5.0, 7.5],
            "age": [20.0, 25.0, 31.0, 40.0, 45.0, 52.0, 60.0, 68.0],
            "region": ["bru", "fla", "wal", "bru", "fla", "wal", "fla", "bru"],
        }
    )


def sandwich(frame: pd.DataFrame, kind: str) -> np.ndarray:
    """The HC covariance computed by hand: (X'X)^-1 X' diag(w) X (X'X)^-1."""
    x = np.column_stack(
        [
            np.ones(len(frame)),
            frame["age"],
            frame["region"] == "fla",
            frame["region"] == "wal",
        ]
    ).astype(float)
    y = frame["score"].to_numpy()
    bread = np.linalg.inv(x.T @ x)
    residuals = y - x @ bread @ x.T @ y
    leverage = np.einsum("ij,jk,ik->i", x, bread, x)
    n, p = x.shape
    weight = {
        "HC0": residuals**2,
        "HC1": residuals**2 * n / (n - p),
        "HC2": residuals**2 / (1 - leverage),
        "HC3": residuals**2 / (1 - leverage) ** 2,
    }[kind]
    return bread @ (x.T * weight) @ x @ bread


@pytest.mark.parametrize("kind", ["HC0", "HC1", "HC2", "HC3"])
def test_robust_se_equal_the_hand_computed_sandwich(tiny, kind):
    result = models.robust_linear_model(tiny, "score", ["age", "region"], cov_type=kind)
    expected = sandwich(tiny, kind)
    terms = ["Intercept", "age", "region[fla]", "region[wal]"]
    assert result.coefficients["term"].tolist() == terms
    assert result.coefficients["se"].tolist() == pytest.approx(
        np.sqrt(np.diag(expected)).tolist(), rel=1e-10
    )
    assert result.covariance.to_numpy() == pytest.approx(expected, rel=1e-10)
    # t intervals with n - p degrees of freedom
    row = result.coefficients.iloc[1]
    half = stats.t.ppf(0.975, 8 - 4) * row["se"]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        (row["estimate"] - half, row["estimate"] + half)
    )


def test_joint_test_by_hand(tiny):
    result = models.robust_linear_model(tiny, "score", ["age", "region"], cov_type="HC0")
    b = result.coefficients["estimate"].to_numpy()[2:]
    v = sandwich(tiny, "HC0")[2:, 2:]
    wald = float(b @ np.linalg.inv(v) @ b)
    test = models.joint_test(result, ["region"])
    assert test["terms"] == ["region[fla]", "region[wal]"]
    assert test["statistic"] == pytest.approx(wald, rel=1e-10)
    assert test["df"] == 2
    assert test["p_value"] == pytest.approx(stats.chi2.sf(wald, 2), rel=1e-10)
    f_test = models.joint_test(result, ["region[fla]", "region[wal]"], distribution="F")
    assert f_test["statistic"] == pytest.approx(wald / 2, rel=1e-10)
    assert f_test["p_value"] == pytest.approx(stats.f.sf(wald / 2, 2, 4), rel=1e-10)


def test_region_adjusted_for_legal_status():
    rng = np.random.default_rng(7)
    n = 90
    frame = pd.DataFrame(
        {
            "region": np.repeat(["Brussels", "Flanders", "Wallonia"], n // 3),
            "legal_status": rng.choice(["refugee", "family", "other"], n),
        }
    )
    frame["score"] = 3 + 0.8 * (frame["legal_status"] == "other") + rng.normal(0, 0.7, n)
    statuses = {"legal_status": ["refugee", "family", "other"]}
    result = models.robust_linear_model(frame, "score", ["region", "legal_status"], levels=statuses)
    assert result.term_columns["legal_status"] == ["legal_status[family]", "legal_status[other]"]
    region = models.joint_test(result, ["region"])
    status = models.joint_test(result, ["legal_status"])
    assert region["df"] == 2 and status["df"] == 2
    assert status["p_value"] < 0.001 < region["p_value"]
    assert result.fit["n_obs"] == n and result.fit["cov_type"] == "HC3"


def test_linear_and_joint_test_errors(tiny):
    with pytest.raises(InputError, match="'income'"):
        models.robust_linear_model(tiny, "score", ["income"])
    with pytest.raises(InputError, match="'grade'"):
        models.robust_linear_model(tiny, "grade", ["age"])
    with pytest.raises(InputError, match="not numeric"):
        models.robust_linear_model(tiny, "region", ["age"])
    with pytest.raises(InputError, match="cov_type"):
        models.robust_linear_model(tiny, "score", ["age"], cov_type="HC9")
    result = models.robust_linear_model(tiny, "score", ["age"])
    with pytest.raises(InputError, match="'gender'"):
        models.joint_test(result, ["gender"])
    with pytest.raises(InputError, match="'rural'"):
        models.robust_linear_model(tiny, "score", ["region"], levels={"region": ["bru", "rural"]})


# --- power -----------------------------------------------------------------------------------


def test_cohen_two_groups():
    # Cohen (1988), table 2.4.1: d = 0.5, two-sided alpha .05, power .80 needs n = 64 per group
    table = models.minimum_detectable_difference(64, sd=2.0)
    assert list(table.columns) == [
        "n_per_group",
        "k_groups",
        "alpha",
        "power",
        "cohen_f",
        "standardised_difference",
        "raw_difference",
    ]
    row = table.iloc[0]
    assert row["standardised_difference"] == pytest.approx(0.5, abs=0.005)
    assert row["raw_difference"] == pytest.approx(2.0 * row["standardised_difference"])
    assert row["cohen_f"] == pytest.approx(row["standardised_difference"] / 2)
    assert models.achieved_power(0.5, 64) == pytest.approx(0.80, abs=0.005)
    assert models.achieved_power(0.5, 63) < 0.80 < models.achieved_power(0.5, 65)


def test_cohen_three_groups():
    # Cohen (1988), table 8.4.4: f = 0.25, u = 2 (k = 3), alpha .05, power .80 needs n = 52
    d = 0.25 * np.sqrt(2 * 3)  # minimum variability: f = d / sqrt(2k)
    assert models.achieved_power(d, 52, k_groups=3) == pytest.approx(0.80, abs=0.01)
    row = models.minimum_detectable_difference(52, k_groups=3).iloc[0]
    assert row["cohen_f"] == pytest.approx(0.25, abs=0.005)
    assert row["standardised_difference"] == pytest.approx(row["cohen_f"] * np.sqrt(6))


def test_power_round_trip_and_many_sizes():
    table = models.minimum_detectable_difference([20, 30, 90], k_groups=3, power=0.9)
    assert table["standardised_difference"].is_monotonic_decreasing
    for _, row in table.iterrows():
        assert models.achieved_power(
            row["standardised_difference"], row["n_per_group"], k_groups=3
        ) == pytest.approx(0.9, abs=1e-6)


def test_power_errors():
    with pytest.raises(InputError, match="k_groups"):
        models.minimum_detectable_difference(30, k_groups=1)
    with pytest.raises(InputError, match="power"):
        models.minimum_detectable_difference(30, power=1.5)
    with pytest.raises(InputError, match="n_per_group"):
        models.achieved_power(0.5, 1)
