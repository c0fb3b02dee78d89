"""stepmix's latent class model with missing answers, its M step normalised once per item.

stepmix's ``MultinoulliNan`` (full information maximum likelihood for categorical items) divides
each one-hot column's expected counts by the posterior mass of the units that answered it, in a
Python loop over the columns: ``max_n_outcomes`` boolean selections and sums per item, in every
M step. The columns of one item are answered together (a missing answer is NaN across the item's
whole block of columns, :func:`stepmix.utils.max_one_hot`), so the item's sum serves all its
columns: :class:`ItemwiseMultinoulliNan` computes it once per item. The sums, and so every
estimate, are bit-for-bit those of stepmix (``tests/test_typology_itemwise.py`` compares the two
fits array by array); only the repeated work goes. Nothing else of stepmix changes.

Used by :func:`localwelfare.typology._fit_start` through :class:`ItemwiseStepMix`. A module of its
own so that stepmix is imported only by what fits models, and the estimators stay picklable for
parallel starts.
"""

from __future__ import annotations

import numpy as np
from stepmix.emission.categorical import MultinoulliNan
from stepmix.stepmix import StepMix


class ItemwiseMultinoulliNan(MultinoulliNan):
    """``MultinoulliNan`` whose M step sums each item's posterior mass once, not once per
    column; it expects the one-hot encoding of :func:`stepmix.utils.max_one_hot`."""

    def m_step(self, X, resp):
        X = self.encode_features(X)
        is_observed = ~np.isnan(X)
        X = np.nan_to_num(X, nan=0)
        pis = X.T @ resp
        width = self.parameters["max_n_outcomes"]
        for first in range(0, pis.shape[0], width):  # one block of columns per item
            pis[first : first + width] /= resp[is_observed[:, first]].sum(axis=0)
        self.parameters["pis"] = pis.T


class ItemwiseStepMix(StepMix):
    """``StepMix`` whose ``categorical_nan`` measurement model is :class:`ItemwiseMultinoulliNan`
    (every other model is stepmix's own)."""

    def _initialize_parameters_measurement(self, X, random_state=None, init_emission=True):
        if not hasattr(self, "_mm") and self.measurement == "categorical_nan":
            self._mm = ItemwiseMultinoulliNan(
                n_components=self.n_components,
                random_state=random_state,
                **(self.measurement_params or {}),
            )
        super()._initialize_parameters_measurement(X, random_state, init_emission)
