"""The newcomer interviews of the BBOX study (WP4): who was interviewed and the closing
questionnaire.

``newcomer_interviews``
    One row per BBOX interview of ``interview_plan`` (90: 30 per region, 20 PCSWs); ``region``,
    ``pcsw`` and ``interview_language`` are taken from the plan. Drawn per respondent: legal
    status, years in Belgium (0-4), gender, age band and a coarse origin region (the interview
    language makes some origins likely: Arabic -> Middle East and North Africa, Farsi/Dari ->
    South and Central Asia, Tigrinya -> sub-Saharan Africa, Ukrainian -> Europe outside the EU,
    and the latter mostly hold the "other" status, i.e. temporary protection). Then 14 five-point
    Likert items in four scales (codes: 1 strongly disagree ... 5 strongly agree, 8 don't know,
    empty = no answer):

    - accessibility: ``access_where_to_go``, ``access_understood``, ``access_documents``,
      ``access_waiting_r`` (reverse-keyed: "I had to wait too long");
    - responsiveness and quality: ``quality_listened``, ``quality_explained``, ``quality_timely``,
      ``quality_referral``;
    - trust in the PCSW: ``trust_honest``, ``trust_confidential``, ``trust_interest``;
    - fairness of discretionary decisions: ``fair_same_treatment``, ``fair_explained``,
      ``fair_decisions``.

Planted effects (on a latent scale of standard-deviation about 1 per scale, answers cut into five
categories):

- accessibility is higher in Flanders (+0.4) and lower in Brussels (-0.6) than in Wallonia, and
  rises with years in Belgium (+0.1 a year);
- trust is higher for recognised refugees (+0.5) and lower for the "other" statuses (-0.5) than
  for subsidiary protection;
- fairness is lower for the "other" statuses (-0.6), higher for recognised refugees (+0.3), and
  lower in Brussels (-0.3): too small for the design to find reliably, so ``planted.json`` gives
  the power to find them (:func:`localwelfare.models.achieved_power` of the standardised
  differences of :func:`planted_differences` with three groups of the design's size: 30 per
  region; for legal status the smallest expected group, 24 with subsidiary protection, i.e.
  30 x (0.25 + 0.30 + 0.25)): 0.16 by region and 0.78 by legal status, upper bounds since the
  answers are cut into five categories;
- responsiveness and quality have no planted group difference (a null scale);
- one general factor links all scales (respondents satisfied on one tend to be on all).

Missingness: "don't know" is frequent on fairness (about one respondent in eight never had a
discretionary decision and answers "don't know" on all three fairness items; 3 % per item besides)
and on trust (5 % per item), rare elsewhere (2 %); about 5 % of the interviews end before the trust
and fairness blocks (all their items empty); item non-response is 2 % per item, 5 % in interviews
held in a language other than Dutch or French.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from localwelfare.synthetic import rng_for

STATUSES = ["recognised_refugee", "subsidiary_protection", "other"]
GENDERS = ["woman", "man"]
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55+"]
ORIGINS = [
    "middle_east_north_africa",
    "sub_saharan_africa",
    "south_central_asia",
    "europe_non_eu",
    "other",
]
#: Scale of each item; items ending in ``_r`` are reverse-keyed.
SCALES = {
    "accessibility": [
        "access_where_to_go",
        "access_understood",
        "access_documents",
        "access_waiting_r",
    ],
    "responsiveness": [
        "quality_listened",
        "quality_explained",
        "quality_timely",
        "quality_referral",
    ],
    "trust": ["trust_honest", "trust_confidential", "trust_interest"],
    "fairness": ["fair_same_treatment", "fair_explained", "fair_decisions"],
}
DONT_KNOW = 8

STATUS_PROBS = {
    "flanders": [0.50, 0.25, 0.25],
    "wallonia": [0.45, 0.30, 0.25],
    "brussels": [0.40, 0.25, 0.35],
}
ORIGIN_BY_LANGUAGE = {
    "ar": [0.85, 0.15, 0.0, 0.0, 0.0],
    "fa": [0.0, 0.0, 1.0, 0.0, 0.0],
    "ti": [0.0, 1.0, 0.0, 0.0, 0.0],
    "uk": [0.0, 0.0, 0.0, 1.0, 0.0],
}
ORIGIN_OTHERWISE = [0.30, 0.30, 0.20, 0.10, 0.10]
#: Latent means of each scale (mildly positive answers overall).
BASE = {"accessibility": 0.1, "responsiveness": 0.4, "trust": 0.3, "fairness": 0.0}
REGION_EFFECT = {
    "accessibility": {"flanders": 0.4, "wallonia": 0.0, "brussels": -0.6},
    "fairness": {"flanders": 0.0, "wallonia": 0.0, "brussels": -0.3},
}
STATUS_EFFECT = {
    "trust": {"recognised_refugee": 0.5, "subsidiary_protection": 0.0, "other": -0.5},
    "fairness": {"recognised_refugee": 0.3, "subsidiary_protection": 0.0, "other": -0.6},
}
YEARS_EFFECT = {"accessibility": 0.1}
#: Standard deviations of the latent answers: a general factor shared by all scales, each scale's
#: own part, and each item's noise.
GENERAL_SD, SCALE_SD, ITEM_SD = 0.6, 0.7, 0.7
THRESHOLDS = np.array([-1.6, -0.6, 0.4, 1.4])
DONT_KNOW_RATE = {"accessibility": 0.02, "responsiveness": 0.02, "trust": 0.05, "fairness": 0.03}


def respondents(seed: int, plan: pd.DataFrame) -> pd.DataFrame:
    """Who was interviewed: one row per BBOX interview of the plan."""
    rng = rng_for(seed, "newcomers")
    bbox = plan[plan["study"] == "bbox"].sort_values("interview_id")
    rows = []
    for interview in bbox.itertuples():
        language = str(interview.language)
        origin = ORIGINS[rng.choice(5, p=ORIGIN_BY_LANGUAGE.get(language, ORIGIN_OTHERWISE))]
        if origin == "europe_non_eu":
            status = STATUSES[rng.choice(3, p=[0.05, 0.05, 0.90])]
        else:
            status = STATUSES[rng.choice(3, p=STATUS_PROBS[interview.region])]
        rows.append(
            {
                "interview_id": interview.interview_id,
                "region": interview.region,
                "pcsw": interview.pcsw,
                "legal_status": status,
                "years_in_belgium": int(rng.choice(5, p=[0.10, 0.25, 0.25, 0.20, 0.20])),
                "gender": GENDERS[rng.choice(2, p=[0.4, 0.6])],
                "age_band": AGE_BANDS[rng.choice(5, p=[0.15, 0.35, 0.30, 0.13, 0.07])],
                "interview_language": language,
                "origin_region": origin,
            }
        )
    return pd.DataFrame(rows)


def answers(seed: int, people: pd.DataFrame, null: bool = False) -> pd.DataFrame:
    """The closing questionnaire: codes 1-5, 8 for "don't know", missing for no answer.

    ``null`` switches off the region, legal-status and years effects (the general factor, which
    plants no group difference, stays)."""
    rng = rng_for(seed, "likert")
    n = len(people)
    general = rng.normal(0.0, GENERAL_SD, n)
    out = {}
    for scale, items in SCALES.items():
        latent = BASE[scale] + general + rng.normal(0.0, SCALE_SD, n)
        if not null:
            region = people["region"].map(REGION_EFFECT.get(scale, {})).fillna(0.0)
            status = people["legal_status"].map(STATUS_EFFECT.get(scale, {})).fillna(0.0)
            latent += region.to_numpy() + status.to_numpy()
            latent += YEARS_EFFECT.get(scale, 0.0) * people["years_in_belgium"].to_numpy()
        for item in items:
            code = 1 + np.searchsorted(THRESHOLDS, latent + rng.normal(0.0, ITEM_SD, n))
            if item.endswith("_r"):
                code = 6 - code
            out[item] = code.astype(float)
    frame = pd.DataFrame(out, index=people.index)

    never_decided = rng.random(n) < 0.125
    frame.loc[never_decided, SCALES["fairness"]] = DONT_KNOW
    for scale, items in SCALES.items():
        for item in items:
            frame.loc[rng.random(n) < DONT_KNOW_RATE[scale], item] = DONT_KNOW
    local = people["interview_language"].isin(["nl", "fr"]).to_numpy()
    rate = np.where(local, 0.02, 0.05)
    for item in frame.columns:
        frame.loc[rng.random(n) < rate, item] = np.nan
    ended_early = rng.random(n) < 0.05
    frame.loc[ended_early, SCALES["trust"] + SCALES["fairness"]] = np.nan
    return frame.astype("Int64")


def planted_differences() -> pd.DataFrame:
    """The planted group differences of the scales, standardised: one row per scale and grouping
    (``region``, ``legal_status``) with a planted effect, with ``difference`` (the largest group
    effect minus the smallest, on the latent scale) and ``d`` (that difference over the
    within-group standard deviation of a respondent's mean latent answer on the scale's items:
    the general factor, the scale's own part and the items' noise averaged over the items).

    The answers are cut into five categories before they are scored, which makes the observed
    difference somewhat smaller: a power computed from ``d`` is an upper bound.
    """
    rows = []
    for group, effects in (("region", REGION_EFFECT), ("legal_status", STATUS_EFFECT)):
        for scale, by_group in effects.items():
            spread = max(by_group.values()) - min(by_group.values())
            sd = np.sqrt(GENERAL_SD**2 + SCALE_SD**2 + ITEM_SD**2 / len(SCALES[scale]))
            rows.append(
                {"scale": scale, "group": group, "difference": spread, "d": float(spread / sd)}
            )
    return pd.DataFrame(rows)


def generate(seed: int, tables: dict, null: bool = False) -> dict[str, pd.DataFrame]:
    """Generate ``newcomer_interviews`` from the ``interview_plan``."""
    people = respondents(seed, tables["interview_plan"])
    return {"newcomer_interviews": pd.concat([people, answers(seed, people, null)], axis=1)}


__all__ = ["generate", "respondents", "answers", "planted_differences", "SCALES"]
