"""Benchmark: every whole-network measure for 600 networks of 60 organisations, on one core.

Target: at most 10 s (median of the repeats) for all of it together. The networks are seeded
random directed graphs with densities from 0.05 to 0.30, the range of the studies' networks, and
a seeded sector (one of 5) per organisation; each gets all measures of
:func:`localwelfare.network.whole_network_measures` (UCINET's 33, weak components, betweenness
centralisation and the core-periphery fit with its default search), the system-level
:func:`localwelfare.network.integration_measures` and the per-node
:func:`localwelfare.network.brokerage` roles with z-scores (sna's density null; the label null
is timed too and reported on its own line, not in the target).

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

N_NETWORKS, N_NODES, N_SECTORS, TARGET_SECONDS = 600, 60, 5, 10.0


def make_graphs(seed: int = 1) -> list[nx.DiGraph]:
    rng = np.random.default_rng(seed)
    graphs = [
        nx.gnp_random_graph(N_NODES, float(rng.uniform(0.05, 0.30)), seed=int(s), directed=True)
        for s in rng.integers(0, 2**31, size=N_NETWORKS)
    ]
    for g in graphs:
        sectors = rng.integers(0, N_SECTORS, size=N_NODES)
        nx.set_node_attributes(g, {v: f"sector{sectors[v]}" for v in g}, "sector")
    return graphs


def run_all(graphs: list[nx.DiGraph], null: str = "density") -> tuple[float, float, float, int]:
    """Time the three parts; return their seconds and the number of whole-network measures."""
    start = time.perf_counter()
    table = network.whole_network_table(dict(enumerate(graphs)))
    whole = time.perf_counter()
    network.integration_table(
        dict(enumerate(graphs)), multiplex_shares=dict.fromkeys(range(len(graphs)), 0.3)
    )
    integration = time.perf_counter()
    for g in graphs:
        network.brokerage(g, "sector", null=null)
    brokerage = time.perf_counter()
    return whole - start, integration - whole, brokerage - integration, table.shape[1] - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    graphs = make_graphs()
    parts = [run_all(graphs) for _ in range(args.repeats)]
    times = [sum(p[:3]) for p in parts]
    median = statistics.median(times)
    n_measures = parts[0][3]
    print(
        f"{N_NETWORKS} networks x {N_NODES} organisations: {n_measures} whole-network measures, "
        "integration and brokerage each"
    )
    for i, name in enumerate(["whole-network measures", "integration", "brokerage"]):
        print(f"  {name}: median {statistics.median(p[i] for p in parts):.2f} s")
    labels = statistics.median(run_all(graphs, null="labels")[2] for _ in range(args.repeats))
    print(f"  (brokerage with the label null instead: median {labels:.2f} s)")
    print(f"runs: {', '.join(f'{t:.2f} s' for t in times)}")
    print(
        f"median: {median:.2f} s (target <= {TARGET_SECONDS:.0f} s): "
        f"{'OK' if median <= TARGET_SECONDS else 'TOO SLOW'}"
    )


if __name__ == "__main__":
    main()
