"""Regression models the work packages share: multilevel, ordinal, robust linear, and power.

- :func:`multilevel_model`: a linear mixed model (statsmodels ``MixedLM``) with a random intercept
  and optional random slopes per group, and optionally a second, nested level as a variance
  component (vignettes within workers within PCSWs). Reproduces lme4's ``lmer``.
- :func:`ordinal_model`: a cumulative-link (proportional-odds) model (statsmodels
  ``OrderedModel``) with frequency weights, reported on the conventions of MASS's ``polr``.
- :func:`robust_linear_model`: ordinary least squares with heteroskedasticity-consistent
  standard errors (HC0-HC3).
- :func:`joint_test`: a Wald test that a set of coefficients are all zero (does region matter,
  adjusting for legal status?), for the result of any of the three models.
- :func:`minimum_detectable_difference` and :func:`achieved_power`: what a design with ``n`` per
  group can detect (statsmodels' power classes).

All models take a DataFrame and the names of its columns, and return tidy DataFrames with one row
per term. Predictors are given by column name; a categorical column (pandas ``category``, strings,
booleans, or any column named in ``levels``) enters as treatment (dummy) contrasts against its
first level, and the coefficient of level ``b`` of column ``a`` is named ``a[b]``. Give the level
order in ``levels`` to choose the reference, as R does with ``relevel``; without it, a
``category`` column keeps its categories' order and other columns are sorted (R's default for
character vectors). An interaction of two predictors is written ``"a:b"`` (each product of their
design columns, named ``a[x]:b[y]``). Rows with a missing value in any column the model uses are
left out (listwise deletion); ``n_obs`` in the fit says how many were used.

Examples
--------
>>> import numpy as np
>>> import pandas as pd
>>> from localwelfare import models
>>> rng = np.random.default_rng(1)
>>> frame = pd.DataFrame({"x": rng.normal(size=200), "g": np.repeat(["a", "b"], 100)})
>>> frame["y"] = 1 + 2 * frame["x"] + rng.normal(size=200)
>>> fit = models.robust_linear_model(frame, "y", ["x", "g"])
>>> fit.coefficients[["term", "estimate"]].round(1).values.tolist()
[['Intercept', 0.8], ['x', 2.0], ['g[b]', 0.1]]
>>> round(models.minimum_detectable_difference(64)["standardised_difference"].item(), 2)
0.5
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.regression.linear_model import OLS
from statsmodels.regression.mixed_linear_model import MixedLM
from statsmodels.stats.power import FTestAnovaPower, TTestIndPower
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from localwelfare.errors import InputError, require_columns

#: Columns of every coefficient table.
COEFFICIENT_COLUMNS = ["term", "estimate", "se", "ci_low", "ci_high", "p_value"]
#: Columns of the variance-component table of :func:`multilevel_model`.
VARIANCE_COLUMNS = ["component", "group", "term", "term2", "variance", "sd", "correlation"]
#: Name of the intercept in coefficient and variance tables.
INTERCEPT = "Intercept"

Levels = Mapping[str, Sequence[Any]]


# --- results ---------------------------------------------------------------------------------


@dataclass
class ModelResult:
    """What a model returns: tidy tables, the fit statistics and the statsmodels result.

    Attributes
    ----------
    coefficients : DataFrame
        One row per fixed coefficient: ``term, estimate, se, ci_low, ci_high, p_value``.
    fit : dict
        Fit statistics (``n_obs``, ``loglik``, ``converged`` and model-specific ones).
    covariance : DataFrame
        Estimated covariance matrix of the coefficients, indexed by ``term`` (for
        :func:`joint_test`).
    term_columns : dict
        For each predictor (and interaction) as given, the coefficient names it produced; lets
        :func:`joint_test` test a whole categorical predictor by its name.
    model : object
        The statsmodels results object, for anything the tables leave out.
    """

    coefficients: pd.DataFrame
    fit: dict[str, Any]
    covariance: pd.DataFrame
    term_columns: dict[str, list[str]]
    model: Any = field(repr=False)


@dataclass
class MultilevelResult(ModelResult):
    """Result of :func:`multilevel_model`; unpacks as ``coefficients, variance, fit``.

    Attributes
    ----------
    variance : DataFrame
        Variance components (see :func:`multilevel_model`).
    """

    variance: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.coefficients, self.variance, self.fit))


@dataclass
class OrdinalResult(ModelResult):
    """Result of :func:`ordinal_model`; unpacks as ``coefficients, thresholds, fit``.

    Attributes
    ----------
    thresholds : DataFrame
        Cut-points ``threshold, estimate, se`` on polr's scale.
    """

    thresholds: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.coefficients, self.thresholds, self.fit))


@dataclass
class LinearResult(ModelResult):
    """Result of :func:`robust_linear_model`; unpacks as ``coefficients, fit``."""

    def __iter__(self) -> Iterator[Any]:
        return iter((self.coefficients, self.fit))


# --- design matrices -------------------------------------------------------------------------


def _variables(terms: Sequence[str]) -> list[str]:
    """The columns ``terms`` use (each part of an interaction ``a:b``), in order, once."""
    seen: dict[str, None] = {}
    for term in terms:
        for part in term.split(":"):
            seen.setdefault(part.strip(), None)
    return list(seen)


def _is_categorical(series: pd.Series) -> bool:
    return (
        isinstance(series.dtype, pd.CategoricalDtype)
        or pd.api.types.is_bool_dtype(series)
        or pd.api.types.is_object_dtype(series)
        or pd.api.types.is_string_dtype(series)
    )


def _level_order(series: pd.Series, name: str, levels: Levels) -> list[Any]:
    """The levels of a categorical column, the first being the reference."""
    present = series.dropna().unique()
    if name in levels:
        order = list(levels[name])
        unknown = sorted({str(v) for v in present} - {str(v) for v in order})
        if unknown:
            raise InputError(
                f"column {name!r} has value(s) {', '.join(map(repr, unknown))} not among the "
                f"levels given for it ({', '.join(map(repr, map(str, order)))})"
            )
        by_text = {str(v): v for v in present}
        return [by_text.get(str(v), v) for v in order]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return list(series.cat.categories)
    return sorted(present, key=lambda v: (str(type(v)), v))


def _main_columns(series: pd.Series, name: str, levels: Levels) -> pd.DataFrame:
    """Design columns of one predictor: itself if numeric, else one dummy per non-first level."""
    if name in levels or _is_categorical(series):
        order = _level_order(series, name, levels)
        text = series.astype(object).map(str)
        return pd.DataFrame(
            {f"{name}[{level}]": (text == str(level)).astype(float) for level in order[1:]},
            index=series.index,
        )
    if not pd.api.types.is_numeric_dtype(series):
        raise InputError(f"column {name!r} is neither numeric nor categorical ({series.dtype})")
    return pd.DataFrame({name: series.astype(float)}, index=series.index)


def _design(
    frame: pd.DataFrame, terms: Sequence[str], levels: Levels
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Design matrix (no intercept) of ``terms`` and the columns each term produced."""
    mains = {v: _main_columns(frame[v], v, levels) for v in _variables(terms)}
    parts: list[pd.DataFrame] = []
    term_columns: dict[str, list[str]] = {}
    for term in terms:
        names = [p.strip() for p in term.split(":")]
        block = mains[names[0]]
        for name in names[1:]:
            other = mains[name]
            block = pd.DataFrame(
                {f"{a}:{b}": block[a] * other[b] for a in block.columns for b in other.columns},
                index=frame.index,
            )
        term_columns[term] = list(block.columns)
        parts.append(block)
    design = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)
    duplicated = design.columns[design.columns.duplicated()].tolist()
    if duplicated:
        raise InputError(f"predictor(s) given twice: {', '.join(map(repr, duplicated))}")
    return design, term_columns


def _complete_rows(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The rows with no missing value in ``columns`` (listwise deletion)."""
    used = frame[list(dict.fromkeys(columns))]
    kept = used.dropna()
    if kept.empty:
        raise InputError(
            f"no row has a value in every column the model uses ({', '.join(map(repr, columns))})"
        )
    return kept


def _coefficient_table(
    names: Sequence[str],
    estimate: Sequence[float],
    se: Sequence[float],
    ci: np.ndarray,
    p_value: Sequence[float],
) -> pd.DataFrame:
    ci = np.asarray(ci, dtype=float)
    return pd.DataFrame(
        {
            "term": list(names),
            "estimate": np.asarray(estimate, dtype=float),
            "se": np.asarray(se, dtype=float),
            "ci_low": ci[:, 0],
            "ci_high": ci[:, 1],
            "p_value": np.asarray(p_value, dtype=float),
        }
    )


# --- multilevel ------------------------------------------------------------------------------


def multilevel_model(
    frame: pd.DataFrame,
    outcome: str,
    fixed: Sequence[str],
    groups: str,
    random_slopes: Sequence[str] = (),
    vc_groups: str | None = None,
    reml: bool = True,
    levels: Levels | None = None,
    alpha: float = 0.05,
    methods: Sequence[str] = ("lbfgs", "bfgs", "powell"),
) -> MultilevelResult:
    r"""Fit a linear mixed model with a random intercept (and slopes) per group.

    The model, for observation :math:`i` in group :math:`j` (and, with ``vc_groups``, in
    subgroup :math:`k` of group :math:`j`), is

    .. math::

        y_{ijk} = x_{ijk}^\top \beta + z_{ijk}^\top b_j + c_{jk} + \varepsilon_{ijk},\quad
        b_j \sim N(0, \Sigma),\ c_{jk} \sim N(0, \sigma_c^2),\
        \varepsilon_{ijk} \sim N(0, \sigma^2),

    where :math:`z` is 1 and the ``random_slopes`` columns, and :math:`\Sigma` is unstructured
    (every variance and correlation is estimated), as lme4's ``(1 + slope | group)``. Estimated
    by restricted maximum likelihood (REML, the default, as lme4) or maximum likelihood with
    statsmodels' ``MixedLM`` (formula interface).

    **Nested levels.** For vignettes rated by workers within PCSWs, ``groups`` is the outer
    level (the PCSW: random intercept and any random slopes) and ``vc_groups`` the inner one
    (the worker): a random intercept per worker within the PCSW, statsmodels' variance component
    ``vc_formula={worker: "0 + C(worker)"}``. This is lme4's ``(1 | pcsw/worker)``. Worker
    codes may repeat across PCSWs: a worker is a code within a PCSW, so the same code in two
    PCSWs is two workers (lme4's ``pcsw/worker``, not ``(1 | worker)`` with crossed codes).

    Parameters
    ----------
    frame : DataFrame
        One row per observation (per rated vignette).
    outcome : str
        Numeric outcome column.
    fixed : list of str
        Fixed-effect predictors (columns, or interactions ``"a:b"``); an intercept is always
        included. Categorical columns enter as dummies against their first level (see the module
        notes and ``levels``).
    groups : str
        Column of the (outer) grouping level: each group has its own random intercept.
    random_slopes : list of str, default ()
        Predictors (among ``fixed``'s columns) whose slope also varies between ``groups``.
    vc_groups : str, optional
        Column of a level nested within ``groups`` with its own random intercept.
    reml : bool, default True
        REML (lme4's default) or maximum likelihood (needed to compare models with different
        fixed effects by their likelihood).
    levels : mapping, optional
        Level order of categorical columns, the reference first.
    alpha : float, default 0.05
        1 - the confidence level of the intervals.
    methods : list of str, default ("lbfgs", "bfgs", "powell")
        Optimisers (statsmodels' names) tried in turn until one converges; one that fails (a
        singular matrix on the way to a zero variance) passes to the next.

    Returns
    -------
    MultilevelResult
        Unpacks as ``coefficients, variance, fit``:

        - ``coefficients``: ``term, estimate, se, ci_low, ci_high, p_value`` of the fixed
          effects. Standard errors are statsmodels' (from the inverse information); intervals
          and p values are Wald (normal) ones. lme4 prints none; lmerTest's Satterthwaite
          degrees of freedom give slightly wider intervals in small samples.
        - ``variance``: the variance components as lme4's ``as.data.frame(VarCorr(fit))``:
          ``component`` (a label), ``group``, ``term`` and ``term2``, ``variance``, ``sd`` and
          ``correlation``. A row per random effect (``term2`` missing; ``variance`` and ``sd``),
          a row per pair of random effects of the same group (``variance`` is their covariance,
          ``correlation`` their correlation), the nested level (``group`` is ``vc_groups``), and
          the residual (``group`` ``"Residual"``). All on the data's scale.
        - ``fit``: ``reml_criterion`` (-2 times the REML log-likelihood, lme4's "REML criterion
          at convergence"; missing for ML), ``loglik`` (the REML or ML log-likelihood),
          ``aic`` (ML only), ``n_obs``, ``n_groups``, ``n_vc_groups``, ``converged``,
          ``boundary`` (a variance estimated at zero: lme4's "singular fit"), ``method``
          (``"REML"`` or ``"ML"``), ``optimizer`` (the one whose fit is reported) and
          ``warnings`` (the optimisers' messages).

    Raises
    ------
    InputError
        If a column is absent, the outcome is not numeric, a random slope is not among the
        fixed predictors, or no optimiser can fit the model.

    References
    ----------
    Bates, D., Mächler, M., Bolker, B. & Walker, S. (2015). Fitting linear mixed-effects models
    using lme4. *Journal of Statistical Software*, 67(1), 1-48. doi:10.18637/jss.v067.i01

    Lindstrom, M. J. & Bates, D. M. (1988). Newton-Raphson and EM algorithms for linear
    mixed-effects models for repeated-measures data. *JASA*, 83(404), 1014-1022.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> frame = pd.DataFrame({"group": np.repeat(np.arange(30), 10), "x": np.tile(range(10), 30)})
    >>> frame["y"] = 5 + 0.5 * frame["x"] + rng.normal(0, 2, 30)[frame["group"]] + rng.normal(
    ...     size=300)
    >>> coefficients, variance, fit = multilevel_model(frame, "y", ["x"], groups="group")
    >>> coefficients["estimate"].round(1).tolist()
    [4.7, 0.5]
    >>> variance[["component", "sd"]].round(1).values.tolist()
    [['group: Intercept', 1.7], ['Residual', 1.0]]
    >>> fit["converged"], fit["n_groups"]
    (True, 30)
    """
    levels = dict(levels or {})
    require_columns(frame, [outcome], "outcome")
    require_columns(frame, [groups], "group")
    if vc_groups is not None:
        require_columns(frame, [vc_groups], "nested group")
    require_columns(frame, _variables(fixed), "predictor")
    fixed_variables = _variables(fixed)
    not_fixed = [s for s in random_slopes if s not in fixed_variables]
    if not_fixed:
        raise InputError(
            f"random slope(s) {', '.join(map(repr, not_fixed))} not among the fixed predictors "
            f"({', '.join(map(repr, fixed_variables))})"
        )
    nested = [vc_groups] if vc_groups is not None else []
    data = _complete_rows(frame, [outcome, groups, *nested, *fixed_variables])
    if not pd.api.types.is_numeric_dtype(data[outcome]):
        raise InputError(f"outcome column {outcome!r} is not numeric ({data[outcome].dtype})")
    design, term_columns = _design(data, fixed, levels)

    safe = {name: f"x{i}" for i, name in enumerate(design.columns)}
    model_frame = design.rename(columns=safe)
    model_frame["y"] = data[outcome].astype(float)
    model_frame["g"] = data[groups].astype(object).map(str)
    fe_formula = "y ~ " + (" + ".join(safe.values()) if safe else "1")
    slope_columns = [c for s in random_slopes for c in _main_columns(data[s], s, levels).columns]
    re_formula = "~ " + " + ".join(["1", *(safe[c] for c in slope_columns)])
    vc_formula = None
    if vc_groups is not None:
        model_frame["v"] = data[vc_groups].astype(object).map(str)
        vc_formula = {"v": "0 + C(v)"}
    model = MixedLM.from_formula(
        fe_formula, model_frame, groups="g", re_formula=re_formula, vc_formula=vc_formula
    )
    result, optimizer, messages = None, None, []
    for method in methods:
        # one optimiser at a time: statsmodels stops at the first that raises (lbfgs can meet a
        # singular matrix when a variance goes to zero), and the next may still converge
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                attempt = model.fit(reml=reml, method=[method])
            except (np.linalg.LinAlgError, ValueError) as error:
                messages.append(f"{method}: {error}")
                continue
        messages += [str(w.message) for w in caught]
        if result is None or attempt.converged:
            result, optimizer = attempt, method
        if attempt.converged:
            break
    if result is None:
        raise InputError(
            f"the multilevel model of {outcome!r} could not be fitted by any optimiser "
            f"({'; '.join(messages)})"
        )
    messages = sorted(set(messages))

    back = {v: k for k, v in safe.items()} | {"Intercept": INTERCEPT}
    fe_names = list(result.fe_params.index)
    names = [back[n] for n in fe_names]
    ci = result.conf_int(alpha=alpha).loc[fe_names].to_numpy()
    coefficients = _coefficient_table(
        names, result.fe_params, result.bse_fe, ci, result.pvalues.loc[fe_names]
    )
    covariance = pd.DataFrame(
        result.cov_params().loc[fe_names, fe_names].to_numpy(), index=names, columns=names
    )
    covariance.index.name = "term"

    re_names = [INTERCEPT, *slope_columns]
    cov_re = np.asarray(result.cov_re, dtype=float)
    rows: list[dict[str, Any]] = []
    for a, name in enumerate(re_names):
        rows.append(
            {
                "component": f"{groups}: {name}",
                "group": groups,
                "term": name,
                "term2": None,
                "variance": cov_re[a, a],
                "sd": float(np.sqrt(max(cov_re[a, a], 0.0))),
                "correlation": np.nan,
            }
        )
    for a in range(len(re_names)):
        for b in range(a + 1, len(re_names)):
            denominator = np.sqrt(cov_re[a, a] * cov_re[b, b])
            rows.append(
                {
                    "component": f"{groups}: {re_names[a]} ~ {re_names[b]}",
                    "group": groups,
                    "term": re_names[a],
                    "term2": re_names[b],
                    "variance": cov_re[a, b],
                    "sd": np.nan,
                    "correlation": cov_re[a, b] / denominator if denominator > 0 else np.nan,
                }
            )
    if vc_groups is not None:
        vc_variance = float(np.asarray(result.vcomp)[0])
        rows.append(
            {
                "component": f"{vc_groups} within {groups}: {INTERCEPT}",
                "group": vc_groups,
                "term": INTERCEPT,
                "term2": None,
                "variance": vc_variance,
                "sd": float(np.sqrt(max(vc_variance, 0.0))),
                "correlation": np.nan,
            }
        )
    rows.append(
        {
            "component": "Residual",
            "group": "Residual",
            "term": None,
            "term2": None,
            "variance": float(result.scale),
            "sd": float(np.sqrt(result.scale)),
            "correlation": np.nan,
        }
    )
    variance = pd.DataFrame(rows, columns=VARIANCE_COLUMNS)

    variances = variance.loc[variance["term2"].isna() & (variance["group"] != "Residual")]
    boundary = bool((variances["variance"] <= 1e-6 * float(result.scale)).any())
    fit = {
        "reml_criterion": -2.0 * float(result.llf) if reml else np.nan,
        "loglik": float(result.llf),
        "aic": float(result.aic) if not reml else np.nan,
        "n_obs": int(result.nobs),
        "n_groups": int(model_frame["g"].nunique()),
        "n_vc_groups": (
            int(model_frame[["g", "v"]].drop_duplicates().shape[0]) if vc_groups else np.nan
        ),
        "converged": bool(result.converged),
        "boundary": boundary,
        "method": "REML" if reml else "ML",
        "optimizer": optimizer,
        "warnings": messages,
    }
    return MultilevelResult(
        coefficients=coefficients,
        fit=fit,
        covariance=covariance,
        term_columns=term_columns,
        model=result,
        variance=variance,
    )


# --- ordinal ---------------------------------------------------------------------------------


class _WeightedOrderedModel(OrderedModel):
    """``OrderedModel`` whose log-likelihood is the frequency-weighted sum over rows.

    statsmodels' ``OrderedModel`` takes no weights; with frequency weights ``w`` the
    log-likelihood is :math:`\\sum_i w_i \\ell_i`, exactly that of the data with row ``i``
    repeated ``w_i`` times. Score and Hessian are numerical derivatives of it.
    """

    def __init__(self, endog: Any, exog: Any, freq_weights: Any, **kwds: Any) -> None:
        super().__init__(endog, exog, **kwds)
        self.freq_weights = np.asarray(freq_weights, dtype=float)

    def loglike(self, params: np.ndarray) -> float:
        return float(self.freq_weights @ self.loglikeobs(params))


def _fit_quietly(model: Any, fits: Sequence[dict[str, Any]]) -> tuple[Any, list[str]]:
    """Fit with each set of options in turn until one converges; the last result otherwise."""
    messages: list[str] = []
    result = None
    for options in fits:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            warnings.simplefilter("always", RuntimeWarning)
            result = model.fit(disp=False, **options)
        messages += [str(w.message) for w in caught]
        if result.mle_retvals.get("converged", False):
            break
    return result, sorted(set(messages))


def ordinal_model(
    frame: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    weights: str | None = None,
    link: Literal["logit", "probit"] = "logit",
    levels: Levels | None = None,
    weights_method: Literal["likelihood", "expand"] = "likelihood",
    alpha: float = 0.05,
) -> OrdinalResult:
    r"""Fit a cumulative-link (proportional-odds) model for an ordered outcome.

    For an outcome with ordered levels :math:`1 < \dots < J` and the linear predictor
    :math:`\eta = x^\top \beta` (no intercept),

    .. math::

        \operatorname{link} P(Y \le j \mid x) = \zeta_j - \eta, \qquad j = 1, \dots, J - 1,

    with increasing cut-points :math:`\zeta_1 < \dots < \zeta_{J-1}` (McCullagh 1980). This is
    the convention of MASS's ``polr``: a positive coefficient moves answers towards the higher
    levels; with the logit link, :math:`\exp(\beta)` is the odds ratio of answering above any
    level. statsmodels' ``OrderedModel`` has the same sign convention but parametrises the
    cut-points as :math:`\zeta_1` and the logarithms of the increments
    :math:`\zeta_j - \zeta_{j-1}`; the table gives :math:`\zeta_j` themselves (standard errors by
    the delta method). Maximum likelihood, by Newton's method (BFGS if Newton fails).

    Parameters
    ----------
    frame : DataFrame
        One row per respondent, or per cell of a table with its frequency in ``weights``.
    outcome : str
        Ordered outcome column: an ordered ``category``, numbers (ordered by value), or any column
        with its order in ``levels``.
    predictors : list of str
        Predictor columns (or interactions ``"a:b"``); categorical ones enter as dummies against
        their first level (the module notes, ``levels``). No intercept: the cut-points play its
        part.
    weights : str, optional
        Column of frequency weights (non-negative; the number of respondents a row stands for).
    link : {"logit", "probit"}, default "logit"
        The link: proportional odds (logit) or ordered probit.
    levels : mapping, optional
        Level order of categorical columns (the reference first) and of the outcome (lowest
        first).
    weights_method : {"likelihood", "expand"}, default "likelihood"
        How frequency weights enter: as weights of the rows' log-likelihood terms, or by
        repeating each row as many times as its weight (integer weights only). Both give the
        same estimates and standard errors; expanding is slower on large tables.
    alpha : float, default 0.05
        1 - the confidence level of the (Wald) intervals.

    Returns
    -------
    OrdinalResult
        Unpacks as ``coefficients, thresholds, fit``:

        - ``coefficients``: ``term, estimate, se, ci_low, ci_high, p_value`` (log odds ratios for
          the logit link; Wald intervals and tests);
        - ``thresholds``: ``threshold`` (``"Low|Medium"``: between the two levels, polr's
          names), ``estimate`` (:math:`\zeta_j`) and ``se``;
        - ``fit``: ``loglik``, ``aic``, ``n_obs`` (respondents: the sum of the weights),
          ``n_rows``, ``link``, ``converged`` and ``warnings``.

    Raises
    ------
    InputError
        If a column is absent, the outcome's order is not known (strings without ``levels``),
        the outcome has fewer than three levels, or a weight is negative (or not an integer
        with ``weights_method="expand"``).

    References
    ----------
    McCullagh, P. (1980). Regression models for ordinal data. *Journal of the Royal Statistical
    Society B*, 42(2), 109-142.

    Venables, W. N. & Ripley, B. D. (2002). *Modern Applied Statistics with S* (4th ed.),
    section 7.3. Springer. (MASS's ``polr``.)

    Examples
    --------
    >>> import pandas as pd
    >>> cells = pd.DataFrame({
    ...     "answer": ["low", "mid", "high"] * 2,
    ...     "group": ["a"] * 3 + ["b"] * 3,
    ...     "n": [20, 15, 10, 10, 15, 20],
    ... })
    >>> coefficients, thresholds, fit = ordinal_model(
    ...     cells, "answer", ["group"], weights="n", levels={"answer": ["low", "mid", "high"]})
    >>> coefficients[["term", "estimate"]].round(3).values.tolist()
    [['group[b]', 1.03]]
    >>> thresholds.round(3).values.tolist()
    [['low|mid', -0.223, 0.289], ['mid|high', 1.253, 0.321]]
    >>> fit["n_obs"]
    90
    """
    levels = dict(levels or {})
    require_columns(frame, [outcome], "outcome")
    require_columns(frame, _variables(predictors), "predictor")
    if weights is not None:
        require_columns(frame, [weights], "weights")
    if link not in ("logit", "probit"):
        raise InputError(f"link must be 'logit' or 'probit', not {link!r}")
    if weights_method not in ("likelihood", "expand"):
        raise InputError(f"weights_method must be 'likelihood' or 'expand', not {weights_method!r}")
    used = [outcome, *_variables(predictors), *([weights] if weights else [])]
    data = _complete_rows(frame, used)

    series = data[outcome]
    if outcome in levels:
        order = _level_order(series, outcome, levels)
    elif isinstance(series.dtype, pd.CategoricalDtype) and series.cat.ordered:
        order = list(series.cat.categories)
    elif pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        order = sorted(series.unique())
    else:
        raise InputError(
            f"the order of the outcome {outcome!r}'s levels is not known: give it in "
            f"levels={{{outcome!r}: [lowest, ..., highest]}} or make the column an ordered category"
        )
    if len(order) < 3:
        raise InputError(
            f"outcome {outcome!r} has {len(order)} level(s); an ordinal model needs at least 3 "
            "(use a logistic regression for two)"
        )
    text_order = [str(v) for v in order]
    endog = pd.Series(
        pd.Categorical(series.astype(object).map(str), categories=text_order, ordered=True),
        index=data.index,
    )
    design, term_columns = _design(data, predictors, levels)

    if weights is None:
        freq = np.ones(len(data))
    else:
        freq = pd.to_numeric(data[weights], errors="coerce").to_numpy(dtype=float)
        if np.isnan(freq).any() or (freq < 0).any():
            raise InputError(f"weights column {weights!r} must hold non-negative numbers")
    keep = freq > 0
    endog, design, freq = endog[keep], design[keep], freq[keep]
    if weights is not None and weights_method == "expand":
        if not np.allclose(freq, np.round(freq)):
            raise InputError(
                f"weights column {weights!r} holds non-integer weights: rows can only be repeated "
                "a whole number of times (use weights_method='likelihood')"
            )
        repeats = np.round(freq).astype(int)
        endog = pd.Series(np.repeat(endog.to_numpy(), repeats)).astype(endog.dtype)
        design = pd.DataFrame(np.repeat(design.to_numpy(), repeats, axis=0), columns=design.columns)
        model: OrderedModel = OrderedModel(endog, design, distr=link)
    elif weights is not None:
        model = _WeightedOrderedModel(
            endog.reset_index(drop=True), design.reset_index(drop=True), freq, distr=link
        )
    else:
        model = OrderedModel(
            endog.reset_index(drop=True), design.reset_index(drop=True), distr=link
        )
    result, messages = _fit_quietly(
        model,
        [
            {"method": "newton", "maxiter": 200},
            {"method": "bfgs", "maxiter": 5000, "gtol": 1e-8},
        ],
    )

    params = np.asarray(result.params, dtype=float)
    cov = np.asarray(result.cov_params(), dtype=float)
    k = design.shape[1]
    names = list(design.columns)
    se = np.sqrt(np.diag(cov)[:k])
    z = stats.norm.ppf(1 - alpha / 2)
    estimate = params[:k]
    with np.errstate(divide="ignore", invalid="ignore"):
        p_value = 2 * stats.norm.sf(np.abs(estimate / se))
    coefficients = _coefficient_table(
        names, estimate, se, np.column_stack([estimate - z * se, estimate + z * se]), p_value
    )
    covariance = pd.DataFrame(cov[:k, :k], index=names, columns=names)
    covariance.index.name = "term"

    raw = params[k:]
    cuts = np.cumsum(np.concatenate([raw[:1], np.exp(raw[1:])]))
    # d zeta_j / d raw_m: 1 for m = 0, exp(raw_m) for 1 <= m <= j, 0 beyond
    jacobian = np.zeros((len(raw), len(raw)))
    for j in range(len(raw)):
        jacobian[j, 0] = 1.0
        jacobian[j, 1 : j + 1] = np.exp(raw[1 : j + 1])
    cut_cov = jacobian @ cov[k:, k:] @ jacobian.T
    thresholds = pd.DataFrame(
        {
            "threshold": [f"{a}|{b}" for a, b in zip(text_order[:-1], text_order[1:], strict=True)],
            "estimate": cuts,
            "se": np.sqrt(np.diag(cut_cov)),
        }
    )
    n_obs = float(freq.sum())
    fit = {
        "loglik": float(result.llf),
        "aic": -2.0 * float(result.llf) + 2 * len(params),
        "n_obs": int(n_obs) if n_obs.is_integer() else n_obs,
        "n_rows": int(len(data)),
        "link": link,
        "converged": bool(result.mle_retvals.get("converged", False)),
        "warnings": messages,
    }
    return OrdinalResult(
        coefficients=coefficients,
        fit=fit,
        covariance=covariance,
        term_columns=term_columns,
        model=result,
        thresholds=thresholds,
    )


# --- robust linear ---------------------------------------------------------------------------


def robust_linear_model(
    frame: pd.DataFrame,
    outcome: str,
    predictors: Sequence[str],
    cov_type: Literal["HC0", "HC1", "HC2", "HC3", "nonrobust"] = "HC3",
    levels: Levels | None = None,
    alpha: float = 0.05,
) -> LinearResult:
    r"""Fit a linear model by least squares with heteroskedasticity-consistent standard errors.

    The coefficients are the OLS ones, :math:`\hat\beta = (X^\top X)^{-1} X^\top y`; their
    covariance is the sandwich

    .. math::

        \hat V = (X^\top X)^{-1} X^\top \operatorname{diag}(\omega_i) X (X^\top X)^{-1}

    with :math:`\omega_i = e_i^2` (HC0, White 1980), :math:`e_i^2\, n / (n - p)` (HC1),
    :math:`e_i^2 / (1 - h_i)` (HC2) or :math:`e_i^2 / (1 - h_i)^2` (HC3, MacKinnon & White
    1985; the default, best in small samples: Long & Ervin 2000), where :math:`e_i` are the
    residuals and :math:`h_i` the leverages. ``"nonrobust"`` gives the classical
    :math:`s^2 (X^\top X)^{-1}`. Intervals and p values use the t distribution with
    :math:`n - p` degrees of freedom (as Stata and R's ``lmtest::coeftest`` do).

    Parameters
    ----------
    frame : DataFrame
        One row per respondent.
    outcome : str
        Numeric outcome column (e.g. a scale score).
    predictors : list of str
        Predictor columns (or interactions ``"a:b"``); categorical ones enter as dummies against
        their first level (module notes, ``levels``). An intercept is always included.
    cov_type : {"HC0", "HC1", "HC2", "HC3", "nonrobust"}, default "HC3"
        The covariance estimator.
    levels : mapping, optional
        Level order of categorical columns, the reference first.
    alpha : float, default 0.05
        1 - the confidence level of the intervals.

    Returns
    -------
    LinearResult
        Unpacks as ``coefficients, fit``: ``coefficients`` has ``term, estimate, se, ci_low,
        ci_high, p_value``; ``fit`` has ``n_obs``, ``df_resid``, ``r_squared``,
        ``adj_r_squared``, ``loglik``, ``cov_type``. Pass the result to :func:`joint_test` to
        test several terms at once.

    Raises
    ------
    InputError
        If a column is absent, the outcome is not numeric, ``cov_type`` is unknown, or there are
        no more observations than coefficients.

    References
    ----------
    White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator and a direct
    test for heteroskedasticity. *Econometrica*, 48(4), 817-838.

    MacKinnon, J. G. & White, H. (1985). Some heteroskedasticity-consistent covariance matrix
    estimators with improved finite sample properties. *Journal of Econometrics*, 29(3),
    305-325.

    Long, J. S. & Ervin, L. H. (2000). Using heteroscedasticity consistent standard errors in
    the linear regression model. *The American Statistician*, 54(3), 217-224.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"score": [1.0, 2.0, 2.5, 4.0, 3.5, 5.0],
    ...                       "region": ["x", "x", "y", "y", "z", "z"]})
    >>> coefficients, fit = robust_linear_model(frame, "score", ["region"], cov_type="HC0")
    >>> coefficients[["term", "estimate", "se"]].round(3).values.tolist()
    [['Intercept', 1.5, 0.354], ['region[y]', 1.75, 0.637], ['region[z]', 2.75, 0.637]]
    >>> fit["n_obs"], fit["cov_type"]
    (6, 'HC0')
    """
    levels = dict(levels or {})
    if cov_type not in ("HC0", "HC1", "HC2", "HC3", "nonrobust"):
        raise InputError(f"cov_type must be one of HC0, HC1, HC2, HC3, nonrobust, not {cov_type!r}")
    require_columns(frame, [outcome], "outcome")
    require_columns(frame, _variables(predictors), "predictor")
    data = _complete_rows(frame, [outcome, *_variables(predictors)])
    if not pd.api.types.is_numeric_dtype(data[outcome]) or pd.api.types.is_bool_dtype(
        data[outcome]
    ):
        raise InputError(f"outcome column {outcome!r} is not numeric ({data[outcome].dtype})")
    design, term_columns = _design(data, predictors, levels)
    design.insert(0, INTERCEPT, 1.0)
    if len(data) <= design.shape[1]:
        raise InputError(
            f"{len(data)} complete observation(s) for {design.shape[1]} coefficients: too few"
        )
    model = OLS(data[outcome].astype(float), design)
    result = model.fit(cov_type=cov_type, use_t=True)
    names = list(design.columns)
    coefficients = _coefficient_table(
        names, result.params, result.bse, result.conf_int(alpha=alpha).to_numpy(), result.pvalues
    )
    covariance = pd.DataFrame(np.asarray(result.cov_params()), index=names, columns=names)
    covariance.index.name = "term"
    fit = {
        "n_obs": int(result.nobs),
        "df_resid": float(result.df_resid),
        "r_squared": float(result.rsquared),
        "adj_r_squared": float(result.rsquared_adj),
        "loglik": float(result.llf),
        "cov_type": cov_type,
    }
    return LinearResult(
        coefficients=coefficients,
        fit=fit,
        covariance=covariance,
        term_columns=term_columns,
        model=result,
    )


def joint_test(
    result: ModelResult,
    terms: Sequence[str],
    distribution: Literal["chi2", "F"] = "chi2",
) -> dict[str, Any]:
    r"""Wald test that several coefficients are all zero.

    With :math:`b` the estimates of the :math:`q` tested coefficients and :math:`V` their
    estimated covariance (the model's: robust for :func:`robust_linear_model`),

    .. math::

        W = b^\top V^{-1} b \sim \chi^2_q \quad\text{(asymptotically, under the null)},

    or, with ``distribution="F"``, :math:`F = W / q` against :math:`F(q, n - p)`, the
    small-sample version for a linear model. "Does region matter, adjusting for legal status"
    is the test of all region dummies in a model with both.

    Parameters
    ----------
    result : ModelResult
        A result of :func:`robust_linear_model`, :func:`ordinal_model` or
        :func:`multilevel_model` (fixed effects).
    terms : list of str
        Coefficient names (``"region[Wallonia]"``) or predictors as given to the model
        (``"region"``: all its coefficients), or both.
    distribution : {"chi2", "F"}, default "chi2"
        Reference distribution; ``"F"`` needs the residual degrees of freedom of a linear model.

    Returns
    -------
    dict
        ``statistic`` (:math:`W`, or :math:`F`), ``df`` (:math:`q`), ``df_denom`` (F only),
        ``p_value``, ``distribution`` and ``terms`` (the coefficient names tested).

    Raises
    ------
    InputError
        If a term is neither a coefficient nor a predictor of the model, or the F distribution
        is asked of a model without residual degrees of freedom.

    References
    ----------
    Wald, A. (1943). Tests of statistical hypotheses concerning several parameters when the
    number of observations is large. *Transactions of the AMS*, 54(3), 426-482.

    White, H. (1980). A heteroskedasticity-consistent covariance matrix estimator and a direct
    test for heteroskedasticity. *Econometrica*, 48(4), 817-838.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"score": [1.0, 2.0, 2.5, 4.0, 3.5, 5.0],
    ...                       "region": ["x", "x", "y", "y", "z", "z"]})
    >>> test = joint_test(robust_linear_model(frame, "score", ["region"], "HC0"), ["region"])
    >>> round(test["statistic"], 2), test["df"], test["terms"]
    (20.84, 2, ['region[y]', 'region[z]'])
    """
    coefficients = result.coefficients.set_index("term")["estimate"]
    names: list[str] = []
    for term in terms:
        if term in coefficients.index:
            found = [term]
        elif term in result.term_columns:
            found = result.term_columns[term]
        else:
            raise InputError(
                f"{term!r} is neither a coefficient nor a predictor of the model "
                f"(coefficients: {', '.join(map(repr, coefficients.index))})"
            )
        names += [n for n in found if n not in names]
    if not names:
        raise InputError("no coefficient to test")
    b = coefficients.loc[names].to_numpy(dtype=float)
    v = result.covariance.loc[names, names].to_numpy(dtype=float)
    statistic = float(b @ np.linalg.solve(v, b))
    q = len(names)
    out: dict[str, Any] = {"distribution": distribution, "terms": names, "df": q}
    if distribution == "F":
        df_denom = result.fit.get("df_resid")
        if df_denom is None:
            raise InputError("the F test needs a linear model's residual degrees of freedom")
        out |= {
            "statistic": statistic / q,
            "df_denom": float(df_denom),
            "p_value": float(stats.f.sf(statistic / q, q, df_denom)),
        }
    elif distribution == "chi2":
        out |= {"statistic": statistic, "p_value": float(stats.chi2.sf(statistic, q))}
    else:
        raise InputError(f"distribution must be 'chi2' or 'F', not {distribution!r}")
    return out


# --- power -----------------------------------------------------------------------------------


def _check_power_inputs(n_per_group: float, k_groups: int, alpha: float) -> None:
    if int(k_groups) != k_groups or k_groups < 2:
        raise InputError(f"k_groups must be a whole number of at least 2, not {k_groups!r}")
    if not 0 < alpha < 1:
        raise InputError(f"alpha must lie between 0 and 1, not {alpha!r}")
    if not n_per_group >= 2:
        raise InputError(f"n_per_group must be at least 2, not {n_per_group!r}")


def minimum_detectable_difference(
    n_per_group: float | Sequence[float],
    k_groups: int = 2,
    alpha: float = 0.05,
    power: float = 0.8,
    sd: float = 1.0,
) -> pd.DataFrame:
    r"""The smallest difference between groups a design detects with the given power.

    **Two groups**: the standardised difference :math:`d = (\mu_1 - \mu_2) / \sigma` that a
    two-sided two-sample t test at level ``alpha`` detects with probability ``power`` with
    ``n_per_group`` in each group (statsmodels ``TTestIndPower``; the noncentral t).

    **k groups**: the effect size :math:`f = \sigma_\mu / \sigma` (Cohen's f: the standard
    deviation of the group means over the within-group one) that the one-way ANOVA F test
    detects (statsmodels ``FTestAnovaPower``, noncentrality :math:`\lambda = f^2 k n`), turned
    into the difference :math:`d` between the two most different groups by Cohen's (1988,
    section 8.2) pattern of *minimum variability*, one group at each extreme and the others
    midway: :math:`f = d / \sqrt{2k}`, so :math:`d = f \sqrt{2k}`. Any other pattern of means
    with the same range has a larger :math:`f`, so a range of :math:`d` is detected with at
    least the stated power whatever the other groups do. (For two groups the F test is the t
    test squared, :math:`f = d / 2`.)

    The raw difference is :math:`d` times ``sd``, the within-group standard deviation.

    Parameters
    ----------
    n_per_group : float or list of float
        Respondents per group (a list gives one row each).
    k_groups : int, default 2
        Number of groups compared.
    alpha : float, default 0.05
        Level of the (two-sided) test.
    power : float, default 0.8
        Probability of detecting the difference.
    sd : float, default 1.0
        Within-group standard deviation of the outcome, for the raw difference.

    Returns
    -------
    DataFrame
        One row per ``n_per_group``: ``n_per_group, k_groups, alpha, power, cohen_f,
        standardised_difference, raw_difference``.

    Raises
    ------
    InputError
        If ``n_per_group`` < 2, ``k_groups`` < 2, or ``alpha`` or ``power`` is outside (0, 1).

    References
    ----------
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences* (2nd ed.),
    chapters 2 and 8. Erlbaum.

    Examples
    --------
    Cohen (1988, table 2.4.1): d = 0.5 at alpha .05 (two-sided) and power .80 needs 64 per
    group, so 64 per group detect about half a standard deviation:

    >>> minimum_detectable_difference(64)["standardised_difference"].round(3).item()
    0.499
    >>> table = minimum_detectable_difference([30, 60], k_groups=3, sd=0.8)
    >>> table[["n_per_group", "cohen_f", "raw_difference"]].round(3).values.tolist()
    [[30.0, 0.333, 0.652], [60.0, 0.233, 0.457]]
    """
    ns = [n_per_group] if np.ndim(n_per_group) == 0 else list(n_per_group)  # type: ignore[arg-type]
    if not 0 < power < 1:
        raise InputError(f"power must lie between 0 and 1, not {power!r}")
    rows = []
    for n in ns:
        _check_power_inputs(n, k_groups, alpha)
        if k_groups == 2:
            d = float(
                TTestIndPower().solve_power(
                    effect_size=None, nobs1=n, alpha=alpha, power=power, ratio=1.0
                )
            )
            f = d / 2
        else:
            f = float(
                FTestAnovaPower().solve_power(
                    effect_size=None, nobs=n * k_groups, alpha=alpha, power=power, k_groups=k_groups
                )
            )
            d = f * np.sqrt(2 * k_groups)
        rows.append(
            {
                "n_per_group": float(n),
                "k_groups": int(k_groups),
                "alpha": alpha,
                "power": power,
                "cohen_f": f,
                "standardised_difference": d,
                "raw_difference": d * sd,
            }
        )
    return pd.DataFrame(rows)


def achieved_power(
    effect_size: float,
    n_per_group: float,
    k_groups: int = 2,
    alpha: float = 0.05,
) -> float:
    r"""The probability that a design detects a given standardised difference.

    ``effect_size`` is the standardised difference :math:`d` (in within-group standard
    deviations) between the two most different groups, on the conventions of
    :func:`minimum_detectable_difference`: the two-sided two-sample t test for two groups; for
    ``k_groups`` > 2 the one-way ANOVA F test at Cohen's :math:`f = d / \sqrt{2k}` (minimum
    variability: the power is at least this for any pattern of means with that range).

    Parameters
    ----------
    effect_size : float
        Standardised difference :math:`d`.
    n_per_group : float
        Respondents per group.
    k_groups : int, default 2
        Number of groups.
    alpha : float, default 0.05
        Level of the (two-sided) test.

    Returns
    -------
    float
        The power, between ``alpha`` and 1.

    Raises
    ------
    InputError
        If ``n_per_group`` < 2, ``k_groups`` < 2, or ``alpha`` is outside (0, 1).

    References
    ----------
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences* (2nd ed.),
    chapters 2 and 8. Erlbaum.

    Examples
    --------
    >>> round(achieved_power(0.5, 64), 3)  # Cohen (1988): d = 0.5 with 64 per group
    0.801
    >>> round(achieved_power(0.5, 30, k_groups=3), 3)
    0.381
    """
    _check_power_inputs(n_per_group, k_groups, alpha)
    d = abs(float(effect_size))
    if k_groups == 2:
        return float(TTestIndPower().power(effect_size=d, nobs1=n_per_group, alpha=alpha, ratio=1))
    return float(
        FTestAnovaPower().power(
            effect_size=d / np.sqrt(2 * k_groups),
            nobs=n_per_group * k_groups,
            alpha=alpha,
            k_groups=k_groups,
        )
    )
