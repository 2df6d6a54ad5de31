"""What a wheel install gets: every import the code makes is declared in an extra, and a command
whose extra is missing says which one to install (issue 11, item 1).

`.ci/smoke.sh` checks the same on a real wheel in clean virtual environments; these tests keep
the tables in `claimtally.extras` honest on every `make test`.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from claimtally.cli import COMMAND_OWNERS
from claimtally.extras import COMMAND_EXTRAS, EXTRA_MODULES

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "claimtally"

#: The extras each folder of the package may import from (its stage and the stages it builds on).
STAGE_EXTRAS: dict[str, set[str]] = {
    "extract": {"ru-uk"},  # English needs nothing; Russian and Ukrainian load pymorphy3 when a text needs it
    "eval": set(),
    "ingest": {"ingest", "ledger"},
    "ledger": {"ledger", "parquet"},
    "compare": {"compare", "ledger"},
    "web": {"web", "ledger", "compare"},
    "scale": {"scale", "fastwarc", "ingest", "ledger", "parquet"},
}
#: Development tools: never needed to run claimtally.
TEST_ONLY = {"playwright", "pytest", "hypothesis", "ruff", "schemathesis", "quantulum3"}


def _pyproject_extras() -> dict[str, list[str]]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["optional-dependencies"]


def _dist_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _third_party_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "claimtally"}


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_every_import_is_declared_in_an_extra_of_its_stage(path: Path) -> None:
    stage = path.relative_to(SRC).parts[0] if len(path.relative_to(SRC).parts) > 1 else ""
    allowed = STAGE_EXTRAS.get(stage, set())
    declared = {m for extra in allowed for m in EXTRA_MODULES[extra]}
    undeclared = _third_party_imports(path) - declared
    assert not undeclared, f"{path.relative_to(REPO)} imports {sorted(undeclared)}, not in extras {sorted(allowed)}"


def test_extra_modules_are_the_extras_of_pyproject() -> None:
    """Each extra's distributions (pyproject.toml) are exactly those whose modules the CLI checks."""
    extras = _pyproject_extras()
    providers = importlib.metadata.packages_distributions()
    for extra, modules in EXTRA_MODULES.items():
        wanted = {_dist_name(r) for r in extras[extra]}
        provided = {d.lower().replace("_", "-") for m in modules for d in providers.get(m, [])}
        assert provided == wanted, f"extra {extra!r}: pyproject declares {sorted(wanted)}, modules give {sorted(provided)}"
    assert set(EXTRA_MODULES) == set(extras) - {"all", "dev"}
    assert "claimtally[" + ",".join(sorted(EXTRA_MODULES)) + "]" == "claimtally[" + ",".join(
        sorted(re.search(r"\[(.*)\]", extras["all"][0]).group(1).split(","))) + "]"


def test_test_tools_are_not_runtime_extras() -> None:
    extras = _pyproject_extras()
    runtime = {_dist_name(r) for name, reqs in extras.items() if name != "dev" for r in reqs}
    assert not runtime & TEST_ONLY
    assert set(COMMAND_EXTRAS) == set(COMMAND_OWNERS)


def _bare(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the CLI as a bare `pip install claimtally` would: no module of any extra importable."""
    blocked = sorted({m for modules in EXTRA_MODULES.values() for m in modules})
    prelude = (f"import sys\nfor m in {blocked!r}: sys.modules[m] = None\n"
               "from claimtally.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    return subprocess.run([sys.executable, "-c", prelude, *argv], input=stdin, capture_output=True, text=True,
                          timeout=60, cwd=REPO)


def test_bare_install_help_lists_every_command() -> None:
    proc = _bare("--help")
    assert proc.returncode == 0, proc.stderr
    for command in COMMAND_OWNERS:
        assert re.search(rf"^\s+{command}\s", proc.stdout, re.M), command
    assert "(not installed)" in proc.stdout and "'claimtally[ledger]'" in proc.stdout


@pytest.mark.parametrize(("argv", "message"), [
    (["figures", "--db", "x.db"], "claimtally figures needs the 'ledger' extra: pip install 'claimtally[ledger]'"),
    (["export", "out.csv"], "claimtally export needs the 'ledger' extra: pip install 'claimtally[ledger]'"),
    (["compare"], "claimtally compare needs the 'ledger' extra: pip install 'claimtally[ledger]'"),
    (["chart", "q", "--out", "c.svg"],
     "claimtally chart needs the 'ledger' and 'compare' extras: pip install 'claimtally[ledger,compare]'"),
    (["ingest", "a.txt"],
     "claimtally ingest needs the 'ingest' and 'ledger' extras: pip install 'claimtally[ingest,ledger]'"),
    (["serve"], "claimtally serve needs the 'ledger', 'web' and 'compare' extras: "
                "pip install 'claimtally[ledger,web,compare]'"),
    (["user", "list"], "claimtally user needs the 'ledger' and 'web' extras: pip install 'claimtally[ledger,web]'"),
    (["figures", "--help"], "claimtally figures needs the 'ledger' extra"),
])
def test_bare_install_command_names_its_extra(argv: list[str], message: str) -> None:
    proc = _bare(*argv)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bare_install_extracts() -> None:
    proc = _bare("extract", "-", stdin="Officials said 12 people were killed.\n")
    assert proc.returncode == 0, proc.stderr
    assert '"value": 12' in proc.stdout
