"""The study design in numbers: frames and samples by region.

Examples
--------
>>> import pandas as pd
>>> from localwelfare.design import samples_by_region
>>> frame = pd.DataFrame({"nis_code": ["1", "2"], "region": ["flanders", "brussels"],
...                       "country": ["BE", "BE"]})
>>> empty = pd.DataFrame({"region": [], "study": [], "pcsw": []})
>>> samples_by_region(frame, empty, empty, empty)["pcsws"].tolist()
[1, 0, 1, 2]
"""

from __future__ import annotations

import pandas as pd

REGIONS = ["flanders", "wallonia", "brussels"]


def samples_by_region(
    municipalities: pd.DataFrame,
    networks: pd.DataFrame,
    cases: pd.DataFrame,
    plan: pd.DataFrame,
) -> pd.DataFrame:
    """One row per Belgian region (and a total): PCSWs in the frame and what was sampled.

    Columns: ``region``, ``pcsws`` (municipalities, one PCSW each), ``inch_networks``,
    ``inch_cases`` (qualitative cases), ``inch_interviews``, ``newcomer_interviews``,
    ``newcomer_pcsws`` (PCSWs whose clients were interviewed).
    """
    frame = municipalities[municipalities["country"] == "BE"]

    def count(table, study=None, column=None):
        rows = table if study is None else table[table["study"] == study]
        grouped = rows.groupby(rows["region"].astype(str))
        counts = grouped[column].nunique() if column else grouped.size()
        return counts.reindex(REGIONS, fill_value=0).astype(int)

    table = pd.DataFrame(
        {
            "pcsws": count(frame),
            "inch_networks": count(networks, "inch"),
            "inch_cases": count(cases, "inch"),
            "inch_interviews": count(plan, "inch"),
            "newcomer_interviews": count(plan, "bbox"),
            "newcomer_pcsws": count(plan, "bbox", "pcsw"),
        },
        index=pd.Index(REGIONS, name="region"),
    )
    table.loc["total"] = table.sum()
    return table.reset_index()


def interviews_by_group(plan: pd.DataFrame) -> pd.DataFrame:
    """Interviews per study and actor group (one row per pair that occurs)."""
    counts = plan.groupby([plan["study"].astype(str), plan["actor_group"].astype(str)]).size()
    return counts.rename("interviews").reset_index()
