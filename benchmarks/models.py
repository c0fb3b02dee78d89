"""Time the shared models at the sizes the BBOX chapters fit them.

- the vignette model: 20 PCSWs x 6 social workers x 8 vignettes (960 ratings), six categorical
  vignette attributes, a worker covariate and the PCSW type with its interaction with one
  attribute, a random intercept per PCSW and a variance component per worker (REML);
- WP4: per scale, a proportional-odds model of 90 newcomers' answers on region and legal status,
  and a robust linear model of the scale score with the joint test of region; three scales;
- the newcomers-in-PCSWs link: a random intercept per PCSW (90 newcomers in 20 PCSWs).

The data are synthetic (drawn here with a fixed seed, not the compendium's data package), sized
as the studies. Prints the median of several repeats of each step against the target: every
step under 5 seconds, so that a chapter fitting them across its robustness specifications stays
within its budget.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/models.py``
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from localwelfare import models

TARGET_SECONDS = 5.0
REPEATS = 3
ATTRIBUTES = {
    "legal_status": ["refugee", "family", "student", "other"],
    "language": ["none", "basic", "fluent"],
    "household": ["single", "couple", "children"],
    "years_in_belgium": ["<1", "1-3", "3-5"],
    "employment": ["never", "past", "current"],
    "cooperation": ["low", "high"],
}


def median_seconds(step, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def vignettes(rng: np.random.Generator) -> pd.DataFrame:
    rows = [(p, w, v) for p in range(20) for w in range(6) for v in range(8)]
    frame = pd.DataFrame(rows, columns=["pcsw", "worker", "vignette"])
    for name, values in ATTRIBUTES.items():
        frame[name] = rng.choice(values, len(frame))
    frame["experience"] = rng.normal(10, 5, 120)[frame["pcsw"] * 6 + frame["worker"]]
    frame["pcsw_type"] = np.array(["A", "B", "C", "D"])[frame["pcsw"] % 4]
    frame["aid"] = (
        5
        + 1.5 * (frame["language"] == "fluent")
        + 1.2 * (frame["cooperation"] == "high")
        + rng.normal(0, 1, 20)[frame["pcsw"]]
        + rng.normal(0, 0.8, 120)[frame["pcsw"] * 6 + frame["worker"]]
        + rng.normal(0, 1.5, len(frame))
    ).clip(0, 10)
    return frame


def newcomers(rng: np.random.Generator) -> pd.DataFrame:
    n = 90
    frame = pd.DataFrame(
        {
            "region": np.repeat(["Brussels", "Flanders", "Wallonia"], n // 3),
            "legal_status": rng.choice(["refugee", "family", "other"], n),
            "pcsw": rng.integers(0, 20, n),
        }
    )
    for scale in ("access", "respect", "information"):
        latent = rng.normal(0, 1, n) + 0.4 * (frame["legal_status"] == "other")
        frame[scale] = np.digitize(latent, [-1.2, -0.4, 0.4, 1.2]) + 1
    return frame


def main() -> None:
    rng = np.random.default_rng(2024)
    ratings = vignettes(rng)
    answers = newcomers(rng)
    fixed = [*ATTRIBUTES, "experience", "pcsw_type", "language:pcsw_type"]
    scales = ("access", "respect", "information")

    def wp4():
        for scale in scales:
            models.ordinal_model(answers, scale, ["region", "legal_status"])
            result = models.robust_linear_model(answers, scale, ["region", "legal_status"])
            models.joint_test(result, ["region"])

    steps = {
        "vignette model (960 ratings, REML)": lambda: models.multilevel_model(
            ratings, "aid", fixed, groups="pcsw", vc_groups="worker"
        ),
        "WP4 models (3 scales)": wp4,
        "newcomers in PCSWs (random intercept)": lambda: models.multilevel_model(
            answers, "access", ["region", "legal_status"], groups="pcsw"
        ),
        "power (MDD and achieved power)": lambda: (
            models.minimum_detectable_difference([30, 60, 90], k_groups=3),
            models.achieved_power(0.5, 30, k_groups=3),
        ),
    }
    slowest = 0.0
    for name, step in steps.items():
        seconds = median_seconds(step)
        slowest = max(slowest, seconds)
        print(f"{name:40s} median {seconds:7.3f} s")
    verdict = "meets" if slowest < TARGET_SECONDS else "MISSES"
    print(f"slowest step {slowest:.3f} s {verdict} the target of {TARGET_SECONDS:.1f} s")


if __name__ == "__main__":
    main()
