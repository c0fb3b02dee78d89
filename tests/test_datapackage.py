"""The data package as Frictionless tools read it: its profile and version, and each resource's
``bytes`` and ``hash``, so that stock ``frictionless validate data/datapackage.json`` checks the
committed files. ``python -m localwelfare synthesize --out data`` keeps them true."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from localwelfare import cli, data

REPO = Path(__file__).resolve().parents[1]
FIX = "run `python -m localwelfare synthesize --out data` to write them"


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / data.DESCRIPTOR).read_text(encoding="utf-8"))


def test_the_package_declares_its_profile_and_the_compendium_version():
    desc = _descriptor(REPO / "data")
    assert desc["profile"] == "data-package"  # a qdpx file is no table: not tabular-data-package
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert desc["version"] == pyproject["project"]["version"]


def test_each_resource_declares_the_bytes_and_hash_of_its_committed_file():
    for res in _descriptor(REPO / "data")["resources"]:
        content = (REPO / "data" / res["path"]).read_bytes()
        expected = {"bytes": len(content), "hash": f"sha256:{hashlib.sha256(content).hexdigest()}"}
        declared = {key: res.get(key) for key in expected}
        assert declared == expected, f"{res['name']}: bytes and hash out of date; {FIX}"


def test_stock_frictionless_validates_the_package():
    tool = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(tool), "validate", "--json", "datapackage.json"],
        cwd=REPO / "data",
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    errors = [e["type"] for task in report["tasks"] for e in task["errors"]] + [
        e["type"] for e in report["errors"]
    ]
    assert result.returncode == 0 and report["valid"], f"{errors}; if hash-count: {FIX}"
    assert len(report["tasks"]) == len(_descriptor(REPO / "data")["resources"])


def test_synthesize_writes_the_bytes_and_hash_of_what_it_wrote(tmp_path, capsys):
    folder = tmp_path / "data"  # a project's data/, regenerated as CONTRIBUTING.md says
    shutil.copytree(REPO / "data", folder)
    desc = _descriptor(folder)
    for res in desc["resources"]:
        res["bytes"], res["hash"] = 1, "sha256:" + "0" * 64
    (folder / data.DESCRIPTOR).write_text(json.dumps(desc, indent=2), encoding="utf-8")
    assert cli.main(["synthesize", "--out", str(folder), "--project", str(tmp_path)]) == 0
    assert _descriptor(folder) == _descriptor(REPO / "data")
    err = capsys.readouterr().err
    assert f"the bytes and hash of {len(desc['resources'])} resource(s) changed" in err
    # other data in another folder: the facts follow the files written
    other = tmp_path / "seed7"
    assert cli.main(["synthesize", "--seed", "7", "--out", str(other), "--project", str(REPO)]) == 0
    for res in _descriptor(other)["resources"]:
        content = (other / res["path"]).read_bytes()
        assert res["hash"] == f"sha256:{hashlib.sha256(content).hexdigest()}", res["name"]
    assert _descriptor(other)["resources"] != _descriptor(REPO / "data")["resources"]


def test_the_compendium_reads_a_folder_whose_files_differ_from_the_declared_hashes(tmp_path):
    """Own data in a copy of data/ need not carry bytes and hash: they are no rule here."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    desc = _descriptor(folder)
    for res in desc["resources"]:
        res["bytes"], res["hash"] = 1, "sha256:" + "0" * 64
    (folder / data.DESCRIPTOR).write_text(json.dumps(desc, indent=2), encoding="utf-8")
    assert data.validate(folder) == []
    assert len(data.load("networks", folder)) > 0


# --- labels of the codes ---------------------------------------------------------------------


def _enum_fields(folder: Path = REPO / "data"):
    for res in data.descriptor(folder)["resources"]:
        for field in (res.get("schema") or {}).get("fields", []):
            if "enum" in field.get("constraints", {}):
                yield res["name"], field


def test_every_code_has_a_label_in_english_dutch_and_french():
    """Each enum field lists its codes as Frictionless categories, in the enum's order, each with
    an English label and its Dutch and French forms; a label is words, never the raw code."""
    fields = list(_enum_fields())
    assert len(fields) >= 40  # every schema's enums, from regions to the answer codes
    for resource, field in fields:
        where = f"{resource}.{field['name']}"
        categories = field.get("categories")
        assert categories, f"{where}: no categories"
        assert [c["value"] for c in categories] == field["constraints"]["enum"], where
        for category in categories:
            other = category.get("labels", {})
            forms = [category.get("label"), other.get("nl"), other.get("fr")]
            assert all(isinstance(f, str) and f.strip() for f in forms), (where, category)
            assert not any("_" in f for f in forms), (where, category)


def test_every_questionnaire_statement_reads_in_dutch_and_french():
    """The newcomers' questionnaire items (fields with a ``scale``) give their statement in
    English (``title``) and in Dutch and French (``titles``), for the summaries' item chart."""
    items = [
        field
        for res in data.descriptor(REPO / "data")["resources"]
        for field in (res.get("schema") or {}).get("fields", [])
        if field.get("scale")
    ]
    assert len(items) == 14  # 4 accessibility, 4 responsiveness, 3 trust, 3 fairness items
    for field in items:
        forms = [field["title"], field["titles"]["nl"], field["titles"]["fr"]]
        assert len(set(forms)) == 3, field["name"]  # three languages, three sentences
        assert all(f.strip().endswith(".") for f in forms), field["name"]
    statements = {f["name"]: f["titles"] for f in items}
    assert "OCMW" in statements["quality_referral"]["nl"]
    assert "CPAS" in statements["quality_referral"]["fr"]


def test_a_field_in_several_resources_labels_its_codes_alike():
    seen: dict[tuple, dict] = {}
    for resource, field in _enum_fields():
        for category in field["categories"]:
            key = (field["name"], category["value"])
            forms = {"en": category["label"], **category["labels"]}
            assert seen.setdefault(key, forms) == forms, (resource, key)


def test_the_tables_read_code_labels_from_the_data_package(tmp_path, monkeypatch):
    """The data package is the one source of a code's label: change it there and the tables,
    the glued words and the summaries change with it."""
    from localwelfare import chapter, display

    assert display.value_label("shared_participant", "nl") == "gedeeld bestuur"
    assert chapter.translate("family_in_poverty", "fr") == "famille en situation de pauvreté"
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    path = folder / "schemas" / "networks.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "governance_mode")
    field["categories"][0]["labels"]["nl"] = "gedeelde sturing"
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(folder))
    assert display.value_label("shared_participant", "nl") == "gedeelde sturing"
    assert chapter.translate("shared_participant", "nl") == "gedeelde sturing"


def test_no_code_of_the_data_package_has_a_second_label_in_the_vocabulary():
    """A word of the prose that is also a code of the data (``moderate``) reads the same in both;
    the codes' labels live in the data package only."""
    from localwelfare import chapter

    for resource, field in _enum_fields():
        for category in field["categories"]:
            word = str(category["value"]).replace("_", " ")
            if word in chapter.VOCABULARY:
                forms = (category["label"], category["labels"]["nl"], category["labels"]["fr"])
                assert chapter.VOCABULARY[word] == forms, (resource, field["name"], word)
