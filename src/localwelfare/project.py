"""The project a build runs in: its root folder, its version and the git commit it is built from.

Shared by the pipeline (the manifest and the book's hash) and the publishing code (the footer of
every page, the BibTeX of the chapters).

Examples
--------
>>> from localwelfare.project import project_root, project_version
>>> project_version(project_root(".")) == project_version(project_root("."))
True
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

from localwelfare.errors import InputError

#: Overrides the commit shown in the footer (e.g. when building from a release archive).
COMMIT_ENV = "LOCALWELFARE_COMMIT"

__all__ = ["COMMIT_ENV", "git_commit", "project_root", "project_version", "read_yaml"]


def project_root(start: str | os.PathLike) -> Path:
    """The nearest folder at or above ``start`` that holds ``pyproject.toml``."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    raise InputError(f"{start}: no pyproject.toml in this folder or above it")


def project_version(root: str | os.PathLike) -> str:
    """The version in ``root/pyproject.toml`` (the one ``CITATION.cff`` must carry too)."""
    path = Path(root) / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read field 'project.version': {error}") from error


def git_commit(root: str | os.PathLike) -> str | None:
    """Short hash of the checked-out commit of ``root``, ``-dirty`` when tracked files changed.

    ``None`` outside a git checkout (e.g. a release archive); ``LOCALWELFARE_COMMIT`` overrides.
    """
    if os.environ.get(COMMIT_ENV):
        return os.environ[COMMIT_ENV]
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{commit}-dirty" if dirty else commit or None


def read_yaml(path: str | os.PathLike) -> dict:
    """The mapping in the YAML file ``path`` (an empty file is an empty mapping)."""
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
