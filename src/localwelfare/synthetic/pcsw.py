"""BBOX web survey of PCSWs (OCMW/CPAS) on their practices towards newly arrived migrants.

``pcsw_survey``
    One row per *responding* PCSW of the Belgian frame (the 565 municipalities of
    ``municipalities``; Amsterdam is not surveyed): NIS code, region, size class, respondent role,
    share of newcomers among the PCSW's clients, and 20 practice items (binary ``no``/``yes`` or
    three ordered categories, the higher category meaning more of the practice).

Planted effects (what the typology should find):

* **Four types** of PCSW with the class-conditional item probabilities of :data:`PROFILES`:
  ``accommodating`` (flexible on proof of address, paid interpreters, extra material aid, housing
  support, a newcomer team, diversity training, generous discretion), ``conditional`` (strict
  proof of address, language learning required in the integration project, extra conditions on
  the integration income, home visits and frequent sanctions), ``network`` (delegating: structural
  NGO cooperation and referral to integration agencies, volunteer interpreters) and ``minimal``
  (few specific practices, no newcomer worker). :func:`simulate` returns the planted type of every
  frame PCSW.
* **Types by region and size** (multinomial logit, :data:`TYPE_LOGITS`): ``conditional`` is more
  common in Flanders, ``accommodating`` and ``network`` in Brussels, ``minimal`` in Wallonia and in
  small municipalities; ``accommodating`` grows with size.
* **Unit non-response** about half, related to region and size only (:data:`RESPONSE`: Flanders
  responds more than Wallonia and Brussels; larger PCSWs respond more), so respondents
  over-represent large Flemish PCSWs and post-stratification by region x size class corrects it.
* **Item non-response**: each item missing completely at random at a rate drawn between 2 % and
  5 %; the newcomer share is missing for 3 %.
* **Newcomer share**: higher in Brussels and in larger municipalities, and 1.3 times higher in
  ``accommodating`` and ``network`` PCSWs.

Examples
--------
>>> from localwelfare.synthetic import design
>>> sim = simulate(20240601, design.municipalities(20240601))  # doctest: +SKIP
>>> sim.survey.shape[1]  # doctest: +SKIP
25
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from localwelfare.synthetic import rng_for

#: The planted types, in the order of their codes 1..4.
TYPES = ["accommodating", "conditional", "network", "minimal"]
#: Practice items: categories from less to more of the practice.
ITEMS = {
    "address_flexibility": ["strict", "case_by_case", "flexible"],
    "interpreters": ["none", "volunteer", "paid"],
    "language_condition": ["none", "encouraged", "required"],
    "income_conditions": ["no", "yes"],
    "material_aid": ["none", "occasional", "structural"],
    "housing_support": ["no", "yes"],
    "newcomer_worker": ["none", "worker", "team"],
    "integration_referral": ["no", "yes"],
    "diversity_training": ["no", "yes"],
    "ngo_cooperation": ["none", "occasional", "structural"],
    "discretion": ["restrictive", "moderate", "generous"],
    "outreach": ["no", "yes"],
    "translated_information": ["no", "yes"],
    "budget_guidance": ["no", "yes"],
    "childcare_support": ["no", "yes"],
    "employment_programme": ["no", "yes"],
    "medical_card": ["no", "yes"],
    "home_visits": ["no", "yes"],
    "sanctions": ["rare", "sometimes", "often"],
    "language_support": ["no", "yes"],
}
#: Class-conditional probabilities: per type, per item, the probability of each category
#: (binary items: the probability of "yes").
PROFILES = {
    "accommodating": {
        "address_flexibility": [0.05, 0.20, 0.75],
        "interpreters": [0.05, 0.15, 0.80],
        "language_condition": [0.60, 0.35, 0.05],
        "income_conditions": 0.10,
        "material_aid": [0.05, 0.30, 0.65],
        "housing_support": 0.85,
        "newcomer_worker": [0.05, 0.30, 0.65],
        "integration_referral": 0.75,
        "diversity_training": 0.85,
        "ngo_cooperation": [0.05, 0.40, 0.55],
        "discretion": [0.05, 0.25, 0.70],
        "outreach": 0.80,
        "translated_information": 0.85,
        "budget_guidance": 0.80,
        "childcare_support": 0.70,
        "employment_programme": 0.75,
        "medical_card": 0.90,
        "home_visits": 0.25,
        "sanctions": [0.75, 0.20, 0.05],
        "language_support": 0.75,
    },
    "conditional": {
        "address_flexibility": [0.75, 0.20, 0.05],
        "interpreters": [0.60, 0.30, 0.10],
        "language_condition": [0.05, 0.15, 0.80],
        "income_conditions": 0.85,
        "material_aid": [0.65, 0.30, 0.05],
        "housing_support": 0.20,
        "newcomer_worker": [0.40, 0.50, 0.10],
        "integration_referral": 0.80,
        "diversity_training": 0.30,
        "ngo_cooperation": [0.45, 0.45, 0.10],
        "discretion": [0.70, 0.25, 0.05],
        "outreach": 0.15,
        "translated_information": 0.10,
        "budget_guidance": 0.70,
        "childcare_support": 0.25,
        "employment_programme": 0.65,
        "medical_card": 0.70,
        "home_visits": 0.85,
        "sanctions": [0.10, 0.35, 0.55],
        "language_support": 0.55,
    },
    "network": {
        "address_flexibility": [0.15, 0.50, 0.35],
        "interpreters": [0.10, 0.80, 0.10],
        "language_condition": [0.30, 0.60, 0.10],
        "income_conditions": 0.25,
        "material_aid": [0.20, 0.65, 0.15],
        "housing_support": 0.60,
        "newcomer_worker": [0.20, 0.70, 0.10],
        "integration_referral": 0.95,
        "diversity_training": 0.55,
        "ngo_cooperation": [0.02, 0.13, 0.85],
        "discretion": [0.15, 0.60, 0.25],
        "outreach": 0.55,
        "translated_information": 0.60,
        "budget_guidance": 0.40,
        "childcare_support": 0.50,
        "employment_programme": 0.40,
        "medical_card": 0.80,
        "home_visits": 0.35,
        "sanctions": [0.45, 0.45, 0.10],
        "language_support": 0.15,
    },
    "minimal": {
        "address_flexibility": [0.30, 0.60, 0.10],
        "interpreters": [0.75, 0.20, 0.05],
        "language_condition": [0.40, 0.45, 0.15],
        "income_conditions": 0.30,
        "material_aid": [0.35, 0.60, 0.05],
        "housing_support": 0.20,
        "newcomer_worker": [0.90, 0.09, 0.01],
        "integration_referral": 0.30,
        "diversity_training": 0.10,
        "ngo_cooperation": [0.55, 0.40, 0.05],
        "discretion": [0.20, 0.70, 0.10],
        "outreach": 0.10,
        "translated_information": 0.15,
        "budget_guidance": 0.35,
        "childcare_support": 0.15,
        "employment_programme": 0.30,
        "medical_card": 0.65,
        "home_visits": 0.40,
        "sanctions": [0.45, 0.45, 0.10],
        "language_support": 0.10,
    },
}
#: Multinomial logits of the types (``minimal`` is the reference): intercept, region and size
#: class effects, one value per type in the order of :data:`TYPES`.
TYPE_LOGITS = {
    "intercept": [0.0, 0.0, 0.3, 0.0],
    "flanders": [0.0, 1.2, 0.0, 0.0],
    "wallonia": [0.0, 0.0, 0.0, 0.6],
    "brussels": [1.2, 0.0, 1.0, 0.0],
    "<10k": [-1.0, -0.6, -0.8, 0.0],
    "10-25k": [0.0, 0.0, 0.0, 0.0],
    "25-50k": [0.7, 0.2, 0.5, -0.3],
    ">=50k": [1.5, 0.3, 0.9, -1.0],
}
#: Response probability: region base plus size class shift.
RESPONSE = {
    "flanders": 0.56,
    "wallonia": 0.42,
    "brussels": 0.40,
    "<10k": -0.10,
    "10-25k": 0.0,
    "25-50k": 0.08,
    ">=50k": 0.15,
}
#: Median newcomer share (% of clients) by region, multiplier by size class and by type.
NEWCOMER_SHARE = {"flanders": 8.0, "wallonia": 7.0, "brussels": 22.0}
NEWCOMER_SIZE = {"<10k": 0.7, "10-25k": 1.0, "25-50k": 1.3, ">=50k": 1.7}
NEWCOMER_TYPE = {"accommodating": 1.3, "conditional": 1.0, "network": 1.3, "minimal": 1.0}
ROLES = ["chair", "secretary_general", "head_social_service", "social_worker", "other"]
ROLE_PROBS = [0.10, 0.25, 0.45, 0.15, 0.05]


@dataclass(frozen=True)
class PcswSimulation:
    """The simulated survey and what was planted in it."""

    #: The published resource: one row per responding PCSW.
    survey: pd.DataFrame
    #: Planted type (a name of :data:`TYPES`) of every frame PCSW, indexed by NIS code.
    types: pd.Series
    #: Whether each frame PCSW responded, indexed by NIS code.
    responded: pd.Series


def _category_probs(spec) -> list[float]:
    return [1.0 - spec, spec] if np.isscalar(spec) else list(spec)


def simulate(seed: int, municipalities: pd.DataFrame, null: bool = False) -> PcswSimulation:
    """Simulate the survey of all Belgian PCSWs of the frame: planted types, response, answers.

    ``null``: types independent of region and size, and newcomer shares independent of the
    type (the four types themselves, and the response pattern of the design, stay)."""
    rng = rng_for(seed, "pcsw")
    frame = municipalities.loc[municipalities["country"] == "BE"].sort_values("nis_code")
    frame = frame.reset_index(drop=True)
    n = len(frame)
    region = frame["region"].astype(str).to_numpy()
    size = frame["size_class"].astype(str).to_numpy()

    logits = np.array(
        [
            np.add.reduce(
                [TYPE_LOGITS["intercept"]] + ([] if null else [TYPE_LOGITS[r], TYPE_LOGITS[s]])
            )
            for r, s in zip(region, size, strict=True)
        ]
    )
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    type_idx = np.array([rng.choice(len(TYPES), p=p) for p in probs])

    p_respond = np.array([RESPONSE[r] + RESPONSE[s] for r, s in zip(region, size, strict=True)])
    responded = rng.random(n) < p_respond

    answers = {}
    for item, levels in ITEMS.items():
        table = np.array([_category_probs(PROFILES[t][item]) for t in TYPES])
        cum = np.cumsum(table[type_idx], axis=1)
        draw = rng.random(n)[:, None]
        codes = (draw > cum[:, :-1]).sum(axis=1)
        rate = rng.uniform(0.02, 0.05)
        codes = np.where(rng.random(n) < rate, -1, codes)
        answers[item] = pd.Categorical.from_codes(codes, categories=levels, ordered=True)

    median = np.array(
        [
            NEWCOMER_SHARE[r] * NEWCOMER_SIZE[s] * (1.0 if null else NEWCOMER_TYPE[TYPES[t]])
            for r, s, t in zip(region, size, type_idx, strict=True)
        ]
    )
    share = np.clip(median * np.exp(rng.normal(0.0, 0.45, n)), 0.0, 95.0).round(1)
    share = np.where(rng.random(n) < 0.03, np.nan, share)
    role = np.array(ROLES, dtype=object)[rng.choice(len(ROLES), size=n, p=ROLE_PROBS)]

    full = pd.DataFrame(
        {
            "nis_code": frame["nis_code"].astype(str),
            "region": region,
            "size_class": size,
            "respondent_role": role,
            "newcomer_share": share,
            **answers,
        }
    )
    survey = full.loc[responded].reset_index(drop=True)
    index = pd.Index(frame["nis_code"].astype(str), name="nis_code")
    return PcswSimulation(
        survey=survey,
        types=pd.Series(np.array(TYPES)[type_idx], index=index, name="planted_type"),
        responded=pd.Series(responded, index=index, name="responded"),
    )


def sample_items(seed: int, n: int, missing: float = 0.03) -> tuple[pd.DataFrame, pd.Series]:
    """Return ``n`` PCSWs' answers drawn from :data:`PROFILES` (equal type shares) and their
    planted types; each answer is missing with probability ``missing``. For benchmarks."""
    rng = rng_for(seed, "pcsw-sample")
    type_idx = rng.integers(0, len(TYPES), size=n)
    answers = {}
    for item, levels in ITEMS.items():
        table = np.array([_category_probs(PROFILES[t][item]) for t in TYPES])
        cum = np.cumsum(table[type_idx], axis=1)
        codes = (rng.random(n)[:, None] > cum[:, :-1]).sum(axis=1)
        codes = np.where(rng.random(n) < missing, -1, codes)
        answers[item] = pd.Categorical.from_codes(codes, categories=levels, ordered=True)
    return pd.DataFrame(answers), pd.Series(np.array(TYPES)[type_idx], name="planted_type")


def generate(seed: int, tables: dict, null: bool = False) -> dict[str, pd.DataFrame]:
    """Generate ``pcsw_survey`` from the municipality frame in ``tables``."""
    return {"pcsw_survey": simulate(seed, tables["municipalities"], null).survey}


__all__ = ["ITEMS", "PROFILES", "TYPES", "PcswSimulation", "generate", "sample_items", "simulate"]
