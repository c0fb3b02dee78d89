"""What is committed: source notebooks without outputs, and pre-commit checks that keep it so."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _committed(pattern: str) -> list[Path]:
    """Files under git matching ``pattern`` (the files on disk when this is no git checkout)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--", pattern],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return sorted(REPO.glob(pattern))
    return [REPO / name for name in listed]


NOTEBOOKS = _committed("notebooks/*.ipynb")


def test_there_are_source_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_a_committed_notebook_has_no_outputs_and_no_execution_counts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs") == [], f"{path.name}: cell {number} has outputs"
        assert cell.get("execution_count") is None, f"{path.name}: cell {number} has a count"
        assert "execution" not in cell.get("metadata", {}), f"{path.name}: cell {number} timing"


def test_pre_commit_runs_ruff_check_yaml_and_strips_notebooks():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: repo for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "check-yaml", "nbstripout"} <= set(hooks)
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    (pin,) = re.findall(r"(?m)^ruff==([\w.]+)", lock)
    assert hooks["ruff"]["rev"] == f"v{pin}", "pre-commit's ruff is not the ruff of the lock"
