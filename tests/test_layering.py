"""The layers hold: no import cycle between app/ packages, and app/ never imports a kind."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
KIND_ROOTS = ("games", "contests")


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(dotted: str) -> bool:
    path = APP.parent.joinpath(*dotted.split("."))
    return path.is_dir() or path.with_suffix(".py").exists()


def imports_in(source: str, package: str) -> set[str]:
    """Every module `source` imports, at any level (module top, functions, branches);
    `package` is the one relative imports start from."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module
            # `from app import clock` imports the module app.clock; `from app import x`, a name.
            found.update(
                f"{origin}.{alias.name}" if is_module(f"{origin}.{alias.name}") else origin
                for alias in node.names
            )
    return found


def imported_modules(path: Path) -> set[str]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports_in(path.read_text(), package)


def unit_of(module: str) -> str | None:
    """The app/ package or top-level module that `module` belongs to, if it is one of ours;
    "app" is app/__init__.py itself, the app factory."""
    parts = module.split(".")
    if parts[0] != "app":
        return None
    if len(parts) > 1 and is_module(f"app.{parts[1]}"):
        return f"app.{parts[1]}"
    return "app"


def package_graph() -> dict[str, set[str]]:
    """Which app/ units each app/ unit imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(APP.rglob("*.py")):
        source = unit_of(module_name(path))
        targets = graph.setdefault(source, set())
        for module in imported_modules(path):
            target = unit_of(module)
            if target is not None and target != source:
                targets.add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as the path that closes it (a, b, ..., a), or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        for target in sorted(graph.get(node, ())):
            cycle = visit(target, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def test_imports_are_found_at_every_level():
    source = (
        "import app.mail\n"
        "from app import clock, create_app\n"
        "from . import context\n"
        "from .. import jobs\n"
        "def init_app(app):\n"
        "    if app:\n"
        "        from app.identity.fan_session import fan_user\n"
    )
    assert imports_in(source, "app.embed") == {
        "app.mail",
        "app.clock",
        "app",
        "app.embed.context",
        "app.jobs",
        "app.identity.fan_session",
    }
    assert {unit_of(m) for m in ("app.clock", "app", "app.identity.fan_session", "flask")} == {
        "app.clock",
        "app",
        "app.identity",
        None,
    }


def test_find_cycle_reports_the_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_between_app_packages():
    graph = package_graph()
    assert "app.console" in graph["app"]  # the factory wires every package; it is read
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle between app/ packages: " + " -> ".join(cycle)


def test_app_never_imports_a_kind():
    offenders = sorted(
        f"{module_name(path)} imports {module}"
        for path in APP.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in KIND_ROOTS
    )
    assert offenders == []
