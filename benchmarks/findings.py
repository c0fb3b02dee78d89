"""Benchmark of the claims table: ``findings`` with robustness for every run on the default data.

Target: at most 60 s on 2 cores for every run's claims, each re-evaluated under every
specification of :data:`localwelfare.findings.SPECIFICATIONS` (8 for the network runs, 2 for the
qualitative runs, 8 for the typology, 4 for the newcomers), as ``python -m localwelfare findings``
computes them (:func:`localwelfare.findings.all_claims`: the data validated once, the integration
runs joining the claims already made). Prints the claims per run and the total time (the median
of ``--repeats``), with ``--jobs`` processes for the specifications.

Run: ``.venv/bin/python benchmarks/findings.py [--repeats 1] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import statistics
import time

from localwelfare import findings

TARGET_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    totals, sizes = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        table = findings.all_claims(robustness=True, n_jobs=args.jobs)
        totals.append(time.perf_counter() - start)
        sizes = table.groupby("run", sort=False).size()
    for run, n in sizes.items():
        print(f"{run:24s} {n:4d} claims")
    total = statistics.median(totals)
    verdict = "OK" if total <= TARGET_SECONDS else "SLOWER THAN TARGET"
    print(f"{'total':24s} {total:7.1f} s (target {TARGET_SECONDS:.0f} s: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
