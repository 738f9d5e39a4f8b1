"""What a student opens is what the code computes: every lesson's stored outputs carry the stamp of the code that
produced them (gan_edu/stored_outputs.py), in the classroom setting, every code cell executed once, in order, no errors."""

from __future__ import annotations

import json
import shutil

import pytest

from gan_edu import stored_outputs

LESSONS = stored_outputs.lesson_paths()


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name[:2])
def test_stored_outputs_come_from_the_current_code(path):
    found = stored_outputs.problems(path)
    assert not found, "\n".join(found)


def copy(tmp_path, lesson="03"):
    (path,) = stored_outputs.lesson_paths([lesson])
    target = tmp_path / path.name
    shutil.copy(path, target)
    return target, json.loads(target.read_text())


def edit(target, nb, change):
    change(nb)
    target.write_text(json.dumps(nb))
    return stored_outputs.problems(target)


def test_editing_one_code_cell_without_re_executing_fails_naming_the_lesson_and_the_command(tmp_path):
    target, nb = copy(tmp_path)
    assert stored_outputs.problems(target) == []
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    (problem,) = edit(target, nb, lambda nb: cell.__setitem__("source", "".join(cell["source"]) + "\nSEED = 1"))
    assert target.name in problem and "python3 course.py execute 03" in problem and "other code" in problem


def test_a_changed_gan_edu_source_changes_the_stamp(tmp_path, monkeypatch):
    _, nb = copy(tmp_path)
    sources = stored_outputs.imported_sources(nb)
    names = {p.name for p in sources}
    assert {"__init__.py", "claims.py", "validate.py"} <= names  # claims imports validate: followed through the package
    before = stored_outputs.stamp(nb)
    original = (stored_outputs.PACKAGE / "validate.py").read_text()
    fake = tmp_path / "root" / "gan_edu"  # the same relative paths as the real package
    shutil.copytree(stored_outputs.PACKAGE, fake)
    (fake / "validate.py").write_text((fake / "validate.py").read_text() + "\n# one more line\n")
    monkeypatch.setattr(stored_outputs, "PACKAGE", fake)
    monkeypatch.setattr(stored_outputs, "ROOT", tmp_path / "root")
    monkeypatch.setattr(stored_outputs, "WEIGHTS", fake / "weights")
    after = stored_outputs.stamp(nb)
    (fake / "validate.py").write_text(original)
    assert after != before and stored_outputs.stamp(nb) == before


def test_a_lesson_that_loads_the_shipped_weights_is_stamped_with_them():
    (mnist,) = stored_outputs.lesson_paths(["09"])
    nb = json.loads(mnist.read_text())
    assert stored_outputs.PACKAGE / "pretrain.py" in stored_outputs.imported_sources(nb)


def test_cells_out_of_order_an_error_or_another_setting_fail(tmp_path):
    target, nb = copy(tmp_path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert any("not executed once each" in p for p in edit(target, nb, lambda nb: code[1].__setitem__("execution_count", None)))
    target, nb = copy(tmp_path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    error = {"output_type": "error", "ename": "ClaimError", "evalue": "x", "traceback": []}
    assert any("store an error" in p for p in edit(target, nb, lambda nb: code[2]["outputs"].append(error)))
    target, nb = copy(tmp_path)
    assert any("'CI' setting" in p for p in edit(target, nb, lambda nb: nb["metadata"]["gan_edu"].__setitem__("setting", "CI")))


def test_settings_change_exactly_one_assignment_and_refuse_unknown_names():
    (mnist,) = stored_outputs.lesson_paths(["09"])
    nb = json.loads(mnist.read_text())
    changed = stored_outputs.with_settings(nb, {"TRAIN_FROM_SCRATCH": True})
    sources = ["".join(c["source"]) for c in changed["cells"] if c["cell_type"] == "code"]
    assert sum("TRAIN_FROM_SCRATCH = True  #" in s for s in sources) == 1
    with pytest.raises(ValueError, match="NO_SUCH_SETTING must be assigned on exactly one line"):
        stored_outputs.with_settings(nb, {"NO_SUCH_SETTING": 1})
    with pytest.raises(ValueError, match="lessons must be among"):
        stored_outputs.lesson_paths(["99"])
