"""De-identification of quotes and pseudonyms: each rule against published examples (Belgian
national register number and IBAN check digits), plus the small-cell rule."""

from __future__ import annotations

import base64
import json
import shutil
import stat
import subprocess

import pandas as pd
import pytest

from localwelfare import cli, privacy, refiqda, synthetic
from localwelfare.errors import InputError

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


# --- keyed pseudonyms ----------------------------------------------------------------------------


def test_keyed_digest_is_hmac_sha256_rfc_4231_case_2():
    # RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert privacy.keyed_digest("what do ya want for nothing?", b"Jefe").hex() == expected
    code = base64.b32encode(bytes.fromhex(expected)).decode()
    assert privacy.keyed_pseudonym("what do ya want for nothing?", b"Jefe") == "P-" + code[:10]


def test_keyed_pseudonyms_stable_across_order_and_other_participants_and_keyed():
    key, other_key = b"k" * 32, b"q" * 32
    small = pd.DataFrame({"participant_id": ["inch-001", "inch-002", "bbox-007"]})
    large = pd.DataFrame({"participant_id": ["bbox-099", "bbox-007", "inch-002", "inch-001"]})
    a = privacy.pseudonym_table(small, key).set_index("participant_id")["pseudonym"]
    b = privacy.pseudonym_table(large, key).set_index("participant_id")["pseudonym"]
    assert a.to_dict() == b.loc[a.index].to_dict()
    c = privacy.pseudonym_table(small, other_key).set_index("participant_id")["pseudonym"]
    assert (a != c.loc[a.index]).all()
    assert a.str.fullmatch(r"P-[A-Z2-7]{10}").all() and a.is_unique


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["a", "b", "a"], "row 4, field 'participant_id': identifier 'a' is repeated"),
        (["a", "", "c"], "row 3, field 'participant_id': empty identifier"),
    ],
)
def test_register_with_bad_ids_refused_naming_row_and_field(ids, message):
    with pytest.raises(InputError, match=message):
        privacy.pseudonym_table(pd.DataFrame({"participant_id": ids}), b"k" * 32, where="p.csv")


def test_key_inside_a_repository_is_refused(repo, tmp_path, monkeypatch):
    with pytest.raises(InputError, match="never live in a repository"):
        privacy.key_file_path(repo / "private" / "pseudonym.key")
    monkeypatch.setenv(privacy.KEY_FILE_ENV, str(repo / "pseudonym.key"))
    with pytest.raises(InputError, match="never live in a repository"):
        privacy.read_key()
    (tmp_path / "other" / ".git").mkdir(parents=True)  # any git work tree, not only this one
    with pytest.raises(InputError, match="never live in a repository"):
        privacy.new_key(tmp_path / "other" / "sub" / "key")


def test_new_key_is_private_and_never_overwritten(tmp_path):
    path = privacy.new_key(tmp_path / "keys" / "pseudonym.key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = privacy.read_key(path)
    assert len(key) >= 32
    with pytest.raises(InputError, match="refusing to overwrite"):
        privacy.new_key(path)
    assert privacy.read_key(path) == key


def test_identifying_tables_only_under_private(repo, tmp_path):
    assert privacy.check_private_path(repo / "private" / "p.csv", "t").parent == repo / "private"
    for outside in (repo / "data" / "p.csv", repo / "p.csv", repo / "data" / "private" / "p.csv"):
        with pytest.raises(InputError, match="outside its git-ignored private/ folder"):
            privacy.check_private_path(outside, "t")
    with pytest.raises(InputError, match="under a folder named private/"):
        privacy.check_private_path(tmp_path / "p.csv", "t")
    assert privacy.check_private_path(tmp_path / "p.csv", "t", outside_ok=True)


def test_private_folder_is_ignored_but_its_readme_is_not(repo):
    if shutil.which("git") is None or not (repo / ".git").exists():
        pytest.skip("not a git work tree")

    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=repo).returncode == 0

    assert ignored("private/anything") and ignored("private/participants.csv")
    assert (repo / "private" / "README.md").is_file() and not ignored("private/README.md")


# --- de-identification with offsets ---------------------------------------------------------------

TEXT = "I: Wie?\nR: Ik ben Fatima uit Seefhoek, bel 0470 12 34 56.\nR: Dank u, Fatima!\n"


def test_remap_offset_before_inside_and_after_an_edit():
    new, edits = privacy.deidentify_with_edits("ab Els cd", {"Els": "name"})
    assert new == "ab [name] cd" and edits == [(3, 6, 3, 9)]
    assert [privacy.remap_offset(p, edits) for p in (0, 3, 4, 6, 7, 9)] == [0, 3, 3, 9, 10, 12]
    assert privacy.remap_offset(4, edits, side="end") == 9


def test_coded_text_after_deidentification_is_the_deidentified_coded_text():
    register = {"Fatima": "name", "Seefhoek": "place"}
    spans = [(11, 57), (18, 42), (61, 76), (3, 7)]  # whole turns, a part, a clause, no identifier
    seg = pd.DataFrame(
        {
            "source": "i1",
            "coder": "a",
            "code_path": "x",
            "start": [s for s, _ in spans],
            "end": [e for _, e in spans],
        }
    )
    seg["segment_id"] = [f"s{i}" for i in range(len(seg))]
    seg["text"] = [TEXT[s:e] for s, e in spans]
    project = refiqda.build_project(seg, {"i1": TEXT})
    clean = privacy.deidentify_project(project, register)
    new_text = next(iter(clean.texts.values()))
    assert new_text == privacy.deidentify_text(TEXT, register)
    for (start, end), row in zip(spans, clean.segments.itertuples(), strict=True):
        assert new_text[row.start : row.end] == privacy.deidentify_text(TEXT[start:end], register)
        assert row.text == new_text[row.start : row.end]
    # a selection that starts inside a name holds the whole placeholder afterwards
    inside = seg.iloc[[0]].assign(start=20, segment_id="s9")
    moved = privacy.deidentify_project(refiqda.build_project(inside, {"i1": TEXT}), register)
    assert moved.segments["text"].iloc[0].startswith("[name] uit [place]")


# --- the committed data --------------------------------------------------------------------------


def _raw_texts(repo) -> pd.Series:
    """Every text field of the committed raw data: each CSV cell and each qdpx source and name."""
    texts = []
    for path in sorted((repo / "data" / "raw").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        texts += [f"{path.name}: {v}" for col in frame for v in frame[col].unique() if v]
    project = refiqda.read_project(repo / "data" / "raw" / "interviews.qdpx")
    texts += list(project.texts.values())
    texts += project.sources["name"].tolist() + project.cases["name"].tolist()
    texts += project.variables["value"].astype(str).tolist()
    return pd.Series(texts)


def test_committed_raw_data_hold_no_register_term_and_no_identifier(repo):
    register = synthetic.private_register()
    texts = _raw_texts(repo)
    found = privacy.scan_identifiers(texts, register, mask_long_numbers=False)
    assert found.empty, found.head().to_dict("records")
    # identifiers were planted and replaced, not never there
    transcripts = "\n".join(refiqda.read_project(repo / "data/raw/interviews.qdpx").texts.values())
    for placeholder in ["[name]", "[place]", "[phone]", "[e-mail]", "[IBAN]"]:
        assert placeholder in transcripts
    assert "[national register number]" in transcripts


def test_register_terms_are_no_words_of_the_book(repo):
    """The output scan looks for register terms in the book: none may be a word the book uses
    (a case, place or municipality name, a word of a chapter)."""
    register = synthetic.private_register()
    texts = [p.read_text(encoding="utf-8") for p in sorted((repo / "book").glob("*.md"))]
    texts.append((repo / "book" / "references.bib").read_text(encoding="utf-8"))
    for path in sorted((repo / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts.append("\n".join("".join(c["source"]) for c in cells))
    names = pd.read_csv(repo / "data" / "raw" / "municipalities.csv", dtype=str)
    texts += names["name_nl"].tolist() + names["name_fr"].tolist()
    found = privacy.scan_identifiers(texts, register, mask_long_numbers=False)
    assert found[found["kind"] == "register"].empty, found["match"].unique().tolist()


def test_private_register_plants_every_kind_and_excludes_published_names():
    register = synthetic.private_register()
    assert set(register["kind"]) == {"name", "place"} and register["term"].is_unique
    assert "Oud Noord" not in set(register["term"])


# --- the command line ----------------------------------------------------------------------------


def test_pseudonymise_command_end_to_end(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "participants.csv").write_text(
        "participant_id,name\ninch-001,Fatima El Amrani\ninch-002,Jan Peeters\n", encoding="utf-8"
    )
    (private / "register.csv").write_text(
        "term,kind\nSeefhoek,place\nFatima,name\n", encoding="utf-8"
    )
    text = TEXT.replace("Ik ben Fatima", "Ik ben Fatima El Amrani")
    start, end = text.index("Ik ben"), text.index(".\n") + 1
    seg = pd.DataFrame(
        {"source": ["inch-001"], "coder": "a", "code_path": "x", "start": [start], "end": [end]}
    )
    project = refiqda.build_project(seg, {"inch-001": text})
    (private / "in.qdpx").write_bytes(refiqda.project_bytes(project))
    key = tmp_path / "keys" / "pseudonym.key"
    argv = ["pseudonymise", str(private / "participants.csv"), "--key-file", str(key)]
    out = ["--out", str(private / "pseudonyms.csv")]
    qdpx = ["--qdpx", str(private / "in.qdpx"), "--qdpx-out", str(tmp_path / "out.qdpx")]
    terms = ["--terms", str(private / "register.csv")]
    assert cli.main([*argv, *out]) == 2  # no key yet
    assert cli.main([*argv, "--new-key", *out, *qdpx, *terms]) == 0
    table = pd.read_csv(private / "pseudonyms.csv")
    assert table.columns.tolist() == ["participant_id", "pseudonym"]
    expected = [privacy.keyed_pseudonym(i, privacy.read_key(key)) for i in table["participant_id"]]
    assert table["pseudonym"].tolist() == expected
    clean = refiqda.read_project(tmp_path / "out.qdpx")
    assert clean.sources["name"].tolist() == [expected[0]]
    text = next(iter(clean.texts.values()))
    assert text == "I: Wie?\nR: Ik ben [name] uit [place], bel [phone].\nR: Dank u, [name]!\n"
    assert clean.segments["text"].iloc[0] == "Ik ben [name] uit [place], bel [phone]."
    # refused: the table outside private/, a repeated id, a second --new-key
    assert cli.main([*argv, "--out", str(tmp_path / "pseudonyms.csv")]) == 2
    (private / "bad.csv").write_text("participant_id,name\na,X\na,Y\n", encoding="utf-8")
    assert cli.main(["pseudonymise", str(private / "bad.csv"), "--key-file", str(key), *out]) == 2
    assert cli.main([*argv, "--new-key", *out]) == 2


def test_synthesize_writes_the_private_register_only_to_a_private_folder(repo, tmp_path):
    assert cli.main(["synthesize", "--project", str(repo), "--private", str(tmp_path)]) == 0
    register = pd.read_csv(tmp_path / "register.csv")
    pd.testing.assert_frame_equal(register, synthetic.private_register())
    participants = pd.read_csv(tmp_path / "participants.csv")
    # 60 INCh, 20 Antwerp, 16 Oud Noord, 90 newcomer and 60 PCSW case-study interviews
    assert participants["participant_id"].is_unique and len(participants) == 246
    bad = repo / "data" / "private-test"
    assert cli.main(["synthesize", "--project", str(repo), "--private", str(bad)]) == 2
    assert not bad.exists()


def test_guids_are_not_phone_numbers_but_a_phone_beside_one_is():
    guid = "01903598-DD1C-5061-AF8D-047C54F4D20D"
    assert privacy.scan_identifiers([guid, guid.lower(), f"id {guid}."]).empty
    assert privacy.deidentify_text(f"segment {guid}: bel 0470 12 34 56") == (
        f"segment {guid}: bel [phone]"
    )


def test_a_clock_time_is_no_phone_number_but_a_phone_after_a_label_is():
    from localwelfare.privacy import deidentify_text

    assert deidentify_text("gestart om 17:41:08.393192") == "gestart om 17:41:08.393192"
    assert deidentify_text("tel:0470 12 34 56, om 17:41") == "tel:[phone], om 17:41"


#: One example IBAN per country of the SEPA scheme (EU and EEA, CH, GB, GI, MC, SM, VA, AD, and the
#: 2024-2025 members AL, MD, ME, MK, RS): the examples of the SWIFT IBAN registry, each checked by
#: python-stdnum. Their formats differ in length (15 to 32) and in where letters may stand.
SEPA_IBANS = [
    "AD1200012030200359100100",
    "AL47212110090000000235698741",
    "AT611904300234573201",
    "BE68539007547034",
    "BG80BNBG96611020345678",
    "CH9300762011623852957",
    "CY17002001280000001200527600",
    "CZ6508000000192000145399",
    "DE89370400440532013000",
    "DK5000400440116243",
    "EE382200221020145685",
    "ES9121000418450200051332",
    "FI2112345600000785",
    "FR1420041010050500013M02606",
    "GB29NWBK60161331926819",
    "GI75NWBK000000007099453",
    "GR1601101250000000012300695",
    "HR1210010051863000160",
    "HU42117730161111101800000000",
    "IE29AIBK93115212345678",
    "IS140159260076545510730339",
    "IT60X0542811101000000123456",
    "LI21088100002324013AA",
    "LT121000011101001000",
    "LU280019400644750000",
    "LV80BANK0000435195001",
    "MC5811222000010123456789030",
    "MD24AG000225100013104168",
    "ME25505000012345678951",
    "MK07250120000058984",
    "MT84MALT011000012345MTLCAST001S",
    "NL91ABNA0417164300",
    "NO9386011117947",
    "PL61109010140000071219812874",
    "PT50000201231234567890154",
    "RO49AAAA1B31007593840000",
    "RS35260005601001611379",
    "SE4550000000058398257466",
    "SI56263300012039086",
    "SK3112000000198742637541",
    "SM86U0322509800000000270100",
    "VA59001123000012345678",
]


def _grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def test_the_polish_iban_followed_by_its_bic_is_found():
    """The pattern once swallowed "BIC", the check then failed and PL was in no length table."""
    text = "Rachunek: PL61 1090 1014 0000 0712 1981 2874 BIC WBKPPLPP."
    spans = privacy.identifier_spans(text)
    assert [(text[s:e], kind) for s, e, kind, _ in spans] == [
        ("PL61 1090 1014 0000 0712 1981 2874", "iban")
    ]
    assert privacy.deidentify_text(text) == "Rachunek: [IBAN] BIC WBKPPLPP."


@pytest.mark.parametrize("iban", SEPA_IBANS, ids=[i[:2] for i in SEPA_IBANS])
def test_an_iban_of_every_sepa_country_is_found_grouped_or_not(iban):
    assert privacy.iban_valid(iban) and privacy.iban_valid(_grouped(iban))
    for written in (iban, _grouped(iban)):
        for text in (f"IBAN {written}", f"IBAN: {written} BIC ABCDEFGH", f"({written}), merci"):
            spans = privacy.identifier_spans(text, mask_long_numbers=False)
            assert [(text[s:e], kind) for s, e, kind, _ in spans] == [(written, "iban")], text


@pytest.mark.parametrize(
    "text",
    [
        "BE68 5390 0754 7035",  # one digit off: the mod-97 check fails
        "PL61 1090 1014 0000 0712 1981 287",  # one digit short of Poland's 28 characters
        "NL58 ABNA 0417 1643 0",  # mod 97 holds, but one digit short of the Dutch format
        "XX42 1234 5678 9012 34",  # mod 97 holds, but XX is no country of the registry
    ],
)
def test_a_number_that_is_no_iban_is_not_flagged_as_one(text):
    assert "iban" not in [kind for _, _, kind, _ in privacy.identifier_spans(text)]


def test_belgian_bis_numbers_are_found_and_impossible_dates_are_not():
    """BIS numbers add 20 (sex unknown) or 40 (sex known) to the month (stdnum.be.bis)."""
    bis = f"85.47.30-033.{97 - 854730033 % 97:02d}"
    assert privacy.national_register_number_valid(bis)
    assert privacy.deidentify_text(f"BIS {bis}.") == "BIS [national register number]."
    month_13 = f"85.13.30-033.{97 - 851330033 % 97:02d}"  # check digits right, no such month
    assert not privacy.national_register_number_valid(month_13)
    assert "national_register_number" not in [
        kind for _, _, kind, _ in privacy.identifier_spans(month_13)
    ]
