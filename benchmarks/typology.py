"""Benchmark: full latent class model selection for 600 PCSWs x 20 practice items.

Target: at most 60 s (median of the repeats) on a 2-core machine for K = 1..6 classes with 20
random starts each (120 EM runs, full-information maximum likelihood with 3 % missing answers),
followed by the model-selection table (without the bootstrap test). The data are drawn from the
four planted type profiles of :mod:`localwelfare.synthetic.pcsw`; the script also reports whether
BIC chose the planted four types.

Run: ``.venv/bin/python benchmarks/typology.py [--repeats 3] [--jobs 1]``
"""

from __future__ import annotations

import argparse
import statistics
import time

from sklearn.metrics import adjusted_rand_score

from localwelfare import typology
from localwelfare.synthetic import DEFAULT_SEED, pcsw

N_UNITS, CLASSES, STARTS, TARGET_SECONDS = 600, range(1, 7), 20, 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1, help="processes for the random starts")
    args = parser.parse_args()
    items, planted = pcsw.sample_items(DEFAULT_SEED, N_UNITS)
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        models = typology.fit_models(items, CLASSES, starts=STARTS, seed=1, n_jobs=args.jobs)
        table = typology.selection_table(models)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    k = typology.select_k(table, "bic")
    ari = adjusted_rand_score(planted, typology.memberships(models[k])["latent_class"])
    print(
        f"model selection, {N_UNITS} units x {items.shape[1]} items, K = 1..{max(CLASSES)}, "
        f"{STARTS} starts, {args.jobs} process(es): median {median:.1f} s over {args.repeats} "
        f"repeats ({', '.join(f'{t:.1f}' for t in times)}); target <= {TARGET_SECONDS:.0f} s: "
        f"{'met' if median <= TARGET_SECONDS else 'NOT met'}"
    )
    print(f"BIC chose K = {k} (planted: {len(pcsw.TYPES)}), ARI with planted types {ari:.3f}")


if __name__ == "__main__":
    main()
