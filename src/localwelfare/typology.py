"""WP3: a weighted latent class typology of PCSW practices.

The typology of PCSWs' practices towards newcomers is a latent class model of categorical survey
items, estimated with stepmix (Morin et al. 2025) by maximum likelihood (EM, many random
starts). The functions follow poLCA's conventions and reproduce its
published log-likelihoods (Linzer & Lewis 2011) on its bundled data (``carcinoma``, ``values``):

* items are integer-coded categories; an item with codes ``0 .. m-1`` has ``m`` categories
  (``m`` = highest observed code + 1, as poLCA counts them);
* number of parameters ``p = R * sum(m_j - 1) + (R - 1)`` for ``R`` classes;
* ``AIC = -2 LL + 2p``, ``BIC = -2 LL + ln(N) p``, sample-size adjusted
  ``SABIC = -2 LL + ln((N + 2) / 24) p`` (Sclove 1987), ``CAIC = -2 LL + (ln N + 1) p``
  (Bozdogan 1987), relative entropy ``1 - sum(-p ln p) / (N ln R)`` (Ramaswamy et al. 1993);
* missing answers: full-information maximum likelihood (``missing="fiml"``, stepmix's
  ``categorical_nan``: a unit contributes the items it answered) or listwise deletion
  (``missing="listwise"``, poLCA's default ``na.rm = TRUE``).

Classes are put in a deterministic order computed from their profiles (highest mean item score
first; see :func:`class_order_key`), so re-runs with other seeds do not shuffle the types.

The survey side: the models can be estimated with survey weights (post-stratification weights of
respondents to the frame of all PCSWs by region x size class, from
:func:`localwelfare.weights.poststratification_weights`)
(``weights=``, the weighted log-likelihood; unweighted is the robustness specification), weighted
class shares (:func:`class_sizes`), types by region and size (:func:`types_by`,
:func:`association_test`), covariates of type membership (:func:`covariate_model`: the
bias-adjusted three-step approach with BCH or ML correction, or one-step latent class regression as
poLCA; :func:`membership_factors` is the older classify-analyse approach, biased by ignoring
classification error), the bootstrap likelihood-ratio test (:func:`blrt_pvalue`), types named in
words (:func:`readable_class_names`) and the robustness check against hierarchical clustering
(:func:`hierarchical_agreement`).

Examples
--------
>>> import pandas as pd
>>> from localwelfare import typology
>>> items = pd.DataFrame({"a": [1, 1, 2, 2] * 10, "b": [1, 1, 2, 2] * 10, "c": [1, 2, 2, 2] * 10})
>>> model = typology.fit_lca(items, 2, starts=3, seed=1)
>>> model.n_params
7
>>> typology.selection_table({1: typology.fit_lca(items, 1), 2: model})["k"].tolist()
[1, 2]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from localwelfare.errors import InputError
from localwelfare.weights import aligned_weights, unit_weights

#: Missing-data policies: full-information maximum likelihood, or listwise deletion (poLCA).
MISSING_POLICIES = ("fiml", "listwise")
#: Columns of the model-selection table (:func:`selection_table`).
SELECTION_COLUMNS = [
    "k",
    "n_obs",
    "loglik",
    "n_params",
    "aic",
    "bic",
    "sabic",
    "caic",
    "entropy",
    "smallest_class",
    "best_ll_share",
    "blrt_p",
    "converged",
]


# --------------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------------


def encode_items(
    frame: pd.DataFrame, items: Iterable[str] | None = None, source: str = "data"
) -> tuple[pd.DataFrame, dict[str, list]]:
    """Return the items as 0-based integer codes (floats, NaN = missing) and their categories.

    How values become codes, per item:

    * a pandas categorical: the position of the value among its categories (their order is kept,
      so unused levels still count, as in the codebook);
    * whole numbers: integer codes. If no item of ``frame`` uses the code 0, the codes are taken
      as 1-based (poLCA's convention: 1 is the first category) and 1 is subtracted;
    * anything else (labels): the position of the label among the item's sorted distinct labels.

    Parameters
    ----------
    frame : DataFrame
        One row per unit; the index identifies the units.
    items : list of str, optional
        The item columns (default: every column).
    source : str
        Name of the data in error messages (e.g. the file name). Rows are named by ``frame``'s
        index label.

    Returns
    -------
    codes : DataFrame
        Same index and item columns as ``frame``; float codes ``0 .. m-1``, NaN for missing.
    categories : dict
        For each item, the category (label or original code) of each code.

    Raises
    ------
    InputError
        For an unknown item, an item without any answer, or a number that is not a whole
        non-negative code.

    Examples
    --------
    >>> import pandas as pd
    >>> codes, cats = encode_items(pd.DataFrame({"q": ["yes", "no", None]}))
    >>> codes["q"].tolist(), cats["q"]
    ([1.0, 0.0, nan], ['no', 'yes'])
    """
    items = list(frame.columns if items is None else items)
    if not items:
        raise InputError(f"{source}: no items given")
    unknown = [item for item in items if item not in frame.columns]
    if unknown:
        raise InputError(
            f"{source}: item(s) {', '.join(map(repr, unknown))} not found "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )
    numeric = {}
    for item in items:
        col = frame[item]
        if isinstance(col.dtype, pd.CategoricalDtype):
            continue
        converted = pd.to_numeric(col, errors="coerce")
        if converted.notna().sum() == col.notna().sum():
            numeric[item] = converted.astype("float64")
    one_based = bool(numeric) and not any((col == 0).any() for col in numeric.values())
    codes, categories = {}, {}
    for item in items:
        col = frame[item]
        if col.notna().sum() == 0:
            raise InputError(f"{source}, field '{item}': item has no answers")
        if isinstance(col.dtype, pd.CategoricalDtype):
            code = pd.Series(col.cat.codes, index=frame.index).astype("float64")
            codes[item] = code.where(code >= 0)
            categories[item] = list(col.cat.categories)
        elif item in numeric:
            values = numeric[item]
            bad = values.notna() & ((values % 1 != 0) | (values < (1 if one_based else 0)))
            if bad.any():
                row = values.index[bad.to_numpy()][0]
                raise InputError(
                    f"{source}, row {row}, field '{item}': integer codes must be whole numbers "
                    f"{'>= 1' if one_based else '>= 0'}, got {frame.at[row, item]!r}"
                )
            code = values - (1 if one_based else 0)
            codes[item] = code
            top = int(code.max())
            categories[item] = list(range(1, top + 2) if one_based else range(top + 1))
        else:
            labels = sorted(col.dropna().astype(str).unique())
            lookup = {label: float(i) for i, label in enumerate(labels)}
            codes[item] = col.map(lambda v, lk=lookup: lk[str(v)] if pd.notna(v) else np.nan)
            categories[item] = labels
    out = pd.DataFrame(codes, index=frame.index).astype("float64")
    return out, categories


def _n_categories(codes: pd.DataFrame) -> np.ndarray:
    """Categories per item as poLCA counts them: highest observed code + 1."""
    return (np.nanmax(codes.to_numpy(), axis=0) + 1).astype(int)


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


@dataclass
class LatentClassModel:
    """A fitted latent class model: the stepmix estimator and what it was fitted on.

    Classes are in the deterministic order of :func:`class_order_key` (class 1 first).
    """

    k: int
    items: list[str]
    categories: dict[str, list]
    codes: pd.DataFrame
    estimator: object
    start_logliks: np.ndarray
    missing: str
    seed: int
    converged: bool
    n_dropped: int = 0
    options: dict = field(default_factory=dict)
    weights: np.ndarray | None = None

    @property
    def weighted(self) -> bool:
        """Whether the model was estimated with unit weights."""
        return self.weights is not None

    @property
    def n_obs(self) -> int:
        """Units the model was fitted on."""
        return len(self.codes)

    @property
    def loglik(self) -> float:
        """Maximised log-likelihood ``sum_i w_i ln f(x_i)`` (``w_i = 1`` unweighted)."""
        x = _one_hot(self.codes.to_numpy())
        if self.weights is None:
            return float(self.estimator.score(x) * len(x))
        return float(self.estimator.score(x, sample_weight=self.weights) * self.weights.sum())

    @property
    def n_params(self) -> int:
        """Free parameters: ``R * sum(m_j - 1) + (R - 1)``."""
        return int(self.k * np.sum(_n_categories(self.codes) - 1) + self.k - 1)

    @property
    def class_shares(self) -> np.ndarray:
        """Estimated class shares (the latent class prevalences)."""
        return np.asarray(self.estimator.weights_, dtype=float)

    def item_probabilities(self) -> np.ndarray:
        """Array ``[class, item, code]`` of item-response probabilities."""
        params = self.estimator.get_parameters()["measurement"]
        pis = np.asarray(params["pis"], dtype=float)
        return pis.reshape(self.k, len(self.items), int(params["max_n_outcomes"]))

    def posterior(self) -> np.ndarray:
        """Posterior class probabilities of each unit, shape ``(n_obs, k)``."""
        return self.estimator.predict_proba_class(_one_hot(self.codes.to_numpy()))


def class_order_key(probabilities: np.ndarray, shares: np.ndarray) -> list[tuple]:
    """Return one sort key per class: the classes are ordered by ascending key.

    The key is ``(-mean item score, -share, profile)``: classes with a higher mean item score
    come first, where an item's score is its expected code scaled to 0-1
    (``sum_c c * p_c / (m - 1)``); ties are broken by the larger share, then by the profile itself.
    With items coded so that higher codes mean more of a practice, class 1 is the type with the
    most practices.
    """
    k, n_items, n_out = probabilities.shape
    present = probabilities.sum(axis=0) > 0  # [item, code]: codes that exist
    top = np.array([max(np.flatnonzero(present[j]).max(), 1) for j in range(n_items)])
    expected = (probabilities * np.arange(n_out)).sum(axis=2) / top  # [class, item]
    score = expected.mean(axis=1)
    return [
        (
            -round(float(score[c]), 10),
            -round(float(shares[c]), 10),
            tuple(np.round(expected[c], 10)),
        )
        for c in range(k)
    ]


def start_seeds(seed: int, starts: int) -> list[int]:
    """Return the seeds of the random starts: ``starts`` integers derived from ``seed``.

    Start ``i`` of every model uses the same seed, whatever the number of classes or processes.

    Examples
    --------
    >>> start_seeds(0, 3) == start_seeds(0, 5)[:3]
    True
    """
    state = np.random.SeedSequence(int(seed)).generate_state(int(starts), dtype=np.uint32)
    return [int(s) for s in state]


def _one_hot(x: np.ndarray) -> np.ndarray:
    """Integer codes ``x`` (NaN: missing) one-hot encoded as stepmix encodes them: a block of
    ``max_n_outcomes`` columns per item, NaN across the block of a missing answer."""
    from stepmix.utils import max_one_hot

    return max_one_hot(x)[0]


def _fit_start(
    x: np.ndarray, k: int, start_seed: int, max_iter: int, tol: float, w: np.ndarray | None = None
):
    """One EM run of stepmix from random initial posteriors: (estimator, loglik, converged).

    With unit weights ``w`` stepmix maximises the weighted log-likelihood ``sum_i w_i ln f(x_i)``.
    The estimator is given the one-hot encoding of ``x`` (:func:`_one_hot`), made once: with
    integer codes stepmix would encode them again in every E and M step, the same arrays at
    several times the cost. So the estimator's ``score`` and ``predict_proba_class`` take
    :func:`_one_hot` of the codes. With missing answers, the M step sums each item's posterior
    mass once instead of once per category (:mod:`localwelfare._itemwise`; the same estimates,
    bit for bit).
    """
    from stepmix.utils import max_one_hot

    from localwelfare._itemwise import ItemwiseStepMix

    x, max_n_outcomes, total_outcomes = max_one_hot(x)
    estimator = ItemwiseStepMix(
        n_components=int(k),
        measurement="categorical_nan" if np.isnan(x).any() else "categorical",
        measurement_params={
            "integer_codes": False,
            "max_n_outcomes": max_n_outcomes,
            "total_outcomes": total_outcomes,
        },
        n_init=1,
        max_iter=int(max_iter),
        abs_tol=float(tol),
        random_state=int(start_seed),
        progress_bar=0,
        verbose=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(x, sample_weight=w)
    if w is None:
        ll = float(estimator.score(x) * len(x))
    else:
        ll = float(estimator.score(x, sample_weight=w) * w.sum())
    return estimator, ll, bool(estimator.converged_)


def _prepare(items: pd.DataFrame, k_values: list[int], missing: str, starts: int):
    if missing not in MISSING_POLICIES:
        raise InputError(f"missing-data policy must be one of {MISSING_POLICIES}, got {missing!r}")
    for k in k_values:
        if not isinstance(k, int | np.integer) or isinstance(k, bool) or k < 1:
            raise InputError(f"number of classes must be a whole number >= 1, got {k!r}")
    if not isinstance(starts, int | np.integer) or starts < 1:
        raise InputError(f"number of random starts must be a whole number >= 1, got {starts!r}")
    codes, categories = encode_items(items)
    n_all = len(codes)
    codes = codes.dropna() if missing == "listwise" else codes[codes.notna().any(axis=1)]
    if len(codes) < max(max(k_values), 2):
        raise InputError(
            f"too few units for {max(k_values)} classes: {len(codes)} of {n_all} left after the "
            f"'{missing}' missing-data policy"
        )
    return codes, categories, n_all - len(codes)


def fit_models(
    items: pd.DataFrame,
    classes: Iterable[int] = range(1, 5),
    *,
    starts: int = 20,
    missing: str = "fiml",
    seed: int = 0,
    max_iter: int = 5000,
    tol: float = 1e-10,
    n_jobs: int = 1,
    weights: pd.Series | np.ndarray | None = None,
) -> dict[int, LatentClassModel]:
    """Fit latent class models with each number of classes in ``classes`` (stepmix, EM).

    Each model is estimated from ``starts`` random starts (random initial posteriors, seeds from
    :func:`start_seeds`); the start with the highest log-likelihood is kept, and the
    log-likelihood of every start is kept in ``start_logliks`` (see :func:`best_ll_share`).
    Classes are then put in the order of :func:`class_order_key`.

    Parameters
    ----------
    items : DataFrame
        One row per unit, one column per item (categoricals, integer codes or labels; missing =
        NaN); coded with :func:`encode_items`.
    classes : iterable of int, default 1..4
        Numbers of latent classes.
    starts : int, default 20
        Random starts per model.
    missing : {"fiml", "listwise"}, default "fiml"
        ``"fiml"``: full information (each unit contributes the items it answered; stepmix's
        ``categorical_nan``; units with no answer at all are dropped). ``"listwise"``: units
        with any missing item are dropped (poLCA's default).
    seed : int, default 0
        Seed of the random starts.
    max_iter : int, default 5000
        Maximum EM iterations per start (poLCA: 1000; weakly identified models need more).
    tol : float, default 1e-10
        EM stops when the mean log-likelihood per unit improves by less than ``tol``.
    n_jobs : int, default 1
        Processes running starts in parallel (joblib); results do not depend on it.
    weights : Series or array, optional
        Unit weights, e.g. post-stratification weights (a Series is aligned on ``items``' index,
        an array by position). The model then maximises the weighted (pseudo) log-likelihood
        ``sum_i w_i ln f(x_i)`` (stepmix's ``sample_weight``), so the class shares and profiles
        estimate the population's. The weights of the units fitted are rescaled to add up to
        their number (as Mplus does with sampling weights): the estimates do not depend on the
        scale, and the log-likelihood and information criteria stay on the sample's scale.
        Integer weights give the estimates of the data with each unit repeated ``w_i`` times.
        Default: unweighted (every ``w_i = 1``).

    Returns
    -------
    dict
        ``{k: LatentClassModel}``.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 2] * 20, "b": [1, 2] * 20})
    >>> sorted(fit_models(items, [1, 2], starts=2))
    [1, 2]
    """
    k_values = list(classes)
    if not k_values:
        raise InputError("no numbers of classes given")
    codes, categories, n_dropped = _prepare(items, k_values, missing, starts)
    w = None if weights is None else unit_weights(weights, items.index, codes.index)
    k_values = [int(k) for k in k_values]
    x = codes.to_numpy()
    seeds = start_seeds(seed, starts)
    tasks = [(k, s) for k in k_values for s in seeds]
    if n_jobs == 1:
        runs = [_fit_start(x, k, s, max_iter, tol, w) for k, s in tasks]
    else:
        from joblib import Parallel, delayed

        runs = Parallel(n_jobs=n_jobs)(
            delayed(_fit_start)(x, k, s, max_iter, tol, w) for k, s in tasks
        )
    models = {}
    for i, k in enumerate(k_values):
        own = runs[i * starts : (i + 1) * starts]
        lls = np.array([ll for _, ll, _ in own])
        best = int(np.nanargmax(lls))
        estimator, _, converged = own[best]
        model = LatentClassModel(
            k=k,
            items=list(codes.columns),
            categories=categories,
            codes=codes,
            estimator=estimator,
            start_logliks=lls,
            missing=missing,
            seed=int(seed),
            converged=converged,
            n_dropped=n_dropped,
            options={"starts": int(starts), "max_iter": int(max_iter), "tol": float(tol)},
            weights=w,
        )
        keys = class_order_key(model.item_probabilities(), model.class_shares)
        estimator.permute_classes(np.array(sorted(range(k), key=keys.__getitem__)))
        models[k] = model
    return models


def fit_lca(
    items: pd.DataFrame,
    k: int,
    *,
    starts: int = 20,
    missing: str = "fiml",
    seed: int = 0,
    max_iter: int = 5000,
    tol: float = 1e-10,
    n_jobs: int = 1,
    weights: pd.Series | np.ndarray | None = None,
) -> LatentClassModel:
    """Fit one latent class model with ``k`` classes; see :func:`fit_models` for the options.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 2] * 20, "b": [1, 2] * 20})
    >>> round(fit_lca(items, 1).loglik, 3)
    -55.452
    """
    models = fit_models(
        items,
        [k],
        starts=starts,
        missing=missing,
        seed=seed,
        max_iter=max_iter,
        tol=tol,
        n_jobs=n_jobs,
        weights=weights,
    )
    return next(iter(models.values()))


def best_ll_share(start_logliks: np.ndarray, tolerance: float = 1e-3) -> float:
    """Share of random starts that reached the best log-likelihood (within ``tolerance``).

    A low share warns of local maxima: the best solution may not have been found by enough starts.

    Examples
    --------
    >>> best_ll_share(np.array([-10.0, -10.0004, -12.0, -10.0]))
    0.75
    """
    lls = np.asarray(start_logliks, dtype=float)
    lls = lls[np.isfinite(lls)]
    if lls.size == 0:
        return float("nan")
    return float(np.mean(lls >= lls.max() - tolerance))


def information_criteria(loglik: float, n_params: int, n_obs: int) -> dict[str, float]:
    """Return AIC, BIC, sample-size adjusted BIC and CAIC of a model.

    ``AIC = -2LL + 2p``; ``BIC = -2LL + ln(N) p``; ``SABIC = -2LL + ln((N + 2) / 24) p``
    (Sclove 1987; stepmix 3.0's ``sabic`` uses ``ln(N (N + 2) / 24)`` instead);
    ``CAIC = -2LL + (ln N + 1) p`` (Bozdogan 1987).

    Examples
    --------
    >>> round(information_criteria(-293.705, 23, 118)["bic"], 2)
    697.14
    """
    dev = -2.0 * float(loglik)
    return {
        "aic": dev + 2.0 * n_params,
        "bic": dev + math.log(n_obs) * n_params,
        "sabic": dev + math.log((n_obs + 2.0) / 24.0) * n_params,
        "caic": dev + (math.log(n_obs) + 1.0) * n_params,
    }


def relative_entropy(posterior: np.ndarray) -> float:
    """Relative entropy ``1 - sum(-p ln p) / (N ln R)`` of posterior class probabilities.

    1 means perfectly separated classes; NaN for one class.

    Examples
    --------
    >>> round(relative_entropy(np.array([[1.0, 0.0], [0.0, 1.0]])), 6)
    1.0
    """
    n, r = posterior.shape
    if r < 2:
        return float("nan")
    p = np.clip(posterior, 1e-15, 1.0)
    return float(1.0 - np.sum(-p * np.log(p)) / (n * np.log(r)))


#: Default number of bootstrap draws of the likelihood-ratio test (:func:`blrt_pvalue`): with 99
#: draws the smallest attainable p-value is 0.01.
BLRT_DRAWS = 99


def _blrt_draw(null, alternative, n_cat, missing_mask, w, starts, tol, max_iter, seed, draw):
    """One parametric bootstrap draw of the BLRT: the simulated ``LR* = 2 (LL*_alt - LL*_null)``.

    The data set of draw ``draw`` depends only on ``(seed, draw)``, so results do not depend on
    how the draws are spread over processes.
    """
    rng = np.random.default_rng([int(seed), int(draw)])
    rho0, shares0 = null
    rho1, beta1 = alternative
    n, n_items = missing_mask.shape
    m = int(n_cat.max())
    cls = rng.choice(len(shares0), size=n, p=shares0 / shares0.sum())
    cum = np.cumsum(rho0[cls][:, :, :m], axis=2)
    codes = (rng.random((n, n_items))[:, :, None] > cum).sum(axis=2)
    codes = np.minimum(codes, n_cat - 1).astype(float)
    codes[missing_mask] = np.nan
    y, observed = _onehot(codes, n_cat)
    z = np.ones((n, 1))
    beta0 = np.log(np.clip(shares0, 1e-15, None) / max(shares0[0], 1e-15))[:, None]
    ll_null = _em(y, observed, z, w, rho0[:, :, :m], beta0, max_iter=max_iter, tol=tol)[2]
    lls = [_em(y, observed, z, w, rho1[:, :, :m], beta1, max_iter=max_iter, tol=tol)[2]]
    k1 = rho1.shape[0]
    for _ in range(int(starts)):
        rho = _random_profiles(rng, k1, n_cat)
        lls.append(_em(y, observed, z, w, rho, np.zeros((k1, 1)), max_iter=max_iter, tol=tol)[2])
    return 2.0 * (max(lls) - ll_null)


def blrt_pvalue(
    null: LatentClassModel,
    alternative: LatentClassModel,
    *,
    draws: int = BLRT_DRAWS,
    starts: int = 3,
    tol: float = 1e-6,
    seed: int = 0,
    max_iter: int = 5000,
    n_jobs: int = 1,
) -> float:
    """Bootstrap likelihood-ratio test of ``null`` (k classes) against ``alternative`` (k + 1).

    Parametric bootstrap (McLachlan 1987; Nylund, Asparouhov & Muthén 2007): ``draws`` data sets
    of the same size are drawn from the fitted null model, each unit keeping its own missing
    answers (so full-information models see the same pattern of answers) and its own weight
    (weighted models are refitted weighted). Both models are refitted to each draw by EM
    (tolerance ``tol`` on the mean log-likelihood per unit): the null model from its own
    estimates (the values the data were drawn from), the alternative from its estimates plus
    ``starts`` random starts, keeping the best; as Mplus's TECH14 does by default (LRTSTARTS:
    no random starts for the k-class model, random starts for the k + 1). The p-value is
    ``(1 + #{LR* >= LR}) / (draws + 1)`` with ``LR = 2 (LL_alt - LL_null)``. A small p-value says
    the extra class improves the fit more than chance would.

    Draw ``d`` is generated from the seed ``(seed, d)``, so ``n_jobs`` (processes running draws
    in parallel, joblib) does not change the result.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 1, 2, 2] * 15, "b": [1, 1, 2, 2] * 15, "c": [1, 2] * 30})
    >>> m = fit_models(items, [1, 2], starts=2)
    >>> blrt_pvalue(m[1], m[2], draws=4, starts=1) <= 0.2
    True
    """
    if alternative.k != null.k + 1 or alternative.n_obs != null.n_obs:
        raise InputError("the BLRT compares k with k + 1 classes fitted on the same units")
    if not isinstance(draws, int | np.integer) or draws < 0:
        raise InputError(f"number of BLRT draws must be a whole number >= 0, got {draws!r}")
    if draws < 1:
        return float("nan")
    observed = 2.0 * (alternative.loglik - null.loglik)
    codes = null.codes.to_numpy()
    n_cat = _n_categories(null.codes)
    w = np.ones(len(codes)) if null.weights is None else null.weights
    shares1 = np.clip(alternative.class_shares, 1e-15, None)
    beta1 = np.log(shares1 / shares1[0])[:, None]
    args = (
        (null.item_probabilities(), null.class_shares),
        (alternative.item_probabilities(), beta1),
        n_cat,
        np.isnan(codes),
        w,
        starts,
        tol,
        max_iter,
        seed,
    )
    if n_jobs == 1:
        simulated = [_blrt_draw(*args, d) for d in range(int(draws))]
    else:
        from joblib import Parallel, delayed

        simulated = Parallel(n_jobs=n_jobs)(
            delayed(_blrt_draw)(*args, d) for d in range(int(draws))
        )
    simulated = np.asarray(simulated)
    return float((1 + np.sum(simulated >= observed - 1e-9)) / (draws + 1))


def selection_table(
    models: Mapping[int, LatentClassModel],
    *,
    blrt_draws: int = 0,
    blrt_starts: int = 3,
    blrt_tol: float = 1e-6,
    blrt_classes: Iterable[int] | None = None,
    seed: int = 0,
    ll_tolerance: float = 1e-3,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Return the model-selection table: one row per number of classes.

    Columns: ``k, n_obs, loglik, n_params, aic, bic, sabic, caic`` (see
    :func:`information_criteria`), ``entropy`` (:func:`relative_entropy`), ``smallest_class``
    (smallest estimated class share), ``best_ll_share`` (:func:`best_ll_share` with
    ``ll_tolerance``), ``blrt_p`` (:func:`blrt_pvalue` of k-1 against k classes with
    ``blrt_draws`` draws, ``blrt_starts`` starts and tolerance ``blrt_tol``, for the k in
    ``blrt_classes`` (default: all); NaN when ``blrt_draws`` is 0, k is not tested or there is no
    k-1 model) and ``converged`` (the best start converged within ``max_iter``). The test is off
    by default here (``blrt_draws=0``) because it refits the models hundreds of times; when run,
    use at least :data:`BLRT_DRAWS` (99) draws. ``n_jobs`` processes run the draws (the result
    does not depend on it).

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": [1, 2] * 20, "b": [1, 2] * 20})
    >>> selection_table(fit_models(items, [1, 2], starts=2))["n_params"].tolist()
    [2, 5]
    """
    blrt = set() if blrt_classes is None else {int(k) for k in blrt_classes}
    rows = []
    for k in sorted(models):
        model = models[k]
        ll = model.loglik
        row = {"k": k, "n_obs": model.n_obs, "loglik": ll, "n_params": model.n_params}
        row.update(information_criteria(ll, model.n_params, model.n_obs))
        row["entropy"] = relative_entropy(model.posterior())
        row["smallest_class"] = float(model.class_shares.min())
        row["best_ll_share"] = best_ll_share(model.start_logliks, ll_tolerance)
        tested = blrt_draws > 0 and (k - 1) in models and (blrt_classes is None or k in blrt)
        row["blrt_p"] = (
            blrt_pvalue(
                models[k - 1],
                model,
                draws=blrt_draws,
                starts=blrt_starts,
                tol=blrt_tol,
                seed=seed,
                n_jobs=n_jobs,
            )
            if tested
            else float("nan")
        )
        row["converged"] = model.converged
        rows.append(row)
    return pd.DataFrame(rows, columns=SELECTION_COLUMNS)


def select_k(table: pd.DataFrame, criterion: str = "bic") -> int:
    """Return the number of classes with the lowest ``criterion`` (aic, bic, sabic or caic).

    Examples
    --------
    >>> select_k(pd.DataFrame({"k": [1, 2, 3], "bic": [10.0, 8.0, 9.0]}))
    2
    """
    if criterion not in ("aic", "bic", "sabic", "caic"):
        raise InputError(f"criterion must be aic, bic, sabic or caic, got {criterion!r}")
    return int(table.loc[table[criterion].idxmin(), "k"])


# --------------------------------------------------------------------------------------------
# A small EM engine: latent class models whose class probabilities depend on covariates
# --------------------------------------------------------------------------------------------


def _onehot(codes: np.ndarray, n_cat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indicators ``y[i, j, m]`` (unit i answered category m of item j) and ``observed[i, j]``."""
    n, n_items = codes.shape
    observed = ~np.isnan(codes)
    y = np.zeros((n, n_items, int(n_cat.max())))
    i, j = np.nonzero(observed)
    y[i, j, codes[i, j].astype(int)] = 1.0
    return y, observed


def _softmax(eta: np.ndarray) -> np.ndarray:
    eta = eta - eta.max(axis=1, keepdims=True)
    e = np.exp(eta)
    return e / e.sum(axis=1, keepdims=True)


def _logit_information(z: np.ndarray, w: np.ndarray, pi: np.ndarray) -> np.ndarray:
    """Information ``sum_i w_i (diag(pi_i) - pi_i pi_i') (x) z_i z_i'`` of the multinomial logit,
    over the classes 2..K (class 1 is the reference)."""
    k, d = pi.shape[1], z.shape[1]
    info = np.zeros(((k - 1) * d, (k - 1) * d))
    for a in range(1, k):
        for b in range(1, k):
            r = w * pi[:, a] * ((a == b) - pi[:, b])
            info[(a - 1) * d : a * d, (b - 1) * d : b * d] = (z * r[:, None]).T @ z
    return info


def _logit_step(z: np.ndarray, w: np.ndarray, target: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """One Newton step (with step halving) for ``beta`` maximising
    ``Q = sum_i w_i sum_c target_ic ln pi_ic(beta)`` (``beta[0] = 0``: the reference class).

    With the intercept only, the maximum in closed form: ``pi_c`` = weighted mean target.
    """
    k, d = beta.shape
    if d == 1 and np.allclose(z, 1.0):
        shares = np.clip(w @ target / w.sum(), 1e-15, None)
        return np.log(shares / shares[0])[:, None]

    def q(b):
        pi = np.clip(_softmax(z @ b.T), 1e-300, None)
        return float(np.sum(w[:, None] * target * np.log(pi)))

    pi = _softmax(z @ beta.T)
    gradient = ((w[:, None] * (target - pi))[:, 1:]).T @ z
    info = _logit_information(z, w, pi)
    step = np.linalg.lstsq(info, gradient.ravel(), rcond=None)[0].reshape(k - 1, d)
    before, size = q(beta), 1.0
    for _ in range(30):
        trial = beta.copy()
        trial[1:] += size * step
        if q(trial) >= before - 1e-12 * abs(before):
            return trial
        size /= 2
    return beta


def _em(y, observed, z, w, rho, beta, *, max_iter: int, tol: float, emission=None):
    """EM for a latent class model with class probabilities ``softmax(z beta')``.

    ``rho[c, j, m]`` are the item-response probabilities (fixed when ``emission``, an ``(n, k)``
    array of log-likelihoods of each unit given each class, is passed instead: the third step of
    the ML-corrected three-step approach). Stops when the weighted mean log-likelihood per unit
    improves by less than ``tol``. Returns ``(rho, beta, loglik, posterior, converged)``.
    """
    rho, beta = rho.copy(), beta.copy()
    wsum = w.sum()
    previous, converged = -np.inf, False
    for _ in range(int(max_iter) + 1):
        logf = (
            emission
            if emission is not None
            else np.einsum("ijm,cjm->ic", y, np.log(np.clip(rho, 1e-15, 1.0)))
        )
        joint = np.log(np.clip(_softmax(z @ beta.T), 1e-300, None)) + logf
        top = joint.max(axis=1, keepdims=True)
        lse = (top + np.log(np.exp(joint - top).sum(axis=1, keepdims=True)))[:, 0]
        loglik = float(w @ lse)
        post = np.exp(joint - lse[:, None])
        if abs(loglik - previous) < tol * wsum:
            converged = True
            break
        previous = loglik
        wp = post * w[:, None]
        if emission is None:
            num = np.einsum("ic,ijm->cjm", wp, y)
            den = np.einsum("ic,ij->cj", wp, observed.astype(float))
            rho = num / np.maximum(den[..., None], 1e-300)
        beta = _logit_step(z, w, post, beta)
    return rho, beta, loglik, post, converged


def _polish_ml(z: np.ndarray, w: np.ndarray, emission: np.ndarray, beta: np.ndarray):
    """Finish the ML correction's third step by quasi-Newton (BFGS on the exact gradient
    ``sum_i w_i z_i (q_ic - pi_ic)``) from EM's estimate: EM creeps towards the maximum, and
    stops some 1e-5 short of it in the coefficients. Returns ``(beta, loglik, q)``."""
    from scipy.optimize import minimize

    k, d = beta.shape

    def parts(free):
        b = np.vstack([np.zeros(d), free.reshape(k - 1, d)])
        joint = np.log(np.clip(_softmax(z @ b.T), 1e-300, None)) + emission
        top = joint.max(axis=1, keepdims=True)
        lse = (top + np.log(np.exp(joint - top).sum(axis=1, keepdims=True)))[:, 0]
        q = np.exp(joint - lse[:, None])
        return b, float(w @ lse), q

    def objective(free):
        b, loglik, q = parts(free)
        pi = _softmax(z @ b.T)
        gradient = ((w[:, None] * (q - pi))[:, 1:]).T @ z
        return -loglik, -gradient.ravel()

    start = beta[1:].ravel()
    result = minimize(objective, start, jac=True, method="BFGS", options={"gtol": 1e-9})
    best = result.x if -result.fun >= parts(start)[1] else start
    return parts(best)


def _random_profiles(rng: np.random.Generator, k: int, n_cat: np.ndarray) -> np.ndarray:
    """Random item-response probabilities (uniform on each simplex) for a random start."""
    rho = np.zeros((k, len(n_cat), int(n_cat.max())))
    for j, m in enumerate(n_cat):
        rho[:, j, :m] = rng.dirichlet(np.ones(m), size=k)
    return rho


#: Corrections of the three-step approach: BCH (Bolck, Croon & Hagenaars 2004; Vermunt 2010),
#: ML (Vermunt 2010), or none (classify-analyse: modal classes taken as known; biased).
CORRECTIONS = ("BCH", "ML", "none")
#: Columns of :attr:`CovariateModel.coefficients`.
COEFFICIENT_COLUMNS = ["class", "term", "estimate", "se"]


@dataclass
class CovariateModel:
    """A latent class model of type membership on covariates (:func:`covariate_model`).

    ``coefficients`` holds one row per class 2..k and term: ``class``, ``term`` (``intercept``
    or a covariate), ``estimate`` (log-odds of the class against class 1, the reference: the
    first class in :func:`class_order_key`'s order) and ``se``. ``loglik`` is the log-likelihood
    of the one-step model, or for three steps that of the first step (the measurement model);
    ``step3_loglik`` is the third step's (ML correction) or NaN. ``n_obs`` counts the units with
    every covariate (listwise on the covariates) and at least one item.
    """

    k: int
    steps: int
    correction: str | None
    terms: list[str]
    coefficients: pd.DataFrame
    covariance: np.ndarray
    loglik: float
    n_obs: int
    n_params: int
    item_probabilities: np.ndarray
    class_shares: np.ndarray
    posterior: np.ndarray
    converged: bool
    weighted: bool
    n_dropped: int = 0
    step3_loglik: float = float("nan")
    measurement: LatentClassModel | None = None
    start_logliks: np.ndarray | None = None
    se_method: str = ""

    @property
    def bic(self) -> float:
        """``-2 LL + ln(N) p`` (the one-step model's; for three steps the measurement model's)."""
        return information_criteria(self.loglik, self.n_params, self.n_obs)["bic"]


def reference_level(values: pd.Series) -> str:
    """The level a categorical covariate's odds ratios are against in :func:`covariate_design`:
    its first level that occurs (a categorical's first used category; else the smallest value).

    Examples
    --------
    >>> regions = pd.Series(["brussels", "wallonia"], dtype=pd.CategoricalDtype(
    ...     ["flanders", "wallonia", "brussels"]))
    >>> reference_level(regions)
    'wallonia'
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return str(values.cat.remove_unused_categories().cat.categories[0])
    return str(sorted(values.dropna().unique())[0])


def covariate_design(
    covariates: pd.DataFrame, source: str = "data"
) -> tuple[pd.DataFrame, list[str]]:
    """Return the design matrix of ``covariates`` (a column ``intercept`` first) and its terms.

    Numeric columns enter as they are; a pandas categorical or boolean column enters as
    indicators of its levels against its first level that occurs, named ``"<column>: <level>"``.
    Any other column must hold numbers: a value that is not raises :class:`InputError` naming
    ``source``, the row (the index label) and the field. Rows with a missing covariate are
    dropped (listwise).

    Examples
    --------
    >>> import pandas as pd
    >>> design, terms = covariate_design(pd.DataFrame({"x": [1, 2, None]}))
    >>> terms, design["x"].tolist()
    (['intercept', 'x'], [1.0, 2.0])
    """
    if covariates.shape[1] == 0:
        raise InputError(f"{source}: no covariates given")
    columns = {}
    for col in covariates.columns:
        values = covariates[col]
        if isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(values):
            columns[col] = values
            continue
        converted = pd.to_numeric(values, errors="coerce")
        bad = converted.isna() & values.notna() & (values.astype(str).str.strip() != "")
        if bad.any():
            row = values.index[bad.to_numpy()][0]
            raise InputError(
                f"{source}, row {row}, field '{col}': covariates must be numbers "
                f"(code categories as 0/1 indicators), got {values.loc[row]!r}"
            )
        converted = converted.astype("float64")
        if np.isinf(converted).any():
            row = converted.index[np.isinf(converted).to_numpy()][0]
            raise InputError(f"{source}, row {row}, field '{col}': covariates must be finite")
        columns[col] = converted
    frame = pd.DataFrame(columns, index=covariates.index).dropna()
    parts = [pd.Series(1.0, index=frame.index, name="intercept")]
    for col in frame.columns:
        values = frame[col]
        if isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(values):
            levels = (
                list(values.cat.remove_unused_categories().cat.categories)
                if isinstance(values.dtype, pd.CategoricalDtype)
                else sorted(values.unique())
            )
            for level in levels[1:]:
                parts.append((values == level).astype(float).rename(f"{col}: {level}"))
        else:
            parts.append(values.rename(str(col)))
    design = pd.concat(parts, axis=1)
    constant = [t for t in design.columns[1:] if design[t].nunique() < 2]
    if constant:
        raise InputError(
            f"{source}, field '{constant[0]}': a covariate must vary across the units used"
        )
    return design, list(design.columns)


def _covariance(scores: np.ndarray, w: np.ndarray, bread: np.ndarray | None, robust: bool):
    """Covariance of the estimates from per-unit scores: the inverse of ``bread`` (default: the
    outer product of the scores, ``sum_i w_i s_i s_i'``), or with ``robust`` the sandwich
    ``bread^-1 (sum_i w_i^2 s_i s_i') bread^-1`` (Huber 1967; Binder 1983 for survey weights)."""
    if bread is None:
        bread = scores.T @ (scores * w[:, None])
    inverse = np.linalg.pinv(bread)
    if not robust:
        return inverse
    meat = scores.T @ (scores * (w**2)[:, None])
    return inverse @ meat @ inverse


def _coefficient_table(beta: np.ndarray, cov: np.ndarray, terms: list[str]) -> pd.DataFrame:
    k, d = beta.shape
    se = np.sqrt(np.clip(np.diag(cov)[-(k - 1) * d :], 0.0, None)).reshape(k - 1, d)
    rows = [
        {"class": c + 1, "term": t, "estimate": float(beta[c, i]), "se": float(se[c - 1, i])}
        for c in range(1, k)
        for i, t in enumerate(terms)
    ]
    return pd.DataFrame(rows, columns=COEFFICIENT_COLUMNS)


def covariate_model(
    items: pd.DataFrame,
    covariates: pd.DataFrame,
    k: int,
    *,
    steps: int = 3,
    correction: str | None = None,
    weights: pd.Series | np.ndarray | None = None,
    missing: str = "fiml",
    seed: int = 0,
    starts: int = 20,
    max_iter: int = 5000,
    tol: float = 1e-10,
    source: str = "data",
) -> CovariateModel:
    """Return a latent class model of type membership on covariates, with standard errors.

    The log-odds of class ``c`` against class 1 (the reference: classes are in the order of
    :func:`class_order_key`) are linear in the covariates ``z``:
    ``ln(P(c | z) / P(1 | z)) = b_c0 + b_c' z``.

    * ``steps=1``: latent class regression, one likelihood for items and covariates together
      (Dayton & Macready 1988; poLCA's ``formula = cbind(...) ~ z``), estimated by EM with one
      Newton step for the coefficients per iteration, as poLCA does. The first start is the
      model without covariates (:func:`fit_lca`), the others random. Standard errors as poLCA's
      (Linzer & Lewis 2011): the inverse of the outer product of the per-unit scores of all
      parameters (item log-odds and coefficients).
    * ``steps=3``: the bias-adjusted three-step approach (Vermunt 2010; Bakk, Tekle & Vermunt
      2013): (1) the latent class model without covariates (:func:`fit_lca`); (2) each unit's
      modal class, and the classification errors ``D[c, s]`` = weighted share of class ``c``'s
      posterior mass assigned to ``s``; (3) a multinomial logistic regression of class on the
      covariates that corrects for them: ``"BCH"`` (default) weights each unit's
      membership by the rows of ``D^-1`` (Bolck, Croon & Hagenaars 2004), ``"ML"`` maximises
      ``sum_i w_i ln sum_c P(c | z_i) D[c, s_i]``, ``"none"`` takes the modal classes as known
      (classify-analyse, biased towards 0; for comparison). The measurement model stays as
      step 1 estimated it, so the types do not shift with the covariates. Standard errors:
      inverse information of step 3 (Hessian; ML: outer product of the scores), robust
      (sandwich) for BCH; they treat step 1's estimates as known (Bakk, Oberski & Vermunt 2014:
      a small underestimate when classes are well separated).

    With ``weights`` the likelihoods are weighted (pseudo-likelihood; weights rescaled to mean
    1, see :func:`fit_models`) and every standard error is the sandwich (linearisation) estimator,
    which does not depend on the weights' scale. stepmix's own three-step corrections ignore
    ``sample_weight`` (stepmix 3.0), which is why the steps are computed here.

    Parameters
    ----------
    items : DataFrame
        The latent class items (see :func:`encode_items`).
    covariates : DataFrame
        Same index as ``items``; see :func:`covariate_design`. Units with a missing covariate
        are left out of every step.
    k : int
        Number of classes (at least 2).
    steps : {1, 3}, default 3
    correction : {"BCH", "ML", "none"}, optional
        Three steps only; default "BCH".
    weights : Series or array, optional
        Unit weights (e.g. post-stratification weights), as in :func:`fit_models`.
    missing, seed, starts, max_iter, tol
        As in :func:`fit_models` (random starts of the measurement model, and of the one-step
        model).
    source : str
        Name of the data in error messages.

    Returns
    -------
    CovariateModel
        ``coefficients`` (columns ``class, term, estimate, se``), ``loglik``, ``n_obs`` and the
        fitted parts.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=300)
    >>> cls = rng.random(300) < 1 / (1 + np.exp(-z))
    >>> items = pd.DataFrame({f"q{j}": np.where(rng.random(300) < 0.85, cls, ~cls).astype(int)
    ...                       for j in range(4)})
    >>> fit = covariate_model(items, pd.DataFrame({"z": z}), 2, steps=3, starts=3)
    >>> fit.coefficients["term"].tolist()
    ['intercept', 'z']
    """
    if steps not in (1, 3):
        raise InputError(f"steps must be 1 (one-step) or 3 (three-step), got {steps!r}")
    if steps == 1 and correction is not None:
        raise InputError("a correction applies to the three-step approach only (steps=3)")
    correction = "BCH" if steps == 3 and correction is None else correction
    if steps == 3 and correction not in CORRECTIONS:
        raise InputError(f"correction must be one of {CORRECTIONS}, got {correction!r}")
    if not isinstance(k, int | np.integer) or isinstance(k, bool) or k < 2:
        raise InputError(f"a covariate model needs at least 2 classes, got {k!r}")
    absent = covariates.index.difference(items.index)
    if len(absent) or len(covariates) != len(items):
        raise InputError(f"{source}: covariates and items must describe the same units")
    design, terms = covariate_design(covariates, source)
    if weights is not None:
        unit_weights(weights, items.index)  # every unit needs a valid weight
        if not isinstance(weights, pd.Series):
            weights = pd.Series(np.asarray(weights, dtype=float).ravel(), index=items.index)
    kept = items.loc[design.index]
    n_without = len(items) - len(kept)
    measurement = fit_lca(
        kept,
        int(k),
        starts=starts,
        missing=missing,
        seed=seed,
        max_iter=max_iter,
        tol=tol,
        weights=None if weights is None else weights.loc[design.index],
    )
    codes = measurement.codes
    z = design.loc[codes.index].to_numpy(dtype=float)
    n = len(codes)
    w = np.ones(n) if measurement.weights is None else measurement.weights
    n_cat = _n_categories(codes)
    y, observed = _onehot(codes.to_numpy(), n_cat)
    rho0 = measurement.item_probabilities()[:, :, : y.shape[2]]
    shares0 = np.clip(measurement.class_shares, 1e-15, None)
    beta0 = np.zeros((k, z.shape[1]))
    beta0[:, 0] = np.log(shares0 / shares0[0])
    weighted = measurement.weights is not None
    n_params = int(k * np.sum(n_cat - 1) + (k - 1) * z.shape[1])
    if steps == 1:
        runs = [_em(y, observed, z, w, rho0, beta0, max_iter=max_iter, tol=tol)]
        for s in start_seeds(seed, starts)[1:]:
            rng = np.random.default_rng(s)
            rho = _random_profiles(rng, k, n_cat)
            runs.append(
                _em(y, observed, z, w, rho, np.zeros_like(beta0), max_iter=max_iter, tol=tol)
            )
        lls = np.array([r[2] for r in runs])
        rho, beta, loglik, post, converged = runs[int(np.nanargmax(lls))]
        pi = _softmax(z @ beta.T)
        keys = class_order_key(rho, w @ pi / w.sum())
        order = sorted(range(k), key=keys.__getitem__)
        rho, beta, post, pi = rho[order], beta[order] - beta[order][0], post[:, order], pi[:, order]
        item_scores_ = [
            (post[:, c] * observed[:, j])[:, None] * (y[:, j, 1:m] - rho[c, j, 1:m])
            for c in range(k)
            for j, m in enumerate(n_cat)
        ]
        coef_scores = [z * (post[:, c] - pi[:, c])[:, None] for c in range(1, k)]
        scores = np.hstack(item_scores_ + coef_scores)
        cov = _covariance(scores, w, None, robust=weighted)
        n_beta = (k - 1) * z.shape[1]
        cov = cov[-n_beta:, -n_beta:]
        return CovariateModel(
            k=int(k),
            steps=1,
            correction=None,
            terms=terms,
            coefficients=_coefficient_table(beta, cov, terms),
            covariance=cov,
            loglik=loglik,
            n_obs=n,
            n_params=n_params,
            item_probabilities=rho,
            class_shares=w @ pi / w.sum(),
            posterior=post,
            converged=converged,
            weighted=weighted,
            n_dropped=n_without + measurement.n_dropped,
            measurement=measurement,
            start_logliks=lls,
            se_method="sandwich" if weighted else "outer product of the scores (poLCA)",
        )
    post1 = measurement.posterior()
    modal = np.eye(k)[post1.argmax(axis=1)]
    wp = post1 * w[:, None]
    errors = (wp.T @ modal) / np.clip(wp.sum(axis=0), 1e-300, None)[:, None]  # D[c, s]
    beta = beta0.copy()
    step3_loglik = float("nan")
    if correction == "ML":
        emission = modal @ np.log(np.clip(errors, 1e-15, 1.0)).T  # ln D[c, s_i]
        _, beta, _, _, converged = _em(
            y, observed, z, w, rho0, beta, max_iter=max_iter, tol=tol, emission=emission
        )
        beta, step3_loglik, target = _polish_ml(z, w, emission, beta)
        pi = _softmax(z @ beta.T)
    else:
        target = modal if correction == "none" else modal @ np.linalg.pinv(errors)
        converged = False
        for _ in range(200):
            new = _logit_step(z, w, target, beta)
            change = float(np.max(np.abs(new - beta)))
            beta = new
            if change < 1e-10:
                converged = True
                break
        pi = _softmax(z @ beta.T)
    scores = np.hstack([z * (target[:, c] - pi[:, c])[:, None] for c in range(1, k)])
    bread = None if correction == "ML" else _logit_information(z, w, pi)
    cov = _covariance(scores, w, bread, robust=weighted or correction == "BCH")
    methods = {"ML": "outer product of the scores", "BCH": "sandwich", "none": "Hessian"}
    return CovariateModel(
        k=int(k),
        steps=3,
        correction=correction,
        terms=terms,
        coefficients=_coefficient_table(beta, cov, terms),
        covariance=cov,
        loglik=measurement.loglik,
        n_obs=n,
        n_params=n_params,
        item_probabilities=rho0,
        class_shares=w @ pi / w.sum(),
        posterior=post1,
        converged=converged and measurement.converged,
        weighted=weighted,
        n_dropped=n_without + measurement.n_dropped,
        step3_loglik=step3_loglik,
        measurement=measurement,
        start_logliks=measurement.start_logliks,
        se_method="sandwich" if weighted else methods[correction],
    )


# --------------------------------------------------------------------------------------------
# Profiles and memberships
# --------------------------------------------------------------------------------------------


def profiles(model: LatentClassModel) -> pd.DataFrame:
    """Return the item-response probabilities: one row per class, item and category.

    Columns: ``latent_class`` (1..k), ``item``, ``code`` (0-based), ``category`` (the label or
    original code), ``probability``.

    Examples
    --------
    >>> import pandas as pd
    >>> items = pd.DataFrame({"a": ["no", "yes"] * 20})
    >>> profiles(fit_lca(items, 1))["probability"].round(2).tolist()
    [0.5, 0.5]
    """
    probs = model.item_probabilities()
    n_cat = _n_categories(model.codes)
    rows = []
    for c in range(model.k):
        for j, item in enumerate(model.items):
            labels = model.categories[item]
            for code in range(n_cat[j]):
                rows.append(
                    {
                        "latent_class": c + 1,
                        "item": item,
                        "code": code,
                        "category": labels[code] if code < len(labels) else code,
                        "probability": float(probs[c, j, code]),
                    }
                )
    return pd.DataFrame(rows)


def item_scores(model: LatentClassModel) -> pd.DataFrame:
    """Return each class's mean item score: expected code scaled to 0-1, one row per class.

    Rows are the classes (index ``latent_class``), columns the items. For a binary item this is
    the probability of its second category.
    """
    probs = model.item_probabilities()
    top = np.maximum(_n_categories(model.codes) - 1, 1)
    scores = (probs * np.arange(probs.shape[2])).sum(axis=2) / top
    return pd.DataFrame(
        scores, index=pd.Index(range(1, model.k + 1), name="latent_class"), columns=model.items
    )


def class_names(
    model: LatentClassModel,
    labels: Mapping[str, str] | None = None,
    n_high: int = 2,
    n_low: int = 1,
    min_deviation: float = 0.1,
) -> pd.DataFrame:
    """Return a name for each class, chosen from its profile.

    A class is named by the items on which its score (:func:`item_scores`) lies furthest above
    (``n_high`` items) and below (``n_low`` items) the share-weighted mean of all classes, by at
    least ``min_deviation``: a practice more common than on average by its label, a rarer one by
    its label and "rare", so that the name reads as a noun in a sentence, e.g.
    ``"Type 1: housing support, paid interpreters, language condition rare"``.

    Parameters
    ----------
    labels : mapping, optional
        Readable item labels (default: the item names).
    n_high, n_low : int, default 2 and 1
        Items named above and below the mean.
    min_deviation : float, default 0.1
        Smallest distance from the mean score (0-1 scale) for an item to be named.

    Returns
    -------
    DataFrame
        Columns ``latent_class``, ``name``, ``high`` and ``low`` (lists of items).
    """
    scores = item_scores(model)
    overall = model.class_shares @ scores.to_numpy()
    deviation = scores - overall
    labels = dict(labels or {})
    rows = []
    for c, dev in deviation.iterrows():
        ranked = dev.sort_values(ascending=False, kind="mergesort")
        high = [i for i, v in ranked.items() if v >= min_deviation][:n_high]
        low = [i for i, v in ranked[::-1].items() if v <= -min_deviation][:n_low]
        words = [labels.get(i, i) for i in high] + [f"{labels.get(i, i)} rare" for i in low]
        name = f"Type {c}: " + (", ".join(words) if words else "close to the mean on every item")
        rows.append({"latent_class": c, "name": name, "high": high, "low": low})
    return pd.DataFrame(rows)


def _score_table(profile_table: pd.DataFrame) -> pd.DataFrame:
    """Item scores (classes x items) from a :func:`profiles` table or an :func:`item_scores`
    table."""
    if {"latent_class", "item", "code", "probability"} <= set(profile_table.columns):
        table = profile_table.assign(weighted=profile_table["code"] * profile_table["probability"])
        top = table.groupby("item", sort=False)["code"].max().clip(lower=1)
        expected = table.pivot_table(
            index="latent_class", columns="item", values="weighted", aggfunc="sum", sort=False
        )
        return expected / top[expected.columns]
    return profile_table.astype(float)


def readable_class_names(
    profile_table: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    n: int = 2,
    *,
    min_difference: float = 0.15,
    rare: str = "rare",
) -> pd.DataFrame:
    """Return a name in words for each type: its ``n`` most distinctive practices.

    A practice is distinctive for a type when the type's item score (expected code on a 0-1
    scale, see :func:`item_scores`; for a yes/no item the share saying yes) differs from the mean
    score of the other types by at least ``min_difference``. The ``n`` practices with the largest
    differences name the type, the largest first: a practice more common than in the other types
    by its label ("extra conditions"), a rarer one by its label and ``rare`` ("translated
    information rare"); e.g. ``"extra conditions, translated information rare"``. A type without
    a distinctive practice is ``"like the other types"``. Names that would repeat get the type's
    number, ``"(type 2)"``.

    Parameters
    ----------
    profile_table : DataFrame
        The item-response probabilities of :func:`profiles` (``latent_class, item, code,
        probability``), or the classes x items table of :func:`item_scores`.
    labels : mapping, optional
        A short label for each item, as a reader would say it (default: the item name with
        spaces for underscores).
    n : int, default 2
        Practices in each name (2 or 3 read well).
    min_difference : float, default 0.15
        Smallest difference from the other types (0-1 scale) for a practice to be named.
    rare : str, default "rare"
        Word after the label of a practice rarer than in the other types.

    Returns
    -------
    DataFrame
        One row per type: ``latent_class``, ``name``, ``practices`` (the items named, in the
        name's order) and ``differences`` (their score minus the other types' mean score).

    Examples
    --------
    >>> import pandas as pd
    >>> scores = pd.DataFrame(
    ...     {"conditions": [0.9, 0.3], "translation": [0.2, 0.7], "housing": [0.5, 0.6]},
    ...     index=pd.Index([1, 2], name="latent_class"),
    ... )
    >>> labels = {"conditions": "extra conditions", "translation": "translated information"}
    >>> for name in readable_class_names(scores, labels)["name"]:
    ...     print(name)
    extra conditions, translated information rare
    extra conditions rare, translated information
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise InputError(f"n (practices per name) must be a whole number >= 1, got {n!r}")
    scores = _score_table(profile_table)
    labels = dict(labels or {})
    rows = []
    k = len(scores)
    for c in scores.index:
        own = scores.loc[c]
        others = scores.drop(index=c)
        diff = own - others.mean(axis=0) if k > 1 else own * 0.0
        ranked = diff.abs().sort_values(ascending=False, kind="mergesort")
        chosen = [item for item, v in ranked.items() if v >= min_difference][: int(n)]
        words = [
            labels.get(item, str(item).replace("_", " ")) + ("" if diff[item] > 0 else f" {rare}")
            for item in chosen
        ]
        rows.append(
            {
                "latent_class": c,
                "name": ", ".join(words) if words else "like the other types",
                "practices": chosen,
                "differences": [float(diff[item]) for item in chosen],
            }
        )
    out = pd.DataFrame(rows, columns=["latent_class", "name", "practices", "differences"])
    repeated = out["name"].duplicated(keep=False)
    out.loc[repeated, "name"] = [
        f"{name} (type {c})"
        for name, c in zip(
            out.loc[repeated, "name"], out.loc[repeated, "latent_class"], strict=True
        )
    ]
    return out


def memberships(model: LatentClassModel) -> pd.DataFrame:
    """Return one row per unit: modal class, its posterior probability and every posterior.

    The index is the units' index; columns ``latent_class`` (1..k, modal assignment),
    ``posterior`` (its probability) and ``p_class_1 .. p_class_k``.
    """
    post = model.posterior()
    out = pd.DataFrame(
        post, index=model.codes.index, columns=[f"p_class_{c}" for c in range(1, model.k + 1)]
    )
    out.insert(0, "posterior", post.max(axis=1))
    out.insert(0, "latent_class", post.argmax(axis=1) + 1)
    return out


def class_sizes(model: LatentClassModel, weights: pd.Series | None = None) -> pd.DataFrame:
    """Return the size of each class, unweighted and (with ``weights``) weighted.

    Columns: ``latent_class``; ``share`` (estimated class share of the model); ``n`` (units
    assigned to the class by modal assignment); ``share_modal``; ``share_weighted`` (mean
    posterior probability weighted by ``weights``, e.g. post-stratification weights, so it
    estimates the class share in the population; only with ``weights``).
    """
    post = model.posterior()
    modal = post.argmax(axis=1)
    n = np.bincount(modal, minlength=model.k)
    out = pd.DataFrame(
        {
            "latent_class": np.arange(1, model.k + 1),
            "share": model.class_shares,
            "n": n,
            "share_modal": n / len(modal),
        }
    )
    if weights is not None:
        w = aligned_weights(weights, model.codes.index)
        out["share_weighted"] = (w @ post) / w.sum()
    return out


# --------------------------------------------------------------------------------------------
# Types by region and size; factors
# --------------------------------------------------------------------------------------------


def types_by(
    classes: pd.Series, groups: pd.Series, weights: pd.Series | None = None
) -> pd.DataFrame:
    """Return the distribution of types within each group (e.g. region): one row per group x type.

    Columns: ``group``, ``latent_class``, ``n`` (units, unweighted), ``share`` (share of the
    group's units in the type; weighted by ``weights`` when given).
    """
    data = pd.DataFrame({"group": groups, "latent_class": classes}).dropna()
    data["w"] = 1.0 if weights is None else aligned_weights(weights, data.index)
    n = data.groupby(["group", "latent_class"], observed=False).size().rename("n")
    wsum = data.groupby(["group", "latent_class"], observed=False)["w"].sum()
    out = pd.concat([n, wsum], axis=1).reset_index()
    out["share"] = out["w"] / out.groupby("group", observed=False)["w"].transform("sum")
    return out.drop(columns="w")


def association_test(classes: pd.Series, groups: pd.Series) -> pd.DataFrame:
    """Return Pearson's chi-square test of types by group and Cramér's V (one row).

    The test is on the unweighted counts of units by modal type (scipy's ``chi2_contingency``
    without continuity correction; Cramér's V from ``scipy.stats.contingency.association``).
    Columns: ``n``, ``chi2``, ``dof``, ``p_value``, ``cramers_v``, ``min_expected``.
    """
    from scipy.stats import chi2_contingency
    from scipy.stats.contingency import association

    table = pd.crosstab(groups, classes)
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        raise InputError("association test needs at least two groups and two types")
    res = chi2_contingency(table.to_numpy(), correction=False)
    return pd.DataFrame(
        [
            {
                "n": int(table.to_numpy().sum()),
                "chi2": float(res.statistic),
                "dof": int(res.dof),
                "p_value": float(res.pvalue),
                "cramers_v": float(association(table.to_numpy(), method="cramer")),
                "min_expected": float(res.expected_freq.min()),
            }
        ]
    )


def membership_factors(
    classes: pd.Series, covariates: pd.DataFrame, alpha: float = 0.05
) -> pd.DataFrame:
    """Return one-vs-rest logistic regressions of type membership on covariates.

    For each type, membership (modal assignment) is regressed on the covariates with pingouin's
    ``logistic_regression`` (unpenalised maximum likelihood, Wald confidence intervals).
    Categorical covariates enter as indicator variables against their first level that occurs,
    named ``"<covariate>: <level>"``.

    Returns
    -------
    DataFrame
        One row per type and term: ``latent_class``, ``term``, ``coef``, ``se``, ``z``,
        ``p_value``, ``ci_low``, ``ci_high``, ``odds_ratio``, ``n``.
    """
    import pingouin as pg

    data = covariates.join(classes.rename("_class"), how="inner").dropna()
    for col in data.columns:
        if isinstance(data[col].dtype, pd.CategoricalDtype):
            data[col] = data[col].cat.remove_unused_categories()
    design = pd.get_dummies(
        data.drop(columns="_class"), drop_first=True, dtype=float, prefix_sep=": "
    )
    design = design.loc[:, design.std() > 0]
    frames = []
    for c in sorted(data["_class"].unique()):
        y = (data["_class"] == c).astype(int).to_numpy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = pg.logistic_regression(design, y, alpha=alpha)
        low, high = (col for col in fit.columns if col.startswith("CI"))
        fit = fit.rename(
            columns={"names": "term", "pval": "p_value", low: "ci_low", high: "ci_high"}
        )
        fit.insert(0, "latent_class", int(c))
        fit["n"] = len(y)
        frames.append(fit)
    out = pd.concat(frames, ignore_index=True)
    out["odds_ratio"] = np.exp(out["coef"])
    return out[
        [
            "latent_class",
            "term",
            "coef",
            "se",
            "z",
            "p_value",
            "ci_low",
            "ci_high",
            "odds_ratio",
            "n",
        ]
    ]


# --------------------------------------------------------------------------------------------
# Robustness: hierarchical clustering
# --------------------------------------------------------------------------------------------


def matching_distances(codes: pd.DataFrame) -> np.ndarray:
    """Return the simple-matching distance between units over the items both answered.

    ``d(a, b)`` = share of the items answered by both on which they differ (the Hamming distance
    for complete data; Gower's dissimilarity for nominal items). Pairs with no item in common get
    distance 1.
    """
    x = codes.to_numpy(dtype=float)
    observed = ~np.isnan(x)
    both = observed.astype(float) @ observed.T.astype(float)
    agree = np.zeros_like(both)
    for j in range(x.shape[1]):
        col = x[:, j]
        for value in np.unique(col[~np.isnan(col)]):
            hit = (col == value).astype(float)
            agree += np.outer(hit, hit)
    with np.errstate(invalid="ignore", divide="ignore"):
        dist = np.where(both > 0, 1.0 - agree / np.where(both > 0, both, 1.0), 1.0)
    np.fill_diagonal(dist, 0.0)
    return dist


def hierarchical_clusters(codes: pd.DataFrame, k: int, method: str = "average") -> pd.Series:
    """Return ``k`` clusters from agglomerative clustering on :func:`matching_distances`.

    ``method`` is a scipy linkage method for non-Euclidean distances ("average", "complete",
    "weighted", "single").
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if method in ("ward", "centroid", "median"):
        raise InputError(f"linkage '{method}' needs Euclidean distances; use average or complete")
    dist = matching_distances(codes)
    tree = linkage(squareform(dist, checks=False), method=method)
    return pd.Series(fcluster(tree, t=k, criterion="maxclust"), index=codes.index, name="cluster")


def hierarchical_agreement(
    model: LatentClassModel, methods: Iterable[str] = ("average", "complete")
) -> pd.DataFrame:
    """Return the agreement of hierarchical clusterings with the latent classes.

    For each linkage ``method``, the units the model was fitted on are clustered into ``k``
    clusters (:func:`hierarchical_clusters`) and compared with the modal latent classes by the
    adjusted Rand index (scikit-learn; 1 = same partition, about 0 = chance agreement).
    Columns: ``method``, ``k``, ``ari``.
    """
    from sklearn.metrics import adjusted_rand_score

    classes = memberships(model)["latent_class"]
    rows = []
    for method in methods:
        clusters = hierarchical_clusters(model.codes, model.k, method)
        rows.append(
            {"method": method, "k": model.k, "ari": float(adjusted_rand_score(classes, clusters))}
        )
    return pd.DataFrame(rows)


__all__ = [
    "BLRT_DRAWS",
    "COEFFICIENT_COLUMNS",
    "CORRECTIONS",
    "MISSING_POLICIES",
    "RESPONSE_LABELS",
    "SELECTION_LABELS",
    "SIZE_LABELS",
    "association_test",
    "best_ll_share",
    "blrt_pvalue",
    "check_chapter_parameters",
    "class_names",
    "class_order_key",
    "class_sizes",
    "covariate_design",
    "covariate_model",
    "CovariateModel",
    "encode_items",
    "fit_lca",
    "fit_models",
    "hierarchical_agreement",
    "hierarchical_clusters",
    "information_criteria",
    "item_scores",
    "largest_type",
    "LatentClassModel",
    "matching_distances",
    "membership_factors",
    "memberships",
    "odds_ratios",
    "profiles",
    "readable_class_names",
    "reference_level",
    "relative_entropy",
    "response_test",
    "select_k",
    "selection_table",
    "types_by",
    "types_by_groups",
]


# --------------------------------------------------------------------------------------------
# What the typology chapter shows: response by stratum, types by group, odds ratios
# --------------------------------------------------------------------------------------------

#: Labels of :func:`localwelfare.weights.response_rates`' and :func:`selection_table`'s columns as
#: the chapter shows them (the generic ones, such as ``region``, ``response_rate`` and the
#: information criteria, come from the display layer).
RESPONSE_LABELS = {"frame_n": "PCSWs", "respondents": "Answered"}
SELECTION_LABELS = {
    "k": "Classes",
    "smallest_class": "Smallest class",
    "best_ll_share": "Starts at best LL",
    "blrt_p": "BLRT p",
    "converged": "Converged",
}
#: Labels of :func:`class_sizes`' columns as the chapter shows them.
SIZE_LABELS = {
    "name": "Type",
    "n": "PCSWs (modal)",
    "share": "Share (model, unweighted)",
    "share_weighted": "Share (weighted to all PCSWs)",
}


def check_chapter_parameters(missing: str, k_max: int) -> None:
    """Raise ``ValueError`` for a missing-data policy the models do not know, or fewer than the
    two models (1 and 2 classes) a typology compares."""
    if missing not in MISSING_POLICIES:
        raise ValueError(f"missing: expected one of {MISSING_POLICIES}, got {missing!r}")
    if k_max < 2:
        raise ValueError("k_max: fit at least models with 1 and 2 classes (k_max >= 2)")


def response_test(frame: pd.DataFrame, respondents: pd.Index, seed: int = 0) -> dict:
    """Test whether response differs between the strata (region x size class) of the ``frame``
    (indexed by unit, with ``region`` and ``size_class``): a contingency test
    (:func:`localwelfare.stats.contingency_test`) of answered or not by stratum."""
    from localwelfare import stats

    stratum = frame["region"].astype(str) + " / " + frame["size_class"].astype(str)
    return stats.contingency_test(frame.index.isin(respondents), stratum, seed=seed)


def largest_type(sizes: pd.DataFrame, weighted: bool = True) -> pd.Series:
    """The row of :func:`class_sizes` (with names) of the largest type: by its share weighted
    to the population (``share_weighted``) or, with ``weighted=False``, by the model's share."""
    column = "share_weighted" if weighted else "share"
    return sizes.loc[sizes[column].idxmax()]


def types_by_groups(
    classes: pd.Series,
    units: pd.DataFrame,
    variables: Mapping[str, str],
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """:func:`types_by` for each column of ``units`` named in ``variables`` (column -> label),
    stacked, with the label in a ``variable`` column: one row per variable, group and type.

    ``classes`` is each unit's type (indexed like ``units``); ``weights`` weight the shares.

    Examples
    --------
    >>> units = pd.DataFrame({"region": ["a", "a", "b"], "size": ["s", "l", "l"]})
    >>> classes = pd.Series([1, 2, 2])
    >>> t = types_by_groups(classes, units, {"region": "Region", "size": "Size"})
    >>> t[t["n"] > 0][["variable", "group", "latent_class", "n"]].values.tolist()[:3]
    [['Region', 'a', 1, 1], ['Region', 'a', 2, 1], ['Region', 'b', 2, 1]]
    """
    parts = [
        types_by(classes, units.loc[classes.index, column], weights).assign(variable=label)
        for column, label in variables.items()
    ]
    return pd.concat(parts, ignore_index=True)


def odds_ratios(
    coefficients: pd.DataFrame, z: float = 1.96, exclude: Iterable[str] = ()
) -> pd.DataFrame:
    """Odds ratios of a multinomial model of type membership: the rows of ``coefficients``
    (``class``, ``term``, ``estimate``, ``se`` on the log-odds scale; :func:`covariate_model`,
    whose constant term is ``intercept``) except the terms named in ``exclude``, with
    ``odds_ratio``, its Wald interval ``ci_low``, ``ci_high`` (``exp(estimate -/+ z se)``) and
    ``excludes_one`` (the interval does not contain 1).

    Examples
    --------
    >>> coef = pd.DataFrame({"class": [2, 2], "term": ["intercept", "x"],
    ...                      "estimate": [0.1, 0.0], "se": [0.1, 0.5]})
    >>> odds = odds_ratios(coef, exclude=["intercept"])
    >>> odds[["term", "odds_ratio", "excludes_one"]].values.tolist()
    [['x', 1.0, False]]
    """
    out = coefficients[~coefficients["term"].isin(list(exclude))].copy()
    low, high = out["estimate"] - z * out["se"], out["estimate"] + z * out["se"]
    out["odds_ratio"] = np.exp(out["estimate"])
    out["ci_low"], out["ci_high"] = np.exp(low), np.exp(high)
    out["excludes_one"] = (low > 0) | (high < 0)
    return out.reset_index(drop=True)
