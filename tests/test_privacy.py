"""De-identification of quotes and pseudonyms: each rule against published examples (Belgian
national register number and IBAN check digits), plus the small-cell rule."""

from __future__ import annotations

import pandas as pd
import pytest

from localwelfare import privacy

REGISTER = pd.DataFrame(
    {
        "term": ["Fatima", "El Amrani", "Seefhoek", "Marcinelle"],
        "kind": ["name", "name", "place", "place"],
        "replacement": ["", "", "[neighbourhood]", ""],
    }
)


def test_small_counts_suppressed_zero_kept():
    table = pd.DataFrame({"group": ["a", "b", "c"], "n": [12, 3, 0]})
    out = privacy.suppress_small_counts(table, threshold=5)
    assert out["n"].tolist() == ["12", "<5", "0"]
    assert out["group"].tolist() == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("85.07.30-033.28", True),  # the example of the Belgian eID documentation
        ("85073003328", True),
        ("85.07.30-033.29", False),
        # born in 2000 or later: 2 is put before the nine digits
        (f"00.01.01-001.{97 - 2_000_101_001 % 97:02d}", True),
        (f"00.01.01-001.{97 - 101_001 % 97:02d}", True),  # the same digits before 2000
        ("12345", False),
    ],
)
def test_national_register_number_check_digits(number, valid):
    assert privacy.national_register_number_valid(number) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("BE68 5390 0754 7034", True),  # ECBS/SWIFT registry example for Belgium
        ("NL91ABNA0417164300", True),  # registry example for the Netherlands
        ("FR14 2004 1010 0505 0001 3M02 606", True),  # registry example for France
        ("BE68 5390 0754 7035", False),
    ],
)
def test_iban_check(iban, valid):
    assert privacy.iban_valid(iban) is valid


def test_quote_deidentified_names_places_and_every_identifier_kind():
    text = (
        "Ik ben Fatima El Amrani en woon in de Seefhoek. Mail me op fatima.elamrani@example.be "
        "of bel 0470/12.34.56 of +32 3 123 45 67. Mijn rijksregisternummer is 85.07.30-033.28 "
        "en mijn rekening BE68 5390 0754 7034. In Marcinelle, c'est pareil."
    )
    out = privacy.deidentify_text(text, REGISTER)
    assert out == (
        "Ik ben [name] [name] en woon in de [neighbourhood]. Mail me op [e-mail] "
        "of bel [phone] of [phone]. Mijn rijksregisternummer is [national register number] "
        "en mijn rekening [IBAN]. In [place], c'est pareil."
    )
    assert privacy.scan_identifiers([out], REGISTER).empty


def test_register_terms_match_whole_words_in_any_case():
    out = privacy.deidentify_text("FATIMA en Fatimazahra", {"Fatima": "name"})
    assert out == "[name] en Fatimazahra"


def test_invalid_register_number_still_masked_as_a_long_number_unless_disabled():
    text = "nummer 85.07.30-033.29"
    assert privacy.deidentify_text(text) == "nummer [number]"
    assert privacy.deidentify_text(text, mask_long_numbers=False) == text


def test_iban_followed_by_capitals_is_cut_at_the_country_length():
    assert privacy.deidentify_text("BE68539007547034 OCMW") == "[IBAN] OCMW"


def test_short_numbers_and_years_are_left_alone():
    text = "In 2019 kwamen 12 gezinnen, 3 keer per week."
    assert privacy.deidentify_text(text) == text


def test_scan_lists_what_remains():
    found = privacy.scan_identifiers(pd.Series({"q1": "mail x@y.org", "q2": "niets"}))
    assert found[["index", "kind", "match"]].values.tolist() == [["q1", "email", "x@y.org"]]


def test_pseudonyms_stable_keyed_and_independent_of_order():
    ids = [f"inch-{i:03d}" for i in range(1, 13)]
    forward = privacy.pseudonym_map(ids, prefix="family", salt="k1")
    backward = privacy.pseudonym_map(reversed(ids), prefix="family", salt="k1")
    assert forward == backward
    assert sorted(forward.values()) == [f"family {k:02d}" for k in range(1, 13)]
    # the numbering does not follow the identifiers' order, and depends on the key
    assert [forward[i] for i in ids] != sorted(forward.values())
    assert privacy.pseudonym_map(ids, prefix="family", salt="k2") != forward
