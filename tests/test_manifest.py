"""Reproducibility: each run's manifest, and `verify`, which re-executes and compares."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from conftest import write_notebook

from localwelfare import pipeline

GLUING = """
import numpy as np
import pandas as pd
from myst_nb import glue
from localwelfare import data
total = float(data.load("alpha")["value"].sum() * scale)
glue("total", total, display=False)
glue("noise", float(np.random.default_rng(seed).normal()), display=False)
pd.DataFrame({"label": [label], "total": [total]}).style.format(precision=2)
"""
PARAMS = 'scale: int = 1  # multiplier\nlabel: str = "x"  # a label\nseed: int = 7  # the seed\n'


@pytest.fixture
def gluing(project):
    write_notebook(project / "notebooks" / "sums.ipynb", GLUING, PARAMS)
    pipeline.execute_runs(project, ["one", "two"], jobs=2)
    return project


def test_each_run_records_inputs_parameters_seed_versions_and_outputs(gluing):
    manifest = json.loads((gluing / "book" / "runs" / "manifest.json").read_text())
    one = manifest["runs"]["one"]
    alpha = hashlib.sha256((gluing / "data" / "raw" / "alpha.csv").read_bytes()).hexdigest()
    assert one["inputs"] == {"raw/alpha.csv": alpha}
    assert one["parameters"] == {"scale": 1, "label": "x", "seed": 7}  # defaults included
    assert one["seed"] == {"seed": 7}
    assert one["versions"]["pandas"] == pd_version()
    assert one["outputs"]["glue"]["total"] == "2.0"  # 0.5 + 1.5
    assert manifest["runs"]["two"]["outputs"]["glue"]["total"] == "4.0"
    assert len(one["outputs"]["tables"]) == 1


def pd_version() -> str:
    import pandas

    return pandas.__version__


def test_two_executions_give_identical_glued_values_and_tables(gluing, tmp_path):
    """Byte for byte, styled tables included (pandas gives them random ids otherwise)."""
    again = tmp_path / "again"
    pipeline.execute_runs(gluing, ["one", "two"], force=True, output_dir=again)
    first = pipeline.collect_manifest(gluing / "book" / "runs")
    second = pipeline.collect_manifest(again)
    assert pipeline.compare_manifests(first, second) == []
    html = [
        json.loads(p.read_text())["cells"][-1]["outputs"][-1]["data"]["text/html"]
        for p in (gluing / "book" / "runs" / "one.ipynb", again / "one.ipynb")
    ]
    assert html[0] == html[1]


def _verify(project, published):
    return subprocess.run(
        [sys.executable, "-m", "localwelfare", "verify", "--project", str(project)]
        + ["--published", str(published)],
        capture_output=True,
        text=True,
    )


def test_verify_passes_on_a_reproducible_book_and_names_what_differs(gluing, tmp_path):
    published = gluing / "book" / "runs" / "manifest.json"
    pipeline.execute_runs(gluing, jobs=2)  # all three runs
    before = {p.name: p.read_bytes() for p in (gluing / "book" / "runs").glob("*.ipynb")}
    result = _verify(gluing, published)
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in (gluing / "book" / "runs").glob("*.ipynb")} == before

    tampered = json.loads(published.read_text())
    tampered["runs"]["two"]["outputs"]["glue"]["total"] = "4.5"
    tampered["runs"]["one"]["outputs"]["tables"][0] = "0" * 64
    changed = tmp_path / "manifest.json"
    changed.write_text(json.dumps(tampered))
    result = _verify(gluing, changed)
    assert result.returncode == 1
    assert "two: glued value 'total': published '4.5', now '4.0'" in result.stderr
    assert "one: table(s) 1 differ" in result.stderr


def test_verify_catches_a_result_that_is_not_reproducible(gluing):
    unseeded = GLUING.replace("default_rng(seed)", "default_rng()")
    write_notebook(gluing / "notebooks" / "sums.ipynb", unseeded, PARAMS)
    pipeline.execute_runs(gluing, ["one", "two"], jobs=2)
    result = _verify(gluing, gluing / "book" / "runs" / "manifest.json")
    assert result.returncode == 1
    assert "one: glued value 'noise'" in result.stderr


def test_the_appendix_shows_each_run_with_its_inputs_seeds_and_versions(gluing):
    from localwelfare.errors import InputError
    from localwelfare.publishing import sphinxext

    text = sphinxext.manifest_markdown(pipeline.collect_manifest(gluing / "book" / "runs"))
    alpha = hashlib.sha256((gluing / "data" / "raw" / "alpha.csv").read_bytes()).hexdigest()
    row = next(line for line in text.splitlines() if line.startswith("| `one` |"))
    assert f"`raw/alpha.csv` `{alpha[:12]}`" in row
    assert "`seed` 7" in row and '`label="x"`' in row  # a parameter's value set as code
    assert f"| pandas | {pd_version()} |" in text
    with pytest.raises(InputError, match="no run recorded"):
        sphinxext.manifest_markdown({"runs": {}})


def test_the_manifest_leaves_out_runs_no_longer_declared(gluing):
    runs = gluing / "book" / "runs"
    stale = json.loads((runs / "one.ipynb").read_text())
    stale["metadata"]["localwelfare"]["run"] = "removed"
    (runs / "removed.ipynb").write_text(json.dumps(stale))
    assert set(pipeline.execute_runs(gluing).values()) == {"cached", "executed"}
    manifest = json.loads((runs / "manifest.json").read_text())
    assert set(manifest["runs"]) == {"one", "two", "three"}
    cells = manifest["runs"]["one"]["cells"]
    write_notebook(gluing / "notebooks" / "sums.ipynb", GLUING + "\n# edited", PARAMS)
    pipeline.execute_runs(gluing, ["one"])
    edited = json.loads((runs / "manifest.json").read_text())["runs"]["one"]["cells"]
    assert edited != cells


def test_the_manifest_records_the_lock_and_a_new_lock_executes_every_run_again(gluing, tmp_path):
    lock = gluing / pipeline.LOCK_FILE
    lock.write_text("pandas==3.1.1 --hash=sha256:" + "0" * 64 + "\n")
    assert set(pipeline.execute_runs(gluing, ["one", "two"]).values()) == {"executed"}
    runs = gluing / "book" / "runs"
    first = json.loads((runs / "manifest.json").read_text())
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    assert {r["lock"] for r in first["runs"].values()} == {digest}
    from localwelfare.publishing import sphinxext

    assert f"| requirements.lock (SHA-256) | `{digest[:12]}` |" in sphinxext.manifest_markdown(
        first
    )
    assert set(pipeline.execute_runs(gluing, ["one", "two"]).values()) == {"cached"}
    lock.write_text(lock.read_text().replace("3.1.1", "3.1.2"))
    assert set(pipeline.execute_runs(gluing, ["one", "two"]).values()) == {"executed"}
    # a result that differs is explained by the other environment
    again = json.loads((runs / "manifest.json").read_text())
    again["runs"]["one"]["outputs"]["glue"]["total"] = "2.5"
    problems = pipeline.compare_manifests(first, again)
    assert problems[0] == "one: glued value 'total': published '2.0', now '2.5'"
    assert problems[-1].startswith(f"one: requirements.lock differs (published {digest}, now ")
    assert pipeline.compare_manifests(first, first) == []
