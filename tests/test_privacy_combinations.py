"""The attribute-combination rule: no combination of published attributes narrows to fewer than
the small-cell threshold of people."""

from __future__ import annotations

import pandas as pd
import pytest

from localwelfare.errors import InputError
from localwelfare.privacy import SMALL_CELL, rare_combinations

ATTRIBUTES = ["region", "legal_status", "origin", "gender"]


def people(n_per_cell: int) -> pd.DataFrame:
    """Every region x status x origin x gender combination held by ``n_per_cell`` people."""
    cells = pd.MultiIndex.from_product(
        [["flanders", "wallonia"], ["refugee", "other"], ["asia", "africa"], ["woman", "man"]],
        names=ATTRIBUTES,
    ).to_frame(index=False)
    return cells.loc[cells.index.repeat(n_per_cell)].reset_index(drop=True)


def test_large_cells_pass():
    assert rare_combinations(people(SMALL_CELL), ATTRIBUTES).empty


def test_unique_people_break_the_rule_although_every_single_attribute_is_common():
    frame = people(SMALL_CELL + 1)
    # Five people from five different cells get a new origin: "europe" is held by five people,
    # every other value by many, yet each of the five is alone in their combination.
    movers = frame[frame["origin"] == "asia"].drop_duplicates(ATTRIBUTES).index[:SMALL_CELL]
    frame.loc[movers, "origin"] = "europe"
    for attribute in ATTRIBUTES:
        assert frame[attribute].value_counts().min() >= SMALL_CELL
    rare = rare_combinations(frame, ATTRIBUTES)
    assert len(rare) == SMALL_CELL
    assert rare["n"].tolist() == [1] * SMALL_CELL
    assert set(rare["origin"]) == {"europe"}
    # Publishing origin with region alone is safe only if those combinations are large too:
    assert not rare_combinations(frame, ["region", "origin"]).empty
    assert rare_combinations(frame, ["region", "legal_status", "gender"]).empty


def test_threshold_is_a_parameter_and_missing_is_a_value():
    frame = people(3)
    assert rare_combinations(frame, ATTRIBUTES, threshold=3).empty
    assert len(rare_combinations(frame, ATTRIBUTES, threshold=4)) == 16
    frame.loc[0, "origin"] = None
    rare = rare_combinations(frame, ATTRIBUTES, threshold=3)
    assert rare["origin"].isna().tolist() == [True, False]
    assert rare["n"].tolist() == [1, 2]


def test_unknown_attribute_is_an_input_error():
    with pytest.raises(InputError, match="nationality"):
        rare_combinations(people(1), ["region", "nationality"])
