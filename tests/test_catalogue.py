"""One catalogue of findings (generator/catalogue.py): every code the source uses is listed once, at
the level its letter says, and the README's table is the catalogue's.

When a test here fails for a code you added: add one line for it to `CODES` in
generator/catalogue.py (code, section of the rules, summary, hint), with `E` for an error and `W`
for a warning, then paste `python -m generator.catalogue` over the README's table.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict

import pytest
from conftest import REPO

from generator.catalogue import BY_CODE, CODES, Severity, markdown_table

PACKAGE = REPO / "generator"
CODE = re.compile(r"^[EW]\d{3}$")
PRINTED = re.compile(r"(?:错误|警告)\[([EW]\d{3})\]")


def _calls_and_literals() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each code literal in the package: where it appears, and the names of the calls it is given to."""
    where: dict[str, set[str]] = defaultdict(set)
    called: dict[str, set[str]] = defaultdict(set)
    for source in sorted(PACKAGE.rglob("*.py")):
        if source.name == "catalogue.py":
            continue
        rel = source.relative_to(REPO).as_posix()
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.match(node.value):
                    where[node.value].add(f"{rel}:{node.lineno}")
                for printed in PRINTED.findall(node.value):
                    where[printed].add(f"{rel}:{node.lineno}")
                    called[printed].add("警告" if "警告[" in node.value else "错误")
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE.match(arg.value):
                        called[arg.value].add(name)
    return where, called


WHERE, CALLED = _calls_and_literals()


def test_every_code_is_listed_once() -> None:
    codes = [entry.code for entry in CODES]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    assert all(CODE.match(c) for c in codes)


def test_every_code_the_source_uses_is_in_the_catalogue() -> None:
    missing = {code: sorted(places) for code, places in WHERE.items() if code not in BY_CODE}
    assert not missing, (
        "these codes are used but not in generator/catalogue.py; add a line to CODES for each "
        f"(code, section, summary, hint): {missing}"
    )


def test_every_code_in_the_catalogue_is_used() -> None:
    unused = sorted(code for code in BY_CODE if code not in WHERE)
    assert not unused, f"listed in generator/catalogue.py but used nowhere: remove them or use them: {unused}"


def test_a_warning_has_a_w_code_and_an_error_an_e_code() -> None:
    wrong = {}
    for code, names in CALLED.items():
        warns = {n for n in names if "warning" in n or n == "警告"}
        errs = {n for n in names if ("error" in n and "warning" not in n) or n == "错误"}
        if (warns and not code.startswith(Severity.WARNING.letter)) or (
            errs and not code.startswith(Severity.ERROR.letter)
        ):
            wrong[code] = sorted(names)
    assert not wrong, f"a warning's code starts with W, an error's with E: {wrong} ({dict(WHERE)})"


def test_a_code_means_one_thing_one_module_raises_it() -> None:
    """A code raised from several modules is one meaning written twice, or two meanings under one code.
    The few listed here are one check reached by two paths of the loader."""
    # E200: the default of two maps; E548: the late 通报, judged in the tree and again by check --base
    # (which does not count the change's own exceptions).
    shared = {"E002", "E005", "E006", "E303", "E104", "E110", "E211", "E200", "E548"}
    spread = {
        code: sorted(places)
        for code, places in WHERE.items()
        if code not in shared and len({p.split(":")[0] for p in places}) > 1
    }
    assert not spread, f"one code, several modules: give each meaning its own code in the catalogue: {spread}"


def test_the_readme_table_is_the_catalogues() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "paste `python -m generator.catalogue` over the README's table of codes"


pytest_plugins = ["site_fixtures"]  # the session fixture `built`


@pytest.mark.slow
def test_the_site_explains_every_code_on_one_page(built) -> None:
    html = (built.site / "guide/codes.html").read_text(encoding="utf-8")
    assert "检查结果代码说明" in html
    for entry in CODES:
        assert f'id="{entry.code}"' in html, entry.code
    assert "guide/codes.html" in (built.site / "guide.html").read_text(encoding="utf-8")
