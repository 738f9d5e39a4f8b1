"""Every path a lesson offers runs to its last cell. A lesson's switch (a top-level ``NAME = True/False`` such as lesson 09's
``TRAIN_FROM_SCRATCH``) is a path: the default runs in nbval and under ``course.py execute``; each other value runs here, in the
CI setting, top to bottom in a fresh kernel (gan_edu/stored_outputs.py). The classroom setting of a path:
``python3 course.py execute 09 --set TRAIN_FROM_SCRATCH=True``."""

from __future__ import annotations

import json
import re

import pytest

from gan_edu import stored_outputs

# lesson -> the non-default values of its switches, each a path
PATHS = {"09": [{"TRAIN_FROM_SCRATCH": True}]}
SWITCH = re.compile(r"^([A-Z][A-Z0-9_]*)\s*=\s*(True|False)\b", re.MULTILINE)


def switches(path) -> dict[str, bool]:
    cells = json.loads(path.read_text())["cells"]
    return {name: value == "True" for c in cells if c["cell_type"] == "code"
            for name, value in SWITCH.findall("".join(c["source"]))}


@pytest.mark.parametrize("path", stored_outputs.lesson_paths(), ids=lambda p: p.name[:2])
def test_every_switch_of_a_lesson_has_its_other_path_listed(path):
    listed = {name for variant in PATHS.get(path.name[:2], []) for name in variant}
    missing = {name for name in switches(path) if name not in listed}
    assert not missing, f"{path.name}: the switch(es) {sorted(missing)} offer a path no test runs; add it to PATHS"


@pytest.mark.parametrize("lesson, settings", [(lesson, s) for lesson, variants in PATHS.items() for s in variants],
                         ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()))
def test_each_other_path_runs_to_its_last_cell_in_the_ci_setting(lesson, settings, tmp_path):
    (path,) = stored_outputs.lesson_paths([lesson])
    for name, value in settings.items():
        assert switches(path)[name] != value, f"{name}={value} is the lesson's default path, which nbval runs already"
    out = tmp_path / path.name
    stored_outputs.execute(path, settings, fast=True, out=out)  # raises CellExecutionError naming a failing cell
    cells = [c for c in json.loads(out.read_text())["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    audit_output = "".join("".join(o.get("text", "")) for o in cells[-1]["outputs"] if o.get("output_type") == "stream")
    assert "this lesson's prose states" in audit_output  # the last cell, the audit, ran and printed its summary
