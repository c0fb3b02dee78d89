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
:mod:`.networks`          ``organisations``, ``ties`` (WP1 whole-network survey of every network),
                          ``welfare_meetings`` (attendance of the Antwerp welfare meetings)
:mod:`.qualitative`       ``interviews.qdpx`` (WP2/WP4 coded interviews, REFI-QDA; what each
                          speaker can say: :mod:`.utterances`),
                          ``coded_segments`` (de-identified; the register stays private:
                          :func:`private_register`)
:mod:`.pcsw`              ``pcsw_survey`` (WP3 BBOX web survey of PCSWs: 4 planted practice types)
:mod:`.vignettes`         ``vignette_workers``, ``vignette_ratings`` (WP3 factorial survey of the
                          case-study PCSWs' social workers: language and cooperation weigh most)
========================  ==========================================================================

Later modules receive the tables made before them, so foreign keys always resolve. A module's
``generate(seed, tables, null=False)`` returns a dict: a DataFrame value is written as
``<name>.csv``, a bytes value is written verbatim to the file ``<name>`` (which then carries its
extension).

Null data and what was planted
------------------------------
``null=True`` (``python -m localwelfare synthesize --null``) generates data of the same design
with every planted effect switched off: the same units, sizes, response and missingness, but no
group differences, no associations and no special positions. The analyses' calibration tests
run on such folders: a claim supported there is a false positive. :data:`PLANTED` lists the
claims (``run``, ``claim_id``) that the planted effects should make supported, those too small for
the design to find reliably with their ``power``; every ``synthesize`` writes it to
``planted.json`` (empty with ``--null``).

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
MODULES = ["design", "newcomers", "networks", "qualitative", "pcsw", "vignettes"]


def rng_for(seed: int, part: str):
    """Return a numpy Generator for one part, independent of the other parts' draws."""
    import numpy as np

    return np.random.default_rng([seed, int.from_bytes(part.encode()[:8].ljust(8, b"\0"), "big")])


#: The claims of the claims table (:mod:`localwelfare.findings`) that the planted effects should
#: make supported, each with the effect behind it (the modules' docstrings give the sizes). An
#: entry with ``power`` is planted but too small for the design to find reliably: ``power`` is
#: the chance that the design finds it (below 0.8; computed from the planted size and the
#: design's groups, the module says how), so the calibration tests do not expect it to be
#: supported, and the chapters' limitations state that power. Not listed: the Antwerp centres'
#: differences (4 centres, about 5 clients each), the heavier weight of cooperation in
#: conditional PCSWs' vignettes (few case-study PCSWs of that type answered the survey), and
#: the second-level codes of Oud Noord's themes and its smaller group differences (8 interviews
#: per group), whose power has no closed form here; the modules' docstrings name them.
PLANTED: list[dict[str, str | float]] = [
    {"run": "wp1-inch", "claim_id": "density-by-mode", "effect": "governance mode sets density"},
    {
        "run": "wp1-inch",
        "claim_id": "centralization-by-mode",
        "effect": "lead organisations and coordination offices centralise their networks",
    },
    {"run": "wp1-inch", "claim_id": "focal-betweenness", "effect": "PCSWs broker more"},
    {
        "run": "wp1-inch",
        "claim_id": "margin-informal-indegree",
        "effect": "informal members lose most of their collaborations (they sit at the margin)",
    },
    {
        "run": "wp1-inch",
        "claim_id": "margin-informal-reach",
        "effect": "informal members lose most of their collaborations (they sit at the margin)",
    },
    {
        "run": "wp1-inch",
        "claim_id": "margin-informal-core",
        "effect": "informal members lose most of their collaborations (they sit at the margin)",
    },
    {
        "run": "wp1-antwerp",
        "claim_id": "compare-degree",
        "effect": "Zurich's partners collaborate across the neighbourhood, Antwerp's in clusters",
    },
    {
        "run": "wp1-antwerp",
        "claim_id": "meetings-degree",
        "effect": "the better connected a partner, the likelier it attends the welfare meetings",
    },
    {"run": "wp1-antwerp", "claim_id": "focal-betweenness", "effect": "centres are the brokers"},
    {"run": "wp1-oud-noord", "claim_id": "mixing", "effect": "formal and informal co-exist"},
    {
        "run": "wp2-oud-noord",
        "claim_id": "theme-advocacy",
        "effect": "informal actors speak for residents and link them to formal services more",
    },
    {
        "run": "wp2-oud-noord",
        "claim_id": "theme-trust",
        "effect": "informal actors speak more of (low) trust in the formal domain and their own",
    },
    {
        "run": "wp2-inch",
        "claim_id": "theme-network-organisation",
        "effect": "policy makers speak of network organisation, families hardly",
    },
    {
        "run": "wp2-inch",
        "claim_id": "theme-fragmentation",
        "effect": "social workers speak of fragmentation, policy makers and families less",
    },
    {
        "run": "wp2-inch",
        "claim_id": "theme-working-conditions",
        "effect": "social workers speak of their working conditions, families hardly",
    },
    {
        "run": "wp2-antwerp",
        "claim_id": "theme-working-conditions",
        "effect": "social workers speak of their working conditions, clients hardly",
    },
    {
        "run": "wp2-inch",
        "claim_id": "practices-stigma",
        "effect": "families speak of stigma, policy makers hardly",
    },
    {
        "run": "wp2-inch",
        "claim_id": "client-integration",
        "effect": "the broader a family's needs, the fewer of its life domains the network answers",
    },
    {
        "run": "wp2-antwerp",
        "claim_id": "conditions-caseload",
        "effect": "social workers speak of their caseload, clients hardly",
    },
    {
        "run": "wp2-antwerp",
        "claim_id": "conditions-emotional-burden",
        "effect": "social workers speak of the emotional burden of their work, clients hardly",
    },
    {
        "run": "wp2-antwerp",
        "claim_id": "conditions-time-pressure",
        "effect": "social workers speak of time pressure, clients hardly",
    },
    {
        "run": "wp2-bbox",
        "claim_id": "theme-rules-and-policy",
        "effect": "PCSW managers speak of rules and policy more",
    },
    {
        "run": "wp2-bbox",
        "claim_id": "theme-rationales",
        "effect": "PCSW social workers speak of the rationales of their decisions more",
    },
    {"run": "wp3-typology", "claim_id": "types-by-region", "effect": "types differ by region"},
    {"run": "wp3-typology", "claim_id": "types-by-size", "effect": "types differ by size"},
    {"run": "wp3-vignettes", "claim_id": "aid-language", "effect": "language weighs on aid"},
    {"run": "wp3-vignettes", "claim_id": "aid-cooperation", "effect": "cooperation weighs on aid"},
    {
        "run": "wp3-vignettes",
        "claim_id": "aid-legal_status",
        "effect": "the other statuses get less aid",
    },
    {"run": "wp3-vignettes", "claim_id": "aid-household", "effect": "families get more aid"},
    {
        "run": "wp3-vignettes",
        "claim_id": "aid-employment_history",
        "effect": "having worked in Belgium brings more aid",
    },
    {
        "run": "wp3-vignettes",
        "claim_id": "aid-language-by-type",
        "effect": "language hardly weighs in accommodating PCSWs (discretion differs by type)",
    },
    {
        "run": "wp3-vignettes",
        "claim_id": "refer-language",
        "effect": "cases who need an interpreter are referred more",
    },
    {
        "run": "wp3-vignettes",
        "claim_id": "refer-years_in_belgium",
        "effect": "recent arrivals are referred more",
    },
    {
        "run": "wp3-vignettes",
        "claim_id": "refer-employment_history",
        "effect": "cases who never worked are referred more",
    },
    {
        "run": "wp4-newcomers",
        "claim_id": "accessibility-by-region",
        "effect": "accessibility differs by region",
    },
    {
        "run": "wp4-newcomers",
        "claim_id": "trust-by-legal_status",
        "effect": "trust differs by legal status",
    },
    {
        "run": "wp4-newcomers",
        "claim_id": "fairness-by-legal_status",
        "effect": "the other statuses find decisions less fair, recognised refugees more",
        "power": 0.78,
    },
    {
        "run": "wp4-newcomers",
        "claim_id": "fairness-by-region",
        "effect": "newcomers in Brussels find decisions less fair",
        "power": 0.16,
    },
]


def planted(null: bool = False) -> list[dict[str, str | float]]:
    """Return the claims the planted effects should make supported (none for null data)."""
    return [] if null else [dict(p) for p in PLANTED]


def generate_all(seed: int = DEFAULT_SEED, null: bool = False) -> dict[str, pd.DataFrame | bytes]:
    """Generate every raw resource from ``seed`` (``null``: with every planted effect off)."""
    tables: dict[str, pd.DataFrame | bytes] = {}
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        tables.update(module.generate(seed, tables, null=null))
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


def write_all(
    out_dir: str | os.PathLike, seed: int = DEFAULT_SEED, null: bool = False
) -> list[Path]:
    """Generate every raw resource from ``seed`` into ``out_dir`` and return the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, value in generate_all(seed, null=null).items():
        if isinstance(value, bytes):
            path = out / name
            path.write_bytes(value)
        else:
            path = out / f"{name}.csv"
            write_csv(value, path)
        written.append(path)
    return written
