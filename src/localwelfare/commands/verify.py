"""``verify``: re-execute every run from scratch and compare with the published manifest."""

from __future__ import annotations

import sys

from localwelfare import pipeline


def _verify(args) -> int:
    problems = pipeline.verify(args.project, args.published, jobs=args.jobs)
    if problems:
        print(
            f"verify: {len(problems)} difference(s) from the published manifest:", file=sys.stderr
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        "verify: every run re-executed from scratch gives the published inputs, parameters, "
        "glued values and tables",
        file=sys.stderr,
    )
    return 0


def register(subparsers) -> None:
    """Add ``verify``."""
    parser = subparsers.add_parser(
        "verify",
        help="re-execute every run from scratch and compare with the published manifest",
        description=(
            "Re-execute every run in a temporary folder (the book is not touched) and compare "
            "its inputs' hashes, parameters, seeds, glued values and tables with the published "
            "manifest. Exit status 1 when anything differs."
        ),
    )
    parser.add_argument("--project", default=".", help="repository root (default: .)")
    parser.add_argument(
        "--published",
        help="published manifest.json (default: _build/html/manifest.json of the built book)",
    )
    parser.add_argument("-j", "--jobs", type=int, default=None, help="runs executed in parallel")
    parser.set_defaults(handler=_verify)
