"""``python -m localwelfare findings``: the claims table of every run, computed from the data.

Prints one row per claim (see :mod:`localwelfare.findings` for the columns): what each run
claims about which research question, the test, the effect size with its interval, the p-value
adjusted within the claim's family, whether the claim is supported, and in how many of the run's
method specifications it holds. Invalid data stop it with the file, row, field and rule broken
(exit status 2), as ``validate`` does.

Examples
--------
::

    python -m localwelfare findings --run wp1-inch --format markdown
    python -m localwelfare synthesize --seed 3 --null --out /tmp/null3
    python -m localwelfare findings --data-dir /tmp/null3 --no-robustness
"""

from __future__ import annotations

import sys

from localwelfare.errors import InputError

#: Shown besides ``findings.COLUMNS``.
EXTRA = ["effect_size_name", "test", "n"]


def _findings(args) -> int:
    from localwelfare import findings  # scipy and the analyses: only for this command

    runs = [r.strip() for r in args.run.split(",")] if args.run else None
    table = findings.all_claims(
        args.data_dir, args.project, runs, robustness=not args.no_robustness, n_jobs=args.jobs
    )[findings.COLUMNS + EXTRA]
    if args.format == "markdown":
        shown = table.copy()
        for col in ("estimate", "ci_low", "ci_high"):
            shown[col] = shown[col].map(lambda v: "" if v != v else f"{v:.3f}")
        for col in ("p_value", "p_adjusted"):
            shown[col] = shown[col].map(lambda v: "" if v != v else f"{v:.4f}")
        sys.stdout.write(shown.to_markdown(index=False) + "\n")
    else:
        table.to_csv(sys.stdout, index=False, lineterminator="\n", float_format="%.6g")
    return 0


def register(subparsers) -> None:
    """Add the ``findings`` command."""
    p = subparsers.add_parser(
        "findings",
        help="print the claims table of every run (tests, adjusted p, robustness)",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("--project", default=".", help="repository root (default: .)")
    p.add_argument("--data-dir", help="data folder (default: data/ of the repository)")
    p.add_argument("--run", help="only these runs (comma-separated names of runs.yml)")
    p.add_argument("--format", choices=["csv", "markdown"], default="csv")
    p.add_argument(
        "--no-robustness",
        action="store_true",
        help="evaluate each claim under the run's own specification only",
    )
    p.add_argument("-j", "--jobs", type=int, default=1, help="processes for the specifications")
    p.set_defaults(handler=_findings)


__all__ = ["register", "InputError"]
