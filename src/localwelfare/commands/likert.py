"""``python -m localwelfare likert summary CSV --items A,B,... [--group COL] [--levels L1,L2,...]``.

Prints the distribution of Likert items of one's own CSV file to stdout, as CSV: one row per group
and item, columns ``group,item,n`` and then one percentage column per level in the order given
(percentages of the non-missing answers, rounded to 1 decimal). Empty cells are missing answers;
every other answer must be one of the levels (list a "don't know" code among them to count it).
Without ``--levels`` the levels are the distinct answers found, in numeric order when all are
numbers, else in alphabetical order. Without ``--group`` the group is ``all``; with it, rows whose
group is empty are left out.

Examples
--------
::

    python -m localwelfare likert summary mass.csv --group Gender \\
        --items "Math relates to my life.,I find math challenging." \\
        --levels "Strongly Disagree,Disagree,Neutral,Agree,Strongly Agree"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from localwelfare.commands._io import read_text_csv
from localwelfare.errors import InputError


def register(subparsers) -> None:
    """Add the ``likert`` command group."""
    group = subparsers.add_parser("likert", help="Likert item summaries (WP4) of one's own files")
    sub = group.add_subparsers(dest="likert_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser(
        "summary",
        help="percentage of answers per level, per item and group",
        description=(
            "Print one CSV row per group and item: group, item, n (non-missing answers) and the "
            "percentage of each level (of the non-missing answers, 1 decimal)."
        ),
    )
    p.add_argument("csv", help="CSV file, one row per respondent, one column per item")
    p.add_argument("--items", required=True, help="item columns, comma-separated")
    p.add_argument("--group", help="column to split by (default: one group 'all')")
    p.add_argument(
        "--levels",
        help="answer levels in scale order, comma-separated (default: the answers found)",
    )
    p.set_defaults(handler=summary)


def _split(text: str, what: str) -> list[str]:
    parts = [part.strip() for part in text.split(",")]
    if not parts or any(not part for part in parts):
        raise InputError(f"--{what} {text!r}: expected a comma-separated list without empty names")
    return parts


def read_answers(path: str | Path) -> pd.DataFrame:
    """Read a CSV of answers as text (empty cells missing), or raise InputError naming the file."""
    return read_text_csv(path, expected="answers")


def _default_levels(frame: pd.DataFrame, items: list[str]) -> list[str]:
    values = pd.unique(frame[items].stack().dropna().astype(str))
    numbers = pd.to_numeric(pd.Series(values), errors="coerce")
    if numbers.notna().all():
        return [v for _, v in sorted(zip(numbers, values, strict=True))]
    return sorted(values)


def summary(args: argparse.Namespace) -> int:
    """Print the summary table of ``args.csv`` to stdout."""
    frame = read_answers(args.csv)
    items = _split(args.items, "items")
    wanted = items + ([args.group] if args.group else [])
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise InputError(
            f"{args.csv}: no column(s) {', '.join(repr(c) for c in missing)} "
            f"(columns: {', '.join(frame.columns)})"
        )
    levels = _split(args.levels, "levels") if args.levels else _default_levels(frame, items)
    for item in items:
        answers = frame[item].str.strip()
        bad = answers.notna() & ~answers.isin(levels)
        if bad.any():
            position = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(
                f"{args.csv}, row {position + 2}, field '{item}': answer "
                f"{answers.iloc[position]!r} is not one of the levels {levels}"
            )
        frame[item] = answers
    from localwelfare import perceptions  # imported here: the command line starts fast

    table = perceptions.likert_summary_table(frame, items, levels, group=args.group)
    table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0
