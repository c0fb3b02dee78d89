"""The display layer: what a reader sees in a chapter's tables."""

import math
import re

import numpy as np
import pandas as pd
import pytest

from localwelfare import display
from localwelfare.errors import InputError


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


def test_tables_pad_their_cells_keep_ids_whole_and_let_long_text_wrap():
    frame = pd.DataFrame({"network_id": ["inch-wa-01"], "rule": ["a long sentence " * 4]})
    html = display.table(frame, caption="Counts").to_html()
    assert "padding" in html
    assert "Counts" not in html  # the bare table: the page form carries the caption
    cells = re.findall(r"#(T_\w+_row0_col\d) \{([^}]*)\}", html)
    styles = dict(cells)
    id_cell = next(k for k in styles if k.endswith("col0"))
    assert "white-space: nowrap" in styles[id_cell]
    assert not any("nowrap" in v for k, v in styles.items() if k.endswith("col1"))


def test_two_columns_with_one_label_are_refused():
    frame = pd.DataFrame({"n_nodes": [3], "n_organisations": [3]})
    with pytest.raises(InputError, match="Organisations"):
        display.labelled(frame)


def test_published_small_counts_pass_through_and_long_text_wraps():
    from localwelfare import privacy

    frame = pd.DataFrame(
        {
            "theme": ["access", "trust"],
            "n_interviews": [3, 12],
            "quote": ["short", "a quote long enough to need more than one line on a phone"],
        }
    )
    shown = display.labelled(privacy.suppress_small_counts(frame, threshold=5))
    assert shown["Interviews"].tolist() == ["<5", "12"]
    html = display.table(frame, caption="Quotes").to_html()
    assert "white-space: normal" in html  # the quote column wraps
    assert "td.col2" in html and "td.col1" not in html  # the quote column, not the counts


def test_p_value_columns_by_suffix_named_shares_and_escaped_cells():
    frame = pd.DataFrame(
        {"ei_p_value": [0.0002], "blrt_p": [0.25], "smallest_class": [0.123], "name": ["<5 km"]}
    )
    shown = display.labelled(frame, shares=["smallest_class"])
    assert shown.iloc[0].tolist() == ["< 0.001", "0.250", "12%", "<5 km"]
    html = display.table(frame, shares=["smallest_class"], caption="Tests").to_html()
    assert "&lt; 0.001" in html and "&lt;5 km" in html


def test_interval_cells():
    assert display.interval_cells([2.0, math.nan], [1.0, 0.0], [4.456, 0.0]) == [
        "2.00 [1.00, 4.46]",
        display.MISSING,
    ]


def test_a_wide_table_says_it_scrolls_and_offers_its_cells_as_csv():
    import base64
    import re

    frame = pd.DataFrame({f"m{i}": [0.5, 1.25] for i in range(7)}, index=["x", "y"])
    page = display.table(frame, caption="Whole network")._repr_html_()
    assert "7 columns: scroll sideways" in page
    link = re.search(r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)"', page)
    assert link.group(1) == "whole-network.csv"
    lines = base64.b64decode(link.group(2)).decode().splitlines()
    assert lines[0] == ",M0,M1,M2,M3,M4,M5,M6"  # the labels the page shows
    assert lines[1] == "x," + ",".join(["0.50"] * 7)
    assert "<details" not in page
    narrow = display.table(frame.iloc[:, :6], caption="Narrow")._repr_html_()
    assert "scroll sideways" not in narrow and "text/csv" not in narrow


def test_a_long_table_is_folded_and_its_bare_html_is_not():
    frame = pd.DataFrame({"n": range(13)})
    styler = display.table(frame, index=False, caption="Thirteen counts")
    page = styler._repr_html_()
    caption = page.index("Thirteen counts")
    assert page.index('<details class="lw-long-table"><summary>Show the table (13 rows)') > caption
    assert page.count("<tr>") == styler.to_html().count("<tr>") == 14
    assert "<details" not in styler.to_html()
    assert "<details" not in display.table(frame.iloc[:12], caption="Twelve")._repr_html_()
    folded = display.table(frame.iloc[:1], caption="One count", fold=True)._repr_html_()
    assert "Show the table (1 row)</summary>" in folded


def test_a_tables_csv_leaves_out_the_row_labels_the_page_hides():
    import base64
    import re

    frame = pd.DataFrame({f"c{i}": [1] for i in range(7)})
    page = display.table(frame, index=False, caption="Ones")
    encoded = re.search(r"base64,([^\"]+)", page._repr_html_()).group(1)
    assert base64.b64decode(encoded).decode().splitlines() == [
        "C0,C1,C2,C3,C4,C5,C6",
        "1,1,1,1,1,1,1",
    ]


def test_codes_and_columns_take_their_labels_from_the_data_package():
    frame = pd.DataFrame({"actor_group": ["family_in_poverty"], "address_flexibility": ["strict"]})
    shown = display.labelled(frame)
    assert shown.to_dict("records") == [
        {"Actor group": "family in poverty", "Flexible proof of address": "strict"}
    ]
    # a code labelled differently by two fields is read in the column's own field
    assert display.value_label("none", "fr", field="interpreters") == "aucun"
    assert display.value_label("none", "fr", field="language_condition") == "aucune"
    assert display.column_label("trust_honest") == "I trust that the PCSW is honest with me."


def test_model_terms_read_as_attribute_and_level():
    assert display.term_label("years_in_belgium[less_than_1]") == (
        "Years in Belgium: less than a year"
    )
    assert display.term_label("cooperation[poor]:practice_type[type 3]") == (
        "Cooperation: poor × Practice type: type 3"
    )


def test_the_specification_table_names_claims_by_their_statement():
    claims = pd.DataFrame(
        {
            "claim_id": ["aid-legal_status", "refer-language"],
            "statement": ["aid differs by legal status", "referral differs by language"],
        }
    )
    matrix = pd.DataFrame(
        [["yes", "—"], ["no", "yes"]],
        index=pd.Index(["True / pcsw", "False / worker_id"], name="covariates / cluster"),
        columns=["aid-legal_status", "refer-language"],
    )
    claims.attrs["by_specification"] = matrix
    html = display.specification_table(claims).to_html()
    assert "aid differs by legal status" in html and "aid-legal_status" not in html
    page = display.specification_table(claims)._repr_html_()
    assert "other values of covariates / cluster" in page
    assert 'id="tbl-specifications' in page
    assert page.count("— not tested") == 1  # the dash in the first row is explained once
    # the specifications are headed by their values as words, not Python's True and codes
    assert "No / worker id" in page and "False" not in page and "worker_id" not in page


def _captions(page: str) -> list[str]:
    return re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)


def test_tables_are_numbered_down_the_page_with_ids_a_text_can_link_to(monkeypatch):
    import itertools

    monkeypatch.setattr(display, "_numbers", itertools.count(1))
    monkeypatch.setattr(display, "_ids", set())
    frame = pd.DataFrame({"n": [1, 2]})
    first = display.table(frame, caption="Organisations by network.")
    second = display.table(frame, caption="Ties <and> partners & more", name="ties_by_sector")
    third = display.table(frame, caption="Organisations by network.")
    pages = [first._repr_html_(), second._repr_html_(), third._repr_html_()]
    assert _captions(pages[0]) == [
        '<span class="lw-table-number">Table 1.</span> Organisations by network.'
    ]
    # the caption is escaped; the id is the name's, in lower case with dashes
    assert _captions(pages[1]) == [
        '<span class="lw-table-number">Table 2.</span> Ties &lt;and&gt; partners &amp; more'
    ]
    assert re.findall(r'<figure class="lw-table" id="([^"]+)">', "".join(pages)) == [
        "tbl-organisations-by-network",
        "tbl-ties-by-sector",
        "tbl-organisations-by-network-2",  # ids stay unique on the page
    ]
    # shown again, a table keeps its number
    assert "Table 1." in first._repr_html_() and "Table 4." not in first._repr_html_()


def test_a_tables_plain_text_form_is_its_caption_the_same_in_every_build():
    # a notebook keeps text/plain beside the HTML; an object's address would differ per build
    shown = display.table(pd.DataFrame({"n": [1]}), caption="Organisations by network.")
    assert repr(shown) == "Table: Organisations by network."


def test_a_table_without_a_caption_is_refused():
    frame = pd.DataFrame({"n": [1]})
    with pytest.raises(TypeError):
        display.table(frame)
    for caption in ("", "  ", None):
        with pytest.raises(InputError, match="caption"):
            display.table(frame, caption=caption)


def test_a_dash_is_explained_under_the_table_that_shows_one():
    tested = pd.DataFrame({"scale": ["trust", "access"], "p_value": [0.2, math.nan]})
    page = display.table(tested, caption="Tests by scale.", missing="not tested")._repr_html_()
    assert page.count("—") == 2  # the cell and the note
    assert '<p class="lw-table-footnote">— not tested</p>' in page
    assert page.index("lw-table-footnote") > page.index("</table>")
    page = display.table(tested, caption="Tests by scale.")._repr_html_()
    assert "— no value</p>" in page  # what a dash means when the caller does not say
    full = display.table(tested.iloc[:1], caption="One test.", missing="not tested")
    assert "lw-table-footnote" not in full._repr_html_()
