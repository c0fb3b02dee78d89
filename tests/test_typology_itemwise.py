"""The typology's M step, normalised once per item, gives stepmix's own estimates bit for bit.

:class:`localwelfare._itemwise.ItemwiseStepMix` only removes repeated sums from stepmix's
``MultinoulliNan`` M step. Both are fitted here from the same random starts on answers with
missing values (items of two to four categories, so that blocks have unused columns too) and
must agree exactly: parameters, class weights, log-likelihood and iterations.
"""

from __future__ import annotations

import numpy as np
import pytest

stepmix = pytest.importorskip("stepmix")

from stepmix.stepmix import StepMix  # noqa: E402
from stepmix.utils import max_one_hot  # noqa: E402

from localwelfare._itemwise import ItemwiseStepMix  # noqa: E402


def _answers(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = 150
    latent = rng.integers(0, 2, n)
    columns = []
    for categories in (2, 3, 4, 3):
        shift = latent * (categories - 1)  # answers depend on the latent class
        codes = np.clip(rng.integers(0, categories, n) + shift, 0, categories - 1).astype(float)
        codes[rng.random(n) < 0.2] = np.nan  # a fifth of the answers missing
        columns.append(codes)
    return np.column_stack(columns)


def _fit(kind, x, k: int, seed: int, w):
    one_hot, width, total = max_one_hot(x)
    estimator = kind(
        n_components=k,
        measurement="categorical_nan",
        measurement_params={
            "integer_codes": False,
            "max_n_outcomes": width,
            "total_outcomes": total,
        },
        n_init=1,
        max_iter=200,
        abs_tol=1e-10,
        random_state=seed,
        progress_bar=0,
        verbose=0,
    )
    estimator.fit(one_hot, sample_weight=w)
    return estimator, one_hot


@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize("seed", [3, 17])
@pytest.mark.parametrize("weighted", [False, True])
def test_the_itemwise_m_step_gives_stepmix_s_estimates_exactly(k, seed, weighted):
    x = _answers(seed)
    w = np.random.default_rng(seed + 1).uniform(0.5, 2.0, len(x)) if weighted else None
    ours, one_hot = _fit(ItemwiseStepMix, x, k, seed, w)
    theirs, _ = _fit(StepMix, x, k, seed, w)
    assert type(ours._mm).__name__ == "ItemwiseMultinoulliNan"  # the M step under test ran
    assert np.array_equal(ours._mm.parameters["pis"], theirs._mm.parameters["pis"])
    assert np.array_equal(ours.weights_, theirs.weights_)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.score(one_hot) == theirs.score(one_hot)
