"""The conda environments of envs/ carry the pip install's pins, and every rule runs in its family's environment."""
from __future__ import annotations

import ast
import functools
import re
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
ENVS = sorted((REPO / "envs").glob("*.yaml"))
RULE_FILES = sorted((REPO / "workflow" / "rules").glob("*.smk"))
FAMILIES = [env.stem for env in ENVS]
NOT_PINNED = {"pip", "setuptools", "wheel"}  # installed by conda with python itself; pip freeze leaves them out


def _pins(path: Path) -> dict[str, str]:
    """Canonical package name -> exact version of every ``name==version`` line."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _env_pins(env: Path) -> dict[str, str]:
    spec = yaml.safe_load(env.read_text())
    pip = next(d["pip"] for d in spec["dependencies"] if isinstance(d, dict) and "pip" in d)
    pins = {}
    for entry in pip:
        assert "==" in entry, f"{env.name}: pip entry {entry!r} is not pinned exactly"
        name, version = entry.split("==")
        pins[canonicalize_name(name)] = version.strip()
    return pins


def _env_python(env: Path) -> str:
    spec = yaml.safe_load(env.read_text())
    return next(d.split("=", 1)[1] for d in spec["dependencies"] if isinstance(d, str) and re.match(r"python\s*=", d))


def _dependency_closure(names) -> set[str]:
    """Every distribution the installed ``names`` need on this platform, themselves included (extras left out)."""
    seen, todo = set(), [canonicalize_name(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def _rule_blocks() -> list[tuple[Path, str, str]]:
    """(rule file, rule name, rule body) of every rule in workflow/rules/."""
    blocks = []
    for path in RULE_FILES:
        parts = re.split(r"^rule (\w+):\n", path.read_text(), flags=re.M)
        blocks += [(path, name, body.split("\n\n\n")[0]) for name, body in zip(parts[1::2], parts[2::2])]
    return blocks


@functools.cache
def _module_owners() -> dict[str, list[str]]:
    return packages_distributions()


def _import_nodes(tree: ast.AST, *, in_functions: bool):
    """The import statements of a module, with or without those inside function bodies."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        if in_functions or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from _import_nodes(node, in_functions=in_functions)


def _imported_distributions(script: Path) -> set[str]:
    """Distributions a script imports, following the mlsweeps modules it loads (and their packages' __init__).

    Third-party imports count wherever they are (a lazy import inside a function still runs in the job); mlsweeps
    modules are followed through module-level imports only, as Python loads them (a function-level import of, say,
    config_validation serves the Snakefile's validation, which jobs never call).
    """
    src, owners = REPO / "src", _module_owners()
    found, seen, todo = set(), set(), [script]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        tree = ast.parse(path.read_text())
        module_level = {id(node) for node in _import_nodes(tree, in_functions=False)}
        for node in _import_nodes(tree, in_functions=True):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level:  # relative: only inside src/mlsweeps
                package = path.parent.relative_to(src).parts[: len(path.parent.relative_to(src).parts) - node.level + 1]
                base = ".".join([*package, *([node.module] if node.module else [])])
                modules = [base] + [f"{base}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top == "mlsweeps" and id(node) in module_level:
                    parts = module.split(".")
                    for depth in range(1, len(parts) + 1):
                        base = src.joinpath(*parts[:depth])
                        todo += [p for p in (base / "__init__.py", base.with_suffix(".py")) if p.exists()]
                elif top != "mlsweeps" and top in owners:  # not installed in the pip install either: an optional import (try/except ImportError)
                    found |= {canonicalize_name(d) for d in owners[top]}
    return found


def test_there_is_one_environment_per_rule_family():
    """envs/<family>.yaml for each workflow/rules/<family>.smk, and every rule is named <family>_<verb>."""
    assert set(FAMILIES) == {path.stem for path in RULE_FILES if path.stem != "common"}
    for rule_file, rule, _ in _rule_blocks():
        assert rule.startswith(f"{rule_file.stem}_"), f"rule {rule} in {rule_file.name}"


@pytest.mark.parametrize("env", ENVS, ids=lambda p: p.name)
def test_env_pins_equal_the_pip_pins(env):
    """requirements.txt pins the direct dependencies, requirements.lock the resolved set: an env pin must equal both."""
    direct, lock = _pins(REPO / "requirements.txt"), _pins(REPO / "requirements.lock")
    for name, version in _env_pins(env).items():
        assert name in lock, f"{env.name}: {name} is not in requirements.lock"
        assert version == lock[name], f"{env.name}: {name}=={version}, requirements.lock has {lock[name]}"
        if name in direct:
            assert version == direct[name], f"{env.name}: {name}=={version}, requirements.txt has {direct[name]}"


@pytest.mark.parametrize("env", ENVS, ids=lambda p: p.name)
def test_env_pins_every_dependency_of_its_packages(env):
    """Nothing in an env resolves freely: what its pinned packages depend on is pinned too, at the lock's version."""
    pins = _env_pins(env)
    unpinned = sorted(_dependency_closure(pins) - set(pins) - NOT_PINNED)
    assert not unpinned, f"{env.name} leaves dependencies unpinned: {unpinned}"


@pytest.mark.parametrize("env", ENVS, ids=lambda p: p.name)
def test_env_python_satisfies_requires_python(env):
    pyproject = (REPO / "pyproject.toml").read_text()
    requires = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject, re.M).group(1)
    python = _env_python(env)
    assert python in SpecifierSet(requires), f"{env.name}: python={python}, pyproject requires {requires}"
    assert python == _env_python(ENVS[0]), "every environment uses the same Python"


@pytest.mark.parametrize(("rule_file", "rule", "body"), _rule_blocks(), ids=[rule for _, rule, _ in _rule_blocks()])
def test_every_rule_runs_in_its_familys_conda_env(rule_file, rule, body):
    """A rule with a script or shell command declares ``conda:`` with the env of its family, and that file exists."""
    if not re.search(r"^    (script|shell|run|notebook|wrapper):", body, re.M):
        return
    conda = re.search(r'^    conda:\n\s+"([^"]+)"', body, re.M)
    assert conda, f"rule {rule} ({rule_file.name}) has no conda: directive"
    env = (rule_file.parent / conda.group(1)).resolve()
    assert env.is_file(), f"rule {rule}: conda env {conda.group(1)} does not exist"
    family = next(f for f in FAMILIES if rule.startswith(f"{f}_"))
    assert env == REPO / "envs" / f"{family}.yaml", f"rule {rule} runs in {env.name}, expected {family}.yaml"


@pytest.mark.parametrize("family", FAMILIES)
def test_env_provides_every_package_its_scripts_import(family):
    """Each script of the family, with the mlsweeps modules it pulls in, imports only packages its env pins."""
    pins = _env_pins(REPO / "envs" / f"{family}.yaml")
    for script in sorted((REPO / "scripts" / family).glob("*.py")):
        missing = sorted(_imported_distributions(script) - set(pins) - {"mlsweeps"})
        assert not missing, f"scripts/{family}/{script.name} imports {missing}, not in envs/{family}.yaml"
