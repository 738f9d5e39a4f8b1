"""CI runs exactly the README's test command, and the README names both commands."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST_COMMAND = "python3 course.py test"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert f"{TEST_COMMAND}    # install everything into .venv, run every test" in readme
    assert "python3 course.py lab     # install everything into .venv, open the course" in readme
    ci_commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
                   if line.strip() and not line.lstrip().startswith("#")]
    assert ci_commands[-1] == TEST_COMMAND


def load_course():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("command, fast, program", [("test", "1", "pytest"), ("lab", None, "jupyter")])
def test_course_commands_set_the_ci_switch_only_for_tests(monkeypatch, command, fast, program):
    course = load_course()
    calls = []
    monkeypatch.delenv("GAN_EDU_FAST", raising=False)
    monkeypatch.setattr(course, "setup", lambda: None)
    monkeypatch.setattr(course.subprocess, "run", lambda args, **kw: calls.append((args, kw)) or
                        subprocess.CompletedProcess(args, 0))
    assert course.main([command, "--extra"]) == 0
    (args, kw), = calls
    assert program in args and args[-1] == "--extra"
    assert kw["env"].get("GAN_EDU_FAST") == fast


def test_unknown_command_prints_usage(capsys):
    assert load_course().main(["dance"]) == 2
    assert "python course.py test" in capsys.readouterr().out
