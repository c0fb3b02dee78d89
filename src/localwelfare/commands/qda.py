"""``python -m localwelfare qda``: look into REFI-QDA projects from any QDA tool.

``qda summary PATH``
    One CSV row per code on stdout: ``code_path,n_codings,n_sources,n_coders``, sorted by code
    path; ``n_codings`` counts the code's codings in every kind of selection (text, PDF, picture,
    audio, video); codes never used appear with 0.
``qda convert PATH --out segments.csv``
    The tidy coded-segments table (one row per coding), the shape of the ``coded_segments``
    resource.
"""

from __future__ import annotations

import sys

from localwelfare import refiqda


def _summary(args) -> int:
    project = refiqda.read_project(args.path)
    refiqda.code_summary(project).to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _convert(args) -> int:
    project = refiqda.read_project(args.path)
    table = refiqda.segments_table(project)
    if args.out == "-":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        table.to_csv(args.out, index=False, lineterminator="\n", encoding="utf-8")
        print(f"wrote {len(table)} codings to {args.out}", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    """Add the ``qda`` command group."""
    parser = subparsers.add_parser(
        "qda", help="read REFI-QDA projects (.qdpx/.qde) from NVivo, ATLAS.ti, MAXQDA, ..."
    )
    sub = parser.add_subparsers(dest="qda_command", metavar="SUBCOMMAND", required=True)
    summary = sub.add_parser("summary", help="codings, sources and coders per code (CSV)")
    summary.add_argument("path", help="a .qdpx archive or a .qde project file")
    summary.set_defaults(handler=_summary)
    convert = sub.add_parser("convert", help="write the tidy coded-segments table (CSV)")
    convert.add_argument("path", help="a .qdpx archive or a .qde project file")
    convert.add_argument("--out", required=True, help="CSV file to write ('-': stdout)")
    convert.set_defaults(handler=_convert)
