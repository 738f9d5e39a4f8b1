"""The lessons' stored outputs: the stamp that says what produced them, and the one command that refreshes them.

What a student opens first is a lesson's stored outputs, so they must be what the current code computes. Each lesson
carries, in its metadata (``metadata["gan_edu"]``), a **stamp**: the SHA-256 of its code cells, of every ``gan_edu``
source file they import (followed through the package's own imports), of the shipped weights when ``pretrain`` is among
them, and of the setting it ran in (the classroom setting, ``GAN_EDU_FAST=0``). :func:`problems` recomputes it and
compares; ``tests/test_stored_outputs.py`` fails, naming the lesson and this command, when they differ:

    python3 course.py execute 05 09        # re-execute lessons 05 and 09 (default: every lesson)

:func:`execute` runs a lesson top to bottom in a fresh kernel (``nbclient``, the library behind ``jupyter nbconvert
--execute``: it keeps the widget state and the display updates as JupyterLab would), writes its outputs and stamp, and
prints its time beside this machine's sgemm GFLOP/s. It is the one way outputs get refreshed.

A lesson's settings are its *paths* (lesson 09's ``TRAIN_FROM_SCRATCH``): ``--set NAME=VALUE`` runs the lesson with one
changed, top to bottom, into a separate file, leaving the lesson and its stamp alone; ``--fast`` runs it in the CI
setting (``tests/test_lesson_paths.py`` does both).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["SETTING", "LESSONS", "lesson_paths", "imported_sources", "stamp", "problems", "with_settings", "execute",
           "main"]

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
LESSONS = ROOT / "notebooks"
SETTING = "classroom"  # stored outputs come from the classroom setting, GAN_EDU_FAST=0
WEIGHTS = PACKAGE / "weights"
COMMAND = "python3 course.py execute"


def lesson_paths(numbers: list[str] | None = None) -> list[Path]:
    """The numbered lessons ``NN_*.ipynb``, all or those whose two-digit number is in ``numbers`` (e.g. ["05", "8"])."""
    every = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
    if not numbers:
        return every
    wanted = {f"{int(n):02d}" if str(n).isdigit() else str(n) for n in numbers}
    unknown = wanted - {p.name[:2] for p in every}
    if unknown:
        raise ValueError(f"lessons must be among {', '.join(p.name[:2] for p in every)} (got {', '.join(sorted(unknown))})")
    return [p for p in every if p.name[:2] in wanted]


def _code_cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _python(source: str) -> str:
    """A cell's source without IPython's magics and shell lines, so ``ast`` can read it."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _module_file(dotted: str) -> Path | None:
    """gan_edu.x.y -> gan_edu/x/y.py or gan_edu/x/y/__init__.py (None outside the package or for a missing name)."""
    parts = dotted.split(".")
    if parts[0] != "gan_edu":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(tree: ast.AST, package: str) -> set[str]:
    """Dotted gan_edu module names a module (or cell) imports; ``package`` resolves relative imports."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}  # from gan_edu import x: x may be a module
    return {name for name in found if name.split(".")[0] == "gan_edu"}


def imported_sources(nb: dict) -> list[Path]:
    """Every gan_edu source file the notebook's code cells import, directly or through the package's own imports."""
    todo = set().union(*(_imports(ast.parse(_python(src)), "gan_edu") for src in _code_cells(nb))) | {"gan_edu"}
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None or name in seen:
            continue
        seen[name] = path
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        todo |= _imports(ast.parse(path.read_text(encoding="utf-8")), package)
        parent = name.rsplit(".", 1)[0]
        if parent != name:
            todo.add(parent)  # importing gan_edu.x.y runs gan_edu/x/__init__.py
    return sorted(set(seen.values()))


def stamp(nb: dict) -> str:
    """SHA-256 of the setting, the code cells, the gan_edu sources they import and, with ``pretrain``, the weights."""
    digest = hashlib.sha256(f"gan-edu stored outputs, setting={SETTING}\n".encode())
    for source in _code_cells(nb):
        digest.update(b"\0cell\0" + source.replace("\r\n", "\n").encode())
    sources = imported_sources(nb)
    if PACKAGE / "pretrain.py" in sources:
        sources += sorted(WEIGHTS.glob("*.pt"))
    for path in sources:
        data = path.read_bytes()
        data = data.replace(b"\r\n", b"\n") if path.suffix == ".py" else data
        digest.update(b"\0file\0" + path.relative_to(ROOT).as_posix().encode() + b"\0" + data)
    return digest.hexdigest()


def problems(path: Path) -> list[str]:
    """What is wrong with a lesson's stored outputs: a stale or missing stamp, cells not executed in order, errors."""
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    refresh = f"refresh them with: {COMMAND} {path.name[:2]}"
    found = []
    recorded = nb["metadata"].get("gan_edu", {})
    if recorded.get("stamp") != stamp(nb):
        why = ("carry no stamp" if "stamp" not in recorded else
               "were computed by other code (its code cells or the gan_edu sources it imports changed since)")
        found.append(f"{path.name}: the stored outputs {why}; {refresh}")
    if recorded.get("setting", SETTING) != SETTING:
        found.append(f"{path.name}: the stored outputs come from the {recorded['setting']!r} setting, not {SETTING!r}; {refresh}")
    counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"]
    if counts != list(range(1, len(counts) + 1)):
        found.append(f"{path.name}: code cells were not executed once each, top to bottom (execution counts {counts}); "
                     f"{refresh}")
    errors = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        found.append(f"{path.name}: cell(s) {errors} store an error; {refresh}")
    return found


SETTING_LINE = r"^(?P<lhs>{name}\s*=\s*)(?P<rhs>[^#\n]*?)(?P<rest>\s*(?:#.*)?)$"


def with_settings(nb: dict, settings: dict[str, object]) -> dict:
    """A copy of ``nb`` whose top-level assignments ``NAME = ...`` take the given values (a lesson's path)."""
    nb = json.loads(json.dumps(nb))
    for name, value in settings.items():
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            raise ValueError(f"a setting must be an upper-case name such as TRAIN_FROM_SCRATCH (got {name!r})")
        pattern = re.compile(SETTING_LINE.format(name=name), re.MULTILINE)
        hits = 0
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                source, n = pattern.subn(lambda m: f"{m['lhs']}{value!r}{m['rest']}", "".join(cell["source"]))
                if n:
                    cell["source"], hits = source, hits + n
        if hits != 1:
            raise ValueError(f"settings: {name} must be assigned on exactly one line of the lesson (found {hits})")
    return nb


def execute(path: Path, settings: dict[str, object] | None = None, fast: bool = False, out: Path | None = None,
            timeout: int = 1800) -> float:
    """Run a lesson top to bottom in a fresh kernel, in a fresh folder, from no outputs; returns the seconds it took.

    Without ``settings`` and ``fast`` (the classroom default) the outputs and the stamp are written into the lesson
    (or ``out``). With either, the run is a path check: the notebook goes to ``out`` if given and the lesson is left as
    it is. A cell that fails raises ``nbclient``'s ``CellExecutionError`` naming the cell.
    """
    import nbclient
    import nbformat

    path = Path(path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    variant = bool(settings) or fast
    nb = nbformat.reads(json.dumps(with_settings(raw, settings or {})), as_version=4)
    on_disk = nbformat.reads(json.dumps(raw), as_version=4)  # the lesson's last cell audits this file (under the CI switch,
    for cell in nb.cells:  # its stored classroom outputs); the run itself starts from no outputs, in a fresh folder
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    env_before = os.environ.get("GAN_EDU_FAST")
    os.environ["GAN_EDU_FAST"] = "1" if fast else "0"  # the kernel inherits it
    try:
        with tempfile.TemporaryDirectory(prefix=f"gan_edu_{path.stem}_") as folder:
            nbformat.write(on_disk, str(Path(folder) / path.name))
            client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                                             store_widget_state=True, resources={"metadata": {"path": folder}})
            t0 = time.perf_counter()
            client.execute()
            seconds = time.perf_counter() - t0
    finally:
        os.environ.pop("GAN_EDU_FAST") if env_before is None else os.environ.__setitem__("GAN_EDU_FAST", env_before)
    if not variant:
        nb.metadata["gan_edu"] = {"stamp": stamp(raw), "setting": SETTING, "seconds": round(seconds, 1)}
    if out is not None or not variant:
        nbformat.write(nb, str(out or path))
    return seconds


def _setting(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    if not value:
        raise argparse.ArgumentTypeError(f"--set takes NAME=VALUE, e.g. TRAIN_FROM_SCRATCH=True (got {text!r})")
    try:
        return name.strip(), ast.literal_eval(value.strip())
    except (ValueError, SyntaxError):
        raise argparse.ArgumentTypeError(f"--set {name}: VALUE must be a Python literal (got {value!r})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Re-execute lessons top to bottom in a fresh kernel, in "
                                     "the classroom setting, and store their outputs and stamps.")
    parser.add_argument("lessons", nargs="*", help="two-digit lesson numbers (default: every lesson)")
    parser.add_argument("--set", dest="settings", type=_setting, action="append", default=[], metavar="NAME=VALUE",
                        help="run a path of the lesson (e.g. TRAIN_FROM_SCRATCH=True); the lesson file is not changed")
    parser.add_argument("--fast", action="store_true", help="the CI setting (GAN_EDU_FAST=1); the lesson file is not changed")
    parser.add_argument("--out", type=Path, help="with --set or --fast: where to write the executed notebook")
    args = parser.parse_args(argv)
    from . import settings as run_settings

    paths = lesson_paths(args.lessons)
    gflops = run_settings.sgemm_gflops(threads=2, repeats=20)
    print(f"machine: {os.cpu_count()} cores, torch sgemm 2048² at 2 threads {gflops:.0f} GFLOP/s, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    variant = dict(args.settings)
    for path in paths:
        what = (", ".join(f"{k}={v!r}" for k, v in variant.items()) or "default path") + (", CI setting" if args.fast
                                                                                         else ", classroom setting")
        print(f"{path.name} ({what}) ...", flush=True)
        out = args.out if args.out is None or len(paths) == 1 else args.out / path.name
        seconds = execute(path, variant, fast=args.fast, out=out)
        written = "outputs and stamp written" if not (variant or args.fast) else f"ran to its last cell{f', written to {out}' if out else ''}"
        print(f"{path.name}: {seconds:.1f} s ({seconds * gflops / run_settings.SLOW_HOST_GFLOPS:.0f} s scaled to the "
              f"{run_settings.SLOW_HOST_GFLOPS:.0f} GFLOP/s slow laptop); {written}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
