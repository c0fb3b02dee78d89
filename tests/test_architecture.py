"""The direction of imports:
data -> analysis modules -> findings -> notebooks -> book -> publications.

Analysis modules compute; they never execute runs, build or publish the book, or draw. So they
import neither the pipeline (except the declaration of the runs, which ``findings`` reads to
recompute every run's claims), nor the publishing code, the command line or the chapter helpers,
nor plotting (the package's drawing modules, matplotlib, seaborn). Notebooks call the package
through its public names only: no ``_private`` name, and where a module lists its public API in
``__all__``, a name from that list.

The imports are read from the source with :mod:`ast` (nothing is imported to check a module), in
function bodies too, so a late import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "localwelfare"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

#: The analysis modules (paths relative to the package; a folder means all its modules).
ANALYSIS = [
    "data.py",
    "design.py",
    "stats.py",
    "network.py",
    "network_io.py",
    "qualitative.py",
    "refiqda.py",
    "typology.py",
    "weights.py",
    "perceptions.py",
    "models.py",
    "vignettes.py",
    "integration.py",
    "findings.py",
    "privacy",
    "synthetic",
]
#: What an analysis module may not import: a module named here or any module inside it.
FORBIDDEN = (
    "localwelfare.pipeline",
    "localwelfare.publishing",
    "localwelfare.commands",
    "localwelfare.cli",
    "localwelfare.chapter",
    "localwelfare.display",
    "localwelfare.plots",
    "localwelfare.netplot",
    "localwelfare.likertplot",
    "localwelfare.jointplot",
    "matplotlib",
    "seaborn",
)
#: The one room of the pipeline an analysis module may read: the declaration of the runs
#: (``runs.yml`` and the notebooks' parameters), as a module or as these names of the pipeline.
RUNS_MODULE = "localwelfare.pipeline.runs"
RUNS_NAMES = {"load_runs", "notebook_parameters", "RUNS_FILE"}


def _analysis_files() -> list[Path]:
    files = []
    for entry in ANALYSIS:
        path = PACKAGE / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden_imports(source: str, module: str = "localwelfare.example") -> list[str]:
    """Return ``"line N: import X"`` for every import in ``source`` that an analysis module may
    not make (``module`` is the importing module's name, to resolve relative imports)."""
    tree = ast.parse(source)
    found, pipeline_names = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported = [(alias.name, alias.asname) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            imported = [
                (f"{base}.{alias.name}", alias.asname or alias.name) for alias in node.names
            ]
        else:
            continue
        for name, bound in imported:
            if name == "localwelfare.pipeline" and bound:
                pipeline_names[bound] = node.lineno  # checked below: the runs' names only
            elif _within(name, RUNS_MODULE) or (
                name.rsplit(".", 1)[0] == "localwelfare.pipeline"
                and name.rsplit(".", 1)[1] in RUNS_NAMES
            ):
                continue
            elif any(_within(name, p) for p in FORBIDDEN):
                found.append(f"line {node.lineno}: import {name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in pipeline_names
            and node.attr not in RUNS_NAMES
        ):
            found.append(f"line {node.lineno}: localwelfare.pipeline.{node.attr}")
    return found


@pytest.mark.parametrize("path", _analysis_files(), ids=lambda p: _module_name(p))
def test_analysis_modules_import_neither_pipeline_nor_publishing_nor_plotting(path):
    module = _module_name(path) + (".__init__" if path.name == "__init__.py" else "")
    found = forbidden_imports(path.read_text(encoding="utf-8"), module)
    assert not found, f"{path.relative_to(PACKAGE.parent)}: " + "; ".join(found)


def test_every_analysis_module_listed_exists():
    missing = [entry for entry in ANALYSIS if not (PACKAGE / entry).exists()]
    assert not missing, f"listed as analysis modules but not in the package: {missing}"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from localwelfare import plots", ["line 1: import localwelfare.plots"]),
        ("import matplotlib.pyplot as plt", ["line 1: import matplotlib.pyplot"]),
        ("def f():\n    from localwelfare.publishing import printing", ["line 2: import"]),
        ("from . import netplot", ["line 1: import localwelfare.netplot"]),
        ("from localwelfare import pipeline\npipeline.execute_runs()", ["line 2: localwelfare"]),
        ("from localwelfare import pipeline\npipeline.load_runs('.')", []),
        ("from localwelfare.pipeline import runs", []),
        ("from localwelfare import network, stats", []),
    ],
)
def test_the_import_rule_flags_what_it_should(source, expected):
    found = forbidden_imports(source)
    assert len(found) == len(expected) and all(
        f.startswith(e) for f, e in zip(found, expected, strict=True)
    ), found


# --- notebooks -------------------------------------------------------------------------------


def _notebook_source(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for line in "".join(cell["source"]).splitlines():
                lines.append("" if line.lstrip().startswith(("%", "!")) else line)
    return "\n".join(lines)


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _public(module: str, name: str) -> bool:
    if name.startswith("_"):
        return False
    listed = getattr(importlib.import_module(module), "__all__", None)
    return listed is None or name in listed


def private_names(source: str) -> list[str]:
    """Return every name of the package that ``source`` uses and that is not public."""
    tree = ast.parse(source)
    modules, found = {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _within(alias.name, "localwelfare"):
                    if any(part.startswith("_") for part in alias.name.split(".")):
                        found.append(alias.name)
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and _within(node.module or "", "localwelfare"):
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append(node.module)
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if alias.name.startswith("_"):
                    found.append(full)
                elif _is_module(full):
                    modules[alias.asname or alias.name] = full
                elif not _public(node.module, alias.name):
                    found.append(full)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = modules.get(node.value.id)
            if module and not _is_module(f"{module}.{node.attr}"):
                if not _public(module, node.attr):
                    found.append(f"{module}.{node.attr}")
    return sorted(set(found))


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_use_only_public_names_of_the_package(path):
    found = private_names(_notebook_source(path))
    assert not found, f"{path.name} uses names that are not public: {found}"


def test_the_public_name_rule_flags_what_it_should():
    source = (
        "from localwelfare import network, typology\n"
        "from localwelfare.stats import _codes\n"
        "network._betweenness(g)\n"
        "typology.fit_lca(items, 2)\n"
        "typology.unit_weights\n"  # moved to localwelfare.weights: not typology's public API
    )
    assert private_names(source) == [
        "localwelfare.network._betweenness",
        "localwelfare.stats._codes",
        "localwelfare.typology.unit_weights",
    ]


def lost_outputs(cell_source: str) -> list[str]:
    """Calls whose result a chapter's reader never sees: a ``table(...)`` or ``display.table``
    expression that is not the last statement of its cell (Jupyter shows only the last
    expression; the others need ``display``)."""
    body = ast.parse(cell_source).body
    lost = []
    for node in body[:-1]:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if getattr(func, "id", None) == "table" or getattr(func, "attr", None) == "table":
                lost.append(ast.unparse(node)[:60])
    return lost


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_table_a_chapter_builds_is_shown(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    lost = [
        call
        for cell in nb["cells"]
        if cell["cell_type"] == "code" and not "".join(cell["source"]).lstrip().startswith("%")
        for call in lost_outputs("".join(cell["source"]))
    ]
    assert not lost, f"{path.name}: tables built but not displayed: {lost}"


def test_the_lost_output_rule_flags_what_it_should():
    source = "table(a)\ndisplay(table(b))\nx = table(c)\ndisplay.table(d)\ntable(e)\n"
    assert lost_outputs(source) == ["table(a)", "display.table(d)"]
