"""WP4: Likert items, scale reliability, scale scores and group comparisons.

The newcomer questionnaire asks 5-point Likert items (1 = strongly disagree ... 5 = strongly agree)
grouped in scales; "don't know" has its own code (:data:`DONT_KNOW`, 8), distinct from a missing
answer (empty). This module turns such answers into

- item distributions (:func:`item_distribution`, :func:`likert_summary_table`) and the tidy data of
  a diverging stacked bar chart (:func:`diverging_bar_data`, drawn by
  :func:`localwelfare.likertplot.diverging_bars`);
- reliability per scale: Cronbach's alpha with Feldt's confidence interval from pingouin
  (:func:`cronbach_alpha_table`), and per item the corrected item-total correlation and alpha if
  the item is deleted (:func:`item_reliability_table`), with reverse-keyed items recoded and a
  pairwise or listwise missing-data policy;
- scale scores with a minimum share of answered items (:func:`scale_scores`);
- group comparisons: Kruskal-Wallis or Mann-Whitney with effect sizes and Welch's ANOVA
  (:func:`group_tests`), Holm-corrected pairwise tests (:func:`pairwise_group_tests`) and bootstrap
  confidence intervals of group means (:func:`group_mean_intervals`), all from pingouin;
- the respondents' description (:func:`respondent_profile`), published under the disclosure
  rules of :mod:`localwelfare.privacy.disclosure` (groups too small to compare are left out by
  :func:`localwelfare.privacy.large_enough_groups`).

"Don't know" is never a point on the scale: it counts as an answer in the distributions (shown
apart in the chart) and as missing in reliability and scores.

Examples
--------
>>> import pandas as pd
>>> from localwelfare import perceptions
>>> import pingouin as pg
>>> long = pg.read_dataset("cronbach_alpha")  # 15 people x 10 seven-point items
>>> wide = long.pivot(index="Subj", columns="Items", values="Scores")
>>> table = perceptions.cronbach_alpha_table(wide, {"all": list(wide.columns)}, high=7)
>>> table[["alpha", "ci_low", "ci_high"]].round(3).values.tolist()
[[0.592, 0.195, 0.84]]
>>> perceptions.scale_scores(wide, {"all": list(wide.columns)}, high=7)["all"].round(1).tolist()[:3]
[2.9, 4.1, 4.7]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pingouin as pg

from localwelfare import privacy
from localwelfare.errors import InputError, require_columns

#: Code of the answer "don't know" in the newcomer questionnaire (distinct from missing, empty).
DONT_KNOW = 8
#: Codes of the five substantive answers, from strongly disagree to strongly agree.
LEVELS = (1, 2, 3, 4, 5)
#: Labels of :data:`LEVELS` for tables and figures.
LEVEL_LABELS = {
    1: "strongly disagree",
    2: "disagree",
    3: "neither agree nor disagree",
    4: "agree",
    5: "strongly agree",
}
#: Label of the "don't know" answer in tidy outputs.
DONT_KNOW_LABEL = "don't know"

Scales = Mapping[str, Sequence[str]]


# --- item answers ----------------------------------------------------------------------------


def numeric_items(
    frame: pd.DataFrame,
    items: Sequence[str],
    reverse: Sequence[str] = (),
    dont_know: int | None = DONT_KNOW,
    low: int = 1,
    high: int = 5,
) -> pd.DataFrame:
    """Return the answers to ``items`` as floats on the scale, reverse-keyed items recoded.

    Parameters
    ----------
    frame : DataFrame
        One row per respondent; item columns hold codes (numbers, numeric strings or the ordered
        categoricals :func:`localwelfare.data.load` returns).
    items : list of str
        Item columns.
    reverse : list of str, default ()
        Reverse-keyed items, recoded as ``low + high - x`` so that a high value always means the
        same direction.
    dont_know : int or None, default :data:`DONT_KNOW`
        Code of "don't know", turned into missing (it is not a point on the scale).
    low, high : int, default 1 and 5
        The scale's lowest and highest codes; any other value (besides ``dont_know``) is refused.

    Returns
    -------
    DataFrame
        Same index, one float column per item; missing and "don't know" are NaN.

    Raises
    ------
    InputError
        If an item is absent, or a value is neither on the scale nor ``dont_know``.

    Examples
    --------
    >>> import pandas as pd
    >>> numeric_items(pd.DataFrame({"a": [1, 8, None], "b": [5, 2, 4]}), ["a", "b"], reverse=["b"])
         a    b
    0  1.0  1.0
    1  NaN  4.0
    2  NaN  2.0
    """
    require_columns(frame, list(items))
    unknown = [r for r in reverse if r not in items]
    if unknown:
        raise InputError(f"reverse-keyed item(s) {unknown} are not among the items {list(items)}")
    allowed = list(range(low, high + 1)) + ([dont_know] if dont_know is not None else [])
    out = {}
    for item in items:
        raw = frame[item].astype(object)
        present = raw.notna()
        values = pd.to_numeric(raw.where(present, np.nan), errors="coerce").astype(float)
        bad = present & ~values.isin(allowed)
        if bad.any():
            position = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"row {position + 1}, field '{item}': value {raw.iloc[position]!r} is not a "
                f"code of the scale ({low}-{high}"
                + (f", or {dont_know} for don't know)" if dont_know is not None else ")")
            )
        if dont_know is not None:
            values = values.where(values != dont_know)
        if item in reverse:
            values = low + high - values
        out[item] = values
    return pd.DataFrame(out, index=frame.index)


def scale_definitions(schema: dict) -> tuple[dict[str, list[str]], list[str]]:
    """Return the scales and the reverse-keyed items a table schema declares.

    An item field carries ``"scale": <name>`` and, if reverse-keyed, ``"reverseKeyed": true``
    (as ``data/schemas/newcomer_interviews.json`` does); fields without ``scale`` are not items.

    Returns
    -------
    scales : dict of str to list of str
        Scale name to its items, in the schema's order.
    reverse : list of str
        The reverse-keyed items.

    Examples
    --------
    >>> schema = {"fields": [{"name": "id"}, {"name": "a", "scale": "s"},
    ...                      {"name": "b", "scale": "s", "reverseKeyed": True}]}
    >>> scale_definitions(schema)
    ({'s': ['a', 'b']}, ['b'])
    """
    scales: dict[str, list[str]] = {}
    reverse = []
    for field in schema.get("fields", []):
        if "scale" in field:
            scales.setdefault(field["scale"], []).append(field["name"])
            if field.get("reverseKeyed"):
                reverse.append(field["name"])
    return scales, reverse


# --- distributions ---------------------------------------------------------------------------


def item_distribution(
    frame: pd.DataFrame,
    items: Sequence[str],
    levels: Sequence = LEVELS,
    group: str | None = None,
    dont_know=DONT_KNOW,
) -> pd.DataFrame:
    """Return how often each level of each item was answered, per group.

    Parameters
    ----------
    frame : DataFrame
        One row per respondent.
    items : list of str
        Item columns.
    levels : sequence, default :data:`LEVELS`
        The substantive levels in scale order. Every level gets a row, also when nobody chose it.
        Values are compared as strings, so ``1`` and ``"1"`` are the same level.
    group : str, optional
        Column to split by; rows where it is missing are left out. Without it the group is
        ``"all"``.
    dont_know : optional, default :data:`DONT_KNOW`
        Code of "don't know", counted as a last level labelled :data:`DONT_KNOW_LABEL`; ``None``
        when the data have no such code.

    Returns
    -------
    DataFrame
        One row per group, item and level: ``group``, ``item``, ``level`` (the code as a string, or
        :data:`DONT_KNOW_LABEL`), ``dont_know`` (bool), ``count``, ``n_answers`` (non-missing
        answers, "don't know" included) and ``percent`` (of ``n_answers``).

    Raises
    ------
    InputError
        If a column is absent or an answer is neither a level nor ``dont_know``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = item_distribution(pd.DataFrame({"q": [1, 1, 5, 8, None]}), ["q"])
    >>> d[["level", "count", "percent"]].values.tolist()[-3:]
    [['4', 0, 0.0], ['5', 1, 25.0], ["don't know", 1, 25.0]]
    """
    require_columns(frame, list(items) + ([group] if group else []), "item or group")
    keys = [_as_text(v) for v in levels]
    if len(set(keys)) != len(keys):
        raise InputError(f"levels {list(levels)} contain duplicates")
    dk = _as_text(dont_know) if dont_know is not None else None
    if dk is not None and dk in keys:
        raise InputError(f"the don't-know code {dont_know!r} is also one of the levels")
    data = frame if group is None else frame[frame[group].notna()]
    groups = ["all"] if group is None else _group_values(data[group])
    rows = []
    for item in items:
        answers = data[item].map(_as_text, na_action="ignore")
        answers = answers.where(data[item].notna())
        allowed = set(keys) | ({dk} if dk is not None else set())
        bad = answers.notna() & ~answers.isin(allowed)
        if bad.any():
            position = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"row {position + 1}, field '{item}': value {answers.iloc[position]!r} is not one "
                f"of the levels {keys}" + (f" or the don't-know code {dk!r}" if dk else "")
            )
        for name in groups:
            sub = answers if group is None else answers[data[group].astype(str) == name]
            counts = sub.value_counts()
            n_answers = int(sub.notna().sum())
            for key in keys + ([dk] if dk is not None else []):
                count = int(counts.get(key, 0))
                rows.append(
                    {
                        "group": name,
                        "item": item,
                        "level": DONT_KNOW_LABEL if key == dk else key,
                        "dont_know": key == dk,
                        "count": count,
                        "n_answers": n_answers,
                        "percent": 100 * count / n_answers if n_answers else np.nan,
                    }
                )
    return pd.DataFrame(rows)


def _as_text(value) -> str:
    """A code as text: ``4``, ``4.0`` and ``"4"`` are all ``"4"``."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _group_values(values: pd.Series) -> list[str]:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [str(c) for c in values.cat.categories]
    return sorted(values.astype(str).unique())


def likert_summary_table(
    frame: pd.DataFrame,
    items: Sequence[str],
    levels: Sequence,
    group: str | None = None,
    decimals: int = 1,
) -> pd.DataFrame:
    """Return one row per group and item: ``group, item, n`` and one percentage column per level.

    Percentages are of the non-missing answers, rounded to ``decimals``; every answer must be one
    of ``levels`` (list "don't know" among them to count it). This is the table the command
    ``likert summary`` prints.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"q": ["yes", "no", "yes", None]})
    >>> likert_summary_table(frame, ["q"], ["no", "yes"]).to_dict("records")
    [{'group': 'all', 'item': 'q', 'n': 3, 'no': 33.3, 'yes': 66.7}]
    """
    dist = item_distribution(frame, items, levels, group=group, dont_know=None)
    wide = dist.pivot_table(
        index=["group", "item", "n_answers"], columns="level", values="percent", sort=False
    )
    wide = wide[[_as_text(v) for v in levels]].round(decimals).reset_index()
    wide = wide.rename(columns={"n_answers": "n"})
    wide.columns.name = None
    return wide


def diverging_bar_data(
    distribution: pd.DataFrame, levels: Sequence = LEVELS, sort: bool = True
) -> pd.DataFrame:
    """Return the geometry of a diverging stacked bar chart from :func:`item_distribution`.

    Substantive levels are stacked around zero: the lower half of ``levels`` to the left, the upper
    half to the right and, for an odd number of levels, the neutral middle level split in two
    halves across the centre. Their percentages are of the substantive answers ("don't know"
    excluded); "don't know" gets its own rows (``part == "dont_know"``) with its percentage of all
    answers, to be drawn apart. Items are ordered by net agreement over all groups (answers pooled),
    highest first, so every facet shows them in the same order. Unused levels keep their rows.

    Parameters
    ----------
    distribution : DataFrame
        Output of :func:`item_distribution`.
    levels : sequence, default :data:`LEVELS`
        The substantive levels in scale order (as given to :func:`item_distribution`).
    sort : bool, default True
        Order items by net agreement; otherwise keep their order of appearance.

    Returns
    -------
    DataFrame
        One row per group, item and level: ``group``, ``item``, ``level``, ``part`` ("scale" or
        "dont_know"), ``percent``, ``start`` and ``end`` (bar extent on the percentage axis;
        negative is disagreement), ``net_agreement`` (percent agreeing minus percent disagreeing,
        of the substantive answers, within the group) and ``item_order`` (0 = top).

    Examples
    --------
    >>> import pandas as pd
    >>> d = item_distribution(pd.DataFrame({"q": [1, 3, 5, 5, 8]}), ["q"])
    >>> bars = diverging_bar_data(d)
    >>> bars[["level", "start", "end"]].values.tolist()[:3]
    [['1', -37.5, -12.5], ['2', -12.5, -12.5], ['3', -12.5, 12.5]]
    """
    keys = [_as_text(v) for v in levels]
    k = len(keys)
    lower, upper = keys[: k // 2], keys[(k + 1) // 2 :]
    neutral = keys[k // 2] if k % 2 else None
    scale = distribution[~distribution["dont_know"]].copy()
    unknown = set(scale["level"]) - set(keys)
    if unknown:
        raise InputError(f"levels {sorted(unknown)} of the distribution are not in {keys}")
    totals = scale.groupby(["group", "item"], sort=False)["count"].transform("sum")
    scale["percent"] = np.where(totals > 0, 100 * scale["count"] / totals.where(totals > 0), np.nan)

    rows = []
    for (grp, item), sub in scale.groupby(["group", "item"], sort=False):
        pct = dict(zip(sub["level"], sub["percent"].fillna(0.0), strict=True))
        half = pct[neutral] / 2 if neutral else 0.0
        net = sum(pct[x] for x in upper) - sum(pct[x] for x in lower)
        edge = -half
        for key in reversed(lower):
            rows.append((grp, item, key, "scale", pct[key], edge - pct[key], edge, net))
            edge -= pct[key]
        if neutral:
            rows.append((grp, item, neutral, "scale", pct[neutral], -half, half, net))
        edge = half
        for key in upper:
            rows.append((grp, item, key, "scale", pct[key], edge, edge + pct[key], net))
            edge += pct[key]
    out = pd.DataFrame(
        rows,
        columns=["group", "item", "level", "part", "percent", "start", "end", "net_agreement"],
    )
    out["level"] = pd.Categorical(out["level"], categories=keys, ordered=True)
    out = out.sort_values(["group", "item", "level"], kind="stable").reset_index(drop=True)
    out["level"] = out["level"].astype(str)
    order = _item_order(scale, lower, upper) if sort else list(dict.fromkeys(scale["item"]))
    dk = distribution[distribution["dont_know"]]
    if len(dk):
        dk_rows = dk[["group", "item", "level", "percent"]].assign(
            part="dont_know", start=0.0, end=dk["percent"]
        )
        dk_rows = dk_rows.merge(out[["group", "item", "net_agreement"]].drop_duplicates())
        out = pd.concat([out, dk_rows[out.columns]], ignore_index=True)
    out["item_order"] = out["item"].map({item: i for i, item in enumerate(order)})
    group_rank = {g: i for i, g in enumerate(dict.fromkeys(distribution["group"]))}
    keys_order = pd.DataFrame(
        {
            "g": out["group"].map(group_rank),
            "i": out["item_order"],
            "p": (out["part"] == "dont_know").astype(int),
        }
    )
    index = keys_order.sort_values(["g", "i", "p"], kind="stable").index
    return out.loc[index].reset_index(drop=True)


def _item_order(scale: pd.DataFrame, lower: list[str], upper: list[str]) -> list[str]:
    pooled = scale.groupby(["item", "level"], sort=False)["count"].sum().unstack("level")
    total = pooled.sum(axis=1).replace(0, np.nan)
    net = (pooled[upper].sum(axis=1) - pooled[lower].sum(axis=1)) / total
    appearance = {item: i for i, item in enumerate(dict.fromkeys(scale["item"]))}
    ranking = pd.DataFrame({"net": net.fillna(-np.inf), "seen": net.index.map(appearance)})
    return ranking.sort_values(["net", "seen"], ascending=[False, True]).index.tolist()


# --- reliability -----------------------------------------------------------------------------


def _scale_frame(frame, items, reverse, nan_policy, dont_know, low, high) -> pd.DataFrame:
    if nan_policy not in ("pairwise", "listwise"):
        raise InputError(f"nan_policy must be 'pairwise' or 'listwise', not {nan_policy!r}")
    if len(items) < 2:
        raise InputError(f"a scale needs at least two items, got {list(items)}")
    values = numeric_items(frame, items, [r for r in reverse if r in items], dont_know, low, high)
    values = values.dropna(how="all")
    if nan_policy == "listwise":
        values = values.dropna(how="any")
    return values


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return float(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))


def cronbach_alpha_table(
    frame: pd.DataFrame,
    scales: Scales,
    reverse: Sequence[str] = (),
    nan_policy: str = "pairwise",
    ci: float = 0.95,
    dont_know: int | None = DONT_KNOW,
    low: int = 1,
    high: int = 5,
) -> pd.DataFrame:
    """Return Cronbach's alpha with its confidence interval for each scale.

    Alpha and Feldt's confidence interval come from :func:`pingouin.cronbach_alpha`, on the items
    with reverse-keyed ones recoded and "don't know" treated as missing. Respondents who answered
    no item of the scale are left out before (they carry no information, but pingouin would count
    them in the interval's degrees of freedom).

    Parameters
    ----------
    frame : DataFrame
        One row per respondent.
    scales : mapping of str to list of str
        Scale name to its items.
    reverse : list of str, default ()
        Reverse-keyed items (of any scale).
    nan_policy : {"pairwise", "listwise"}, default "pairwise"
        Missing answers: covariances from all pairs of answers (as R psych ``alpha`` by default),
        or only respondents who answered every item of the scale.
    ci : float, default 0.95
        Confidence level of Feldt's interval.
    dont_know, low, high
        As in :func:`numeric_items`.

    Returns
    -------
    DataFrame
        One row per scale: ``scale``, ``n_items``, ``n`` (respondents used), ``alpha``,
        ``ci_low``, ``ci_high`` (rounded to 3 decimals by pingouin), ``nan_policy``.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    Psychometrika, 16(3), 297-334.

    Examples
    --------
    >>> import pingouin as pg
    >>> data = pg.read_dataset("cronbach_wide_missing")
    >>> table = cronbach_alpha_table(data, {"all": list(data.columns)}, low=0, high=1)
    >>> round(float(table.loc[0, "alpha"]), 2)
    0.73
    """
    rows = []
    for name, items in scales.items():
        values = _scale_frame(frame, list(items), reverse, nan_policy, dont_know, low, high)
        if len(values) < 2:
            raise InputError(f"scale '{name}': fewer than two respondents with answers")
        alpha, (lo, hi) = pg.cronbach_alpha(data=values, nan_policy=nan_policy, ci=ci)
        rows.append(
            {
                "scale": name,
                "n_items": len(items),
                "n": len(values),
                "alpha": float(alpha),
                "ci_low": float(lo),
                "ci_high": float(hi),
                "nan_policy": nan_policy,
            }
        )
    return pd.DataFrame(rows)


def item_reliability_table(
    frame: pd.DataFrame,
    scales: Scales,
    reverse: Sequence[str] = (),
    nan_policy: str = "pairwise",
    dont_know: int | None = DONT_KNOW,
    low: int = 1,
    high: int = 5,
) -> pd.DataFrame:
    """Return, per item of each scale, its corrected item-total correlation and alpha if deleted.

    Both come from the scale's item covariance matrix ``C`` (pairwise or listwise, as in
    :func:`cronbach_alpha_table`), as R psych's ``alpha`` computes ``r.drop`` and "reliability if
    an item is dropped": the corrected item-total (item-rest) correlation of item *i* is
    ``sum_{j != i} C_ij / sqrt(C_ii * sum_{j,l != i} C_jl)``, the correlation of the item with the
    sum of the other items; alpha if deleted is alpha of ``C`` without row and column *i*. With
    complete data (or ``listwise``) these equal the Pearson correlation of the item with the rest
    score and pingouin's alpha of the other items.

    Returns
    -------
    DataFrame
        One row per scale and item: ``scale``, ``item``, ``reverse_keyed``, ``n`` (answers),
        ``mean``, ``sd`` (after recoding), ``item_rest_r``, ``alpha_if_deleted``.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"a": [1, 2, 4, 5], "b": [2, 2, 5, 4], "c": [5, 3, 2, 1]})
    >>> t = item_reliability_table(answers, {"s": ["a", "b", "c"]}, reverse=["c"])
    >>> t[["item", "reverse_keyed"]].values.tolist()
    [['a', False], ['b', False], ['c', True]]
    """
    rows = []
    for name, items in scales.items():
        items = list(items)
        values = _scale_frame(frame, items, reverse, nan_policy, dont_know, low, high)
        cov = values.cov().to_numpy()
        k = len(items)
        for i, item in enumerate(items):
            rest = [j for j in range(k) if j != i]
            sub = cov[np.ix_(rest, rest)]
            cov_rest = cov[i, rest].sum()
            denominator = np.sqrt(cov[i, i] * sub.sum())
            rows.append(
                {
                    "scale": name,
                    "item": item,
                    "reverse_keyed": item in reverse,
                    "n": int(values[item].notna().sum()),
                    "mean": float(values[item].mean()),
                    "sd": float(values[item].std()),
                    "item_rest_r": float(cov_rest / denominator) if denominator > 0 else np.nan,
                    "alpha_if_deleted": _alpha_from_cov(sub) if k > 2 else np.nan,
                }
            )
    return pd.DataFrame(rows)


# --- scale scores ----------------------------------------------------------------------------


def scale_scores(
    frame: pd.DataFrame,
    scales: Scales,
    reverse: Sequence[str] = (),
    min_answered: float = 0.5,
    dont_know: int | None = DONT_KNOW,
    low: int = 1,
    high: int = 5,
) -> pd.DataFrame:
    """Return each respondent's score on each scale: the mean of the items answered.

    Parameters
    ----------
    frame : DataFrame
        One row per respondent.
    scales : mapping of str to list of str
        Scale name to its items.
    reverse : list of str, default ()
        Reverse-keyed items, recoded before averaging.
    min_answered : float, default 0.5
        Minimum share of a scale's items answered (on the scale: "don't know" does not count) for
        a score; below it the score is missing. 1.0 demands every item.
    dont_know, low, high
        As in :func:`numeric_items`.

    Returns
    -------
    DataFrame
        Same index as ``frame``, one float column per scale (on the items' ``low``-``high`` range).

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"a": [4, 2, None], "b": [5, 8, None], "c": [1, 2, 3]})
    >>> scale_scores(answers, {"s": ["a", "b", "c"]}, reverse=["c"])["s"].round(2).tolist()
    [4.67, 3.0, nan]
    """
    if not 0 < min_answered <= 1:
        raise InputError(f"min_answered must be in (0, 1], not {min_answered}")
    out = {}
    for name, items in scales.items():
        items = list(items)
        values = numeric_items(
            frame, items, [r for r in reverse if r in items], dont_know, low, high
        )
        answered = values.notna().sum(axis=1)
        enough = answered >= min_answered * len(items) - 1e-9
        out[name] = values.mean(axis=1).where(enough & (answered > 0))
    return pd.DataFrame(out, index=frame.index)


# --- group comparisons -----------------------------------------------------------------------


def _groups(scores: pd.DataFrame, scale: str, group: str, min_group_size: int) -> pd.DataFrame:
    require_columns(scores, [scale, group], "scale or group")
    data = scores[[group, scale]].dropna()
    data = privacy.large_enough_groups(data, group, min_group_size)
    if isinstance(data[group].dtype, pd.CategoricalDtype):
        data = data.assign(**{group: data[group].cat.remove_unused_categories()})
    return data


def group_tests(
    scores: pd.DataFrame,
    scales: Sequence[str],
    group: str,
    min_group_size: int = privacy.SMALL_CELL,
    welch: bool = True,
) -> pd.DataFrame:
    """Return a rank test of each scale across the groups, with its effect size, and Welch's ANOVA.

    Two groups: Mann-Whitney U (:func:`pingouin.mwu`, U of the first group in order), effect size
    the rank-biserial correlation ``2U / (n1 n2) - 1`` (Wendt 1972), positive when the first
    group tends to score higher.
    More groups: Kruskal-Wallis H (:func:`pingouin.kruskal`), effect size
    ``eta2_h = (H - k + 1) / (n - k)`` (Tomczak & Tomczak 2014, as R rstatix
    ``kruskal_effsize``). Welch's ANOVA (:func:`pingouin.welch_anova`) compares the means without
    assuming equal variances, for scale scores that average several items.

    Parameters
    ----------
    scores : DataFrame
        One row per respondent with the scale scores and the group column.
    scales : list of str
        Score columns to compare.
    group : str
        Grouping column (e.g. ``region``, ``legal_status``).
    min_group_size : int, default :data:`localwelfare.privacy.SMALL_CELL`
        Groups with fewer scored respondents are left out of the comparison (and so never
        described); ``1`` keeps every group.
    welch : bool, default True
        Also report Welch's ANOVA.

    Returns
    -------
    DataFrame
        One row per scale: ``scale``, ``group``, ``n``, ``n_groups``, ``test``
        ("mann_whitney" or "kruskal_wallis"), ``statistic`` (U or H), ``df`` (H only), ``p``,
        ``effect_size``, ``effect_size_name``, and with ``welch`` ``welch_f``, ``welch_df1``,
        ``welch_df2``, ``welch_p``, ``welch_eta2``.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"s": [1, 2, 2, 3, 4, 4, 5, 5], "g": list("aaaabbbb")})
    >>> group_tests(scores, ["s"], "g", min_group_size=1).loc[0, "test"]
    'mann_whitney'
    """
    rows = []
    for scale in scales:
        data = _groups(scores, scale, group, min_group_size)
        names = _group_values(data[group]) if len(data) else []
        row = {"scale": scale, "group": group, "n": len(data), "n_groups": len(names)}
        if len(names) < 2:
            rows.append(row | {"test": "none"})
            continue
        if len(names) == 2:
            x, y = (data.loc[data[group].astype(str) == g, scale] for g in names)
            res = pg.mwu(x, y)
            row |= {
                "test": "mann_whitney",
                "statistic": float(res["U_val"].iloc[0]),
                "df": np.nan,
                "p": float(res["p_val"].iloc[0]),
                "effect_size": float(res["RBC"].iloc[0]),
                "effect_size_name": "rank_biserial",
            }
        else:
            res = pg.kruskal(data=data, dv=scale, between=group)
            h, k, n = float(res["H"].iloc[0]), len(names), len(data)
            row |= {
                "test": "kruskal_wallis",
                "statistic": h,
                "df": float(res["ddof1"].iloc[0]),
                "p": float(res["p_unc"].iloc[0]),
                "effect_size": (h - k + 1) / (n - k),
                "effect_size_name": "eta2_h",
            }
        if welch:
            res = pg.welch_anova(data=data, dv=scale, between=group)
            row |= {
                "welch_f": float(res["F"].iloc[0]),
                "welch_df1": float(res["ddof1"].iloc[0]),
                "welch_df2": float(res["ddof2"].iloc[0]),
                "welch_p": float(res["p_unc"].iloc[0]),
                "welch_eta2": float(res["np2"].iloc[0]),
            }
        rows.append(row)
    return pd.DataFrame(rows)


def pairwise_group_tests(
    scores: pd.DataFrame,
    scales: Sequence[str],
    group: str,
    padjust: str = "holm",
    parametric: bool = False,
    effsize: str = "CLES",
    min_group_size: int = privacy.SMALL_CELL,
) -> pd.DataFrame:
    """Return pairwise tests between the groups on each scale, p values corrected for multiplicity.

    Wraps :func:`pingouin.pairwise_tests`: Mann-Whitney U tests by default (Welch t tests with
    ``parametric=True``), p values adjusted within each scale with ``padjust`` (Holm by default).

    Parameters
    ----------
    padjust : str, default "holm"
        pingouin's correction: "none", "bonf", "holm", "fdr_bh", ...
    parametric : bool, default False
        Welch t tests instead of Mann-Whitney.
    effsize : str, default "CLES"
        pingouin's effect size ("CLES": common-language effect size, the probability that a
        respondent of the first group scores higher than one of the second; "hedges", ...).
    min_group_size : int, default :data:`localwelfare.privacy.SMALL_CELL`
        Groups with fewer scored respondents are left out.

    Returns
    -------
    DataFrame
        One row per scale and pair of groups: ``scale``, ``group_a``, ``group_b``, ``statistic``
        (U, or T), ``p_unc``, ``p_adjusted``, ``padjust``, ``effect_size``, ``effect_size_name``.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"s": [1, 2, 2, 3, 4, 4, 5, 5, 3], "g": list("aaabbbccc")})
    >>> pairwise_group_tests(scores, ["s"], "g", min_group_size=1)[["group_a", "group_b"]].shape
    (3, 2)
    """
    frames = []
    for scale in scales:
        data = _groups(scores, scale, group, min_group_size)
        if data[group].nunique() < 2:
            continue
        if not isinstance(data[group].dtype, pd.CategoricalDtype):
            data = data.assign(**{group: data[group].astype(str)})
        res = pg.pairwise_tests(
            data=data,
            dv=scale,
            between=group,
            parametric=parametric,
            padjust=padjust,
            effsize=effsize.lower() if effsize.lower() != "cles" else "CLES",
        )
        stat = "U_val" if not parametric else "T"
        p_adj = res["p_corr"] if "p_corr" in res else res["p_unc"]
        effect_col = res.columns[-1]
        frames.append(
            pd.DataFrame(
                {
                    "scale": scale,
                    "group_a": res["A"].astype(str),
                    "group_b": res["B"].astype(str),
                    "statistic": res[stat].astype(float),
                    "p_unc": res["p_unc"].astype(float),
                    "p_adjusted": p_adj.astype(float),
                    "padjust": padjust,
                    "effect_size": res[effect_col].astype(float),
                    "effect_size_name": effsize,
                }
            )
        )
    columns = [
        "scale",
        "group_a",
        "group_b",
        "statistic",
        "p_unc",
        "p_adjusted",
        "padjust",
        "effect_size",
        "effect_size_name",
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def group_mean_intervals(
    scores: pd.DataFrame,
    scales: Sequence[str],
    group: str,
    confidence: float = 0.95,
    n_boot: int = 2000,
    method: str = "bca",
    seed: int = 0,
    min_group_size: int = privacy.SMALL_CELL,
) -> pd.DataFrame:
    """Return each group's mean score with a bootstrap confidence interval.

    Intervals come from :func:`pingouin.compute_bootci` (scipy's bootstrap), resampling the
    respondents of each group.

    Parameters
    ----------
    confidence : float, default 0.95
        Confidence level.
    n_boot : int, default 2000
        Bootstrap resamples.
    method : {"bca", "per", "basic", "norm"}, default "bca"
        Interval method: bias-corrected and accelerated, percentile, basic or normal.
    seed : int, default 0
        Seed of the resampling, so the interval is reproducible.
    min_group_size : int, default :data:`localwelfare.privacy.SMALL_CELL`
        Groups with fewer scored respondents are left out (never described).

    Returns
    -------
    DataFrame
        One row per scale and group: ``scale``, ``group``, ``n``, ``mean``, ``ci_low``,
        ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"s": [1, 2, 2, 3, 4, 4, 5, 5], "g": list("aaaabbbb")})
    >>> group_mean_intervals(scores, ["s"], "g", min_group_size=1)["mean"].tolist()
    [2.0, 4.5]
    """
    rows = []
    for scale in scales:
        data = _groups(scores, scale, group, min_group_size)
        for name in _group_values(data[group]) if len(data) else []:
            values = data.loc[data[group].astype(str) == name, scale].to_numpy(dtype=float)
            if values.size == 0:
                continue
            if np.ptp(values) == 0:
                low = high = float(values[0])
            else:
                low, high = pg.compute_bootci(
                    values,
                    func="mean",
                    method=method,
                    confidence=confidence,
                    n_boot=n_boot,
                    seed=seed,
                    decimals=6,
                )
            rows.append(
                {
                    "scale": scale,
                    "group": name,
                    "n": int(values.size),
                    "mean": float(values.mean()),
                    "ci_low": float(low),
                    "ci_high": float(high),
                }
            )
    return pd.DataFrame(rows, columns=["scale", "group", "n", "mean", "ci_low", "ci_high"])


# --- the chapter's tables ----------------------------------------------------------------------

#: The respondent attributes of the newcomers' questionnaire in words, in the order the chapter
#: describes them.
ATTRIBUTE_LABELS: dict[str, str] = {
    "region": "region",
    "legal_status": "legal status",
    "gender": "gender",
    "age_band": "age band",
    "origin_region": "region of origin",
    "years_in_belgium": "years in Belgium",
    "interview_language": "interview language",
}

#: How a reader sees the columns of :func:`cronbach_alpha_table` (labels for
#: :func:`localwelfare.display.table`): its alpha is Cronbach's, not Krippendorff's.
RELIABILITY_LABELS = {"alpha": "Cronbach's α", "n": "Respondents"}
#: How a reader sees the columns of :func:`item_table` and :func:`item_reliability_table`: the
#: item's name beside its statement.
ITEM_LABELS = {"item": "Item", "n": "Respondents"}


def choose_scales(scales: Mapping[str, list[str]], names: str) -> dict[str, list[str]]:
    """Return the scales (of :func:`scale_definitions`) named in ``names``, comma-separated, in
    that order; an unknown or missing name raises :class:`~localwelfare.errors.InputError`.

    Examples
    --------
    >>> choose_scales({"trust": ["t1"], "access": ["a1", "a2"]}, "access, trust")
    {'access': ['a1', 'a2'], 'trust': ['t1']}
    """
    wanted = [s.strip() for s in names.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in scales]
    if unknown or not wanted:
        raise InputError(f"parameter scales: unknown scale(s) {unknown}; known: {list(scales)}")
    return {s: list(scales[s]) for s in wanted}


def check_groups(frame: pd.DataFrame, groups: Sequence[str], items: Sequence[str]) -> None:
    """Raise :class:`~localwelfare.errors.InputError` unless every name of ``groups`` is a
    respondent attribute of ``frame`` (a column that is not one of the ``items``)."""
    for name in groups:
        if name not in frame.columns or name in items:
            raise InputError(f"parameter group/group2: {name!r} is not a respondent attribute")


def item_table(
    scales: Mapping[str, Sequence[str]], titles: Mapping[str, str], reverse: Sequence[str] = ()
) -> pd.DataFrame:
    """Return the questionnaire's items: ``scale, item, statement, reverse_keyed`` (bool), one
    row per item of ``scales`` in their order; ``titles`` gives each item's statement.

    Examples
    --------
    >>> item_table({"s": ["q1", "q2"]}, {"q1": "I can", "q2": "I wait"}, ["q2"]).values.tolist()
    [['s', 'q1', 'I can', False], ['s', 'q2', 'I wait', True]]
    """
    rows = [
        {
            "scale": scale,
            "item": item,
            "statement": titles.get(item, item),
            "reverse_keyed": item in reverse,
        }
        for scale, members in scales.items()
        for item in members
    ]
    return pd.DataFrame(rows, columns=["scale", "item", "statement", "reverse_keyed"])


def cross_table(
    frame: pd.DataFrame, row: str, column: str, threshold: int = privacy.SMALL_CELL
) -> pd.DataFrame | None:
    """Return the respondents crossed by ``row`` and ``column`` (unused levels kept, ``row`` as
    the first column), or None when some combination holds fewer than ``threshold`` people
    (:func:`localwelfare.privacy.rare_combinations`): such a table is not shown at all.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": ["x"] * 6 + ["y"] * 6, "b": ["u", "v"] * 6})
    >>> cross_table(frame, "a", "b", threshold=3).values.tolist()
    [['x', 3, 3], ['y', 3, 3]]
    >>> cross_table(frame, "a", "b", threshold=4) is None
    True
    """
    if len(privacy.rare_combinations(frame, [row, column], threshold)):
        return None
    cross = pd.crosstab(frame[row], frame[column], dropna=False).reset_index()
    cross.columns.name = None
    return cross


def practice_type_counts(frame: pd.DataFrame, types: Mapping) -> pd.DataFrame:
    """Return per practice type of the respondents' PCSW (``types``: PCSW -> type; a PCSW without
    one is ``not surveyed``) the PCSWs and the respondents: ``practice_type, pcsws, newcomers``.

    Examples
    --------
    >>> frame = pd.DataFrame({"pcsw": ["1", "1", "2", "3"], "interview_id": ["a", "b", "c", "d"]})
    >>> practice_type_counts(frame, {"1": "open", "2": "open"}).values.tolist()
    [['not surveyed', 1, 1], ['open', 2, 3]]
    """
    typed = frame["pcsw"].astype(str).map(types)
    return (
        frame.assign(practice_type=typed.fillna("not surveyed"))
        .groupby("practice_type")
        .agg(pcsws=("pcsw", "nunique"), newcomers=("interview_id", "size"))
        .reset_index()
    )


def speaker_attributes(
    quotes: pd.DataFrame,
    pseudonyms: Mapping[str, str],
    people: pd.DataFrame,
    attributes: Sequence[str],
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Return ``quotes`` with one column per attribute of its speaker, named by ``labels``
    (default :data:`ATTRIBUTE_LABELS`). ``pseudonyms`` maps interview -> speaker, as given to
    :func:`localwelfare.qualitative.select_quotes`; ``people`` has one row per interview, indexed
    by it. Only pass attributes that may be shown together
    (:func:`safe_attributes`).

    Examples
    --------
    >>> quotes = pd.DataFrame({"quote": ["q"], "speaker": ["P 1"]})
    >>> people = pd.DataFrame({"region": ["brussels"]}, index=["i1"])
    >>> speaker_attributes(quotes, {"i1": "P 1"}, people, ["region"]).values.tolist()
    [['q', 'P 1', 'brussels']]
    """
    labels = ATTRIBUTE_LABELS if labels is None else labels
    interview_of = {speaker: source for source, speaker in pseudonyms.items()}
    out = quotes.copy()
    for attribute in attributes:
        out[labels.get(attribute, attribute)] = [
            str(people.loc[interview_of[s], attribute]) for s in out["speaker"]
        ]
    return out


def planted_power(
    detectable: pd.DataFrame, planted: pd.DataFrame, alpha: float = 0.05
) -> pd.DataFrame:
    """Return the power of a test at level ``alpha`` to detect each planted difference of
    synthetic data (``planted``: ``scale, group, d``, the standardised difference between the most
    different groups, e.g. :func:`localwelfare.synthetic.newcomers.planted_differences`) with the
    groups the design has (``detectable``: :func:`detectable_differences`, its ``variable`` the
    grouping): ``scale, group, d, n_groups, n_smallest, power``
    (:func:`localwelfare.models.achieved_power`, every group as small as the smallest). A
    grouping with fewer than two comparable groups is left out."""
    from localwelfare import models

    out = planted[["scale", "group", "d"]].merge(
        detectable[["variable", "n_groups", "n_smallest"]].rename(columns={"variable": "group"}),
        on="group",
    )
    out["power"] = [
        models.achieved_power(row["d"], row["n_smallest"], int(row["n_groups"]), alpha)
        for row in out.to_dict("records")
    ]
    return out


def detectable_differences(
    scores: pd.DataFrame,
    groups: Sequence[str],
    min_group_size: int = privacy.SMALL_CELL,
    alpha: float = 0.05,
    power: float = 0.8,
) -> pd.DataFrame:
    """Return, per grouping variable of ``groups``, the groups large enough to be compared (at
    least ``min_group_size`` respondents), the smallest of them, and the standardised difference
    between the most different groups that a test detects with ``power`` if every group were that
    small (:func:`localwelfare.models.minimum_detectable_difference`): ``variable, n_groups,
    n_smallest, standardised_difference``. A variable with fewer than two such groups is left out.
    """
    from localwelfare import models

    rows = []
    for name in groups:
        sizes = scores[name].value_counts()
        sizes = sizes[sizes >= min_group_size]
        if len(sizes) < 2:
            continue
        mdd = models.minimum_detectable_difference(
            int(sizes.min()), k_groups=len(sizes), alpha=alpha, power=power
        ).iloc[0]
        rows.append(
            {
                "variable": name,
                "n_groups": len(sizes),
                "n_smallest": int(sizes.min()),
                "standardised_difference": float(mdd["standardised_difference"]),
            }
        )
    columns = ["variable", "n_groups", "n_smallest", "standardised_difference"]
    return pd.DataFrame(rows, columns=columns)


# --- who was interviewed, within the privacy rule --------------------------------------------


def respondent_profile(frame: pd.DataFrame, attributes: Sequence[str]) -> pd.DataFrame:
    """Return how many respondents have each level of each attribute (unused levels kept).

    Counts are of people: pass the result through
    :func:`localwelfare.privacy.suppress_small_counts` before showing it.

    Returns
    -------
    DataFrame
        One row per attribute and level: ``attribute``, ``level``, ``n`` (int).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"g": pd.Categorical(["a", "a"], categories=["a", "b"])})
    >>> respondent_profile(frame, ["g"]).values.tolist()
    [['g', 'a', 2], ['g', 'b', 0]]
    """
    require_columns(frame, list(attributes), "attribute")
    rows = []
    for attribute in attributes:
        counts = frame[attribute].value_counts(dropna=False, sort=False)
        levels = _group_values(frame[attribute].dropna())
        for level in levels:
            n = int(sum(v for k, v in counts.items() if pd.notna(k) and str(k) == level))
            rows.append({"attribute": attribute, "level": level, "n": n})
        n_missing = int(frame[attribute].isna().sum())
        if n_missing:
            rows.append({"attribute": attribute, "level": "(not recorded)", "n": n_missing})
    return pd.DataFrame(rows, columns=["attribute", "level", "n"]).astype({"n": "int64"})


__all__ = [
    "ATTRIBUTE_LABELS",
    "DONT_KNOW",
    "DONT_KNOW_LABEL",
    "ITEM_LABELS",
    "LEVEL_LABELS",
    "LEVELS",
    "RELIABILITY_LABELS",
    "check_groups",
    "choose_scales",
    "cronbach_alpha_table",
    "cross_table",
    "detectable_differences",
    "diverging_bar_data",
    "group_mean_intervals",
    "group_tests",
    "item_distribution",
    "item_reliability_table",
    "item_table",
    "likert_summary_table",
    "numeric_items",
    "pairwise_group_tests",
    "planted_power",
    "practice_type_counts",
    "respondent_profile",
    "scale_definitions",
    "scale_scores",
    "speaker_attributes",
]
