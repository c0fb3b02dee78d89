"""Content hashes: what decides whether a run executes again, and the stamps that record them.

A run is re-executed only when its :func:`run_hash` changed: the notebook's cells, its parameters
and title, the files and schemas of the data resources it reads (and of the resources those
reference through foreign keys, :func:`localwelfare.data.with_references`), the source of the
helper package and the environment's lock. The hash is kept in the executed notebook's metadata
(:func:`cached_hash`), so the executed notebooks are the whole cache. The data and the book keep
theirs in stamp files (:func:`is_fresh`, :func:`write_atomically`).

It calls the ``runs`` room only (for :class:`~localwelfare.pipeline.runs.Run`), and
:mod:`localwelfare.data` for the data package's descriptor.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from localwelfare import data
from localwelfare.pipeline.runs import Run

#: The helper package, whose source every run imports.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Every package of the environment pinned with its hashes (``make lock``).
LOCK_FILE = "requirements.lock"
#: Parts of the package that cannot change what a notebook computes: the command line and the
#: publishing extension. Editing them re-executes no run.
NOT_IN_RUNS = ("cli.py", "__main__.py", "publishing", "commands")


def sha(*parts: bytes) -> str:
    """SHA-256 over the SHA-256 of each part (so that parts cannot run into each other)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def notebook_content(path: Path) -> bytes:
    """The cells' sources and tags, so that stray outputs or metadata do not count."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [
        (c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", []))
        for c in nb["cells"]
    ]
    return json.dumps(cells).encode()


def package_hash() -> str:
    """Hash of the helper package's source (what the notebooks import)."""
    files = sorted(
        f
        for f in PACKAGE_DIR.rglob("*.py")
        if f.relative_to(PACKAGE_DIR).parts[0] not in NOT_IN_RUNS
    )
    return sha(*(str(f.relative_to(PACKAGE_DIR)).encode() + f.read_bytes() for f in files))


def lock_hash(project: Path) -> str | None:
    """SHA-256 of the project's :data:`LOCK_FILE` (None without one): the environment the runs
    execute in, recorded in each run's manifest and part of its content hash."""
    path = Path(project) / LOCK_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _resources_read(data_dir: Path, resources: list[str]) -> dict[str, dict]:
    """``resources`` and every resource their foreign keys reach, by name (sorted)."""
    return data.with_references(data.descriptor(data_dir), resources)


def data_hash(data_dir: Path, resources: list[str]) -> str:
    """Hash of the files and schemas of ``resources`` and of the resources they reference."""
    parts = []
    for res in _resources_read(data_dir, resources).values():
        parts.append(json.dumps(res, sort_keys=True).encode())
        parts.append((data_dir / res["path"]).read_bytes())
    return sha(*parts)


def input_files(data_dir: Path, resources: list[str]) -> dict[str, str]:
    """SHA-256 of the file of each resource in ``resources`` and in those they reference."""
    return {
        res["path"]: hashlib.sha256((data_dir / res["path"]).read_bytes()).hexdigest()
        for res in _resources_read(data_dir, resources).values()
    }


def run_hash(run: Run, parameters: dict, data_dir: Path, package: str) -> str:
    """The content hash that decides whether ``run`` must execute again."""
    return sha(
        notebook_content(run.notebook),
        json.dumps(parameters, sort_keys=True, default=repr).encode(),
        json.dumps(run.title).encode(),
        data_hash(data_dir, run.reads).encode(),
        package.encode(),
    )


def cached_hash(output: Path) -> str | None:
    """The content hash stored in an executed notebook, if any."""
    try:
        nb = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return nb.get("metadata", {}).get("localwelfare", {}).get("hash")


def is_fresh(stamp: Path, digest: str) -> bool:
    """Whether the stamp file ``stamp`` records ``digest``: what it stamps is up to date."""
    return stamp.is_file() and stamp.read_text() == digest


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader (or an interrupted build) never sees half."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
