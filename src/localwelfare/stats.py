"""The statistical tests several work packages share, with one set of column names.

Every claim the book makes with a word ("differs", "higher", "associated") rests on one of these
tests, adjusted within its family (:func:`adjust`, Holm by default) and reported with an effect
size and its interval. The functions are flat, take plain arrays or DataFrames and return one
``dict`` per test (a row of the claims table of :mod:`localwelfare.findings`) with these keys:

``test``
    the test used (``chi_square``, ``fisher_exact``, ``monte_carlo_exact``, ``kruskal_wallis``,
    ``mann_whitney``, ``welch``, ``permutation``), or ``none``;
``statistic``, ``p_value``
    the test statistic and its (unadjusted) p-value;
``effect_size``, ``effect_size_name``, ``ci_low``, ``ci_high``
    the effect size, its name and its confidence interval (``confidence``, 95 % by default);
``n``
    the units the test rests on;
``testable``, ``reason``
    whether a test could be run, and if not why (too few units or groups).

Conventions
-----------
* Contingency tables follow Cochran's rule (every expected count at least 1, at most 20 % below
  5; Cochran 1954): the Pearson chi-square test is used when the table meets it, otherwise an
  exact test: Fisher's for 2 x 2 tables, a Monte Carlo permutation test of the chi-square statistic
  for larger ones (as R's ``chisq.test(simulate.p.value = TRUE)``, with ``(b + 1) / (R + 1)``;
  Davison & Hinkley 1997). Effect size: Cramer's V with a bootstrap percentile interval.
* Group comparisons are rank-based by default (Mann-Whitney for two groups, Kruskal-Wallis for
  more, which give the same p-value for two groups without ties correction differences), Welch's
  ANOVA on request. One effect size family: the share of variance explained, rank
  ``eta2_h = (H - k + 1) / (n - k)`` (Tomczak & Tomczak 2014) for rank tests and Welch's partial
  eta-squared, both with a bootstrap percentile interval from resampling within groups.
* Permutation tests of group labels (network-level governance modes, sectors within networks)
  shuffle the labels (within strata when given) and count ``|T*| >= |T|``.

References
----------
Cochran, W. G. (1954). Some methods for strengthening the common chi-square tests. *Biometrics*
10, 417-451. Holm, S. (1979). A simple sequentially rejective multiple test procedure.
*Scandinavian Journal of Statistics* 6, 65-70. Benjamini, Y. & Hochberg, Y. (1995). Controlling
the false discovery rate. *JRSS B* 57, 289-300. Davison, A. C. & Hinkley, D. V. (1997).
*Bootstrap methods and their application*. Cambridge University Press. Tomczak, M. & Tomczak, E.
(2014). The need to report effect size estimates revisited. *Trends in Sport Sciences* 21, 19-25.

Examples
--------
>>> import numpy as np
>>> from localwelfare import stats
>>> stats.adjust([0.01, 0.04, 0.03]).round(2).tolist()
[0.03, 0.06, 0.06]
>>> stats.p_text(0.0004), stats.p_text(0.0312)
('p < 0.001', 'p = 0.031')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

#: Cochran's rule: the smallest expected count below which a cell is "small", and the largest
#: share of small cells a chi-square test tolerates (no cell may be below 1).
MIN_EXPECTED = 5.0
MAX_SMALL_SHARE = 0.2
#: Monte Carlo draws of exact and permutation tests, and bootstrap draws of intervals.
N_RESAMPLES = 9999
N_BOOT = 999

__all__ = [
    "MIN_EXPECTED",
    "MAX_SMALL_SHARE",
    "adjust",
    "cochran_rule",
    "contingency_test",
    "group_test",
    "permutation_test",
    "p_text",
    "interval_text",
    "untested",
]


#: Each test's name as a sentence reads it (a result's ``test`` is the code).
TEST_NAMES = {
    "chi_square": "chi-square test",
    "fisher_exact": "Fisher's exact test",
    "monte_carlo_exact": "Monte Carlo exact test",
    "mann_whitney": "Mann-Whitney U test",
    "kruskal_wallis": "Kruskal-Wallis test",
    "welch": "Welch's ANOVA",
    "permutation": "permutation test",
}


def untested(reason: str, n: int = 0, **extra) -> dict:
    """Return the result of a test that could not be run, with its reason."""
    return {
        "test": "none",
        "statistic": np.nan,
        "p_value": np.nan,
        "effect_size": np.nan,
        "effect_size_name": "",
        "ci_low": np.nan,
        "ci_high": np.nan,
        "n": int(n),
        "testable": False,
        "reason": reason,
        **extra,
    }


def adjust(p_values: Sequence[float], method: str = "holm") -> np.ndarray:
    """Return p-values adjusted for multiplicity within one family (pingouin's ``multicomp``).

    Missing p-values (untestable claims) stay missing and do not count in the family. (Not
    statsmodels' ``multipletests``, which gives the same values but runs a full garbage
    collection on every Holm adjustment, a cost that grows with the objects a kernel holds.
    ``tests/test_stats.py`` checks the two agree.)

    Parameters
    ----------
    p_values : sequence of float
    method : {"holm", "fdr_bh", "bonferroni", "none"}, default "holm"
        Holm's step-down (family-wise error rate) or Benjamini-Hochberg (false discovery rate).

    Examples
    --------
    >>> adjust([0.01, float("nan"), 0.04], "holm").round(2).tolist()
    [0.02, nan, 0.04]
    """
    from pingouin import multicomp

    p = np.asarray(p_values, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    if method == "none" or not ok.any():
        out[ok] = p[ok]
        return out
    if method not in ("holm", "fdr_bh", "bonferroni"):
        raise ValueError(f"adjust: unknown method '{method}' (holm, fdr_bh, bonferroni or none)")
    out[ok] = multicomp(p[ok], method={"bonferroni": "bonf"}.get(method, method))[1]
    return out


def cochran_rule(expected: np.ndarray) -> tuple[bool, str]:
    """Return whether expected counts meet Cochran's rule, and a sentence saying how."""
    expected = np.asarray(expected, dtype=float)
    small = float((expected < MIN_EXPECTED).mean())
    ok = bool(expected.min() >= 1.0 and small <= MAX_SMALL_SHARE)
    return ok, (
        f"smallest expected count {expected.min():.1f}, {small:.0%} of cells below {MIN_EXPECTED:g}"
    )


def _cramers_v(table: np.ndarray) -> float:
    if table.sum() == 0 or min(table.shape) < 2:
        return np.nan
    chi2 = sps.chi2_contingency(table, correction=False).statistic
    return float(np.sqrt(chi2 / (table.sum() * (min(table.shape) - 1))))


def _permuted_chi2(a, b, shape, n_resamples, rng, chunk=1000) -> np.ndarray:
    """Chi-square statistics of ``n_resamples`` tables with ``b`` shuffled against ``a``."""
    r, c = shape
    n = len(a)
    rows = np.bincount(a, minlength=r)[:, None]
    cols = np.bincount(b, minlength=c)[None, :]
    expected = rows * cols / n
    out = []
    for start in range(0, n_resamples, chunk):
        m = min(chunk, n_resamples - start)
        perm = rng.permuted(np.tile(b, (m, 1)), axis=1)
        cells = (a * c)[None, :] + perm + (np.arange(m) * r * c)[:, None]
        counts = np.bincount(cells.ravel(), minlength=m * r * c).reshape(m, r, c)
        out.append(((counts - expected) ** 2 / expected).sum(axis=(1, 2)))
    return np.concatenate(out)


def _shuffled(labels: np.ndarray, blocks: list[np.ndarray], n_resamples: int, rng) -> np.ndarray:
    """``n_resamples`` copies of ``labels`` (rows), each shuffled within every block."""
    out = np.tile(labels, (n_resamples, 1))
    for b in blocks:
        out[:, b] = rng.permuted(out[:, b], axis=1)
    return out


def _bootstrap_cramers_v(a, b, shape, n_boot, rng) -> np.ndarray:
    """Cramer's V of ``n_boot`` bootstrap resamples of the units (rows of ``a``, ``b``)."""
    r, c = shape
    n = len(a)
    idx = rng.integers(0, n, (n_boot, n))
    cells = (a[idx] * c + b[idx]) + (np.arange(n_boot) * r * c)[:, None]
    counts = np.bincount(cells.ravel(), minlength=n_boot * r * c).reshape(n_boot, r, c)
    rows, cols = counts.sum(2, keepdims=True), counts.sum(1, keepdims=True)
    expected = rows * cols / n
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.nansum(np.where(expected > 0, (counts - expected) ** 2 / expected, 0.0), (1, 2))
    dims = np.minimum((rows[:, :, 0] > 0).sum(1), (cols[:, 0, :] > 0).sum(1)) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(dims > 0, np.sqrt(chi2 / (n * dims)), np.nan)


def _within_group_draws(codes: np.ndarray, n_boot: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap indices (``n_boot`` rows) resampling units within each group, and the group code
    of each column (the same in every row)."""
    members = [np.flatnonzero(codes == g) for g in range(codes.max() + 1)]
    idx = np.concatenate([rng.choice(m, (n_boot, len(m))) for m in members], axis=1)
    return idx, np.concatenate([np.full(len(m), g) for g, m in enumerate(members)])


def _eta2_h_rows(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """``eta2_h`` of every row of ``values`` (draws x units), the groups given by ``codes``."""
    b, n = values.shape
    k = codes.max() + 1
    ranks = sps.rankdata(values, axis=1)
    sizes = np.bincount(codes, minlength=k)
    sums = np.stack([ranks[:, codes == g].sum(1) for g in range(k)], axis=1)
    h = 12 / (n * (n + 1)) * (sums**2 / sizes).sum(1) - 3 * (n + 1)
    ordered = np.sort(values, axis=1)
    ties = np.array([np.unique(row, return_counts=True)[1] for row in ordered], dtype=object)
    correction = np.array([1 - (t**3 - t).sum() / (n**3 - n) for t in ties])
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(correction > 0, h / correction, 0.0)
    return (h - k + 1) / (n - k)


def _eta2_rows(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Eta-squared of the group means of every row of ``values`` (draws x units)."""
    grand = values.mean(1, keepdims=True)
    k = codes.max() + 1
    ssb = sum(
        (codes == g).sum() * (values[:, codes == g].mean(1) - grand[:, 0]) ** 2 for g in range(k)
    )
    sst = ((values - grand) ** 2).sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sst > 0, ssb / sst, 0.0)


def _codes(values) -> np.ndarray:
    return pd.factorize(pd.Series(values).astype(str), sort=True)[0]


def contingency_test(
    x: Sequence,
    y: Sequence,
    n_resamples: int = N_RESAMPLES,
    n_boot: int = N_BOOT,
    confidence: float = 0.95,
    seed: int = 0,
) -> dict:
    """Test the association of two categorical variables, choosing the test by Cochran's rule.

    Pearson's chi-square (no continuity correction) when the expected counts meet Cochran's rule;
    otherwise Fisher's exact test for a 2 x 2 table, or a Monte Carlo exact test (``n_resamples``
    permutations of ``y``, chi-square statistic, p = (b + 1) / (R + 1)) for larger tables.

    Parameters
    ----------
    x, y : sequences of the same length
        One value each per unit (e.g. a PCSW's type and its region). Missing values are dropped.
    n_resamples, n_boot : int
        Permutations of the exact test and bootstrap draws of the interval for Cramer's V.
    confidence : float, default 0.95
    seed : int, default 0

    Returns
    -------
    dict
        See the module docstring; ``effect_size_name`` is ``cramers_v``, and ``min_expected`` the
        smallest expected count.

    Examples
    --------
    >>> x = ["a"] * 30 + ["b"] * 30
    >>> y = ["u"] * 25 + ["v"] * 5 + ["u"] * 5 + ["v"] * 25
    >>> r = contingency_test(x, y, n_boot=99)
    >>> r["test"], round(r["statistic"], 2), r["p_value"] < 0.001
    ('chi_square', 26.67, True)
    """
    data = pd.DataFrame({"x": list(x), "y": list(y)}).dropna()
    n = len(data)
    a, b = _codes(data["x"]), _codes(data["y"])
    if n == 0 or a.max(initial=-1) < 1 or b.max(initial=-1) < 1:
        return untested("fewer than two categories on one side: no test", n)
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)
    res = sps.chi2_contingency(table, correction=False)
    ok, rule = cochran_rule(res.expected_freq)
    rng = np.random.default_rng(seed)
    if ok:
        test, stat, p = "chi_square", float(res.statistic), float(res.pvalue)
    elif table.shape == (2, 2):
        test, stat = "fisher_exact", float(res.statistic)
        p = float(sps.fisher_exact(table).pvalue)
    else:
        test, stat = "monte_carlo_exact", float(res.statistic)
        chi = _permuted_chi2(a, b, table.shape, n_resamples, rng)
        p = (int((chi >= stat - 1e-9).sum()) + 1) / (n_resamples + 1)
    boot = _bootstrap_cramers_v(a, b, table.shape, n_boot, rng)
    lo, hi = np.nanquantile(boot, [(1 - confidence) / 2, (1 + confidence) / 2])
    return {
        "test": test,
        "statistic": stat,
        "p_value": min(p, 1.0),
        "effect_size": _cramers_v(table),
        "effect_size_name": "cramers_v",
        "ci_low": float(lo),
        "ci_high": float(hi),
        "n": n,
        "testable": True,
        "reason": f"{TEST_NAMES[test]} ({rule})",
        "min_expected": float(res.expected_freq.min()),
    }


def _eta2_h(values: np.ndarray, codes: np.ndarray) -> float:
    k, n = codes.max() + 1, len(values)
    h = sps.kruskal(*[values[codes == g] for g in range(k)]).statistic
    return float((h - k + 1) / (n - k)) if n > k else np.nan


def _welch_eta2(values: np.ndarray, codes: np.ndarray) -> float:
    # partial eta-squared of the group means (pingouin's np2 of welch_anova): SSb / SStotal
    grand = values.mean()
    ssb = sum(
        (codes == g).sum() * (values[codes == g].mean() - grand) ** 2 for g in np.unique(codes)
    )
    sst = ((values - grand) ** 2).sum()
    return float(ssb / sst) if sst > 0 else np.nan


def group_test(
    values: Sequence[float],
    groups: Sequence,
    method: str = "rank",
    min_group_size: int = 2,
    n_boot: int = N_BOOT,
    confidence: float = 0.95,
    seed: int = 0,
) -> dict:
    """Compare a numeric outcome across groups: a rank test or Welch's ANOVA, with eta-squared.

    Parameters
    ----------
    values, groups : sequences of the same length
        Outcome and group label per unit; missing values are dropped, and groups with fewer than
        ``min_group_size`` units are left out.
    method : {"rank", "welch"}, default "rank"
        ``rank``: Mann-Whitney U (two groups) or Kruskal-Wallis H; effect size
        ``eta2_h = (H - k + 1) / (n - k)``. ``welch``: Welch's ANOVA F (two groups: Welch's t
        test, F = t^2); effect size eta-squared of the group means.
    min_group_size : int, default 2
    n_boot, confidence, seed
        The bootstrap percentile interval of the effect size (resampling within groups).

    Returns
    -------
    dict
        See the module docstring; also ``highest`` and ``lowest`` (the groups with the highest
        and lowest mean), ``n_groups`` and ``group_means``.

    Examples
    --------
    >>> r = group_test([1, 2, 2, 3, 4, 4, 5, 5], list("aaaabbbb"), n_boot=99)
    >>> r["test"], round(r["p_value"], 3), r["highest"]
    ('mann_whitney', 0.027, 'b')
    """
    if method not in ("rank", "welch"):
        raise ValueError(f"group_test: unknown method '{method}' (rank or welch)")
    data = pd.DataFrame({"v": pd.to_numeric(pd.Series(list(values)), errors="coerce")})
    data["g"] = pd.Series(list(groups), dtype="object").astype(str).where(pd.notna(list(groups)))
    data = data.dropna()
    sizes = data["g"].value_counts()
    data = data[data["g"].isin(sizes[sizes >= min_group_size].index)]
    n = len(data)
    if data["g"].nunique() < 2:
        return untested(f"fewer than two groups with at least {min_group_size} units", n)
    v = data["v"].to_numpy(float)
    codes = _codes(data["g"])
    names = sorted(data["g"].unique())
    k = len(names)
    if np.ptp(v) == 0:
        return untested("the outcome does not vary", n)
    means = data.groupby("g")["v"].mean()
    if method == "rank":
        if k == 2:
            res = sps.mannwhitneyu(v[codes == 0], v[codes == 1], alternative="two-sided")
            test, stat = "mann_whitney", float(res.statistic)
        else:
            res = sps.kruskal(*[v[codes == g] for g in range(k)])
            test, stat = "kruskal_wallis", float(res.statistic)
        p = float(res.pvalue)
        effect, name, fn = _eta2_h(v, codes), "eta2_h", _eta2_h
    else:
        import pingouin as pg

        res = pg.welch_anova(data=data, dv="v", between="g").iloc[0]
        test, stat, p = "welch", float(res["F"]), float(res["p_unc"])
        effect, name, fn = _welch_eta2(v, codes), "eta2", _welch_eta2
    rng = np.random.default_rng(seed)
    idx, fixed = _within_group_draws(codes, n_boot, rng)
    boot = (_eta2_h_rows if method == "rank" else _eta2_rows)(v[idx], fixed)
    del fn
    lo, hi = np.nanquantile(boot, [(1 - confidence) / 2, (1 + confidence) / 2])
    return {
        "test": test,
        "statistic": stat,
        "p_value": p,
        "effect_size": effect,
        "effect_size_name": name,
        "ci_low": float(lo),
        "ci_high": float(hi),
        "n": n,
        "testable": True,
        "reason": f"{TEST_NAMES[test]} over {k} groups",
        "n_groups": k,
        "highest": str(means.idxmax()),
        "lowest": str(means.idxmin()),
        "group_means": {str(g): float(m) for g, m in means.items()},
        "groups": names,
    }


def permutation_test(
    values: Sequence[float],
    labels: Sequence,
    strata: Sequence | None = None,
    focal=None,
    n_resamples: int = N_RESAMPLES,
    n_boot: int = N_BOOT,
    confidence: float = 0.95,
    seed: int = 0,
) -> dict:
    """Test whether an outcome depends on group labels by permuting the labels.

    With ``focal``, the statistic is the difference between the mean of the focal group and the
    mean of the others (pooled over strata as the mean of the within-stratum differences); the
    effect size is that difference with a bootstrap interval (units resampled within stratum and
    group). Without ``focal``, the statistic is Kruskal-Wallis H over the labels and the effect
    size ``eta2_h``. Labels are shuffled within each stratum (e.g. the sectors within each
    network), so that differences between strata cannot produce a difference between groups.
    Two-sided p = (b + 1) / (R + 1), b the draws with ``|T*| >= |T|``.

    Examples
    --------
    >>> r = permutation_test([5, 6, 7, 1, 2, 1, 2, 1], list("aaabbbbb"), focal="a", n_boot=99)
    >>> r["test"], round(r["effect_size"], 2), r["p_value"] < 0.05
    ('permutation', 4.6, True)
    """
    data = pd.DataFrame({"v": pd.to_numeric(pd.Series(list(values)), errors="coerce")})
    data["g"] = pd.Series(list(labels), dtype="object").astype(str)
    data["s"] = "all" if strata is None else pd.Series(list(strata), dtype="object").astype(str)
    data = data.dropna()
    n = len(data)
    v, g, s = data["v"].to_numpy(float), data["g"].to_numpy(), _codes(data["s"])
    if focal is not None:
        focal = str(focal)
        f = g == focal
        # strata where both the focal group and others occur
        usable = [t for t in np.unique(s) if 0 < f[s == t].sum() < (s == t).sum()]
        if not usable:
            return untested(f"no stratum has both '{focal}' units and others", n)
        keep = np.isin(s, usable)
        v, f, s = v[keep], f[keep], s[keep]
        n = len(v)
        blocks = [np.flatnonzero(s == t) for t in np.unique(s)]

        def stat(flags):  # flags: (draws, n) booleans
            diffs = [
                (flags[:, b] @ v[b]) / flags[:, b].sum(1)
                - ((~flags[:, b]) @ v[b]) / (~flags[:, b]).sum(1)
                for b in blocks
            ]
            return np.mean(diffs, axis=0)

        observed = float(stat(f[None, :])[0])
        rng = np.random.default_rng(seed)
        draws = stat(_shuffled(f, blocks, n_resamples, rng))
        exceed = int((np.abs(draws) >= abs(observed) - 1e-12).sum())
        boot = np.mean(
            [
                v[rng.choice(b[f[b]], (n_boot, f[b].sum()))].mean(1)
                - v[rng.choice(b[~f[b]], (n_boot, (~f[b]).sum()))].mean(1)
                for b in blocks
            ],
            axis=0,
        )
        lo, hi = np.quantile(boot, [(1 - confidence) / 2, (1 + confidence) / 2])
        return {
            "test": "permutation",
            "statistic": observed,
            "p_value": (exceed + 1) / (n_resamples + 1),
            "effect_size": observed,
            "effect_size_name": "mean_difference",
            "ci_low": float(lo),
            "ci_high": float(hi),
            "n": n,
            "testable": True,
            "reason": f"{n_resamples} permutations of the labels"
            + ("" if strata is None else f" within {len(blocks)} strata"),
            "n_focal": int(f.sum()),
        }
    codes = _codes(g)
    if codes.max() < 1:
        return untested("fewer than two groups", n)
    if np.ptp(v) == 0:
        return untested("the outcome does not vary", n)
    k = codes.max() + 1
    sizes = np.bincount(codes)
    if sizes.min() < 2:
        return untested("a group has fewer than two units", n)

    observed = float(sps.kruskal(*[v[codes == j] for j in range(k)]).statistic)
    rng = np.random.default_rng(seed)
    blocks = [np.flatnonzero(s == t) for t in np.unique(s)]
    # H from the ranks of every draw at once (the tie correction does not change under shuffling)
    ranks = sps.rankdata(v)
    _, ties = np.unique(v, return_counts=True)
    correction = 1 - (ties**3 - ties).sum() / (n**3 - n)
    perms = _shuffled(codes, blocks, n_resamples, rng)
    sums = np.stack([(perms == j) @ ranks for j in range(k)], axis=1)
    h_draws = (12 / (n * (n + 1)) * (sums**2 / sizes).sum(1) - 3 * (n + 1)) / correction
    exceed = int((h_draws >= observed - 1e-9).sum())
    idx, fixed = _within_group_draws(codes, n_boot, rng)
    boot = _eta2_h_rows(v[idx], fixed)
    lo, hi = np.nanquantile(boot, [(1 - confidence) / 2, (1 + confidence) / 2])
    means = pd.Series(v).groupby(g).mean()
    return {
        "test": "permutation",
        "statistic": observed,
        "p_value": (exceed + 1) / (n_resamples + 1),
        "effect_size": _eta2_h(v, codes),
        "effect_size_name": "eta2_h",
        "ci_low": float(lo),
        "ci_high": float(hi),
        "n": n,
        "testable": True,
        "reason": f"{n_resamples} permutations of the labels (Kruskal-Wallis H)",
        "n_groups": int(k),
        "highest": str(means.idxmax()),
        "lowest": str(means.idxmin()),
    }


def p_text(p: float, adjusted: bool = False) -> str:
    """Return a p-value as prose: ``p < 0.001``, ``p = 0.031``, or ``not tested``.

    Examples
    --------
    >>> p_text(0.2349, adjusted=True)
    'adjusted p = 0.235'
    """
    if p is None or not np.isfinite(p):
        return "not tested"
    prefix = "adjusted p" if adjusted else "p"
    return f"{prefix} < 0.001" if p < 0.001 else f"{prefix} = {p:.3f}"


def interval_text(estimate: float, low: float, high: float, name: str = "", digits: int = 2) -> str:
    """Return an estimate with its interval as prose, e.g. ``eta2_h = 0.31 (95 % CI 0.12 to 0.52)``.

    Examples
    --------
    >>> interval_text(0.312, 0.121, 0.518, "Cramer's V")
    "Cramer's V = 0.31 (95 % CI 0.12 to 0.52)"
    """
    if estimate is None or not np.isfinite(estimate):
        return "no estimate"
    head = f"{name} = " if name else ""
    if low is None or not (np.isfinite(low) and np.isfinite(high)):
        return f"{head}{estimate:.{digits}f}"
    return f"{head}{estimate:.{digits}f} (95 % CI {low:.{digits}f} to {high:.{digits}f})"
