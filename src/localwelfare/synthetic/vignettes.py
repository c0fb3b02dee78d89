"""The vignette (factorial survey) module of the BBOX PCSW case studies (WP3, ``bbox-factors``).

``vignette_workers``
    Social workers of the 20 case-study PCSWs (the PCSWs of study ``bbox-pcsw`` in
    ``interview_plan``): 5 to 8 per PCSW, with years of experience, caseload (open files) and
    whether they had intercultural or diversity training, and the deck of vignettes they rated.
``vignette_ratings``
    Each worker rates the :data:`DECK_SIZE` hypothetical newcomer cases of one deck. The cases
    are the full factorial of the attributes of :data:`ATTRIBUTES` (legal status, language,
    household, years in Belgium, employment history, cooperation with the social worker:
    3 x 3 x 3 x 3 x 2 x 2 = 324 vignettes), shuffled and cut into 27 decks of 12, so that the
    attributes are uncorrelated over the design (:func:`design`); decks go to workers in turn
    from a shuffled order. Each case is rated on two decisions: the likelihood of granting
    additional social aid (0-10) and whether the worker would refer the newcomer to an
    integration trajectory.

Planted effects (all off with ``null=True``; the workers, decks and variance components stay):

* **Aid rating** (latent scale, residual standard deviation 1.5, worker intercepts sd 1.0, PCSW
  intercepts sd 0.5, rounded and clipped to 0-10): language and cooperation weigh most: a case
  who speaks another language than the PCSW's gets -1.0 (English) or -2.0 (needs an
  interpreter) against one who speaks the local language; poor cooperation -2.5 against good.
  Smaller effects: legal status "other" -0.5 (against recognised refugee), a single parent +0.5
  and a couple with children +0.3 (against a single person), having worked in Belgium +0.4.
  Years in Belgium have no effect on aid. Trained workers rate 0.5 higher.
* **Discretion differs by PCSW type** (the planted type of :mod:`.pcsw`, :data:`BY_TYPE`): in
  ``accommodating`` PCSWs (paid interpreters, generous discretion) language hardly weighs
  (its effects are cancelled: 0 for English and for needing an interpreter), and in
  ``conditional`` PCSWs poor cooperation weighs 1.5 more (-4.0 instead of -2.5).
* **Referral** (logit): needing an interpreter +1.2 and English +0.6 (against the local
  language), less than a year in Belgium +1.0 and 1-2 years +0.5 (against 3-4 years), never
  having worked in Belgium +0.6; intercept -0.8, worker intercepts sd 0.5 on the logit scale.
  Cooperation, household and legal status have no effect on referral.

Examples
--------
>>> frame = design()
>>> len(frame), frame["deck"].nunique()
(324, 27)
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from localwelfare.synthetic import pcsw, rng_for

#: The vignettes' attributes and their levels, the reference level first.
ATTRIBUTES: dict[str, list[str]] = {
    "legal_status": ["recognised_refugee", "subsidiary_protection", "other"],
    "language": ["local_language", "english", "needs_interpreter"],
    "household": ["single", "single_parent", "couple_with_children"],
    "years_in_belgium": ["3_to_4", "1_to_2", "less_than_1"],
    "employment_history": ["never_worked", "has_worked"],
    "cooperation": ["good", "poor"],
}
#: Vignettes per deck (each worker rates one deck).
DECK_SIZE = 12
#: Planted effects on the aid rating (0-10 scale), per attribute level (reference: 0).
AID_EFFECTS = {
    "language": {"english": -1.0, "needs_interpreter": -2.0},
    "cooperation": {"poor": -2.5},
    "legal_status": {"other": -0.5},
    "household": {"single_parent": 0.5, "couple_with_children": 0.3},
    "employment_history": {"has_worked": 0.4},
}
#: Extra effects on aid in PCSWs of a planted type (added to :data:`AID_EFFECTS`).
BY_TYPE = {
    "accommodating": {"language": {"english": 1.0, "needs_interpreter": 2.0}},
    "conditional": {"cooperation": {"poor": -1.5}},
}
#: Planted effects on the log-odds of referral to an integration trajectory.
REFER_EFFECTS = {
    "language": {"english": 0.6, "needs_interpreter": 1.2},
    "years_in_belgium": {"1_to_2": 0.5, "less_than_1": 1.0},
    "employment_history": {"never_worked": 0.6},
}
AID_BASE, AID_SD, WORKER_SD, PCSW_SD, TRAINING = 6.5, 1.5, 1.0, 0.5, 0.5
REFER_BASE, REFER_WORKER_SD = -0.8, 0.5


def design(seed: int = 0) -> pd.DataFrame:
    """Return the vignette design: the full factorial of :data:`ATTRIBUTES` in decks.

    Columns ``vignette_id`` (1..324, in the factorial's order), ``deck`` (1..36) and one column
    per attribute. The factorial is shuffled with ``seed`` before it is cut into decks of
    :data:`DECK_SIZE`; over the whole design every pair of attributes is balanced (each
    combination of their levels equally often), so they are uncorrelated.
    """
    combos = itertools.product(*ATTRIBUTES.values())
    frame = pd.DataFrame([dict(zip(ATTRIBUTES, c, strict=True)) for c in combos])
    frame.insert(0, "vignette_id", np.arange(1, len(frame) + 1))
    order = rng_for(seed, "decks").permutation(len(frame))
    deck = np.empty(len(frame), dtype=int)
    deck[order] = np.arange(len(frame)) // DECK_SIZE + 1
    frame.insert(1, "deck", deck)
    return frame


def _effect(frame: pd.DataFrame, effects: dict) -> np.ndarray:
    total = np.zeros(len(frame))
    for attribute, levels in effects.items():
        total += frame[attribute].map(levels).fillna(0.0).to_numpy()
    return total


def generate(seed: int, tables: dict, null: bool = False) -> dict[str, pd.DataFrame]:
    """Generate ``vignette_workers`` and ``vignette_ratings`` for the case-study PCSWs of the
    ``interview_plan`` (their planted types from :func:`.pcsw.simulate`)."""
    rng = rng_for(seed, "vignettes")
    plan = tables["interview_plan"]
    cases = plan[plan["study"] == "bbox-pcsw"]
    pcsws = cases.drop_duplicates("pcsw")[["pcsw", "region"]].sort_values("pcsw")
    planted_type = pcsw.simulate(seed, tables["municipalities"]).types
    vignettes = design(seed)
    n_decks = int(vignettes["deck"].max())
    deck_order = rng.permutation(np.arange(1, n_decks + 1))

    workers = []
    for row in pcsws.itertuples():
        for _ in range(int(rng.integers(5, 9))):
            workers.append(
                {
                    "worker_id": f"vw-{len(workers) + 1:03d}",
                    "pcsw": str(row.pcsw),
                    "experience_years": int(min(rng.gamma(2.0, 5.0), 38)),
                    "caseload": int(rng.integers(35, 111)),
                    "training": bool(rng.random() < 0.45),
                    "deck": int(deck_order[len(workers) % n_decks]),
                }
            )
    workers = pd.DataFrame(workers)

    pcsw_effect = dict(zip(pcsws["pcsw"], rng.normal(0.0, PCSW_SD, len(pcsws)), strict=True))
    worker_aid = rng.normal(0.0, WORKER_SD, len(workers))
    worker_refer = rng.normal(0.0, REFER_WORKER_SD, len(workers))
    ratings = workers[["worker_id", "pcsw", "training", "deck"]].assign(
        aid_w=worker_aid, refer_w=worker_refer
    )
    ratings = ratings.merge(vignettes, on="deck").sort_values(["worker_id", "vignette_id"])
    ratings = ratings.reset_index(drop=True)
    n = len(ratings)
    aid = AID_BASE + ratings["pcsw"].map(pcsw_effect).to_numpy() + ratings["aid_w"].to_numpy()
    logit = REFER_BASE + ratings["refer_w"].to_numpy()
    if not null:
        aid += _effect(ratings, AID_EFFECTS) + TRAINING * ratings["training"].to_numpy()
        kind = ratings["pcsw"].map(planted_type).to_numpy()
        for name, effects in BY_TYPE.items():
            aid += np.where(kind == name, _effect(ratings, effects), 0.0)
        logit += _effect(ratings, REFER_EFFECTS)
    aid_rating = np.clip(np.rint(aid + rng.normal(0.0, AID_SD, n)), 0, 10).astype(int)
    refer = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    out = ratings[["worker_id", "vignette_id", *ATTRIBUTES]].copy()
    out["aid_likelihood"] = aid_rating
    out["refer_integration"] = refer
    return {"vignette_workers": workers, "vignette_ratings": out}


__all__ = ["ATTRIBUTES", "DECK_SIZE", "design", "generate"]
