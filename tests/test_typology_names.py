"""WP3 typology: types named in words from their profiles (:func:`readable_class_names`)."""

from __future__ import annotations

import pandas as pd
import pytest

from localwelfare import typology
from localwelfare.errors import InputError

LABELS = {
    "income_conditions": "extra conditions",
    "translated_info": "translated information",
    "interpreters": "paid interpreters",
    "housing_support": "housing support",
}


def _profile_table(scores: dict[int, dict[str, float]]) -> pd.DataFrame:
    """A profiles() table of yes/no items: P(code 1) = the given score."""
    rows = []
    for c, items in scores.items():
        for item, p in items.items():
            rows.append({"latent_class": c, "item": item, "code": 0, "probability": 1 - p})
            rows.append({"latent_class": c, "item": item, "code": 1, "probability": p})
    return pd.DataFrame(rows)


@pytest.fixture
def constructed():
    # type 1: conditional (many extra conditions, little translation); type 2: accommodating
    # (interpreters, housing support); type 3: minimal (few interpreters, few conditions)
    return _profile_table(
        {
            1: {
                "income_conditions": 0.9,
                "translated_info": 0.1,
                "interpreters": 0.3,
                "housing_support": 0.4,
            },
            2: {
                "income_conditions": 0.3,
                "translated_info": 0.7,
                "interpreters": 0.9,
                "housing_support": 0.9,
            },
            3: {
                "income_conditions": 0.3,
                "translated_info": 0.6,
                "interpreters": 0.1,
                "housing_support": 0.4,
            },
        }
    )


def test_names_say_the_most_distinctive_practices(constructed):
    names = typology.readable_class_names(constructed, LABELS).set_index("latent_class")
    # type 1: conditions +0.6, translation -0.55 (interpreters -0.2, housing -0.25 come after)
    assert names.loc[1, "name"] == "extra conditions, translated information rare"
    # type 2: interpreters +0.7, housing +0.5
    assert names.loc[2, "name"] == "paid interpreters, housing support"
    # type 3: interpreters -0.5, conditions -0.3 (housing -0.25, translation +0.2 come after)
    assert names.loc[3, "name"] == "paid interpreters rare, extra conditions rare"
    assert names.loc[1, "practices"] == ["income_conditions", "translated_info"]
    assert names.loc[1, "differences"] == pytest.approx([0.6, -0.55])


def test_three_practices_and_the_threshold(constructed):
    three = typology.readable_class_names(constructed, LABELS, n=3).set_index("latent_class")
    assert three.loc[1, "name"] == (
        "extra conditions, translated information rare, housing support rare"
    )
    strict = typology.readable_class_names(constructed, LABELS, n=3, min_difference=0.58)
    assert strict.set_index("latent_class").loc[1, "name"] == "extra conditions"
    assert strict.set_index("latent_class").loc[3, "name"] == "like the other types"


def test_item_score_table_and_default_labels_and_repeats():
    scores = pd.DataFrame(
        {"home_visits": [0.9, 0.9, 0.1], "x": [0.5, 0.5, 0.5]},
        index=pd.Index([1, 2, 3], name="latent_class"),
    )
    names = typology.readable_class_names(scores).set_index("latent_class")["name"]
    assert names.loc[3] == "home visits rare"
    assert names.loc[1] == "home visits (type 1)" and names.loc[2] == "home visits (type 2)"


def test_names_of_a_fitted_model_use_its_profiles():
    items = pd.DataFrame(
        {"conditions": [1, 1, 0, 0] * 20, "translated_info": [0, 0, 1, 1] * 20, "z": [0, 1] * 40}
    )
    model = typology.fit_lca(items, 2, starts=3)
    names = typology.readable_class_names(typology.profiles(model), {"conditions": "conditions"})
    assert set(names["name"]) == {
        "conditions, translated info rare",
        "conditions rare, translated info",
    }


def test_bad_n_is_refused(constructed):
    with pytest.raises(InputError, match="whole number >= 1"):
        typology.readable_class_names(constructed, LABELS, n=0)


def test_the_chapter_names_read_as_nouns(monkeypatch):
    """class_names: a type's practices above the share-weighted mean by their label, the one
    below it with "rare", so that "The largest type, Type 1: ..., covers ..." reads as a
    sentence (hand-computed: the mean of 0.9 and 0.3 is 0.6, of 0.2 and 0.7 is 0.45)."""
    scores = pd.DataFrame(
        {
            "income_conditions": [0.9, 0.3],
            "translated_info": [0.2, 0.7],
            "interpreters": [0.5, 0.55],
        },
        index=pd.Index([1, 2], name="latent_class"),
    )
    monkeypatch.setattr(typology, "item_scores", lambda model: scores)
    model = type("Model", (), {"class_shares": pd.Series([0.5, 0.5]).to_numpy()})()
    names = typology.class_names(model, labels=LABELS).set_index("latent_class")["name"]
    assert names[1] == "Type 1: extra conditions, translated information rare"
    assert names[2] == "Type 2: translated information, extra conditions rare"
