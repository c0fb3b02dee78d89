"""The manifest: what each run computed from what, so that a build can be checked to reproduce.

An executed run records in its notebook's metadata (:func:`run_manifest`) its notebook and cells
hash, the hashes of the data files it read, every parameter's value (defaults included), its seeds
(the parameters its notebook declares as seeds, see
:func:`~localwelfare.pipeline.runs.notebook_parameters`), the versions of the packages that
compute the numbers, the lock's hash and its outputs (every glued value, a hash of every table).
:func:`collect_manifest` gathers these records from a folder of executed runs,
:func:`write_manifest` writes them to ``manifest.json`` and :func:`compare_manifests` says where
two builds differ.

It calls the ``runs`` and ``cache`` rooms only.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from localwelfare.pipeline.cache import (
    LOCK_FILE,
    input_files,
    lock_hash,
    notebook_content,
    write_atomically,
)
from localwelfare.pipeline.runs import Run

MANIFEST = "manifest.json"
#: Packages whose versions a run's manifest records (those that compute the book's numbers).
MANIFEST_PACKAGES = (
    "localwelfare",
    "numpy",
    "scipy",
    "pandas",
    "networkx",
    "scikit-learn",
    "stepmix",
    "pingouin",
    "krippendorff",
    "frictionless",
    "matplotlib",
    "seaborn",
    "papermill",
    "ipykernel",
)


def package_versions() -> dict[str, str]:
    """Python's version and those of :data:`MANIFEST_PACKAGES`."""
    from importlib import metadata

    versions = {"python": sys.version.split()[0]}
    for name in MANIFEST_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def notebook_text(value) -> str:
    """A notebook's multi-line string (a list of lines or one string) as one string."""
    return "".join(value) if isinstance(value, list) else str(value)


def output_record(nb) -> dict:
    """What a run computed, for comparing two executions: every glued value (its text) and a
    SHA-256 of every table the chapter shows (its HTML)."""
    glue, tables = {}, []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {})
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                prefix = output["metadata"]["scrapbook"].get("mime_prefix", "")
                shown = bundle.get(prefix + "text/plain")
                glue[name] = notebook_text(shown) if shown is not None else "(figure)"
            elif "<table" in notebook_text(bundle.get("text/html", "")):
                tables.append(
                    hashlib.sha256(notebook_text(bundle["text/html"]).encode()).hexdigest()
                )
    return {"glue": glue, "tables": tables}


def run_manifest(nb, run: Run, values: dict, declared: dict, data_dir: Path, project: Path) -> dict:
    """The manifest of one executed run: ``nb`` is its executed notebook, ``values`` every
    parameter's value (defaults included) and ``declared`` its notebook's parameters."""
    return {
        "inputs": input_files(data_dir, run.reads),
        "versions": package_versions(),
        "lock": lock_hash(project),
        "notebook": f"notebooks/{run.notebook.name}",
        "cells": hashlib.sha256(notebook_content(run.notebook)).hexdigest(),
        "parameters": values,
        "seed": {n: v for n, v in values.items() if declared[n]["seed"]},
        "outputs": output_record(nb),
    }


def collect_manifest(out_dir: str | os.PathLike, names: list[str] | None = None) -> dict:
    """The manifest of the executed runs in ``out_dir`` (only ``names``, if given): per run its
    notebook's cells hash, inputs' hashes, parameters, seeds, package versions and outputs (glued
    values, table hashes), as recorded when it ran."""
    runs = {}
    for path in sorted(Path(out_dir).glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        record = meta.get("localwelfare", {})
        if "manifest" in record and (names is None or record["run"] in names):
            runs[record["run"]] = record["manifest"]
    return {"runs": runs}


def write_manifest(out_dir: str | os.PathLike, names: list[str] | None = None) -> Path | None:
    """Write ``out_dir/manifest.json`` from the executed runs ``names`` (default: all there);
    nothing when there are none."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    path = out_dir / MANIFEST
    manifest = collect_manifest(out_dir, names)
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False)
    if not path.is_file() or path.read_text(encoding="utf-8") != text + "\n":
        write_atomically(path, text + "\n")
    return path


def compare_manifests(published: dict, fresh: dict) -> list[str]:
    """Every difference between two manifests that matters for the results: inputs, parameters,
    seeds, glued values and tables, per run. Package versions and the lock's hash are compared
    only to explain a difference."""
    problems = []
    for run in sorted(set(published["runs"]) | set(fresh["runs"])):
        old, new = published["runs"].get(run), fresh["runs"].get(run)
        if old is None or new is None:
            problems.append(f"{run}: only in the {'fresh' if old is None else 'published'} build")
            continue
        for part in ("notebook", "cells", "inputs", "parameters", "seed"):
            if old.get(part) != new.get(part):
                problems.append(f"{run}: {part} differ: {old.get(part)} != {new.get(part)}")
        old_glue, new_glue = old["outputs"]["glue"], new["outputs"]["glue"]
        for key in sorted(set(old_glue) | set(new_glue)):
            if old_glue.get(key) != new_glue.get(key):
                problems.append(
                    f"{run}: glued value '{key}': published {old_glue.get(key)!r}, "
                    f"now {new_glue.get(key)!r}"
                )
        old_tables, new_tables = old["outputs"]["tables"], new["outputs"]["tables"]
        changed = [
            i + 1
            for i in range(max(len(old_tables), len(new_tables)))
            if old_tables[i : i + 1] != new_tables[i : i + 1]
        ]
        if changed:
            problems.append(f"{run}: table(s) {', '.join(map(str, changed))} differ")
        if problems and problems[-1].startswith(run) and old["versions"] != new["versions"]:
            diff = {
                k: (old["versions"].get(k), v)
                for k, v in new["versions"].items()
                if old["versions"].get(k) != v
            }
            problems.append(f"{run}: package versions differ (published, now): {diff}")
        if problems and problems[-1].startswith(run) and old.get("lock") != new.get("lock"):
            problems.append(
                f"{run}: {LOCK_FILE} differs (published {old.get('lock')}, now {new.get('lock')})"
            )
    return problems
