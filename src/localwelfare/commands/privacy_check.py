"""``python -m localwelfare privacy-check [PATH ...]``: the privacy scan of the published outputs.

Without a path it reads, under ``--project`` (default ``.``), the built book ``_build/html``, the
executed notebooks ``book/runs/*.ipynb``, the PDF ``_build/pdf``, the brochure ``_build/brochure``
and the training package ``_build/training/html`` (whichever exist); see
:mod:`localwelfare.privacy.scan` for what is looked for. One line per finding on stdout,
``FILE:LOCATION: KIND: MATCH``, then the number of findings per kind and what was read on stderr.
Exit status: 0 when nothing is found, 1 when something is, 2 when an output cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from localwelfare.privacy import scan


def _privacy_check(args) -> int:
    register, register_note = scan.load_register(args.project)
    result = scan.scan(args.paths or None, project=Path(args.project), register=register)
    for finding in result.findings:
        print(finding)
    counts = result.counts()
    if counts:
        for kind, n in sorted(counts.items()):
            print(f"  {kind}: {n}", file=sys.stderr)
        print(
            f"privacy-check: {len(result.findings)} findings in "
            f"{len({f.file for f in result.findings})} files; {result.summary()}; {register_note}",
            file=sys.stderr,
        )
        return 1
    print(f"privacy-check: no findings; {result.summary()}; {register_note}", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    """Add the ``privacy-check`` command."""
    parser = subparsers.add_parser(
        "privacy-check",
        help="scan the built book, executed notebooks and exports for personal data and paths",
        description=(
            "Find register names and ids, e-mail addresses, phone numbers, Belgian national "
            "register numbers, IBANs, absolute local paths and parameters pointing into private/ "
            "in the published outputs. Exit 1 if anything is found."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="files or folders to scan (default: the book, the runs and the exports of --project)",
    )
    parser.add_argument(
        "--project",
        default=".",
        help="repository root: its private/ register and its absolute path (default: .)",
    )
    parser.set_defaults(handler=_privacy_check)
