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
