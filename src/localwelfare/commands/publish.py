"""``publish WHAT``: the publications made from the built book
(:mod:`localwelfare.publishing.publications`)."""

from __future__ import annotations

import logging

from localwelfare.publishing import publications

log = logging.getLogger(__name__)


def _publish(args) -> int:
    for path in publications.publish(args.what, args.project):
        log.info(f"{args.what}: wrote {path}")
    return 0


def register(subparsers) -> None:
    """Add ``publish`` with one sub-command per publication."""
    parser = subparsers.add_parser(
        "publish",
        help="make the PDF, the brochure or the training package from the built book",
        description="Make a publication from the built book (`make book` first).",
    )
    inner = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    for what, text in publications.PUBLICATIONS.items():
        command = inner.add_parser(what, help=text, description=text)
        command.add_argument("--project", default=".", help="repository root (default: .)")
        command.set_defaults(handler=_publish)
