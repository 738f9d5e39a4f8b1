"""pyproject.toml and environment.yml must list the same packages with the same ranges."""

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PIP = {"pytorch": "torch"}


def split(req: str) -> tuple[str, str]:
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", req).groups()
    return CONDA_TO_PIP.get(name.lower(), name.lower()), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return dict(split(r) for r in reqs)


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    return dict(split(d) for d in deps if split(d)[0] not in {"python", "pip"})


def test_environment_matches_pyproject():
    assert conda_requirements() == pyproject_requirements()


def test_environment_installs_the_package_and_python_floor_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_block = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_block == [["-e ."]]
    python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    floor = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python == ["python" + floor]


def test_split_maps_conda_names():
    assert split("pytorch>=2.1,<3") == ("torch", ">=2.1,<3")
    assert split("numpy >= 1.24") == ("numpy", ">=1.24")
