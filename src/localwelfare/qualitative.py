"""WP2 qualitative synthesis: coded segments to matrices, co-occurrence, agreement (with bootstrap
intervals over interviews), saturation and quotes.

Every function takes the tidy coded-segments table (one row per coding, as
:func:`localwelfare.refiqda.segments_table` returns it or the ``coded_segments`` resource holds it:
``coding_id, segment_id, source, coder, code_path, start, end, text``), joined by the caller with
what it knows of each interview (actor group, case, region), and returns a tidy DataFrame.

Codes are paths (``"access/language"``); ``level`` rolls them up to their ancestor at that depth
(``level=1``: the top-level themes), counting a segment once for a parent even when several of its
children code it. ``level=None`` keeps the codes as coded.

Examples
--------
>>> import pandas as pd
>>> from localwelfare import qualitative as q
>>> seg = pd.DataFrame({
...     "segment_id": ["s1", "s1", "s2", "s3"], "source": ["i1", "i1", "i1", "i2"],
...     "coder": "a", "code_path": ["access/language", "trust", "access/cost", "trust"],
...     "start": [0, 0, 50, 0], "end": [40, 40, 90, 30], "group": ["fam", "fam", "fam", "sw"]})
>>> q.code_matrix(seg, by="group", level=1)[["code", "group", "n_segments", "n_interviews"]]
     code group  n_segments  n_interviews
0  access   fam           2             1
1  access    sw           0             0
2   trust   fam           1             1
3   trust    sw           1             1
"""

from __future__ import annotations

import hashlib
import warnings

import krippendorff
import networkx as nx
import numpy as np
import pandas as pd
import pingouin as pg
from sklearn.metrics import cohen_kappa_score

from localwelfare import privacy
from localwelfare.errors import InputError
from localwelfare.refiqda import PATH_SEP

#: Cochran's rule for chi-square tests: no expected count below 1 and at most 20 % below 5.
MIN_EXPECTED = 5.0
MAX_SMALL_SHARE = 0.2


def _need(frame: pd.DataFrame, columns: list[str], what: str = "segments") -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{what}: required column(s) {missing} missing")


def code_at_level(code_path: pd.Series, level: int | None, sep: str = PATH_SEP) -> pd.Series:
    """Return each code path rolled up to its ancestor at depth ``level`` (None: unchanged).

    Examples
    --------
    >>> code_at_level(pd.Series(["a/b/c", "a", "d/e"]), 2).tolist()
    ['a/b', 'a', 'd/e']
    """
    if level is None:
        return code_path.astype("string")
    if level < 1:
        raise InputError(f"code level must be 1 or more, got {level}")
    parts = code_path.astype("string").str.split(sep, n=level, regex=False)
    return parts.str[:level].str.join(sep)


def rollup(segments: pd.DataFrame, level: int | None, code_col: str = "code_path") -> pd.DataFrame:
    """Return ``segments`` with codes rolled up to ``level`` and a column ``code``.

    A segment coded by one coder with several codes that roll up to the same parent keeps one row
    for that parent.
    """
    _need(segments, [code_col, "segment_id"])
    out = segments.assign(code=code_at_level(segments[code_col], level))
    keys = ["segment_id", "code"] + (["coder"] if "coder" in out else [])
    return out.drop_duplicates(keys).reset_index(drop=True)


def code_matrix(
    segments: pd.DataFrame,
    by: str,
    level: int | None = 1,
    interviews: pd.DataFrame | None = None,
    codes: list[str] | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return the code x group matrix in long form: counts of segments and of interviews.

    Parameters
    ----------
    segments : DataFrame
        Coded segments with ``segment_id``, ``code_path``, ``source_col`` and ``by``.
    by : str
        Column of the groups (actor group, case, region).
    level : int or None, default 1
        Code level to roll up to (see :func:`rollup`).
    interviews : DataFrame, optional
        One row per interview with ``source_col`` and ``by``: gives each group's number of
        interviews (also those without codings); default: the interviews in ``segments``.
    codes : list of str, optional
        Codes to show (e.g. every code of the codebook at ``level``, used or not); default: the
        codes in ``segments``.
    source_col : str, default ``"source"``

    Returns
    -------
    DataFrame
        One row per code and group: ``code``, ``by``, ``n_segments`` (segments coded),
        ``n_interviews`` (interviews mentioning the code: presence), ``n_interviews_group``,
        ``share_interviews`` (``n_interviews / n_interviews_group``) and ``share_segments``
        (``n_segments`` over the group's coded segments: the theme's weight in what the group
        says, which does not saturate as presence does in long interviews).
    """
    _need(segments, ["segment_id", "code_path", source_col, by])
    seg = rollup(segments, level)
    seg = seg.drop_duplicates(["segment_id", "code"])
    base = interviews if interviews is not None else segments
    _need(base, [source_col, by], "interviews")
    group_sizes = base.drop_duplicates(source_col).groupby(by, observed=False).size()
    groups = list(group_sizes.index)
    code_list = list(codes) if codes is not None else sorted(seg["code"].dropna().unique())
    n_seg = seg.groupby(["code", by], observed=True).size()
    n_int = seg.groupby(["code", by], observed=True)[source_col].nunique()
    grid = pd.MultiIndex.from_product([code_list, groups], names=["code", by])
    out = pd.DataFrame(
        {
            "n_segments": n_seg.reindex(grid, fill_value=0).astype("int64"),
            "n_interviews": n_int.reindex(grid, fill_value=0).astype("int64"),
        }
    ).reset_index()
    out["n_interviews_group"] = out[by].map(group_sizes).astype("int64")
    segments_group = segments.groupby(by, observed=False)["segment_id"].nunique()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_interviews"] = (out["n_interviews"] / out["n_interviews_group"]).round(4)
        out["share_segments"] = (
            out["n_segments"] / out[by].map(segments_group).astype("float64")
        ).round(4)
    return out


def _expected_rule(expected: np.ndarray, min_expected: float, max_small_share: float):
    small = float((expected < min_expected).mean())
    ok = bool(expected.min() >= 1.0 and small <= max_small_share)
    return ok, small


def _untested(row: dict, statement: str) -> dict:
    """The result row of a table no chi-square test can be run on, with the reason."""
    return {
        **row,
        "chi2": np.nan,
        "dof": 0,
        "p_value": np.nan,
        "cramers_v": np.nan,
        "min_expected": np.nan,
        "share_expected_below": np.nan,
        "testable": False,
        "statement": statement,
    }


def code_group_tests(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    by: str,
    level: int | None = 1,
    source_col: str = "source",
    min_expected: float = MIN_EXPECTED,
    max_small_share: float = MAX_SMALL_SHARE,
    correction: bool = True,
) -> pd.DataFrame:
    """Return, per code, the chi-square test of "interview mentions the code" x group.

    Interviews, not segments, are the units: they are independent, segments of one interview are
    not. The test (``pingouin.chi2_independence``, Pearson row) is reported only where the
    expected counts allow it (Cochran's rule: every expected count at least 1, at most
    ``max_small_share`` of them below ``min_expected``); ``statement`` says so otherwise.

    Returns
    -------
    DataFrame
        One row per code: ``code, chi2, dof, p_value, cramers_v, min_expected,
        share_expected_below, testable, statement``.
    """
    _need(interviews, [source_col, by], "interviews")
    seg = rollup(segments, level)
    units = interviews[[source_col, by]].drop_duplicates(source_col).reset_index(drop=True)
    units[by] = units[by].astype("object")
    rows = []
    for code, frame in seg.groupby("code", sort=True):
        data = units.assign(mentioned=units[source_col].isin(set(frame[source_col])))
        row = {"code": code}
        if data["mentioned"].nunique() < 2 or data[by].nunique() < 2:
            rows.append(_untested(row, "mentioned in every interview or in none: no test"))
            continue
        data["mentioned"] = data["mentioned"].map({True: "yes", False: "no"})
        with warnings.catch_warnings():  # small counts are handled by the rule below
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", RuntimeWarning)  # other lambdas of pingouin's table
            expected, _observed, result = pg.chi2_independence(
                data, x="mentioned", y=by, correction=correction
            )
        ok, small = _expected_rule(expected.to_numpy(), min_expected, max_small_share)
        pearson = result.set_index("test").loc["pearson"]
        rows.append(
            {
                **row,
                "chi2": float(pearson["chi2"]) if ok else np.nan,
                "dof": int(pearson["dof"]),
                "p_value": float(pearson["pval"]) if ok else np.nan,
                "cramers_v": float(pearson["cramer"]) if ok else np.nan,
                "min_expected": float(expected.to_numpy().min()),
                "share_expected_below": small,
                "testable": ok,
                "statement": (
                    "chi-square test reported"
                    if ok
                    else f"expected counts too small (minimum {expected.to_numpy().min():.2f}): "
                    "no test"
                ),
            }
        )
    return pd.DataFrame(rows)


#: How a reader sees the columns of :func:`cooccurrence` (labels for
#: :func:`localwelfare.display.table`).
COOCCURRENCE_LABELS = {
    "code_a": "Theme",
    "code_b": "Co-occurring theme",
    "n": "Segments with both",
    "n_a": "Segments with the theme",
    "n_b": "Segments with the co-occurring theme",
    "jaccard": "Jaccard",
}


def cooccurrence(
    segments: pd.DataFrame,
    level: int | None = 1,
    scope: str = "segment",
    source_col: str = "source",
) -> pd.DataFrame:
    """Return how often each pair of codes occurs together.

    Parameters
    ----------
    segments : DataFrame
        Coded segments (``segment_id, source, coder, code_path, start, end``).
    level : int or None, default 1
        Code level (see :func:`rollup`); pairs of a code with itself are dropped.
    scope : {"segment", "interview"}, default "segment"
        ``"segment"``: two codings co-occur when one coder's coded ranges in the same source
        overlap (``start_b < end_a`` and ``start_a < end_b``); ``n`` counts such pairs of codings
        and ``n_a`` the codings of each code. ``"interview"``: two codes co-occur in an
        interview that has both; ``n`` and ``n_a`` count interviews.

    Returns
    -------
    DataFrame
        One row per pair with ``n > 0``: ``code_a, code_b`` (``code_a < code_b``), ``n``,
        ``n_a``, ``n_b`` and ``jaccard = n / (n_a + n_b - n)`` (ATLAS.ti's c-coefficient),
        largest ``n`` first.
    """
    if scope not in ("segment", "interview"):
        raise InputError(f"co-occurrence scope must be 'segment' or 'interview', got {scope!r}")
    seg = rollup(segments, level)
    code_cat = pd.Categorical(seg["code"])
    names = np.asarray(code_cat.categories, dtype=object)
    codes = code_cat.codes.astype(np.int64)
    k = len(names)
    if scope == "interview":
        src = pd.factorize(seg[source_col])[0]
        presence = np.zeros((src.max() + 1 if len(src) else 0, k), dtype=np.int64)
        presence[src, codes] = 1
        matrix = presence.T @ presence
        totals = np.diag(matrix).copy()
    else:
        _need(seg, ["start", "end", "coder"])
        start = seg["start"].to_numpy(dtype=np.int64)
        end = seg["end"].to_numpy(dtype=np.int64)
        group = pd.factorize(
            pd.MultiIndex.from_arrays([seg[source_col].astype(str), seg["coder"].astype(str)])
        )[0].astype(np.int64)
        totals = np.bincount(codes, minlength=k)
        big = int(max(end.max(initial=0), start.max(initial=0))) + 1
        order = np.lexsort((start, group))
        key = group[order] * big + start[order]
        limit = np.searchsorted(key, group[order] * big + end[order], side="left")
        idx = np.arange(len(order))
        count = np.maximum(limit - idx - 1, 0)
        first = np.repeat(idx, count)
        offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        second = first + 1 + offsets
        a, b = codes[order][first], codes[order][second]
        keep = a != b
        lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
        matrix = np.bincount(lo * k + hi, minlength=k * k).reshape(k, k)
        matrix = matrix + matrix.T
    iu = np.triu_indices(k, 1)
    n = matrix[iu]
    mask = n > 0
    out = pd.DataFrame(
        {
            "code_a": names[iu[0][mask]],
            "code_b": names[iu[1][mask]],
            "n": n[mask].astype("int64"),
            "n_a": totals[iu[0][mask]].astype("int64"),
            "n_b": totals[iu[1][mask]].astype("int64"),
        }
    )
    out["jaccard"] = (out["n"] / (out["n_a"] + out["n_b"] - out["n"])).round(4)
    return out.sort_values(["n", "code_a", "code_b"], ascending=[False, True, True]).reset_index(
        drop=True
    )


def cooccurrence_graph(table: pd.DataFrame, min_n: int = 1, weight: str = "n") -> nx.Graph:
    """Return the co-occurrence graph: codes as nodes (attribute ``n``: their count), pairs with
    ``n >= min_n`` as edges (attributes ``n``, ``jaccard`` and ``weight``, taken from column
    ``weight``)."""
    graph = nx.Graph()
    for code_col, n_col in (("code_a", "n_a"), ("code_b", "n_b")):
        for code, n in zip(table[code_col], table[n_col], strict=True):
            graph.add_node(code, n=int(n))
    kept = table[table["n"] >= min_n]
    for row in kept.to_dict("records"):
        graph.add_edge(
            row["code_a"],
            row["code_b"],
            n=int(row["n"]),
            jaccard=float(row["jaccard"]),
            weight=float(row[weight]),
        )
    return graph


def code_communities(
    graph: nx.Graph, method: str = "greedy_modularity", resolution: float = 1.0, seed: int = 0
) -> pd.DataFrame:
    """Return the communities of a co-occurrence graph, one row per code.

    Parameters
    ----------
    method : {"greedy_modularity", "louvain"}, default "greedy_modularity"
        networkx's Clauset-Newman-Moore greedy modularity (deterministic) or Louvain (``seed``).
    resolution : float, default 1.0
        Modularity resolution (higher: smaller communities).

    Returns
    -------
    DataFrame
        ``code, community`` (0 = largest), ``strength`` (sum of edge weights) and ``modularity``
        of the partition (the same on every row).
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["code", "community", "strength", "modularity"])
    if method == "greedy_modularity":
        parts = nx.community.greedy_modularity_communities(
            graph, weight="weight", resolution=resolution
        )
    elif method == "louvain":
        parts = nx.community.louvain_communities(
            graph, weight="weight", resolution=resolution, seed=seed
        )
    else:
        raise InputError(f"community method must be 'greedy_modularity' or 'louvain': {method!r}")
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    modularity = nx.community.modularity(graph, parts, weight="weight", resolution=resolution)
    rows = [
        {
            "code": code,
            "community": i,
            "strength": float(graph.degree(code, weight="weight")),
            "modularity": round(float(modularity), 6),
        }
        for i, part in enumerate(parts)
        for code in part
    ]
    return pd.DataFrame(rows)


# --- inter-coder agreement -------------------------------------------------------------------


def agreement_from_counts(both: int, a_only: int, b_only: int, neither: int) -> dict:
    """Return percent agreement, Cohen's kappa and Krippendorff's nominal alpha of two coders'
    binary decisions (a code applied or not) summarised as a 2 x 2 table.

    Kappa is ``sklearn.metrics.cohen_kappa_score`` and alpha ``krippendorff.alpha`` on the units
    the table stands for; both are NaN when only one value occurs (no variation to agree on).

    Examples
    --------
    NVivo's coding-comparison example: 1000 characters, 50 coded by both, 100 by A only, 50 by B
    only, 800 by neither.

    >>> r = agreement_from_counts(50, 100, 50, 800)
    >>> round(r["percent_agreement"], 1), round(r["kappa"], 4), round(r["alpha"], 4)
    (85.0, 0.3182, 0.3146)
    """
    counts = np.array([both, a_only, b_only, neither], dtype=np.int64)
    if (counts < 0).any():
        raise InputError("agreement counts must not be negative")
    n = int(counts.sum())
    row = {
        "n_units": n,
        "both": int(both),
        "a_only": int(a_only),
        "b_only": int(b_only),
        "neither": int(neither),
    }
    if n == 0:
        return {**row, "percent_agreement": np.nan, "kappa": np.nan, "alpha": np.nan}
    pattern_a = np.array([1, 1, 0, 0])
    pattern_b = np.array([1, 0, 1, 0])
    present = counts > 0
    percent = 100.0 * (both + neither) / n
    if np.unique(np.concatenate([pattern_a[present], pattern_b[present]])).size < 2:
        return {**row, "percent_agreement": percent, "kappa": np.nan, "alpha": np.nan}
    kappa = cohen_kappa_score(
        pattern_a[present], pattern_b[present], labels=[0, 1], sample_weight=counts[present]
    )
    value_counts = np.repeat(
        np.array([[0, 2], [1, 1], [1, 1], [2, 0]], dtype=np.int64), counts, axis=0
    )
    alpha = krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal")
    return {**row, "percent_agreement": percent, "kappa": float(kappa), "alpha": float(alpha)}


def _agreement_table(rows: list[dict], codes_order: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    pooled = agreement_from_counts(
        *(int(frame[c].sum()) for c in ("both", "a_only", "b_only", "neither"))
    )
    out = pd.concat([frame, pd.DataFrame([{"code": "(pooled)", **pooled}])], ignore_index=True)
    out["percent_agreement"] = out["percent_agreement"].round(2)
    out[["kappa", "alpha"]] = out[["kappa", "alpha"]].astype(float).round(4)
    return out


def _double_coded(seg: pd.DataFrame, coder_a: str, coder_b: str, source_col: str) -> list:
    by_coder = seg.groupby("coder")[source_col].unique()
    for coder in (coder_a, coder_b):
        if coder not in by_coder.index:
            raise InputError(f"segments: field 'coder': no codings by coder '{coder}'")
    return sorted(set(by_coder[coder_a]) & set(by_coder[coder_b]))


def agreement_characters(
    segments: pd.DataFrame,
    lengths: dict | pd.Series,
    coder_a: str,
    coder_b: str,
    level: int | None = None,
    codes: list[str] | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return inter-coder agreement on characters, per code and pooled, as NVivo computes it.

    For each code and each source coded by both coders, every character of the source is a unit
    that each coder either coded with the code or not; the 2 x 2 tables of all sources are summed
    per code (and over codes for the pooled row) and passed to :func:`agreement_from_counts`.

    Parameters
    ----------
    segments : DataFrame
        Coded segments of both coders (``source, coder, code_path, start, end``).
    lengths : dict or Series
        Number of characters of each source.
    coder_a, coder_b : str
        The two coders compared.
    level : int or None, default None
        Code level (see :func:`rollup`).
    codes : list of str, optional
        Codes to compare; default: every code either coder used in the double-coded sources.

    Returns
    -------
    DataFrame
        One row per code and a last row ``"(pooled)"``: ``code, n_units, both, a_only, b_only,
        neither, percent_agreement, kappa, alpha``.
    """
    tables = _character_tables(segments, lengths, coder_a, coder_b, level, codes, source_col)
    return _agreement_of_tables(tables)


def _agreement_of_tables(tables: pd.DataFrame) -> pd.DataFrame:
    """Agreement per code (and pooled) from the per-unit 2x2 counts of :func:`_character_tables`
    or :func:`_segment_tables`; a code neither coder applied gets all-zero counts."""
    code_list = list(tables.attrs["codes"])
    sums = tables.groupby("code")[["both", "a_only", "b_only", "neither"]].sum()
    rows = [
        {"code": c, **agreement_from_counts(*(int(v) for v in sums.loc[c]))}
        if c in sums.index
        else {"code": c, **agreement_from_counts(0, 0, 0, 0)}
        for c in code_list
    ]
    return _agreement_table(rows, code_list)


def _character_tables(
    segments: pd.DataFrame,
    lengths,
    coder_a: str,
    coder_b: str,
    level: int | None,
    codes: list[str] | None,
    source_col: str,
) -> pd.DataFrame:
    """Per double-coded source and code, the 2 x 2 table of characters (``source, code, both,
    a_only, b_only, neither``); ``attrs["codes"]`` holds the codes compared."""
    seg = rollup(segments, level)
    shared = _double_coded(seg, coder_a, coder_b, source_col)
    seg = seg[seg[source_col].isin(shared) & seg["coder"].isin([coder_a, coder_b])]
    code_list = list(codes) if codes is not None else sorted(seg["code"].unique())
    lengths = pd.Series(lengths)
    rows = []
    for source, frame in seg.groupby(source_col):
        if source not in lengths.index:
            raise InputError(f"lengths: no number of characters for source '{source}'")
        size = int(lengths[source])
        if int(frame["end"].max()) > size:
            raise InputError(
                f"segments: source '{source}': a coding ends at {int(frame['end'].max())}, "
                f"after the source's {size} characters"
            )
        by_code = dict(tuple(frame.groupby("code")))
        for code in code_list:
            masks = []
            for coder in (coder_a, coder_b):
                mask = np.zeros(size, dtype=bool)
                part = by_code.get(code)
                if part is not None:
                    for s, e in part.loc[part["coder"] == coder, ["start", "end"]].itertuples(
                        index=False
                    ):
                        mask[int(s) : int(e)] = True
                masks.append(mask)
            a, b = masks
            both = int((a & b).sum())
            a_only, b_only = int((a & ~b).sum()), int((~a & b).sum())
            rows.append((source, code, both, a_only, b_only, size - both - a_only - b_only))
    out = pd.DataFrame(rows, columns=["source", "code", "both", "a_only", "b_only", "neither"])
    out.attrs["codes"] = code_list
    return out


def segment_units(segments: pd.DataFrame, source_col: str = "source") -> pd.DataFrame:
    """Return the units of segment agreement: per source, the ranges where coded segments (of any
    coder, any code) overlap, merged. Columns ``source, unit, start, end``."""
    rows = []
    for source, frame in segments.sort_values([source_col, "start"]).groupby(source_col):
        cur_s = cur_e = None
        unit = 0
        for s, e in frame[["start", "end"]].itertuples(index=False):
            s, e = int(s), int(e)
            if cur_e is not None and s < cur_e:
                cur_e = max(cur_e, e)
                continue
            if cur_e is not None:
                rows.append((source, unit, cur_s, cur_e))
                unit += 1
            cur_s, cur_e = s, e
        if cur_e is not None:
            rows.append((source, unit, cur_s, cur_e))
    return pd.DataFrame(rows, columns=[source_col, "unit", "start", "end"])


def agreement_segments(
    segments: pd.DataFrame,
    coder_a: str,
    coder_b: str,
    level: int | None = None,
    codes: list[str] | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return inter-coder agreement on segments (overlap), per code and pooled.

    Units are the stretches of text that either coder coded in a source coded by both (overlapping
    segments merged, :func:`segment_units`). A coder applied a code to a unit when one of their
    codings with that code overlaps it. Same columns as :func:`agreement_characters`, with
    ``n_units`` counting units.
    """
    tables = _segment_tables(segments, coder_a, coder_b, level, codes, source_col)
    return _agreement_of_tables(tables)


def _segment_tables(
    segments: pd.DataFrame,
    coder_a: str,
    coder_b: str,
    level: int | None,
    codes: list[str] | None,
    source_col: str,
) -> pd.DataFrame:
    """Per double-coded source and code, the 2 x 2 table of segment units (see
    :func:`agreement_segments`)."""
    seg = rollup(segments, level)
    shared = _double_coded(seg, coder_a, coder_b, source_col)
    seg = seg[seg[source_col].isin(shared) & seg["coder"].isin([coder_a, coder_b])]
    code_list = list(codes) if codes is not None else sorted(seg["code"].unique())
    units = segment_units(seg, source_col)
    merged = seg.merge(units, on=source_col, suffixes=("", "_unit"))
    overlap = (merged["start"] < merged["end_unit"]) & (merged["start_unit"] < merged["end"])
    applied = merged[overlap][[source_col, "unit", "coder", "code"]].drop_duplicates()
    n_units = units.groupby(source_col).size()
    rows = []
    for code in code_list:
        part = applied[applied["code"] == code]
        for source, size in n_units.items():
            here = part[part[source_col] == source]
            a = set(here.loc[here["coder"] == coder_a, "unit"])
            b = set(here.loc[here["coder"] == coder_b, "unit"])
            both = len(a & b)
            rows.append((source, code, both, len(a - b), len(b - a), int(size) - len(a | b)))
    out = pd.DataFrame(rows, columns=["source", "code", "both", "a_only", "b_only", "neither"])
    out.attrs["codes"] = code_list
    return out


def _kappa_alpha(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Percent agreement, Cohen's kappa and Krippendorff's nominal alpha of 2 x 2 tables given as
    rows ``both, a_only, b_only, neither`` (vectorised closed forms; NaN without variation).

    Kappa is ``(p_o - p_e) / (1 - p_e)``; for two coders without missing values alpha is
    ``1 - (2n - 1) (a_only + b_only) / (n_1 n_0)``, with ``n_1 = 2 both + a_only + b_only`` and
    ``n_0 = 2 neither + a_only + b_only`` the values of each kind (Krippendorff 2011)."""
    counts = np.asarray(counts, dtype=float).reshape(-1, 4)
    both, a_only, b_only, neither = counts.T
    n = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_o = (both + neither) / n
        p_a, p_b = (both + a_only) / n, (both + b_only) / n
        p_e = p_a * p_b + (1 - p_a) * (1 - p_b)
        kappa = np.where(p_e < 1, (p_o - p_e) / (1 - p_e), np.nan)
        n1 = 2 * both + a_only + b_only
        n0 = 2 * neither + a_only + b_only
        alpha = np.where(
            (n1 > 0) & (n0 > 0), 1 - (2 * n - 1) * (a_only + b_only) / (n1 * n0), np.nan
        )
    return 100.0 * p_o, kappa, alpha


def agreement_interval(
    segments: pd.DataFrame,
    coder_a: str,
    coder_b: str,
    lengths: dict | pd.Series | None = None,
    by: str | None = None,
    unit: str = "characters",
    level: int | None = None,
    codes: list[str] | None = None,
    n_boot: int = 999,
    seed: int = 0,
    ci: float = 0.95,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return pooled inter-coder agreement with bootstrap intervals over interviews.

    The pooled 2 x 2 table of the double-coded interviews (characters as
    :func:`agreement_characters` counts them, or segment units as :func:`agreement_segments`)
    gives percent agreement, Cohen's kappa and Krippendorff's alpha; the intervals are the
    percentiles of ``n_boot`` bootstrap samples of interviews (drawn with replacement within each
    group of ``by``), because codings within an interview are not independent.

    Parameters
    ----------
    segments : DataFrame
        Coded segments of both coders (``source, coder, code_path, start, end`` and ``by``).
    coder_a, coder_b : str
        The two coders compared.
    lengths : dict or Series, optional
        Characters per source; required for ``unit="characters"``.
    by : str, optional
        Column of the groups (e.g. ``study``) to report separately; default: one pooled row.
    unit : {"characters", "segments"}, default "characters"
    level : int or None, default None
        Code level (see :func:`rollup`).
    codes : list of str, optional
        Codes compared (default: every code either coder used).
    n_boot : int, default 999
        Bootstrap samples.
    seed : int, default 0
        Seed of the bootstrap draws.
    ci : float, default 0.95
        Coverage of the percentile intervals.

    Returns
    -------
    DataFrame
        One row per group (``by``, or ``"all"``): ``n_interviews`` (double-coded),
        ``n_units``, ``percent_agreement``, ``kappa``, ``kappa_low``, ``kappa_high``, ``alpha``,
        ``alpha_low``, ``alpha_high``, ``n_boot``.

    Examples
    --------
    >>> seg = pd.DataFrame({"source": ["i1", "i1", "i2", "i2", "i3", "i3"],
    ...     "segment_id": ["a1", "b1", "a2", "b2", "a3", "b3"], "coder": ["a", "b"] * 3,
    ...     "code_path": ["x", "x", "x", "y", "y", "y"], "start": [0, 2, 0, 0, 5, 5],
    ...     "end": [10, 10, 10, 10, 15, 15]})
    >>> out = agreement_interval(seg, "a", "b", lengths={"i1": 20, "i2": 20, "i3": 20},
    ...                          n_boot=200)
    >>> out[["n_interviews", "n_units"]].iloc[0].tolist()
    [3, 120]
    >>> bool(out["kappa_low"].iloc[0] <= out["kappa"].iloc[0] <= out["kappa_high"].iloc[0])
    True
    """
    if unit not in ("characters", "segments"):
        raise InputError(f"agreement unit must be 'characters' or 'segments', got {unit!r}")
    if unit == "characters" and lengths is None:
        raise InputError("agreement on characters needs the sources' lengths")
    if not 0 < ci < 1:
        raise InputError(f"ci must lie between 0 and 1, got {ci}")
    if n_boot < 1:
        raise InputError(f"n_boot must be at least 1, got {n_boot}")
    _need(segments, [source_col, "coder", "code_path", "start", "end"])
    if by is not None:
        _need(segments, [by])
    groups = (
        [("all", segments)]
        if by is None
        else [(g, f) for g, f in segments.groupby(by, sort=True, observed=True)]
    )
    rng = np.random.default_rng(seed)
    rows = []
    for group, frame in groups:
        coders = set(frame["coder"])
        if not {coder_a, coder_b} <= coders:
            continue
        if unit == "characters":
            tables = _character_tables(frame, lengths, coder_a, coder_b, level, codes, source_col)
        else:
            tables = _segment_tables(frame, coder_a, coder_b, level, codes, source_col)
        if tables.empty:
            continue
        per_source = tables.groupby("source")[["both", "a_only", "b_only", "neither"]].sum()
        counts = per_source.to_numpy(dtype=float)
        k = len(counts)
        percent, kappa, alpha = _kappa_alpha(counts.sum(axis=0))
        draws = rng.integers(0, k, size=(n_boot, k))
        weights = np.zeros((n_boot, k))
        np.add.at(weights, (np.repeat(np.arange(n_boot), k), draws.ravel()), 1.0)
        _p, kappas, alphas = _kappa_alpha(weights @ counts)
        tail = 100 * (1 - ci) / 2
        rows.append(
            {
                (by or "group"): group,
                "n_interviews": k,
                "n_units": int(counts.sum()),
                "percent_agreement": round(float(percent[0]), 2),
                "kappa": round(float(kappa[0]), 4),
                "kappa_low": round(float(np.nanpercentile(kappas, tail)), 4),
                "kappa_high": round(float(np.nanpercentile(kappas, 100 - tail)), 4),
                "alpha": round(float(alpha[0]), 4),
                "alpha_low": round(float(np.nanpercentile(alphas, tail)), 4),
                "alpha_high": round(float(np.nanpercentile(alphas, 100 - tail)), 4),
                "n_boot": int(n_boot),
            }
        )
    columns = [by or "group", "n_interviews", "n_units", "percent_agreement", "kappa"]
    columns += ["kappa_low", "kappa_high", "alpha", "alpha_low", "alpha_high", "n_boot"]
    return pd.DataFrame(rows, columns=columns)


def krippendorff_alpha(
    ratings: pd.DataFrame,
    level_of_measurement: str = "nominal",
    unit: str = "unit",
    coder: str = "coder",
    value: str = "value",
) -> float:
    """Return Krippendorff's alpha of ratings in long form (one row per unit, coder and value;
    missing ratings simply absent), computed by the ``krippendorff`` package.

    Examples
    --------
    >>> r = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3], "coder": list("ababab"),
    ...                   "value": [1, 1, 2, 2, 1, 2]})
    >>> round(krippendorff_alpha(r), 3)
    0.444
    """
    _need(ratings, [unit, coder, value], "ratings")
    wide = ratings.pivot_table(index=coder, columns=unit, values=value, aggfunc="first")
    return float(
        krippendorff.alpha(
            reliability_data=wide.to_numpy(dtype=float), level_of_measurement=level_of_measurement
        )
    )


# --- saturation ------------------------------------------------------------------------------

SATURATION_COLUMNS = ["position", "source", "n_codes", "n_new", "n_cumulative", "share_cumulative"]


def saturation(
    segments: pd.DataFrame,
    interviews: pd.DataFrame,
    by: list[str] | str | None = ("study", "actor_group"),
    order: str | None = None,
    level: int | None = None,
    source_col: str = "source",
) -> pd.DataFrame:
    """Return the new codes each additional interview brings, per group (Guest, Bunce & Johnson
    2006).

    Within each group of ``by`` the interviews are taken in the order of ``order`` (default: the
    interview identifiers, i.e. the order they were held in); a code is *new* in an interview when
    no earlier interview of the group had it. Interviews without codings count too (they add
    nothing), so ``interviews`` is the list of interviews, not the segments.

    Parameters
    ----------
    segments : DataFrame
        Coded segments (``source_col``, ``code_path``, ``segment_id``), e.g. of one coder.
    interviews : DataFrame
        One row per interview with ``source_col``, the ``by`` columns and ``order``.
    by : list of str, str or None, default ``("study", "actor_group")``
        Columns of the groups; None: all interviews as one group.
    order : str, optional
        Column giving the interviews' order (ties broken by ``source_col``); default
        ``source_col``.
    level : int or None, default None
        Code level (see :func:`rollup`; None: the codes as coded).

    Returns
    -------
    DataFrame
        One row per interview: the ``by`` columns, ``position`` (1, 2, ... within the group),
        ``source``, ``n_codes`` (codes in the interview), ``n_new`` (codes new to the group),
        ``n_cumulative`` (codes seen so far) and ``share_cumulative`` (of the group's codes).

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": list("abcde"), "source": ["i1", "i1", "i2", "i3", "i3"],
    ...                     "code_path": ["x", "y", "x", "z", "y"]})
    >>> ivs = pd.DataFrame({"source": ["i1", "i2", "i3"]})
    >>> saturation(seg, ivs, by=None)[["position", "n_new", "n_cumulative"]].values.tolist()
    [[1, 2, 2], [2, 0, 2], [3, 1, 3]]
    """
    by_cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    order = order or source_col
    _need(interviews, [source_col, *by_cols, order], "interviews")
    seg = rollup(segments, level)
    _need(seg, [source_col, "code"])
    codes_of = seg.groupby(source_col)["code"].agg(lambda c: set(c.dropna()))
    units = interviews.drop_duplicates(source_col)
    units = units.sort_values([order, source_col] if order != source_col else [source_col])
    rows = []
    grouped = units.groupby(by_cols, sort=True, observed=True) if by_cols else [((), units)]
    for key, frame in grouped:
        key = key if isinstance(key, tuple) else (key,)
        seen: set = set()
        part = []
        for position, source in enumerate(frame[source_col], start=1):
            here = codes_of.get(source, set())
            new = here - seen
            seen |= here
            part.append(
                {
                    **dict(zip(by_cols, key, strict=True)),
                    "position": position,
                    "source": source,
                    "n_codes": len(here),
                    "n_new": len(new),
                    "n_cumulative": len(seen),
                }
            )
        for row in part:
            row["share_cumulative"] = round(row["n_cumulative"] / len(seen), 4) if seen else np.nan
        rows.extend(part)
    return pd.DataFrame(rows, columns=[*by_cols, *SATURATION_COLUMNS])


def saturation_point(table: pd.DataFrame, window: int = 3, threshold: int = 0) -> pd.DataFrame:
    """Return, per group of a :func:`saturation` table, whether and when saturation is reached.

    Saturation is reached after ``n`` interviews when the next ``window`` interviews together
    bring at most ``threshold`` new codes (the stopping rule of Francis et al. 2010 with
    ``window=3, threshold=0``, applied to the new-codes curve of Guest, Bunce & Johnson 2006);
    ``n`` is the first such position. A run of interviews shorter than ``window`` at the end of
    the data cannot show saturation.

    Returns
    -------
    DataFrame
        One row per group: the group columns, ``n_interviews``, ``n_codes``, ``reached``,
        ``saturation_after`` (``n``; missing when not reached), ``new_after`` (codes first seen
        after ``n``, which the rule accepted as few enough or which came later) and
        ``statement``.

    Examples
    --------
    >>> t = pd.DataFrame({"position": [1, 2, 3, 4, 5], "source": list("abcde"),
    ...                   "n_codes": [3, 2, 1, 1, 2], "n_new": [3, 1, 0, 0, 0],
    ...                   "n_cumulative": [3, 4, 4, 4, 4], "share_cumulative": 1.0})
    >>> saturation_point(t)[["reached", "saturation_after", "statement"]].values.tolist()
    [[True, 2, 'saturation reached after 2 interviews (no new code in the next 3)']]
    """
    if window < 1:
        raise InputError(f"saturation window must be at least 1, got {window}")
    if threshold < 0:
        raise InputError(f"saturation threshold must not be negative, got {threshold}")
    _need(table, SATURATION_COLUMNS, "saturation table")
    by_cols = [c for c in table.columns if c not in SATURATION_COLUMNS]
    grouped = table.groupby(by_cols, sort=True, observed=True) if by_cols else [((), table)]
    rows = []
    for key, frame in grouped:
        key = key if isinstance(key, tuple) else (key,)
        frame = frame.sort_values("position")
        new = frame["n_new"].to_numpy(dtype=np.int64)
        total = int(frame["n_cumulative"].max()) if len(frame) else 0
        point = None
        for n in range(1, len(new) - window + 1):
            if new[n : n + window].sum() <= threshold:
                point = n
                break
        after = int(new[point:].sum()) if point is not None else 0
        what = "no new code" if threshold == 0 else f"at most {threshold} new codes"
        statement = (
            f"saturation reached after {point} interviews ({what} in the next {window})"
            if point is not None
            else f"saturation not reached in {len(new)} interviews ({what} in {window} "
            "consecutive interviews never occurs)"
        )
        rows.append(
            {
                **dict(zip(by_cols, key, strict=True)),
                "n_interviews": len(new),
                "n_codes": total,
                "reached": point is not None,
                "saturation_after": point,
                "new_after": after,
                "statement": statement,
            }
        )
    out = pd.DataFrame(rows)
    out["saturation_after"] = out["saturation_after"].astype("Int64")
    return out


# --- quotes and the framework matrix ---------------------------------------------------------


def _rank_key(seed: int, segment_id: str) -> str:
    return hashlib.blake2b(f"{seed}\x1f{segment_id}".encode(), digest_size=8).hexdigest()


def _shorten(text: str, max_chars: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1].rsplit(" ", 1)[0]
    return cut + " …"


def select_quotes(
    segments: pd.DataFrame,
    by: list[str] | str,
    n: int = 1,
    seed: int = 0,
    level: int | None = 1,
    min_chars: int = 40,
    max_chars: int = 300,
    register=None,
    pseudonyms: dict | None = None,
    source_col: str = "source",
    ids: bool = False,
) -> pd.DataFrame:
    """Return up to ``n`` quotes per group, chosen reproducibly and de-identified.

    Within each group of ``by`` (e.g. ``["code", "actor_group"]``; ``code`` is the code at
    ``level``), the candidate segments with at least ``min_chars`` characters are ranked by a hash
    of ``seed`` and their ``segment_id``: the choice does not depend on row order and changes only
    with the seed. Each quote is shortened to ``max_chars`` and attributed to its interview's
    pseudonym.

    The segments are expected de-identified already: names and places are removed when the
    interviews enter ``data/raw`` (:func:`localwelfare.privacy.deidentify_project`), so no
    register need reach a notebook. As a safety net each quote goes through
    :func:`localwelfare.privacy.deidentify_text` again, which masks e-mail addresses, phone
    numbers, national register numbers and IBANs by their patterns (and the terms of
    ``register``, if one is given).

    A quote belongs to the cell of its own interview: every segment must carry one value of each
    ``by`` column besides ``code`` (a segment joined to two actor groups, say, by a faulty merge
    of interview variables raises InputError), so an exemplar quote always comes from a speaker
    of the cell's group.

    Returns
    -------
    DataFrame
        ``by`` columns, ``segment_id``, ``speaker`` (pseudonym) and ``quote``; with ``ids`` also
        ``source`` (the interview quoted).
    """
    by = [by] if isinstance(by, str) else list(by)
    _need(segments, [c for c in by if c != "code"] + ["segment_id"])
    for column in [c for c in by if c != "code"]:
        values = segments.groupby("segment_id", sort=True)[column].nunique(dropna=False)
        if (values > 1).any():
            bad = values.index[values > 1][0]
            raise InputError(
                f"segments: segment '{bad}' has several values of '{column}': a quote must "
                "come from one interview, of one group"
            )
    seg = rollup(segments, level)
    _need(seg, [*by, "text", source_col])
    seg = seg[seg["text"].fillna("").str.len() >= min_chars].drop_duplicates([*by, "segment_id"])
    seg = seg.assign(_rank=[_rank_key(seed, s) for s in seg["segment_id"]])
    chosen = seg.sort_values([*by, "_rank"]).groupby(by, observed=True, sort=True).head(n)
    pseudonyms = pseudonyms or {}
    out = chosen[by].copy()
    out["segment_id"] = chosen["segment_id"].to_numpy()
    out["speaker"] = [pseudonyms.get(s, "participant") for s in chosen[source_col]]
    out["quote"] = [
        privacy.deidentify_text(_shorten(t, max_chars), register) for t in chosen["text"]
    ]
    if ids:
        out["source"] = chosen[source_col].to_numpy()
    return out.reset_index(drop=True)


def framework_matrix(
    segments: pd.DataFrame,
    row: str,
    level: int | None = 1,
    seed: int = 0,
    register=None,
    pseudonyms: dict | None = None,
    min_chars: int = 40,
    max_chars: int = 200,
    source_col: str = "source",
    ids: bool = False,
) -> pd.DataFrame:
    """Return the framework matrix: one cell per ``row`` value (case, actor group) and theme, with
    counts and one exemplar quote (see :func:`select_quotes`; ``register`` is optional there too).
    The quote of a cell comes from an interview of the cell's ``row`` value.

    Returns
    -------
    DataFrame
        ``row``, ``theme``, ``n_segments``, ``n_interviews``, ``quote``, ``speaker``; cells
        without segments have counts 0 and no quote. With ``ids`` also ``segment_id`` and
        ``source`` of the quote, for checks.
    """
    counts = code_matrix(segments, by=row, level=level, source_col=source_col)
    quotes = select_quotes(
        segments,
        by=["code", row],
        n=1,
        seed=seed,
        level=level,
        min_chars=min_chars,
        max_chars=max_chars,
        register=register,
        pseudonyms=pseudonyms,
        source_col=source_col,
        ids=True,
    )
    quotes[row] = quotes[row].astype(counts[row].dtype) if len(quotes) else quotes[row]
    extra = ["segment_id", "source"] if ids else []
    out = counts.merge(
        quotes[["code", row, "quote", "speaker", *extra]], on=["code", row], how="left"
    )
    out = out.rename(columns={"code": "theme"})
    return (
        out[[row, "theme", "n_segments", "n_interviews", "quote", "speaker", *extra]]
        .sort_values([row, "theme"])
        .reset_index(drop=True)
    )


# --- what a chapter shows: selections and tables assembled from the functions above ------------


def select_interviews(
    interviews: pd.DataFrame, filters: dict[str, str], needed: list[str] | tuple = ()
) -> pd.DataFrame:
    """Return the interviews that match ``filters``: interview variable -> comma-separated values
    to keep (an empty string keeps every value).

    Raises :class:`~localwelfare.errors.InputError` for a filter on a variable the interviews do
    not have, for a variable of ``needed`` they do not have, and when nothing matches.

    Examples
    --------
    >>> ivs = pd.DataFrame({"source": ["i1", "i2", "i3"], "study": ["a", "a", "b"],
    ...                     "actor_group": ["fam", "sw", "fam"]})
    >>> select_interviews(ivs, {"study": "a", "actor_group": ""})["source"].tolist()
    ['i1', 'i2']
    """
    for column, wanted in filters.items():
        keep = [v.strip() for v in str(wanted).split(",") if v.strip()]
        if keep and column not in interviews:
            raise InputError(f"parameter: the project's sources have no variable '{column}'")
        if keep:
            interviews = interviews[interviews[column].isin(keep)]
    for column in needed:
        if column not in interviews:
            raise InputError(
                f"parameter: no interview variable '{column}'; known: {list(interviews.columns)}"
            )
    if interviews.empty:
        raise InputError("parameters: no interview matches " + ", ".join(filters))
    return interviews


def group_pseudonyms(interviews: pd.DataFrame, by: str, salt: str = "") -> dict[str, str]:
    """Return a pseudonym for every interview, numbered within its group of ``by`` and named
    after it (``"family in poverty 03"``), see :func:`localwelfare.privacy.pseudonym_map`."""
    pseudonyms: dict[str, str] = {}
    for group, frame in interviews.groupby(by):
        prefix = str(group).replace("_", " ")
        pseudonyms.update(privacy.pseudonym_map(frame["source"], prefix=prefix, salt=salt))
    return pseudonyms


def presence_table(
    matrix: pd.DataFrame, by: str, sizes: bool = True, order: list[str] | None = None
) -> pd.DataFrame:
    """Return a :func:`code_matrix` as a reader's table: one row per code (column ``theme``) and
    one column per group of ``by``, each cell the interviews that mention the code (presence).

    With ``sizes`` a first row ``interviews`` gives each group's number of interviews; ``order``
    lists the codes in the order to show them (default: the matrix's).

    Examples
    --------
    >>> m = pd.DataFrame({"code": ["a", "a", "b", "b"], "g": ["x", "y", "x", "y"],
    ...                   "n_interviews": [2, 0, 1, 3], "n_interviews_group": [4, 3, 4, 3]})
    >>> presence_table(m, "g").values.tolist()
    [['interviews', 4, 3], ['a', 2, 0], ['b', 1, 3]]
    """
    presence = matrix.pivot(index="code", columns=by, values="n_interviews")
    if order is not None:
        presence = presence.loc[list(order)]
    if sizes:
        size_row = matrix.drop_duplicates(by).set_index(by)["n_interviews_group"]
        presence = pd.concat([size_row.rename("interviews").to_frame().T, presence])
    presence.columns.name = None
    return presence.reset_index(names="theme")


def code_totals(segments: pd.DataFrame, interviews: pd.DataFrame, level: int = 1) -> pd.DataFrame:
    """Return every code at ``level`` with the interviews that mention it, over all interviews:
    ``code, n_interviews, n_segments``, most mentioned first (ties by code).

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["s1", "s2", "s3"], "source": ["i1", "i2", "i2"],
    ...                     "code_path": ["b/x", "b/y", "a"]})
    >>> code_totals(seg, pd.DataFrame({"source": ["i1", "i2", "i3"]})).values.tolist()
    [['b', 2, 2], ['a', 1, 1]]
    """
    everyone = code_matrix(
        segments.assign(_all="all"),
        by="_all",
        level=level,
        interviews=interviews.assign(_all="all"),
    )
    everyone = everyone.sort_values(["n_interviews", "code"], ascending=[False, True])
    return everyone[["code", "n_interviews", "n_segments"]].reset_index(drop=True)


def leading_quotes(
    segments: pd.DataFrame,
    matrix: pd.DataFrame,
    by: str,
    n: int = 3,
    seed: int = 0,
    level: int | None = 1,
    pseudonyms: dict | None = None,
) -> pd.DataFrame:
    """Return ``n`` quotes (:func:`select_quotes`) per group of ``by`` on the code that weighs
    most in what the group says: the code with the largest ``share_segments`` in ``matrix``
    (:func:`code_matrix`). Columns: ``code``, ``by``, ``segment_id``, ``speaker``, ``quote``."""
    leading = matrix.sort_values("share_segments", ascending=False).groupby(by).head(1)
    quotes = select_quotes(
        segments, by=["code", by], n=n, seed=seed, level=level, pseudonyms=pseudonyms
    )
    return quotes.merge(leading[["code", by]], on=["code", by])


def theme_quotes(
    segments: pd.DataFrame,
    themes: list[str],
    by: list[str] | tuple = (),
    n: int = 1,
    seed: int = 0,
    level: int = 1,
    pseudonyms: dict | None = None,
) -> pd.DataFrame:
    """Return ``n`` quotes (:func:`select_quotes`) per code of ``themes`` (codes at ``level``)
    and group of ``by``, as a reader's table: ``code``, ``speaker``, ``quote`` (the ``by``
    columns and segment ids left out)."""
    inside = code_at_level(segments["code_path"], level).isin(themes).to_numpy()
    quotes = select_quotes(
        segments[inside], by=["code", *by], n=n, seed=seed, level=level, pseudonyms=pseudonyms
    )
    return quotes.drop(columns=["segment_id", *by])


def n_double_coded(segments: pd.DataFrame, coder_a: str, coder_b: str) -> int:
    """Return the number of interviews (``source``) that both coders coded.

    Examples
    --------
    >>> seg = pd.DataFrame({"source": ["i1", "i1", "i2", "i3"], "coder": ["a", "b", "a", "b"]})
    >>> n_double_coded(seg, "a", "b")
    1
    """
    both = segments[segments["coder"].isin([coder_a, coder_b])]
    return int(both.groupby("source")["coder"].nunique().eq(2).sum())


def agreement_table(characters: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Return agreement per code on characters (:func:`agreement_characters`) beside agreement on
    segment units (:func:`agreement_segments`): ``code``, ``percent_agreement_characters``,
    ``kappa_characters``, ``alpha_characters``, ``n_units``, ``percent_agreement_segments``,
    ``kappa_segments``, ``alpha_segments``; codes missing from either table are left out."""
    return characters[["code", "percent_agreement", "kappa", "alpha"]].merge(
        segments[["code", "n_units", "percent_agreement", "kappa", "alpha"]],
        on="code",
        suffixes=("_characters", "_segments"),
    )


def agreement_summary(characters: pd.DataFrame) -> dict:
    """Return the pooled agreement of :func:`agreement_characters` and the code where Cohen's
    kappa is lowest: ``percent_agreement``, ``kappa``, ``alpha`` (pooled), ``lowest_code`` and
    ``lowest_kappa`` (codes without a kappa left out; ties go to the first in the table).

    Examples
    --------
    >>> chars = pd.DataFrame({"code": ["a", "b", "(pooled)"], "percent_agreement": [90, 80, 85],
    ...                       "kappa": [0.7, 0.5, 0.6], "alpha": [0.7, 0.5, 0.6]})
    >>> agreement_summary(chars)["lowest_code"]
    'b'
    """
    pooled = characters.set_index("code").loc["(pooled)"]
    codes = characters[characters["code"] != "(pooled)"].dropna(subset=["kappa"])
    lowest = codes.sort_values("kappa").iloc[0]
    return {
        "percent_agreement": float(pooled["percent_agreement"]),
        "kappa": float(pooled["kappa"]),
        "alpha": float(pooled["alpha"]),
        "lowest_code": str(lowest["code"]),
        "lowest_kappa": float(lowest["kappa"]),
    }


__all__ = [
    "code_at_level",
    "rollup",
    "code_matrix",
    "code_group_tests",
    "cooccurrence",
    "cooccurrence_graph",
    "code_communities",
    "agreement_from_counts",
    "agreement_characters",
    "agreement_segments",
    "agreement_interval",
    "segment_units",
    "krippendorff_alpha",
    "saturation",
    "saturation_point",
    "select_quotes",
    "framework_matrix",
    "COOCCURRENCE_LABELS",
    "select_interviews",
    "group_pseudonyms",
    "presence_table",
    "code_totals",
    "leading_quotes",
    "theme_quotes",
    "n_double_coded",
    "agreement_table",
    "agreement_summary",
]
