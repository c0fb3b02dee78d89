"""Shared fixtures: where the reference data and the repository are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE_DATA = Path(
    os.environ.get("LOCALWELFARE_REFERENCE_DATA", REPO.parent / "shared" / "reference-data")
)


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The folder of published reference data (``../shared/reference-data``).

    Tests that need it are skipped, with the reason, when it is absent; ``.ci/run`` refuses to run
    without it, so in CI they always run.
    """
    if not REFERENCE_DATA.is_dir():
        pytest.skip(
            f"reference data not found at {REFERENCE_DATA} "
            "(set LOCALWELFARE_REFERENCE_DATA to its folder)"
        )
    return REFERENCE_DATA
