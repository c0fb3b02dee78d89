"""Benchmark: every whole-network measure for 600 networks of 60 organisations, on one core.

Target: at most 10 s (median of the repeats). The networks are seeded random directed graphs with
densities from 0.05 to 0.30, the range of the studies' networks; each gets all measures of
:func:`localwelfare.network.whole_network_measures` (UCINET's 33, weak components, betweenness
centralisation and the core-periphery fit with its default search).

Run: ``.venv/bin/python benchmarks/network_measures.py [--repeats 3]``
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: no threaded BLAS

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from localwelfare import network  # noqa: E402

N_NETWORKS, N_NODES, TARGET_SECONDS = 600, 60, 10.0


def make_graphs(seed: int = 1) -> list[nx.DiGraph]:
    rng = np.random.default_rng(seed)
    return [
        nx.gnp_random_graph(N_NODES, float(rng.uniform(0.05, 0.30)), seed=int(s), directed=True)
        for s in rng.integers(0, 2**31, size=N_NETWORKS)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    graphs = make_graphs()
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        table = network.whole_network_table(dict(enumerate(graphs)))
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{N_NETWORKS} networks x {N_NODES} organisations, {table.shape[1] - 1} measures each")
    print(f"runs: {', '.join(f'{t:.2f} s' for t in times)}")
    print(
        f"median: {median:.2f} s (target <= {TARGET_SECONDS:.0f} s): "
        f"{'OK' if median <= TARGET_SECONDS else 'TOO SLOW'}"
    )


if __name__ == "__main__":
    main()
