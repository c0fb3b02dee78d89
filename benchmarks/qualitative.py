"""Benchmark of the WP2 analyses: code matrices and co-occurrence for 100 000 coded segments.

Target: the matrices (segments and presence, by actor group, themes and codes) and the
co-occurrence tables (segment overlap and interview) of 100 000 codings take at most 10 s together.
The codings are random (2 000 interviews, 40 codes under 10 themes, 1-2 codes per segment);
prints the median of 5 repeats of each step and of the total.

Run: ``.venv/bin/python benchmarks/qualitative.py``
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from localwelfare import qualitative as q

N_CODINGS = 100_000
N_INTERVIEWS = 2_000
REPEATS = 5
TARGET_SECONDS = 10.0


def codings(seed: int = 1) -> pd.DataFrame:
    """Random coded segments: about 1.3 codings per segment, segments laid end to end."""
    rng = np.random.default_rng(seed)
    n_segments = int(N_CODINGS / 1.3)
    source = np.sort(rng.integers(0, N_INTERVIEWS, n_segments))
    length = rng.integers(40, 400, n_segments)
    start = np.zeros(n_segments, dtype=np.int64)
    for s in np.unique(source):  # consecutive segments per interview
        idx = np.flatnonzero(source == s)
        start[idx] = np.concatenate([[0], np.cumsum(length[idx] + 20)[:-1]])
    seg_of_coding = np.concatenate(
        [np.arange(n_segments), rng.choice(n_segments, N_CODINGS - n_segments, replace=False)]
    )
    codes = np.array([f"theme {t}/code {c}" for t in range(10) for c in range(4)])
    groups = np.array(["policy_maker", "social_worker", "family_in_poverty"])
    interview_group = groups[rng.integers(0, 3, N_INTERVIEWS)]
    return pd.DataFrame(
        {
            "segment_id": seg_of_coding.astype(str),
            "source": source[seg_of_coding].astype(str),
            "coder": "coder_a",
            "code_path": codes[rng.integers(0, len(codes), N_CODINGS)],
            "start": start[seg_of_coding],
            "end": start[seg_of_coding] + length[seg_of_coding],
            "actor_group": interview_group[source[seg_of_coding]],
        }
    )


def main() -> None:
    seg = codings()
    steps = {
        "matrix, themes": lambda: q.code_matrix(seg, "actor_group", level=1),
        "matrix, codes": lambda: q.code_matrix(seg, "actor_group", level=None),
        "co-occurrence, segments": lambda: q.cooccurrence(seg, level=None, scope="segment"),
        "co-occurrence, interviews": lambda: q.cooccurrence(seg, level=None, scope="interview"),
    }
    timings = {name: [] for name in steps}
    totals = []
    for _ in range(REPEATS):
        total = 0.0
        for name, step in steps.items():
            began = time.perf_counter()
            step()
            spent = time.perf_counter() - began
            timings[name].append(spent)
            total += spent
        totals.append(total)
    print(
        f"{len(seg)} codings, {seg['segment_id'].nunique()} segments, "
        f"{seg['source'].nunique()} interviews; median of {REPEATS} repeats"
    )
    for name, values in timings.items():
        print(f"  {name:<28} {statistics.median(values):6.2f} s")
    median = statistics.median(totals)
    verdict = "meets" if median <= TARGET_SECONDS else "MISSES"
    print(f"  {'total':<28} {median:6.2f} s ({verdict} the target of {TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
