"""REFI-QDA import and export: real exports from MAXQDA, ATLAS.ti and Taguette, the quirks of real
files, and round trips of the files the project writes, validated against the REFI-QDA schema."""

from __future__ import annotations

import io
import uuid
import zipfile

import pandas as pd
import pytest
import xmlschema

from localwelfare import cli, refiqda
from localwelfare.errors import InputError

QDA = "qda"


@pytest.fixture(scope="module")
def schema(reference_dir):
    return xmlschema.XMLSchema(str(reference_dir / QDA / "Project-mrt2019.xsd"))


@pytest.fixture(scope="module")
def maxqda(reference_dir):
    return refiqda.read_project(reference_dir / QDA / "maxqda24_export_codebook_only.qde")


# --- real exports ------------------------------------------------------------------------------


def test_maxqda_export_codes_hierarchy_and_descriptions(maxqda):
    codes = maxqda.codes
    assert len(codes) == 307
    assert codes["level"].max() == 2  # nested two deep
    assert (codes["level"] == 1).sum() == 18
    assert (codes["description"].str.len() > 0).all()
    assert codes["code_guid"].is_unique and codes["code_path"].is_unique
    # every child's parent is a code of the file
    children = codes[codes["level"] == 2]
    assert children["parent_guid"].isin(codes["code_guid"]).all()
    row = codes.set_index("code_path").loc["Additional Themes and Ideas/THEME - Affordances"]
    assert (
        row["description"] == "This code is applied when a paper includes the idea of affordances."
    )
    assert len(maxqda.sources) == 10 and (maxqda.sources["kind"] == "text").all()
    assert maxqda.users["name"].tolist() == ["johnb"]
    assert maxqda.origin.startswith("MAXQDA 24")


def test_maxqda_export_is_valid_against_the_schema(reference_dir, schema):
    # the reference itself: guards the schema fixture used by the round-trip tests
    assert schema.is_valid(str(reference_dir / QDA / "maxqda24_export_codebook_only.qde"))


def test_summary_of_a_project_without_codings_lists_every_code_with_zero(maxqda):
    summary = refiqda.code_summary(maxqda)
    assert len(summary) == 307
    assert summary["code_path"].tolist() == sorted(summary["code_path"])
    assert (summary[["n_codings", "n_sources", "n_coders"]] == 0).all().all()


def test_atlasti_codebook_with_sets(reference_dir):
    codes = refiqda.read_codebook(reference_dir / QDA / "atlasti_win23_codebook.qdc")
    assert codes[["name", "description", "color"]].values.tolist() == [
        ["code1", "description", "#46AA00"]
    ]
    # ATLAS.ti names set members with 'guid' instead of 'targetGUID'
    assert codes["sets"].tolist() == ["code group 1"]


def test_taguette_codebook_flat_with_uuid5_guids(reference_dir):
    codes = refiqda.read_codebook(reference_dir / QDA / "taguette_codebook.qdc")
    assert len(codes) == 3
    assert (codes["level"] == 1).all()
    assert all(uuid.UUID(g).version == 5 for g in codes["code_guid"])
    assert codes["name"].tolist()[:2] == ["interesting", "people"]


def test_atlasti_flat_parent_child_names_become_a_hierarchy():
    xml = b"""<?xml version="1.0"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4"><Codes>
<Code guid="00000000-0000-0000-0000-000000000001" name="Access::Language" isCodable="true"/>
<Code guid="00000000-0000-0000-0000-000000000002" name="Access::Cost" isCodable="true"/>
<Code guid="00000000-0000-0000-0000-000000000003" name="Trust" isCodable="true"/>
</Codes></CodeBook>"""
    codes = refiqda.read_codebook(xml).set_index("code_path")
    assert sorted(codes.index) == ["Access", "Access/Cost", "Access/Language", "Trust"]
    assert not codes.loc["Access", "is_codable"]  # made up: ATLAS.ti had no such code
    assert codes.loc["Access/Cost", "parent_guid"] == codes.loc["Access", "code_guid"]
    assert codes.loc["Access/Language", "name"] == "Language"
    assert codes.loc["Access/Language", "level"] == 2


# --- quirks of real .qdpx archives -------------------------------------------------------------

G = "{:08d}-0000-4000-8000-000000000000".format
QUIRKY = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="quirks" origin="test">
 <Users><User guid="{G(1)}" name="ann"/><User guid="{G(2)}" name="bart"/></Users>
 <CodeBook><Codes>
  <Code guid="{G(10)}" name="access" isCodable="true">
   <Code guid="{G(11)}" name="language" isCodable="true"/>
  </Code>
  <Code guid="{G(12)}" name="trust" isCodable="true"/>
  <Code guid="{G(13)}" name="never used" isCodable="true"/>
 </Codes></CodeBook>
 <Variables><Variable guid="{G(20)}" name="actor_group" typeOfVariable="Text"/></Variables>
 <Cases>
  <Case guid="{G(30)}"><VariableValue><VariableRef targetGUID="{G(20)}"/>
   <TextValue>newcomer</TextValue></VariableValue><SourceRef targetGUID="{G(40)}"/></Case>
  <Case guid="{G(31)}" name="case A"><SourceRef targetGUID="{G(40)}"/>
   <SourceRef targetGUID="{G(41)}"/></Case>
 </Cases>
 <Sources>
  <TextSource guid="{G(40)}" name="interview 1" plainTextPath="internal://{G(40).lower()}.TXT">
   <PlainTextSelection guid="{G(50)}" startPosition="10" endPosition="30" creatingUser="{G(1)}">
    <Coding guid="{G(60)}" creatingUser="{G(1)}"><CodeRef targetGUID="{G(11)}"/></Coding>
    <Coding guid="{G(61)}" creatingUser="{G(2)}"><CodeRef targetGUID="{G(12)}"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid="{G(41)}" name="interview 2">
   <PlainTextContent>Vertrouwen komt te voet.</PlainTextContent>
   <Coding guid="{G(62)}" creatingUser="{G(2)}"><CodeRef targetGUID="{G(12)}"/></Coding>
  </TextSource>
  <PDFSource guid="{G(42)}" name="report.pdf" path="internal://{G(42)}.pdf">
   <PDFSelection guid="{G(51)}" page="1" firstX="0" firstY="0" secondX="10" secondY="10">
    <Coding guid="{G(63)}" creatingUser="{G(1)}"><CodeRef targetGUID="{G(12)}"/></Coding>
   </PDFSelection>
  </PDFSource>
  <AudioSource guid="{G(43)}" name="memo.m4a" path="internal://{G(43)}.m4a">
   <AudioSelection guid="{G(52)}" begin="1000" end="2500">
    <Coding guid="{G(64)}" creatingUser="{G(1)}"><CodeRef targetGUID="{G(10)}"/></Coding>
   </AudioSelection>
  </AudioSource>
 </Sources>
</Project>"""
CRLF_TEXT = "Eerste lijn\r\nTaal is een drempel.\r\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def quirky_qdpx(tmp_path):
    path = tmp_path / "quirks.qdpx"
    path.write_bytes(
        _zip(
            {
                "Project.qde": QUIRKY.replace(
                    '10" endPosition="30', '13" endPosition="33'
                ).encode(),
                f"Sources/{G(40)}.txt": CRLF_TEXT.encode("utf-8"),
            }
        )
    )
    return path


def test_qdpx_quirks_capitalised_project_file_source_case_and_crlf(quirky_qdpx):
    project = refiqda.read_project(quirky_qdpx)
    seg = project.segments.set_index("coding_id")
    # offsets count \r\n as two characters, as stored
    assert seg.loc[G(60), "text"] == "Taal is een drempel."
    assert seg.loc[G(60), "code_path"] == "access/language"
    assert seg.loc[G(60), "coder"] == "ann" and seg.loc[G(61), "coder"] == "bart"
    assert seg.loc[G(62), "kind"] == "source"
    assert seg.loc[G(62), "text"] == "Vertrouwen komt te voet."
    assert seg.loc[G(63), "kind"] == "pdf" and pd.isna(seg.loc[G(63), "start"])
    assert (seg.loc[G(64), "kind"], seg.loc[G(64), "start"], seg.loc[G(64), "end"]) == (
        "audio",
        1000,
        2500,
    )
    # MAXQDA's nameless case carries variables of its one source; it is not a case
    assert project.cases["name"].tolist() == ["case A"]
    assert project.source_variables().to_dict("records") == [
        {"source": "interview 1", "actor_group": "newcomer"}
    ]
    assert seg.loc[G(60), "case"] == "case A"


def test_crlf_as_one_counts_a_line_end_as_one_character(tmp_path):
    path = tmp_path / "one.qdpx"
    path.write_bytes(
        _zip(
            {
                "project.qde": QUIRKY.replace(
                    '10" endPosition="30', '12" endPosition="32'
                ).encode(),
                f"sources/{G(40)}.txt": CRLF_TEXT.encode(),
            }
        )
    )
    seg = refiqda.read_project(path, crlf_as_one=True).segments.set_index("coding_id")
    assert seg.loc[G(60), "text"] == "Taal is een drempel."


def test_summary_counts_codings_of_every_selection_kind(quirky_qdpx):
    summary = refiqda.code_summary(refiqda.read_project(quirky_qdpx)).set_index("code_path")
    assert summary.index.tolist() == ["access", "access/language", "never used", "trust"]
    # trust: a text selection, a whole source and a PDF selection, by ann and bart
    assert summary.loc["trust"].tolist() == [3, 3, 2]
    assert summary.loc["access"].tolist() == [1, 1, 1]  # the audio selection
    assert summary.loc["never used"].tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not xml at all", "not well-formed XML"),
        (b"<Codebook/>", "not a REFI-QDA 'Project'"),
        (b"PK\x03\x04broken", "not a readable .qdpx"),
    ],
)
def test_unreadable_files_raise_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.qdpx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        refiqda.read_project(path)
    assert "bad.qdpx" in str(error.value)


def test_archive_without_project_file_is_refused(tmp_path):
    path = tmp_path / "empty.qdpx"
    path.write_bytes(_zip({"sources/x.txt": b"x"}))
    with pytest.raises(InputError, match="no project.qde"):
        refiqda.read_project(path)


def test_coding_of_an_undefined_code_names_line_element_and_attribute():
    bad = QUIRKY.replace(
        f'<CodeRef targetGUID="{G(12)}"/></Coding>\n   </PlainTextSelection>',
        f'<CodeRef targetGUID="{G(99)}"/></Coding>\n   </PlainTextSelection>',
    )
    with pytest.raises(InputError, match=r"line \d+, element CodeRef, attribute 'targetGUID'"):
        refiqda.read_project(bad.encode())


def test_selection_with_non_integer_position_is_refused():
    bad = QUIRKY.replace('startPosition="10"', 'startPosition="ten"')
    with pytest.raises(InputError, match="attribute 'startPosition': must be an integer"):
        refiqda.read_project(bad.encode())


# --- writing: round trips validated against the schema -----------------------------------------


@pytest.fixture
def small_project():
    texts = {
        "inch-001": "Het OCMW is ver weg. On ne comprend pas les papiers.\nWe trust the nurse.",
        "inch-002": "De wachttijden zijn lang.",
    }
    segments = pd.DataFrame(
        {
            "source": ["inch-001", "inch-001", "inch-001", "inch-002"],
            "coder": ["coder_a", "coder_a", "coder_b", "coder_a"],
            "code_path": [
                "access/distance",
                "access/language",
                "access/language",
                "responsiveness",
            ],
            "start": [0, 21, 21, 0],
            "end": [20, 52, 52, 25],
            "case": ["case-fl-01"] * 4,
        }
    )
    codes = refiqda.codes_from_paths(
        ["access/distance", "access/language", "responsiveness"],
        descriptions={"access": "Thresholds to services", "access/language": "Language barriers"},
    )
    variables = pd.DataFrame(
        {"source": ["inch-001", "inch-002"], "actor_group": ["family_in_poverty", "social_worker"]}
    )
    return refiqda.build_project(segments, texts, codes, variables, name="test"), segments, texts


def test_written_project_is_valid_and_round_trips(small_project, schema):
    project, segments, texts = small_project
    archive = refiqda.project_bytes(project)
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert schema.is_valid(zf.read("project.qde")), schema.validate(zf.read("project.qde"))
    again = refiqda.read_project(archive)
    got = again.segments.sort_values(["source", "coder", "start"]).reset_index(drop=True)
    want = segments.sort_values(["source", "coder", "start"]).reset_index(drop=True)
    assert got[["source", "coder", "code_path"]].equals(want[["source", "coder", "code_path"]])
    assert got["start"].tolist() == want["start"].tolist()
    assert got["text"].tolist() == [
        texts[s][a:b] for s, a, b in want[["source", "start", "end"]].itertuples(index=False)
    ]
    assert set(got["case"]) == {"case-fl-01"}
    codes = again.codes.set_index("code_path")
    assert codes.loc["access/language", "description"] == "Language barriers"
    assert codes.loc["access", "level"] == 1
    assert again.source_variables().set_index("source")["actor_group"].to_dict() == {
        "inch-001": "family_in_poverty",
        "inch-002": "social_worker",
    }
    # coders share one selection per range: two codings on one PlainTextSelection each
    assert refiqda.project_bytes(project) == archive  # deterministic


def test_real_codebook_round_trips_through_qdc(maxqda, schema):
    written = refiqda.codebook_bytes(maxqda.codes)
    again = refiqda.read_codebook(written)
    cols = ["code_guid", "code_path", "level", "description", "color"]
    assert again[cols].equals(maxqda.codes[cols])
    # the same codebook inside a written project is valid against the schema
    project = refiqda.Project(name="codebook", codes=maxqda.codes)
    assert schema.is_valid(refiqda.project_xml(project))


# --- command line ------------------------------------------------------------------------------


def test_cli_summary_on_the_real_export(reference_dir, capsys):
    status = cli.main(
        ["qda", "summary", str(reference_dir / QDA / "maxqda24_export_codebook_only.qde")]
    )
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[0] == "code_path,n_codings,n_sources,n_coders"
    assert len(out) == 1 + 307
    assert out[1] == "Additional Themes and Ideas,0,0,0"


def test_cli_summary_and_convert_on_a_coded_project(quirky_qdpx, tmp_path, capsys):
    assert cli.main(["qda", "summary", str(quirky_qdpx)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == ["access,1,1,1", "access/language,1,1,1", "never used,0,0,0", "trust,3,3,2"]
    out = tmp_path / "segments.csv"
    assert cli.main(["qda", "convert", str(quirky_qdpx), "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table.columns.tolist() == refiqda.SEGMENT_COLUMNS
    assert len(table) == 5


def test_cli_unreadable_file_exits_2_with_message(tmp_path, capsys):
    bad = tmp_path / "broken.qdpx"
    bad.write_bytes(b"garbage")
    assert cli.main(["qda", "summary", str(bad)]) == 2
    assert "broken.qdpx" in capsys.readouterr().err
