"""The pipeline's rooms call one another one way: runs <- cache <- manifest <- execute <- build."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from localwelfare import pipeline

ROOMS = ["runs", "cache", "manifest", "execute", "build"]


def _rooms_imported(room: str) -> set[str]:
    tree = ast.parse((Path(pipeline.__file__).parent / f"{room}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[:2] == ["localwelfare", "pipeline"]:
                found |= {parts[2]} if len(parts) > 2 else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {
                a.name.split(".")[2]
                for a in node.names
                if a.name.startswith("localwelfare.pipeline.")
            }
    return found


@pytest.mark.parametrize("room", ROOMS)
def test_a_room_calls_only_the_rooms_before_it(room):
    earlier = set(ROOMS[: ROOMS.index(room)])
    assert _rooms_imported(room) <= earlier


def test_the_package_is_the_five_rooms():
    modules = {p.stem for p in Path(pipeline.__file__).parent.glob("*.py")} - {"__init__"}
    assert modules == set(ROOMS)
