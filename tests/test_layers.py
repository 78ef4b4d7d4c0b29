"""The package reads as its pipeline, floor by floor: each module imports only modules of lower
floors, or of its own floor and package (every import counts, those inside functions too).

A new module: add it (or its package) to FLOORS. A new cross-file rule: add it to
`validate/tree.py:CROSS_FILE_RULES`.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"

# Lowest first. A name is a module or a package (all its modules); the longest name that matches decides.
FLOORS: list[tuple[str, ...]] = [
    # Infrastructure with no imports of ours: the catalogue of codes, characters, ids, the OS's
    # reasons, the git layer (design §7: every floor that needs git asks it), the CLI's exit codes.
    (
        "catalogue",
        "model.characters",
        "model.ids",
        "model.rules",
        "read.os_reason",
        "history.gitproc",
        "commands.__init__",
        "commands.zh_argparse",
        "__init__",
    ),
    ("diagnostics",),
    ("read",),
    ("model",),
    ("paths", "clock", "ownership", "codeowners", "signing", "outputs", "forge"),
    ("filings",),
    ("cache", "submissions", "schema"),
    ("validate", "history", "lifecycle"),  # one floor, three rooms: none imports another
    ("forms",),
    ("render",),
    ("commands",),
    ("cli", "__main__"),
]
# Rooms of one floor that must not import each other.
ROOMS = {"validate", "history", "lifecycle"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts)


def placement(module: str) -> tuple[int, str]:
    """(floor, the FLOORS name that placed it)."""
    best: tuple[int, str] | None = None
    for floor, names in enumerate(FLOORS):
        for name in names:
            if (
                module == name or module.startswith(name + ".") or (name.endswith(".__init__") and module == name)
            ) and (best is None or len(name) > len(best[1])):
                best = (floor, name)
    assert best is not None, f"generator.{module} is on no floor: add it to FLOORS in tests/test_layers.py"
    return best


def imports_of(path: Path, tree: ast.AST | None = None) -> set[str]:
    """The package's modules that `path` (or `tree`, a part of it) imports, as names relative to the package."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    package = [p for p in package if p != "__init__"]
    found: set[str] = set()
    for node in ast.walk(tree or ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "generator":
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = [*target, alias.name]
                as_module = PACKAGE.joinpath(*candidate)
                if as_module.with_suffix(".py").is_file() or as_module.is_dir():
                    found.add(".".join(candidate))
                else:
                    found.add(".".join(target) or "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "generator":
                    found.add(".".join(alias.name.split(".")[1:]) or "__init__")
    return {_as_module(name) for name in found}


def _as_module(name: str) -> str:
    """A package's name stands for its __init__."""
    return f"{name}.__init__" if PACKAGE.joinpath(*name.split(".")).is_dir() else name


def test_every_import_goes_down_a_floor_or_stays_in_its_room() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = module_name(path)
        floor, _ = placement(me)
        room = me.split(".")[0]
        for other in sorted(imports_of(path)):
            if other == me:
                continue
            other_floor, _ = placement(other)
            other_room = other.split(".")[0]
            upward = other_floor > floor
            sideways = other_floor == floor and room != other_room and {room, other_room} <= ROOMS
            if upward or sideways:
                wrong.append(f"generator.{me} (floor {floor}) imports generator.{other} (floor {other_floor})")
    assert wrong == [], "\n".join(wrong)


def test_no_module_imports_a_private_name_of_another() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("generator")):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if private:
                    wrong.append(f"{path.relative_to(REPO)}:{node.lineno}: {', '.join(private)}")
    assert wrong == []


def test_every_cross_file_rule_is_in_the_one_list() -> None:
    from generator.validate import deadline_exception_rules, lifecycle_rules, rules
    from generator.validate.tree import CROSS_FILE_RULES

    defined = {
        fn
        for module in (rules, deadline_exception_rules, lifecycle_rules)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__
        and not name.startswith("_")
        and list(inspect.signature(fn).parameters) == ["subs"]
    }
    assert defined == set(CROSS_FILE_RULES)
    assert len(CROSS_FILE_RULES) == len(set(CROSS_FILE_RULES))


def _top_level_imports(path: Path) -> set[str]:
    """The imports run when the module is imported (not those in functions or for type checkers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    kept = ast.Module(body=[n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)], type_ignores=[])
    return imports_of(path, kept)


def test_no_two_modules_import_each_other_however_far_round() -> None:
    graph = {module_name(p): _top_level_imports(p) - {module_name(p)} for p in sorted(PACKAGE.rglob("*.py"))}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycles.append(" → ".join([*trail[trail.index(node) :], node]))
            return
        for nxt in sorted(graph.get(node, ())):
            if nxt not in done:
                visit(nxt, [*trail, node])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [])
    assert cycles == []


TESTS = REPO / "tests"


def _test_module_name(path: Path) -> str:
    """How pytest imports a module under tests/: from tests/ itself (rootdir-relative, packages dotted)."""
    return ".".join(path.relative_to(TESTS).with_suffix("").parts)


def imported_modules(path: Path) -> set[str]:
    """Every module that `path` (a module under tests/) names in an import, anywhere in it: `import a.b`
    gives a.b; `from a import b` gives a and a.b (b may be a module); relative imports are made absolute."""
    package = _test_module_name(path).split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - (node.level - 1)] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if module:
                found.add(module)
            found.update(f"{module}.{alias.name}" if module else alias.name for alias in node.names)
    return found


def test_no_test_module_imports_another_test_module() -> None:
    """Shared helpers live in helper modules (CONTRIBUTING.md), never in a test module: importing one runs
    its module-level code and brings its fixtures and assumptions into the importer. A helper may not
    import a test module either (the test modules importing it would then import one)."""
    files = sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)
    test_modules = {_test_module_name(p) for p in files if p.name.startswith("test_")}
    assert {"test_layers", "runner.test_record"} <= test_modules  # the scan sees both folders
    wrong = []
    for path in files:
        me = _test_module_name(path)
        for other in sorted(imported_modules(path) & (test_modules - {me})):
            wrong.append(f"{path.relative_to(REPO)} imports the test module {other}: move what it shares to a helper")
    assert wrong == [], "\n".join(wrong)
