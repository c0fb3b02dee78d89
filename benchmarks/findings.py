"""Benchmark of the claims table: ``findings`` with robustness for every run on the default data.

Target: at most 60 s on 2 cores for every run's claims, each re-evaluated under every
specification of :data:`localwelfare.findings.SPECIFICATIONS` (8 for the network runs, 2 for the
qualitative runs, 8 for the typology, 4 for the newcomers). Prints the time of each run and the
total (the median of ``--repeats``), with ``--jobs`` processes for the specifications; the data
are loaded and validated once per repeat, as the command does.

Run: ``.venv/bin/python benchmarks/findings.py [--repeats 1] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from localwelfare import data, findings, pipeline

TARGET_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    declared = pipeline.load_runs(".")
    # runs whose notebook makes claims of its own (not the short report, which joins others')
    runs = [r for r, spec in declared.items() if Path(spec.notebook).stem in findings.EVALUATORS]
    totals, per_run = [], {r: [] for r in runs}
    for _ in range(args.repeats):
        start = time.perf_counter()
        data.validate(data.find_data_dir(None))
        for run in runs:
            t = time.perf_counter()
            findings.run_claims(run, robustness=True, n_jobs=args.jobs)
            per_run[run].append(time.perf_counter() - t)
        totals.append(time.perf_counter() - start)
    for run, times in per_run.items():
        print(f"{run:16s} {statistics.median(times):7.1f} s")
    total = statistics.median(totals)
    verdict = "OK" if total <= TARGET_SECONDS else "SLOWER THAN TARGET"
    print(f"{'total':16s} {total:7.1f} s (target {TARGET_SECONDS:.0f} s: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
