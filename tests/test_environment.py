"""The environment: direct dependencies pinned in pyproject.toml, every package pinned with its
hashes in requirements.lock (compiled from pyproject.toml by `make lock`), installed from the lock.

A lock that no longer matches pyproject.toml is stale: `make lock` recompiles it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STALE = "requirements.lock does not match pyproject.toml: run `make lock`"


def _name(requirement: str) -> str:
    """A requirement's name as the lock writes it (PEP 503 normalised)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def _project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _direct() -> dict[str, str]:
    """Every direct dependency (core and extras) -> its requirement text."""
    project = _project()["project"]
    listed = [*project["dependencies"], *sum(project["optional-dependencies"].values(), [])]
    return {_name(r): r for r in listed}


def _lock() -> dict[str, list[tuple[str, str]]]:
    """name -> [(version, the whole entry)] of requirements.lock (one per environment marker)."""
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"(?m)^(?=[A-Za-z0-9])", text)
    locked: dict[str, list[tuple[str, str]]] = {}
    for entry in entries:
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+)", entry)
        if match:
            locked.setdefault(_name(match[1]), []).append((match[2], entry))
    return locked


def test_every_direct_dependency_is_pinned_exactly():
    for requirement in _direct().values():
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[\w.]+", requirement), f"{requirement}: not pinned"


def test_the_book_and_the_tests_have_their_extras_and_jupyterlab_myst_is_pinned():
    extras = _project()["project"]["optional-dependencies"]
    assert {"book", "test"} <= set(extras)
    assert any(_name(r) == "jupyter-book" for r in extras["book"])
    assert any(_name(r) == "jupyterlab-myst" for r in extras["book"])
    assert any(_name(r) == "pytest" for r in extras["test"])


def test_the_lock_pins_every_package_with_hashes():
    locked = _lock()
    assert len(locked) > len(_direct())  # transitive packages too
    for name, versions in locked.items():
        for version, entry in versions:
            assert "--hash=sha256:" in entry, f"requirements.lock: {name}=={version} has no hash"
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert not re.search(r"(?m)^-e ", text), "an editable line cannot be hash-checked"
    assert "make lock" in text.splitlines()[1], "the lock names the command that compiles it"


def test_the_lock_holds_exactly_the_direct_dependencies_of_pyproject():
    locked, direct = _lock(), _direct()
    for name, requirement in direct.items():
        assert name in locked, f"{name} is not in the lock; {STALE}"
        wanted = requirement.split("==")[1]
        assert {v for v, _ in locked[name]} == {wanted}, f"{name}: {STALE}"
    by_project = {n for n, entries in locked.items() for _, e in entries if "(pyproject.toml)" in e}
    assert by_project == set(direct), STALE


def test_setuptools_is_recent_enough_for_a_plain_string_licence():
    config = _project()
    assert isinstance(config["project"]["license"], str)
    (setuptools,) = [r for r in config["build-system"]["requires"] if _name(r) == "setuptools"]
    minimum = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", setuptools)
    assert minimum and int(minimum[1]) >= 77, setuptools


def test_make_installs_the_lock_with_hashes_then_the_package_without_dependencies():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    stamp = re.search(r"(?ms)^\$\(STAMP\): (.*?)\n\n", makefile)
    assert stamp, "the Makefile's install rule"
    rule = stamp[1]
    assert "requirements.lock" in rule.splitlines()[0] and "pyproject.toml" in rule.splitlines()[0]
    hashed = rule.index("--require-hashes -r requirements.lock")
    assert hashed < rule.index("--no-deps -e .") < rule.index("pip check")
    assert re.search(r"(?m)^lock:", makefile) and "--generate-hashes" in makefile


@pytest.mark.parametrize("entry", ["requirements.txt", "postBuild"])
def test_binder_installs_the_lock_and_then_the_package(entry):
    text = (REPO / entry).read_text(encoding="utf-8")
    if entry == "requirements.txt":
        lines = [line for line in text.splitlines() if line and not line.startswith("#")]
        assert lines == ["-r requirements.lock"]
    else:
        assert "pip install --no-deps -e ." in text
        assert (REPO / entry).stat().st_mode & 0o111, "postBuild must be executable"


def test_jupyterlab_loads_jupyterlab_myst():
    """jupyterlab-myst 2.7.0 wants @jupyter/ydoc 3, which JupyterLab 4.6 no longer shares; an
    incompatible extension is not loaded (jupyter-book/jupyterlab-myst#296)."""
    pytest.importorskip("jupyterlab_myst")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-labextension")), "list"],
        capture_output=True,
        text=True,
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # colours
    assert re.search(r"jupyterlab-myst v[\w.]+ enabled\s+OK", text), text
    assert "not compatible" not in text, text
