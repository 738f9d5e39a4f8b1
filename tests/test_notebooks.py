"""Static checks on the lessons that nbval cannot see.

A widget's callback runs *after* "Run All" has finished. If it reads a global (``lines``, ``ax1``)
that a later cell assigns again, moving its slider redraws the wrong figure -- lesson 02 once did
exactly that. So every function defined in a widget cell may only read globals no later cell assigns.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WIDGET_MARKERS = ("SliderPanel(", "LiveTraining(", ".observe(", "interact(", ".on_click(")


def code_cells(path: Path) -> list[tuple[str, ast.Module]]:
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    sources = ["\n".join(line for line in "".join(c["source"]).splitlines() if not line.lstrip().startswith(("%", "!")))
               for c in cells]
    return [(src, ast.parse(src)) for src in sources]


def assigned_globals(tree: ast.Module) -> set[str]:
    """Names a cell binds at top level (assignments, for targets, with targets, defs, imports)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            names |= {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store)}
    return names


def globals_read_by_functions(tree: ast.Module) -> set[str]:
    """Free names loaded inside the functions and lambdas a cell defines (minus their own arguments and locals)."""
    read = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.Lambda)):
            local = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
            local |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            read |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - local
    return read


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_widget_callbacks_do_not_read_globals_that_later_cells_reassign(path):
    cells = code_cells(path)
    problems = []
    for i, (src, tree) in enumerate(cells):
        if not any(marker in src for marker in WIDGET_MARKERS):
            continue
        later = set().union(*(assigned_globals(t) for _, t in cells[i + 1:]))
        clash = (globals_read_by_functions(tree) & assigned_globals(tree)) & later
        if clash:
            problems.append(f"code cell {i}: {sorted(clash)}")
    assert not problems, f"{path.name}: a widget callback reads names a later cell reassigns: {problems}"


def test_the_check_catches_the_bug_it_is_for():
    first = ast.parse("lines = make()\ndef draw(v):\n    lines['a'].set(v)\nSliderPanel(fig, s, draw)")
    later = ast.parse("lines = make_other()")
    assert globals_read_by_functions(first) & assigned_globals(first) & assigned_globals(later) == {"lines"}
