"""GitHub Actions expressions, as far as our workflows use them: enough to decide `if:` and to fill `env:`.

Literals ('text', numbers, true/false/null), property paths (github.event.pull_request.number,
needs.changes.outputs.code), `== != && || !`, parentheses, and the functions startsWith,
endsWith, contains, success, failure, always, cancelled. `a && b` / `a || b` return an operand,
as GitHub's do; comparison of strings ignores case, as GitHub's does. Anything else is an error
in the harness (so a workflow never silently means something the harness did not evaluate).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||[!(),])|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*))"
)


def tokens(text: str) -> list[tuple[str, str]]:
    found, at = [], 0
    while at < len(text.rstrip()):
        matched = _TOKEN.match(text, at)
        if not matched:
            raise AssertionError(f"the harness cannot read the expression {text!r} at {text[at:]!r}")
        kind = matched.lastgroup or ""
        found.append((kind, matched.group(kind)))
        at = matched.end()
    return found


def truthy(value: Any) -> bool:
    return value not in (None, False, 0, "", "false") if not isinstance(value, str) else value != ""


def evaluate(text: str, context: dict[str, Any], status: dict[str, bool] | None = None) -> Any:
    status = status or {"success": True, "failure": False, "cancelled": False}
    parser = _Parser(tokens(text), context, status)
    value = parser.either()
    if parser.at != len(parser.items):
        raise AssertionError(f"the harness cannot read the rest of {text!r}")
    return value


class _Parser:
    def __init__(self, items: list[tuple[str, str]], context: dict[str, Any], status: dict[str, bool]) -> None:
        self.items, self.at, self.context, self.status = items, 0, context, status

    def peek(self) -> str:
        return self.items[self.at][1] if self.at < len(self.items) else ""

    def take(self, expected: str | None = None) -> tuple[str, str]:
        item = self.items[self.at]
        if expected is not None and item[1] != expected:
            raise AssertionError(f"expected {expected!r}, got {item[1]!r}")
        self.at += 1
        return item

    def either(self) -> Any:
        value = self.both()
        while self.peek() == "||":
            self.take()
            other = self.both()
            value = value if truthy(value) else other
        return value

    def both(self) -> Any:
        value = self.compare()
        while self.peek() == "&&":
            self.take()
            other = self.compare()
            value = other if truthy(value) else value
        return value

    def compare(self) -> Any:
        value = self.unary()
        while self.peek() in ("==", "!="):
            op = self.take()[1]
            other = self.unary()
            same = _norm(value) == _norm(other)
            value = same if op == "==" else not same
        return value

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.atom()

    def atom(self) -> Any:
        kind, text = self.take()
        if text == "(" and kind == "op":
            value = self.either()
            self.take(")")
            return value
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "name":
            if text in ("true", "false"):
                return text == "true"
            if text == "null":
                return None
            if self.peek() == "(":
                return self.call(text)
            return self.path(text)
        raise AssertionError(f"unexpected {text!r}")

    def call(self, name: str) -> Any:
        self.take("(")
        args = []
        while self.peek() != ")":
            args.append(self.either())
            if self.peek() == ",":
                self.take()
        self.take(")")
        functions: dict[str, Callable[..., Any]] = {
            "startsWith": lambda a, b: str(a or "").lower().startswith(str(b).lower()),
            "endsWith": lambda a, b: str(a or "").lower().endswith(str(b).lower()),
            "contains": lambda a, b: (b in a) if isinstance(a, list) else str(b).lower() in str(a or "").lower(),
            "success": lambda: self.status["success"],
            "failure": lambda: self.status["failure"],
            "cancelled": lambda: self.status["cancelled"],
            "always": lambda: True,
        }
        if name not in functions:
            raise AssertionError(f"the harness does not know the function {name}()")
        return functions[name](*args)

    def path(self, text: str) -> Any:
        value: Any = self.context
        for part in text.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


def _norm(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def interpolate(text: str, context: dict[str, Any]) -> str:
    """`${{ … }}` in a string, each replaced by its value as GitHub writes it."""

    def one(match: re.Match[str]) -> str:
        value = evaluate(match.group(1), context)
        if value is None:
            return ""
        return str(value).lower() if isinstance(value, bool) else str(value)

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, text)


def condition(text: Any, context: dict[str, Any], status: dict[str, bool]) -> bool:
    """An `if:`: with or without `${{ }}`; without a status function, success() is implied."""
    if text is None:
        return status["success"]
    if isinstance(text, bool):
        return text
    body = str(text).strip()
    if body.startswith("${{") and body.endswith("}}"):
        body = body[3:-2]
    value = truthy(evaluate(body, context, status))
    if not re.search(r"\b(success|failure|always|cancelled)\(", body):
        value = value and status["success"]
    return value
