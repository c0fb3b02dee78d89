"""Time the WP4 analyses on the committed newcomer interviews (90 respondents, 14 items).

Prints the median of several repeats of each step and of the whole analysis the chapter runs
(reliability, item statistics, scale scores, group tests, Holm-corrected pairwise tests, bootstrap
intervals of group means for two grouping variables, distributions and chart geometry), against
the target: the whole analysis under 2 seconds, so that the chapter executes well within its
budget.

Run: ``.venv/bin/python benchmarks/perceptions.py``
"""

from __future__ import annotations

import statistics
import time

from localwelfare import data, perceptions

TARGET_SECONDS = 2.0
REPEATS = 5


def median_seconds(step, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    answers = data.load("newcomer_interviews")
    schema = next(
        r["schema"] for r in data.descriptor()["resources"] if r["name"] == "newcomer_interviews"
    )
    scales, reverse = perceptions.scale_definitions(schema)
    items = [i for members in scales.values() for i in members]
    scores = perceptions.scale_scores(answers, scales, reverse).join(
        answers[["region", "legal_status"]]
    )

    def comparisons():
        for group in ("region", "legal_status"):
            perceptions.group_tests(scores, list(scales), group)
            perceptions.pairwise_group_tests(scores, list(scales), group)
            perceptions.group_mean_intervals(scores, list(scales), group, n_boot=2000)

    def whole():
        perceptions.cronbach_alpha_table(answers, scales, reverse)
        perceptions.item_reliability_table(answers, scales, reverse)
        perceptions.scale_scores(answers, scales, reverse)
        perceptions.diverging_bar_data(
            perceptions.item_distribution(answers, items, group="region")
        )
        comparisons()

    steps = {
        "reliability (alpha + item table)": lambda: (
            perceptions.cronbach_alpha_table(answers, scales, reverse),
            perceptions.item_reliability_table(answers, scales, reverse),
        ),
        "distribution + chart geometry": lambda: perceptions.diverging_bar_data(
            perceptions.item_distribution(answers, items, group="region")
        ),
        "group comparisons (2 groupings)": comparisons,
        "whole analysis": whole,
    }
    for name, step in steps.items():
        print(f"{name:36s} median {median_seconds(step):7.3f} s")
    total = median_seconds(whole)
    verdict = "meets" if total < TARGET_SECONDS else "MISSES"
    print(f"whole analysis {total:.3f} s {verdict} the target of {TARGET_SECONDS:.1f} s")


if __name__ == "__main__":
    main()
