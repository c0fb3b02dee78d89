"""Seeded generator of every raw resource of the data package.

There is no public raw data from the studies this compendium serves, so every resource under
``data/raw`` is generated here, deterministically from one seed, following the study designs. Each
submodule generates the resources of one part and documents the effects it plants, so that the
analyses have something to find and the tests can check that they find it:

========================  ==========================================================================
module                    resources
========================  ==========================================================================
:mod:`.design`            ``municipalities`` (the real REFNIS frame), ``networks``,
                          ``qualitative_cases``, ``interview_plan``
:mod:`.newcomers`         ``newcomer_interviews`` (WP4: 90 BBOX respondents, Likert items)
:mod:`.networks`          ``organisations``, ``ties`` (WP1 whole-network survey of every network)
:mod:`.qualitative`       ``interviews.qdpx`` (WP2/WP4 coded interviews, REFI-QDA),
                          ``coded_segments`` (de-identified; the register stays private:
                          :func:`private_register`)
:mod:`.pcsw`              ``pcsw_survey`` (WP3 BBOX web survey of PCSWs: 4 planted practice types)
========================  ==========================================================================

Later modules receive the tables made before them, so foreign keys always resolve. A module's
``generate(seed, tables)`` returns a dict: a DataFrame value is written as ``<name>.csv``, a bytes
value is written verbatim to the file ``<name>`` (which then carries its extension).

Examples
--------
>>> from localwelfare.synthetic import generate_all
>>> tables = generate_all(seed=20240601)  # doctest: +SKIP
>>> len(tables["networks"])  # doctest: +SKIP
22
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pandas as pd

#: The seed of the committed ``data/raw``.
DEFAULT_SEED = 20240601

#: Generator modules in the order they run; each may use the tables of those before it.
MODULES = ["design", "newcomers", "networks", "qualitative", "pcsw"]


def rng_for(seed: int, part: str):
    """Return a numpy Generator for one part, independent of the other parts' draws."""
    import numpy as np

    return np.random.default_rng([seed, int.from_bytes(part.encode()[:8].ljust(8, b"\0"), "big")])


def generate_all(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame | bytes]:
    """Generate every raw resource from ``seed``."""
    tables: dict[str, pd.DataFrame | bytes] = {}
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        tables.update(module.generate(seed, tables))
    return tables


def private_register(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Return the synthetic de-identification register (``term, kind, replacement``) that a project
    would keep in ``private/register.csv``: see :func:`.qualitative.private_register`."""
    from localwelfare.synthetic import qualitative

    return qualitative.private_register(seed)


def write_private(out_dir: str | os.PathLike, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the synthetic private files to ``out_dir``: ``register.csv`` (de-identification
    register) and ``participants.csv`` (participant register); return the files written."""
    from localwelfare.synthetic import design, qualitative

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan = design.generate(seed, {})["interview_plan"]
    files = {
        "register.csv": qualitative.private_register(seed),
        "participants.csv": qualitative.participant_register(plan, seed),
    }
    for name, frame in files.items():
        write_csv(frame, out / name)
    return [out / name for name in files]


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a DataFrame as the data package's CSV dialect: UTF-8, ``\\n`` line ends, no index,
    booleans as ``true``/``false``, missing values empty."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == bool or str(out[col].dtype) == "boolean":
            out[col] = out[col].map({True: "true", False: "false"})
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_all(out_dir: str | os.PathLike, seed: int = DEFAULT_SEED) -> list[Path]:
    """Generate every raw resource from ``seed`` into ``out_dir`` and return the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, value in generate_all(seed).items():
        if isinstance(value, bytes):
            path = out / name
            path.write_bytes(value)
        else:
            path = out / f"{name}.csv"
            write_csv(value, path)
        written.append(path)
    return written
