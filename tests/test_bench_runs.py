"""`make bench` is never run as a test (no timing is asserted anywhere), so what can break it
unnoticed is checked here: every name it imports exists, and its job bench runs."""

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def imported_names():
    for path in sorted(BENCH.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            # The bench's own modules are checked by importing the bench itself.
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.level == 0
                and node.module.split(".")[0] != "bench"
            ):
                for alias in node.names:
                    yield pytest.param(node.module, alias.name, id=f"{path.name}:{alias.name}")


@pytest.mark.parametrize(("module", "name"), list(imported_names()))
def test_every_name_the_bench_imports_exists(module, name):
    found = importlib.import_module(module)
    assert hasattr(found, name) or importlib.util.find_spec(f"{module}.{name}"), (
        f"bench imports {name} from {module}, which has no such name"
    )


def test_the_rendition_bench_runs_the_real_job():
    from bench import renditions

    figures = renditions.measure(rounds=1)
    assert figures["renditions"], "the job made no renditions"
