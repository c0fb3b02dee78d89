"""WP3, BBOX aim 2: which case attributes move social workers' decisions (a factorial survey).

Social workers of the case-study PCSWs each rate a deck of hypothetical newcomer cases
(vignettes) whose attributes are varied orthogonally (Auspurg & Hinz 2015). Because the design
makes the attributes uncorrelated, each attribute's effect on a decision is estimated free of the
others; the worker's and the PCSW's characteristics enter as covariates.

- :func:`design_associations`: Cramer's V between every pair of attributes over a design
  (0 for an orthogonal one).
- :func:`vignette_frame`: the ratings joined with their worker and the worker's PCSW (region and
  practice type from the typology; ``not surveyed`` for a PCSW without a survey answer).
- :func:`aid_model`: a multilevel linear model of the aid rating, vignettes within workers
  within PCSWs (:func:`localwelfare.models.multilevel_model`, random intercepts per PCSW and per
  worker within PCSW), optionally with an interaction of one attribute with the practice type
  (does the weight of that attribute, i.e. discretion, differ by type?).
- :func:`cluster_logit`: a logit of a yes/no decision with standard errors robust to clustering
  (within workers or PCSWs; Liang & Zeger 1986).
- :func:`attribute_effects`: per attribute, the joint Wald test of its levels and the difference
  between its most and least favoured level, with a Wald interval.

References
----------
Auspurg, K. & Hinz, T. (2015). *Factorial Survey Experiments*. Sage.
Liang, K.-Y. & Zeger, S. L. (1986). Longitudinal data analysis using generalized linear models.
*Biometrika*, 73(1), 13-22.

Examples
--------
>>> import numpy as np
>>> import pandas as pd
>>> from localwelfare import vignettes
>>> design = pd.DataFrame({"a": list("xxyy"), "b": list("uvuv")})
>>> vignettes.design_associations(design)[["first", "second", "cramers_v"]].values.tolist()
[['a', 'b', 0.0]]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats as sps

from localwelfare import models
from localwelfare.errors import InputError, require_columns

#: Label of the practice type of a PCSW that did not answer the survey.
NOT_SURVEYED = "not surveyed"


def design_associations(design: pd.DataFrame, attributes: Sequence[str] | None = None):
    """Return Cramer's V between every pair of ``attributes`` (default: every column) of a design.

    Columns ``first, second, cramers_v``; an orthogonal design (each pair of levels equally
    often with each other) has V = 0 for every pair.

    Examples
    --------
    >>> d = pd.DataFrame({"a": list("xxyy"), "b": list("uvuv"), "c": list("uuvv")})
    >>> design_associations(d)["cramers_v"].round(2).tolist()
    [0.0, 1.0, 0.0]
    """
    attributes = list(attributes or design.columns)
    rows = []
    for first, second in itertools.combinations(attributes, 2):
        table = pd.crosstab(design[first], design[second]).to_numpy()
        chi2 = sps.chi2_contingency(table, correction=False)[0] if table.size > 1 else 0.0
        v = np.sqrt(chi2 / (table.sum() * (min(table.shape) - 1))) if min(table.shape) > 1 else 0.0
        rows.append({"first": first, "second": second, "cramers_v": float(v)})
    return pd.DataFrame(rows, columns=["first", "second", "cramers_v"])


def vignette_frame(
    ratings: pd.DataFrame, workers: pd.DataFrame, pcsws: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one row per rating with its worker's columns and its PCSW's (``pcsws``, indexed by
    the PCSW's code: e.g. ``region`` and ``practice_type``; a PCSW missing from it gets
    ``practice_type`` :data:`NOT_SURVEYED`).

    Examples
    --------
    >>> r = pd.DataFrame({"worker_id": ["w1", "w2"], "aid_likelihood": [3, 7]})
    >>> w = pd.DataFrame({"worker_id": ["w1", "w2"], "pcsw": ["11001", "21004"]})
    >>> p = pd.DataFrame({"practice_type": ["type 1"]}, index=pd.Index(["11001"], name="pcsw"))
    >>> vignette_frame(r, w, p)["practice_type"].tolist()
    ['type 1', 'not surveyed']
    """
    frame = ratings.merge(workers, on="worker_id", how="left", validate="many_to_one")
    if frame["pcsw"].isna().any():
        unknown = sorted(frame.loc[frame["pcsw"].isna(), "worker_id"].astype(str).unique())
        raise InputError(f"vignette_ratings: worker(s) {unknown[:5]} not in vignette_workers")
    frame["pcsw"] = frame["pcsw"].astype(str)
    if pcsws is not None:
        extra = pcsws.copy()
        extra.index = extra.index.astype(str)
        frame = frame.join(extra, on="pcsw")
        if "practice_type" in frame:
            frame["practice_type"] = frame["practice_type"].astype(object).fillna(NOT_SURVEYED)
    return frame


def type_levels(types: pd.Series) -> list[str]:
    """The practice types present, sorted, with :data:`NOT_SURVEYED` last (the first is the
    reference of the models)."""
    present = sorted(set(types.dropna().astype(str)) - {NOT_SURVEYED})
    return present + ([NOT_SURVEYED] if (types == NOT_SURVEYED).any() else [])


def aid_model(
    frame: pd.DataFrame,
    attributes: Sequence[str],
    covariates: Sequence[str] = (),
    by_type: Sequence[str] = (),
    outcome: str = "aid_likelihood",
    levels: Mapping | None = None,
) -> models.MultilevelResult:
    """Fit the multilevel model of a rating: vignettes within workers within PCSWs.

    Fixed effects: the ``attributes``, the ``covariates`` (worker and PCSW characteristics) and
    the interaction of each attribute of ``by_type`` with ``practice_type`` (which must then be
    among the covariates). Random intercepts per PCSW and per worker within PCSW (lme4's
    ``(1 | pcsw/worker_id)``), REML. Categorical columns enter against their first level
    (``levels``; ``practice_type`` against the first of :func:`type_levels`).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = pd.DataFrame({"pcsw": np.repeat(list("abcdefgh"), 40),
    ...                   "worker_id": np.repeat(np.arange(32), 10),
    ...                   "cue": np.tile(["no", "yes"], 160)})
    >>> f["aid_likelihood"] = 5 + 2 * (f["cue"] == "yes") + rng.normal(size=320)
    >>> fit = aid_model(f, ["cue"])
    >>> float(fit.coefficients.set_index("term").loc["cue[yes]", "estimate"].round(1))
    2.2
    """
    levels = dict(levels or {})
    fixed = [*attributes, *covariates]
    if "practice_type" in fixed and "practice_type" not in levels:
        levels["practice_type"] = type_levels(frame["practice_type"])
    if by_type:
        if "practice_type" not in covariates:
            raise InputError("by_type needs practice_type among the covariates")
        fixed += [f"{attribute}:practice_type" for attribute in by_type]
    return models.multilevel_model(
        frame, outcome, fixed, groups="pcsw", vc_groups="worker_id", levels=levels
    )


def cluster_logit(
    frame: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    cluster: str,
    levels: Mapping | None = None,
    alpha: float = 0.05,
) -> models.LinearResult:
    """Fit a logit of a yes/no ``outcome`` with cluster-robust standard errors.

    Maximum likelihood (statsmodels ``Logit``); the covariance is the sandwich with the scores
    summed within each ``cluster`` (with the small-sample factor of Stata and statsmodels), so
    ratings of one worker or one PCSW need not be independent. Intervals and p values are Wald
    (normal). Coefficients are log-odds against each predictor's first level; the result works
    with :func:`localwelfare.models.joint_test`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = pd.DataFrame({"g": np.repeat(np.arange(40), 25), "x": rng.normal(size=1000)})
    >>> f["y"] = rng.random(1000) < 1 / (1 + np.exp(-(0.5 + 1.0 * f["x"])))
    >>> fit = cluster_logit(f, "y", ["x"], cluster="g")
    >>> fit.coefficients["estimate"].round(1).tolist(), fit.fit["n_clusters"]
    ([0.5, 0.8], 40)
    """
    from statsmodels.discrete.discrete_model import Logit

    levels = dict(levels or {})
    if "practice_type" in predictors and "practice_type" not in levels:
        levels["practice_type"] = type_levels(frame["practice_type"])
    used = [outcome, cluster, *models._variables(predictors)]
    require_columns(frame, used, "model")
    data = models._complete_rows(frame, used)
    design, term_columns = models._design(data, predictors, levels)
    design.insert(0, models.INTERCEPT, 1.0)
    y = data[outcome].astype(bool).astype(float)
    groups = pd.factorize(data[cluster].astype(str))[0]
    result = Logit(y, design).fit(
        disp=False, cov_type="cluster", cov_kwds={"groups": groups}, maxiter=200
    )
    names = list(design.columns)
    coefficients = models._coefficient_table(
        names, result.params, result.bse, result.conf_int(alpha=alpha).to_numpy(), result.pvalues
    )
    covariance = pd.DataFrame(np.asarray(result.cov_params()), index=names, columns=names)
    covariance.index.name = "term"
    fit = {
        "n_obs": int(result.nobs),
        "n_clusters": int(len(np.unique(groups))),
        "loglik": float(result.llf),
        "converged": bool(result.mle_retvals.get("converged", True)),
        "cov_type": f"cluster ({cluster})",
    }
    return models.LinearResult(coefficients, fit, covariance, term_columns, result)


def attribute_effects(
    result: models.ModelResult,
    attributes: Sequence[str],
    levels: Mapping[str, Sequence[str]],
    alpha: float = 0.05,
    prefix: str = "",
    among: Sequence[str] | None = None,
    distribution: str = "chi2",
) -> pd.DataFrame:
    """Return one row per attribute: does it move the decision, and by how much?

    ``p_value`` is the joint Wald test (:func:`localwelfare.models.joint_test`, chi-square) that
    all coefficients of the attribute's levels are zero; ``estimate`` the difference between its
    most and least favoured level (on the model's scale: points of the rating, or log-odds), with
    ``se`` and a Wald interval from the coefficients' covariance; ``highest`` and ``lowest`` name
    those levels. The two ends are chosen after seeing the data, so for attributes of three or
    more levels the interval is somewhat narrower than a pre-chosen contrast's; the test does
    not depend on them.

    ``levels`` gives each attribute's levels, the reference first. With ``prefix`` the
    coefficient of level ``b`` is ``prefix + attribute[b]`` (e.g. ``"cooperation[poor]:"`` for
    interactions with ``practice_type``), and ``among`` restricts the levels compared. With
    ``distribution="F"`` (a linear model) the test is the Wald F test and the interval uses the t
    distribution with the model's residual degrees of freedom.

    Examples
    --------
    >>> f = pd.DataFrame({"y": [1.0, 2.0, 2.5, 4.0, 3.5, 5.0], "g": list("xxyyzz")})
    >>> fit = models.robust_linear_model(f, "y", ["g"], cov_type="HC0")
    >>> row = attribute_effects(fit, ["g"], {"g": ["x", "y", "z"]}).iloc[0]
    >>> row["highest"], row["lowest"], float(round(row["estimate"], 2))
    ('z', 'x', 2.75)
    """
    coefficients = result.coefficients.set_index("term")["estimate"]
    if distribution == "F":
        z = sps.t.ppf(1 - alpha / 2, result.fit["df_resid"])
    else:
        z = sps.norm.ppf(1 - alpha / 2)
    rows = []
    for attribute in attributes:
        reference = levels[attribute][0]
        kept = [
            level
            for level in levels[attribute]
            if (among is None or level in among)
            and (level == reference or f"{prefix}{attribute}[{level}]" in coefficients.index)
        ]
        tested = [f"{prefix}{attribute}[{level}]" for level in kept if level != reference]
        if not tested:
            rows.append({"attribute": attribute, "testable": False})
            continue
        test = models.joint_test(result, tested, distribution=distribution)
        value = {lv: float(coefficients.get(f"{prefix}{attribute}[{lv}]", 0.0)) for lv in kept}
        high, low = max(value, key=value.get), min(value, key=value.get)
        vector = pd.Series(0.0, index=result.covariance.index)
        for level, sign in ((high, 1.0), (low, -1.0)):
            name = f"{prefix}{attribute}[{level}]"
            if name in vector.index:
                vector[name] += sign
        cov = result.covariance.to_numpy()
        se = float(np.sqrt(vector.to_numpy() @ cov @ vector.to_numpy()))
        estimate = value[high] - value[low]
        rows.append(
            {
                "attribute": attribute,
                "testable": True,
                "highest": high,
                "lowest": low,
                "estimate": estimate,
                "se": se,
                "ci_low": estimate - z * se,
                "ci_high": estimate + z * se,
                "statistic": test["statistic"],
                "df": test["df"],
                "p_value": test["p_value"],
                "n": int(result.fit["n_obs"]),
            }
        )
    return pd.DataFrame(rows)


def effects_in_words(
    claims: pd.DataFrame,
    prefix: str,
    scale: str = "points",
    labels: Mapping | None = None,
    level_label: Callable[[str], str] | None = None,
) -> str:
    """Return in plain words which attributes move a decision, and by how much.

    ``claims`` are rows of the claims table; those whose ``claim_id`` is ``prefix`` followed by
    an attribute (not the ``-by-type`` ones) are used. Supported claims are listed from the
    largest effect: the attribute, its most and least favoured level (``direction`` and
    ``contrast``) and the effect, in ``points`` of the rating or, with ``scale="odds"``, as how
    many times the odds are (the effect is a log-odds difference). The attributes whose claims
    are not supported follow. ``labels`` names attributes in words (default: the name with
    spaces); ``level_label`` names a level's code in words (default: the code with spaces;
    chapters pass :func:`localwelfare.display.value_label`, the data package's labels).

    Examples
    --------
    >>> claims = pd.DataFrame({
    ...     "claim_id": ["aid-language", "aid-cooperation", "aid-household"],
    ...     "supported": [True, True, False], "estimate": [1.5, 2.9, 0.1],
    ...     "direction": ["local language", "good", "single"],
    ...     "contrast": ["needs interpreter", "poor", "couple"]})
    >>> effects_in_words(claims, "aid-")
    'cooperation (good rather than poor: 2.9 points more), language (local language rather than needs interpreter: 1.5 points more); not measurably: household'
    """  # noqa: E501
    rows = claims[claims["claim_id"].str.startswith(prefix)]
    rows = rows[~rows["claim_id"].str.endswith("-by-type")]
    rows = rows[rows["estimate"].notna()].sort_values("estimate", ascending=False)
    moved, not_moved = [], []
    for row in rows.to_dict("records"):
        name = row["claim_id"].removeprefix(prefix)
        attribute = (labels or {}).get(name, name.replace("_", " "))
        if not (pd.notna(row["supported"]) and row["supported"]):
            not_moved.append(attribute)
            continue
        size = (
            f"odds {np.exp(row['estimate']):.1f} times as high"
            if scale == "odds"
            else f"{row['estimate']:.1f} points more"
        )
        word = level_label or (lambda code: str(code).replace("_", " "))
        moved.append(
            f"{attribute} ({word(row['direction'])} rather than {word(row['contrast'])}: {size})"
        )
    text = ", ".join(moved) if moved else "none of the attributes"
    return text + (f"; not measurably: {', '.join(not_moved)}" if not_moved else "")


def discretion_in_words(claims: pd.DataFrame, labels: Mapping | None = None) -> str:
    """Return in plain words whether the weight of each attribute differs by practice type,
    from the ``aid-<attribute>-by-type`` claims (their ``direction``: the two types compared,
    ``estimate``: the difference in points).

    Examples
    --------
    >>> claims = pd.DataFrame({"claim_id": ["aid-language-by-type", "aid-cooperation-by-type"],
    ...     "supported": [True, False], "estimate": [1.62, 0.4], "reason": "",
    ...     "direction": ["type 1 vs type 2", "type 2 vs type 4"],
    ...     "statement": ["S", "T"], "claim": ["S (language = needs interpreter: x)", "T"]})
    >>> print(discretion_in_words(claims))
    The weight of language differs between the practice types: for cases with language = needs interpreter, the decision is most favourable in type 1 and least in type 2, by 1.6 points. The data do not show that the weight of cooperation differs between the types.
    """  # noqa: E501
    sentences = []
    for row in claims[claims["claim_id"].str.endswith("-by-type")].to_dict("records"):
        name = row["claim_id"].removeprefix("aid-").removesuffix("-by-type")
        attribute = (labels or {}).get(name, name.replace("_", " "))
        if pd.notna(row["supported"]) and row["supported"]:
            detail = row["claim"][len(row["statement"]) :].strip(" ()").split(":")[0]
            high, low = str(row["direction"]).split(" vs ")
            sentences.append(
                f"The weight of {attribute} differs between the practice types: for cases with "
                f"{detail}, the "
                f"decision is most favourable in {high} and least in {low}, by "
                f"{row['estimate']:.1f} points."
            )
        elif pd.notna(row["supported"]):
            sentences.append(
                f"The data do not show that the weight of {attribute} differs between the types."
            )
        else:
            sentences.append(f"The weight of {attribute} could not be compared: {row['reason']}.")
    return " ".join(sentences) or "No attribute was compared between the types."
