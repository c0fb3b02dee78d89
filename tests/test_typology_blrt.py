"""WP3 typology: the bootstrap likelihood-ratio test (draws seeded one by one, parallel draws,
weighted and full-information models)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from localwelfare import typology
from localwelfare.errors import InputError


@pytest.fixture(scope="module")
def two_class_data():
    rng = np.random.default_rng(5)
    n = 200
    second = rng.random(n) < 0.4
    probs = np.where(second[:, None], 0.2, 0.8)
    codes = (rng.random((n, 5)) < probs).astype(float)
    codes[rng.random(codes.shape) < 0.05] = np.nan  # answers missing at random
    return pd.DataFrame(codes, columns=list("abcde"))


@pytest.fixture(scope="module")
def models(two_class_data):
    return typology.fit_models(two_class_data, [1, 2, 3], starts=4, seed=0, tol=1e-8)


def test_default_draws_is_99():
    import inspect

    assert typology.BLRT_DRAWS == 99
    assert inspect.signature(typology.blrt_pvalue).parameters["draws"].default == 99


def test_result_does_not_depend_on_the_processes(models):
    one = typology.blrt_pvalue(models[2], models[3], draws=12, starts=1, seed=4, n_jobs=1)
    two = typology.blrt_pvalue(models[2], models[3], draws=12, starts=1, seed=4, n_jobs=2)
    assert one == two
    # the first draws of a longer run are the same draws
    assert typology.blrt_pvalue(models[1], models[2], draws=9, starts=1, seed=4) == pytest.approx(
        0.1
    )


def test_planted_two_classes_reject_one(models):
    # with missing answers (full information): the draws keep each unit's missing items
    assert typology.blrt_pvalue(models[1], models[2], draws=19, starts=1, seed=1) == 0.05


def test_weighted_models_are_refitted_weighted(two_class_data):
    w = np.random.default_rng(2).uniform(0.5, 2.0, len(two_class_data))
    weighted = typology.fit_models(two_class_data, [1, 2], starts=3, seed=0, weights=w)
    assert weighted[1].weighted
    assert typology.blrt_pvalue(weighted[1], weighted[2], draws=9, starts=1) == pytest.approx(0.1)


def test_selection_table_runs_the_test_for_chosen_classes(models):
    table = typology.selection_table(models, blrt_draws=9, blrt_starts=1, blrt_classes=[2])
    p = table.set_index("k")["blrt_p"]
    assert p.loc[2] == pytest.approx(0.1) and np.isnan(p.loc[1]) and np.isnan(p.loc[3])


def test_bad_draws_are_refused(models):
    assert np.isnan(typology.blrt_pvalue(models[1], models[2], draws=0))
    with pytest.raises(InputError, match="BLRT draws"):
        typology.blrt_pvalue(models[1], models[2], draws=-1)
    with pytest.raises(InputError, match="k with k \\+ 1"):
        typology.blrt_pvalue(models[1], models[3])
