"""Benchmark: full, weighted latent class model selection for 600 PCSWs x 20 practice items.

Target: at most 60 s (median of the repeats) on a 2-core machine for K = 1..6 classes with 20
random starts each (120 EM runs, full-information maximum likelihood with 3 % missing answers,
weighted by unit weights as the chapter's post-stratification weights), followed by the
model-selection table and the bootstrap likelihood-ratio tests the chapter runs: K-1 against K and
K against K+1 for the K that BIC chooses, 99 draws each, one random start per refitted alternative
(besides its estimates; see ``typology.blrt_pvalue``). The data are drawn from the four planted
type profiles of :mod:`localwelfare.synthetic.pcsw`; the weights are drawn uniformly between 0.5
and 3 (a max/min ratio of 6, wider than the survey's post-stratification weights). The script
also reports whether BIC chose the planted four types and the BLRT p-values.

With one process the script also prints the process's CPU time, which is what an otherwise idle
machine's wall time would be.

Run: ``.venv/bin/python benchmarks/typology.py [--repeats 3] [--jobs 1]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from sklearn.metrics import adjusted_rand_score

from localwelfare import typology
from localwelfare.synthetic import DEFAULT_SEED, pcsw

N_UNITS, CLASSES, STARTS, TARGET_SECONDS = 600, range(1, 7), 20, 60.0
BLRT_DRAWS, BLRT_STARTS = typology.BLRT_DRAWS, 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--jobs", type=int, default=1, help="processes for the random starts and BLRT draws"
    )
    args = parser.parse_args()
    items, planted = pcsw.sample_items(DEFAULT_SEED, N_UNITS)
    weights = np.random.default_rng(DEFAULT_SEED).uniform(0.5, 3.0, N_UNITS)
    times, fit_times, cpu_times = [], [], []
    for _ in range(args.repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        models = typology.fit_models(
            items, CLASSES, starts=STARTS, seed=1, n_jobs=args.jobs, weights=weights
        )
        first = typology.selection_table(models)
        fit_times.append(time.perf_counter() - start)
        k = typology.select_k(first, "bic")
        table = typology.selection_table(
            models,
            blrt_draws=BLRT_DRAWS,
            blrt_starts=BLRT_STARTS,
            blrt_classes=[k, k + 1],
            seed=1,
            n_jobs=args.jobs,
        )
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    median = statistics.median(times)
    ari = adjusted_rand_score(planted, typology.memberships(models[k])["latent_class"])
    blrt = table.set_index("k")["blrt_p"].dropna()
    print(
        f"weighted model selection, {N_UNITS} units x {items.shape[1]} items, "
        f"K = 1..{max(CLASSES)}, {STARTS} starts, BLRT {BLRT_DRAWS} draws for K = "
        f"{', '.join(map(str, blrt.index))}, {args.jobs} process(es): median {median:.1f} s over "
        f"{args.repeats} repeats ({', '.join(f'{t:.1f}' for t in times)}; of which fitting "
        f"{statistics.median(fit_times):.1f} s); target <= {TARGET_SECONDS:.0f} s: "
        f"{'met' if median <= TARGET_SECONDS else 'NOT met'}"
    )
    if args.jobs == 1:  # worker processes' CPU time is not counted by process_time
        print(
            f"CPU time of the process: median {statistics.median(cpu_times):.1f} s (wall time "
            f"exceeds it when other work shares the machine; os.getloadavg() = "
            f"{', '.join(f'{v:.1f}' for v in os.getloadavg())})"
        )
    print(f"BIC chose K = {k} (planted: {len(pcsw.TYPES)}), ARI with planted types {ari:.3f}")
    print("BLRT: " + "; ".join(f"p = {p:.2f} for {j} against {j - 1}" for j, p in blrt.items()))


if __name__ == "__main__":
    main()
