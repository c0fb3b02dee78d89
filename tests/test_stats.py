"""localwelfare.stats against R's documented examples and exact enumerations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats as sps

from localwelfare import stats


@pytest.mark.parametrize("method", ["holm", "fdr_bh", "bonferroni"])
def test_adjusted_p_values_are_statsmodels_multipletests(method):
    """pingouin adjusts (statsmodels collects garbage on every Holm call); the values must be
    statsmodels' own, ties, p-values of one and large families included."""
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 40):
        p = rng.uniform(0, 0.2, n)
        p[: n // 3] = p[0]  # ties
        p[n // 2 :: 7] = 1.0
        expected = multipletests(p, method=method)[1]
        np.testing.assert_allclose(stats.adjust(p, method), expected, rtol=1e-12, atol=0)


def test_holm_and_bh_match_p_adjust_by_hand():
    """R: p.adjust(c(.01, .02, .03, .04, .05), "holm") gives .05 .08 .09 .09 .09: sorted p times
    5, 4, 3, 2, 1, made monotone; "BH" gives .05 for all (p * 5 / rank, cumulative minimum)."""
    p = [0.01, 0.02, 0.03, 0.04, 0.05]
    assert stats.adjust(p, "holm") == pytest.approx([0.05, 0.08, 0.09, 0.09, 0.09])
    assert stats.adjust(p, "fdr_bh") == pytest.approx([0.05] * 5)


def test_untested_p_values_stay_out_of_the_family():
    """A missing p-value is not counted: Holm over the two tested claims multiplies by 2."""
    out = stats.adjust([0.02, np.nan, 0.04])
    assert out[0] == pytest.approx(0.04) and np.isnan(out[1]) and out[2] == pytest.approx(0.04)


def _units(table):
    """Expand a table of counts into one (row, column) pair per unit."""
    x, y = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            x += [f"r{i}"] * count
            y += [f"c{j}"] * count
    return x, y


def test_chi_square_reproduces_r_chisq_test_example():
    """R ?chisq.test, Agresti (2007) party identification by gender:
    X-squared = 30.07, df = 2, p-value = 2.954e-07."""
    x, y = _units([[762, 327, 468], [484, 239, 477]])
    r = stats.contingency_test(x, y, n_boot=50)
    assert r["test"] == "chi_square"
    assert r["statistic"] == pytest.approx(30.07, abs=0.005)
    assert r["p_value"] == pytest.approx(2.954e-07, rel=1e-3)
    # Cramer's V = sqrt(30.07 / (2757 * 1))
    assert r["effect_size"] == pytest.approx(np.sqrt(30.0701 / 2757), rel=1e-4)
    assert r["ci_low"] < r["effect_size"] < r["ci_high"]


def test_small_expected_counts_give_fishers_exact_test():
    """R ?fisher.test, Fisher's tea tasting (3 1 / 1 3): p-value = 0.4857. The expected counts (2)
    break Cochran's rule, so the chi-square test is not used."""
    x, y = _units([[3, 1], [1, 3]])
    r = stats.contingency_test(x, y, n_boot=50)
    assert r["test"] == "fisher_exact"
    assert r["p_value"] == pytest.approx(0.4857, abs=1e-4)
    assert "smallest expected count 2.0" in r["reason"]


def test_monte_carlo_exact_test_matches_full_enumeration():
    """A 2 x 3 table of 9 units, too small for a chi-square test: the exact permutation p-value
    is computed here by enumerating every distinct arrangement of the column labels; the Monte
    Carlo p-value must lie within four standard errors of it."""
    x = ["a"] * 4 + ["b"] * 5
    y = ["u", "u", "u", "v", "v", "w", "w", "w", "w"]
    observed = sps.chi2_contingency(np.array([[3, 1, 0], [0, 1, 4]]), correction=False).statistic
    arrangements = set(itertools.permutations(y))
    exceed = 0
    for arrangement in arrangements:
        table = np.zeros((2, 3))
        for xi, yi in zip(x, arrangement, strict=True):
            table[int(xi == "b"), "uvw".index(yi)] += 1
        exceed += sps.chi2_contingency(table, correction=False).statistic >= observed - 1e-9
    exact = exceed / len(arrangements)
    r = stats.contingency_test(x, y, n_resamples=20000, n_boot=50, seed=3)
    assert r["test"] == "monte_carlo_exact"
    se = np.sqrt(exact * (1 - exact) / 20000)
    assert abs(r["p_value"] - exact) < 4 * se + 1e-4


def test_kruskal_wallis_reproduces_r_example_and_eta2_h():
    """R ?kruskal.test, Hollander & Wolfe (1973) p. 116: Kruskal-Wallis chi-squared = 0.77143,
    df = 2, p-value = 0.68; eta2_h = (H - k + 1) / (n - k) = (0.77143 - 2) / 11."""
    x = [2.9, 3.0, 2.5, 2.6, 3.2]
    y = [3.8, 2.7, 4.0, 2.4]
    z = [2.8, 3.4, 3.7, 2.2, 2.0]
    r = stats.group_test(x + y + z, ["x"] * 5 + ["y"] * 4 + ["z"] * 5, n_boot=200)
    assert r["test"] == "kruskal_wallis"
    assert r["statistic"] == pytest.approx(0.77143, abs=1e-5)
    assert r["p_value"] == pytest.approx(0.68, abs=0.005)
    assert r["effect_size"] == pytest.approx((0.77143 - 2) / 11, abs=1e-5)
    assert r["highest"] == "y"


def test_mann_whitney_reproduces_r_wilcox_test_example():
    """R ?wilcox.test, Hollander & Wolfe p. 69 (x vs y, alternative "greater"): W = 35, exact
    p-value = 0.1272, so the two-sided exact p-value is 0.2544."""
    x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    y = [1.15, 0.88, 0.90, 0.74, 1.21]
    r = stats.group_test(x + y, ["x"] * 10 + ["y"] * 5, n_boot=200)
    assert r["test"] == "mann_whitney"
    assert r["statistic"] == pytest.approx(35)
    assert r["p_value"] == pytest.approx(0.2544, abs=1e-4)


def test_welch_reproduces_r_oneway_test_on_sleep():
    """R: oneway.test(extra ~ group, data = sleep): F = 3.4626, num df = 1, denom df = 17.776,
    p-value = 0.07939 (Student's sleep data)."""
    g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    r = stats.group_test(g1 + g2, ["1"] * 10 + ["2"] * 10, method="welch", n_boot=200)
    assert r["statistic"] == pytest.approx(3.4626, abs=1e-4)
    assert r["p_value"] == pytest.approx(0.07939, abs=1e-5)
    assert r["highest"] == "2"


def test_groups_below_the_minimum_size_are_left_out():
    r = stats.group_test([1, 2, 3, 4, 5, 9], list("aaabbc"), min_group_size=3)
    assert not r["testable"] and "fewer than two groups" in r["reason"]


def _exact_focal_p(v, f, strata):
    """Two-sided exact p of the mean difference, enumerating all label arrangements per stratum."""
    v, f, strata = map(np.asarray, (v, f, strata))
    blocks = [np.flatnonzero(strata == s) for s in np.unique(strata)]

    def stat(flags):
        return np.mean([v[b][flags[b]].mean() - v[b][~flags[b]].mean() for b in blocks])

    observed = stat(f)
    choices = [list(itertools.combinations(b, int(f[b].sum()))) for b in blocks]
    values = []
    for pick in itertools.product(*choices):
        flags = np.zeros(len(v), dtype=bool)
        for chosen in pick:
            flags[list(chosen)] = True
        values.append(stat(flags))
    return np.mean(np.abs(values) >= abs(observed) - 1e-12), observed


def test_stratified_permutation_test_matches_exact_enumeration():
    """Labels permuted within two strata: the Monte Carlo p-value lies within four standard errors
    of the exact one enumerated here, and the effect is the mean within-stratum difference."""
    v = [5.0, 6.1, 3.2, 1.0, 2.2, 1.4, 9.0, 7.5, 6.0, 4.1, 5.2]
    g = ["f", "f", "o", "o", "o", "o", "f", "o", "o", "f", "o"]
    s = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    exact, observed = _exact_focal_p(v, np.array(g) == "f", s)
    r = stats.permutation_test(v, g, strata=s, focal="f", n_resamples=20000, seed=1)
    assert r["effect_size"] == pytest.approx(observed)
    se = np.sqrt(exact * (1 - exact) / 20000)
    assert abs(r["p_value"] - exact) < 4 * se + 1e-4
    assert r["ci_low"] < r["effect_size"] < r["ci_high"]


def test_permutation_kruskal_statistic_is_kruskal_wallis_h():
    x = [2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0]
    g = ["x"] * 5 + ["y"] * 4 + ["z"] * 5
    r = stats.permutation_test(x, g, n_resamples=4000, seed=2)
    assert r["statistic"] == pytest.approx(0.77143, abs=1e-5)
    # the permutation p of H approximates the exact small-sample p (0.70 by Hollander & Wolfe's
    # tables is close to the asymptotic 0.68); it certainly does not reject
    assert 0.55 < r["p_value"] < 0.85


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tests_hold_their_level_on_null_data(seed):
    """On data with no effect, each test rejects at about the nominal rate (here: at most 10 % of
    200 null data sets at alpha 0.05; the binomial 99.9 % bound for 5 % is about 10 %)."""
    rng = np.random.default_rng(seed)
    rejections = {"rank": 0, "permutation": 0, "contingency": 0}
    for _ in range(200):
        v = rng.normal(size=40)
        g = rng.choice(["a", "b", "c"], 40)
        rejections["rank"] += stats.group_test(v, g, n_boot=1)["p_value"] < 0.05
        rejections["permutation"] += (
            stats.permutation_test(v, g, n_resamples=199, n_boot=1, seed=seed)["p_value"] < 0.05
        )
        y = rng.choice(["u", "v"], 40)
        rejections["contingency"] += (
            stats.contingency_test(g, y, n_resamples=199, n_boot=1)["p_value"] < 0.05
        )
    assert all(count <= 20 for count in rejections.values()), rejections


def test_p_and_interval_text():
    assert stats.p_text(0.00049) == "p < 0.001"
    assert stats.p_text(0.0496, adjusted=True) == "adjusted p = 0.050"
    assert stats.p_text(float("nan")) == "not tested"
    assert stats.interval_text(0.5, 0.25, 0.75, "V") == "V = 0.50 (95 % CI 0.25 to 0.75)"
