"""The display layer: what a reader sees in a chapter's tables."""

import math

import numpy as np
import pandas as pd

from localwelfare import display


def test_p_values_print_as_a_reader_expects():
    assert display.p_text(0.0004) == "< 0.001"
    assert display.p_text(0.001) == "0.001"
    assert display.p_text(0.04951) == "0.050"
    assert display.p_text(math.nan) == "—"


def test_cells_are_formatted_by_the_kind_of_column():
    frame = pd.DataFrame(
        {
            "governance_mode": ["network_administrative_organisation", "shared_participant"],
            "n_ties": [12, 3],
            "response_rate": [0.8, 0.455],
            "density": [0.123456, np.nan],
            "p_adjusted": [0.2, 0.00001],
            "agrees": [True, False],
        },
        index=pd.Index(["inch-wa-01", "inch-fl-02"], name="network_id"),
    )
    shown = display.labelled(frame)
    assert list(shown.columns) == [
        "Declared mode",
        "Ties (arcs)",
        "Response rate",
        "Density",
        "p (Holm)",
        "Agrees",
    ]
    assert shown.index.name == "Network"
    assert shown.iloc[0].tolist() == [
        "network administrative organisation",
        "12",
        "80%",
        "0.12",
        "0.200",
        "yes",
    ]
    # no raw code, no nan, no repr of a missing value
    assert shown.iloc[1].tolist() == ["shared participant", "3", "46%", "—", "< 0.001", "no"]


def test_codes_take_their_label_from_the_vocabulary_and_overrides_win():
    frame = pd.DataFrame({"legal_status": ["recognised_refugee"], "score": [1.5]})
    shown = display.labelled(frame, labels={"score": "Mean score"}, decimals=1)
    assert shown.to_dict("records") == [{"Legal status": "recognised refugee", "Mean score": "1.5"}]


def test_tables_pad_their_cells_and_keep_ids_whole():
    html = display.table(pd.DataFrame({"n": [1]}), caption="Counts").to_html()
    assert "white-space: nowrap" in html and "padding" in html
    assert "<caption>Counts</caption>" in html


def test_p_value_columns_by_suffix_named_shares_and_escaped_cells():
    frame = pd.DataFrame(
        {"ei_p_value": [0.0002], "blrt_p": [0.25], "smallest_class": [0.123], "name": ["<10k"]}
    )
    shown = display.labelled(frame, shares=["smallest_class"])
    assert shown.iloc[0].tolist() == ["< 0.001", "0.250", "12%", "<10k"]
    html = display.table(frame, shares=["smallest_class"]).to_html()
    assert "&lt; 0.001" in html and "&lt;10k" in html


def test_interval_cells():
    assert display.interval_cells([2.0, math.nan], [1.0, 0.0], [4.456, 0.0]) == [
        "2.00 [1.00, 4.46]",
        display.MISSING,
    ]
