"""The code-quality gates run with the suite, so CI cannot forget them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    other = shutil.which(name)
    if other is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return other


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean():
    result = run(tool("ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = run(tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_the_whole_package():
    result = run(tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_keep_qt_out_of_the_core():
    result = run(tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_dead_code():
    """Nothing in the package that nothing calls; what vulture cannot see used is listed,
    with its reason, in tests/dead_code_allowlist.py."""
    result = run(
        tool("vulture"), "backbreak", "tests/dead_code_allowlist.py", "--min-confidence", "60"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_widget_tests_read_no_private_attributes():
    """UI tests drive and read windows through what a window offers (its buttons, labels and
    public seams): a test that reads `window._x` breaks on every refactor and proves little."""
    import re

    private = re.compile(r"(?<![\w])(?!self\b|cls\b)\w+(?:\(\))?\._[a-z]\w*")
    found = []
    for folder in ("tests/ui", "tests/helpers", "tests/e2e"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                found += [f"{path.relative_to(ROOT)}:{number}: {m}" for m in private.findall(code)]
    assert found == []
