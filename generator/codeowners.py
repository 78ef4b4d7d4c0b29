"""Review routing: `.github/CODEOWNERS` (GitHub) and `.gitea/CODEOWNERS` (Gitea and Forgejo),
written from the ownership table and the unit registry.

The forge asks the body that owns a path for its review; `check --base` then verifies that the
approval is by a registered signer of that body. Both read `generator/ownership.py`, so routing
and signing agree.

- GitHub: glob patterns, the LAST matching line wins, so the table's lines go general → specific.
- Gitea and Forgejo read `CODEOWNERS`, `docs/CODEOWNERS` or `.gitea/CODEOWNERS` from the default
  branch (Forgejo also `.forgejo/CODEOWNERS`); each pattern is a Go regular expression matched
  against the whole path (`^…$`), and EVERY matching line requests its owners' review. So the
  Gitea file has one line per owner whose expression matches exactly the paths that owner owns
  by the table's last-match rule: the table is split into disjoint classes of paths (see
  `gitea_classes`). Go's RE2 has no look-ahead; "any other name" is spelt out from a trie of the
  names it must not be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .model.programme import Programme
from .model.units import UnitRegistry
from .ownership import EXCEPTIONS_RULE, FOLDER, PATH_OWNERS, Body, Owner, PathOwner, signer_accounts

CODEOWNERS_PATH = ".github/CODEOWNERS"
GITEA_CODEOWNERS_PATH = ".gitea/CODEOWNERS"
MAX_LINE = 16_000  # characters in one Gitea CODEOWNERS line (its scanner stops at 64 KiB)


def routing(programme: Programme | None) -> tuple[PathOwner, ...]:
    """The ownership table as the forge routes reviews: after the exceptions' rule, one rule per year
    whose 考评领导小组 gives its 组长's account, so the 组长 (who may sign an exception, 八) is asked
    to review that year's exceptions beside the office's signers."""
    if programme is None:
        return PATH_OWNERS
    at = PATH_OWNERS.index(EXCEPTIONS_RULE) + 1
    years = [
        PathOwner(
            EXCEPTIONS_RULE.pattern.replace("/*/*/", f"/{year}/*/", 1),
            EXCEPTIONS_RULE.body,
            f"{year} 年的逾期申报例外（考评办公室签字人或考评领导小组组长{group.chair}）",
            (group.chair_account,),
        )
        for year, group in sorted(programme.leading_groups.items())
        if group.chair_account
    ]
    return (*PATH_OWNERS[:at], *years, *PATH_OWNERS[at:])


def render(units: UnitRegistry, programme: Programme | None = None) -> str:
    lines = [
        "# 由 `shuangchuang codeowners` 根据 generator/ownership.py 和 submissions/units.yaml 生成，请勿手工修改。",
        "# Generated; the last matching line wins, so lines go general → specific.",
        "# Owners are the registered signers (签字人) of the body that owns the path.",
    ]
    for rule in routing(programme):
        lines += ["", f"# {rule.what}：{rule.body.value}"]
        lines += _lines(rule, units)
    return "\n".join(lines) + "\n"


def _lines(rule: PathOwner, units: UnitRegistry) -> list[str]:
    if rule.body is not Body.UNIT:
        return [_line(rule.pattern, _owners(Owner(rule.body, units.office, rule), units))]
    return [
        _line(rule.pattern.replace(FOLDER, unit.id), _owners(Owner(rule.body, unit.id, rule), units))
        for unit in units.units
    ]


def _owners(owner: Owner, units: UnitRegistry) -> list[str]:
    accounts = signer_accounts(owner, units)
    if not accounts and owner.body is not Body.MAINTAINERS:
        # A line without owners leaves the path unowned (anyone's approval would count): route it
        # to the office instead; the signature check still refuses it until signers are registered.
        accounts = signer_accounts(Owner(Body.OFFICE, units.office, owner.rule), units)
    accounts = [*(accounts or units.maintainers), *(a for a in owner.rule.also if a not in accounts)]
    return [f"@{account}" for account in accounts]


def _line(pattern: str, owners: list[str]) -> str:
    return f"{pattern} {' '.join(owners)}"


# --- Gitea and Forgejo -------------------------------------------------------------------------------

ANY = "*"


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A table rule as segments (a literal, ANY or FOLDER each); `below`: only paths under it."""

    segments: tuple[str, ...]
    below: bool
    rule: PathOwner

    @classmethod
    def of(cls, rule: PathOwner) -> _Pattern:
        if rule.pattern == "*":
            return cls((), True, rule)
        below = rule.pattern.endswith("/")
        return cls(tuple(rule.pattern.strip("/").split("/")), below, rule)


def render_gitea(units: UnitRegistry, programme: Programme | None = None) -> str:
    """`.gitea/CODEOWNERS`: one line per set of owners, its expression the paths they own."""
    lines = [
        "# 由 `shuangchuang codeowners` 根据 generator/ownership.py 和 submissions/units.yaml 生成，请勿手工修改。",
        "# Gitea/Forgejo: each pattern is a Go regular expression of the whole path, and every matching",
        "# line requests review, so the lines are disjoint: each path has exactly one owner line.",
    ]
    grouped: dict[tuple[str, ...], tuple[list[str], _Node]] = {}
    for segments, owner in gitea_classes(units, routing(programme)):
        accounts = tuple(_owners(owner, units))
        names, trie = grouped.setdefault(accounts, ([], _Node()))
        described = owner.describe(units) + ("、考评领导小组组长" if owner.rule.also else "")
        if described not in names:
            names.append(described)
        trie.add(segments)
    for accounts, (names, trie) in grouped.items():
        lines += ["", f"# {'、'.join(names)}"]
        lines += [_line(expression, list(accounts)) for expression in trie.split()]
    return "\n".join(lines) + "\n"


@dataclass
class _Node:
    """Path classes of one owner as a trie of segment expressions: shared prefixes written once."""

    children: dict[str, _Node] = field(default_factory=dict)
    end: bool = False

    def add(self, segments: tuple[str, ...]) -> None:
        node = self
        for segment in segments:
            node = node.children.setdefault(segment, _Node())
        node.end = True

    def render(self) -> str:
        parts = []
        for segment, child in self.children.items():
            if not child.children:
                parts.append(segment)
                continue
            inner = child.render()
            tail = f"/{inner}" if len(child.children) == 1 else f"/(?:{inner})"
            parts.append(f"{segment}(?:{tail})?" if child.end else f"{segment}{tail}")
        return "|".join(parts)

    def split(self, prefix: str = "", limit: int = MAX_LINE) -> list[str]:
        """The expression as few lines as fit in `limit` characters each (Gitea reads the file
        with a line scanner whose lines end at 64 KiB), each line the same owners' paths."""
        whole = f"{prefix}(?:{self.render()})"
        if len(whole) <= limit:
            return [whole]
        lines = []
        for segment, child in self.children.items():
            if child.end:
                lines.append(f"{prefix}{segment}")
            if child.children:
                lines += _Node(child.children).split(f"{prefix}{segment}/", limit)
        return lines


def gitea_classes(
    units: UnitRegistry, rules: tuple[PathOwner, ...] = PATH_OWNERS
) -> list[tuple[tuple[str, ...], Owner]]:
    """The paths split into disjoint classes, each a regular expression per segment and the owner the table
    gives every path in it (the last matching rule). A decision tree over the path's segments:
    at each depth the names some rule spells there, each unit id where a rule has FOLDER, and
    "any other name"; below the deepest rule, anything."""
    ids = [u.id for u in units.units]
    found: list[tuple[tuple[str, ...], Owner]] = []

    def owner(pattern: _Pattern, bound: str | None) -> Owner:
        if pattern.rule.body is Body.UNIT:
            return Owner(Body.UNIT, bound, pattern.rule)
        if pattern.rule.body is Body.OFFICE:
            return Owner(Body.OFFICE, units.office, pattern.rule)
        return Owner(Body.MAINTAINERS, None, pattern.rule)

    def explore(depth: int, prefix: list[str], alive: list[tuple[_Pattern, str | None]]) -> None:
        # The path ends here: the last rule matching a path of exactly `depth` segments.
        if depth:
            ending = [(p, b) for p, b in alive if len(p.segments) < depth or not p.below]
            ending = [(p, b) for p, b in ending if len(p.segments) <= depth]
            if ending:
                found.append((tuple(prefix), owner(*ending[-1])))
        # The path goes on. When the last rule still in play already matched, it owns all below.
        if len(alive[-1][0].segments) <= depth:
            found.append(((*prefix, ".+"), owner(*alive[-1])))
            return
        longer = [(p, b) for p, b in alive if len(p.segments) > depth]
        literals = list(dict.fromkeys(p.segments[depth] for p, _ in longer if p.segments[depth] not in (ANY, FOLDER)))
        folders = any(p.segments[depth] == FOLDER for p, _ in longer)
        names = literals + [i for i in ids if folders and i not in literals]
        for name in names:
            step = [(p, b) for p, b in alive if len(p.segments) <= depth or _accepts(p.segments[depth], name, ids)]
            step = [(p, name if len(p.segments) > depth and p.segments[depth] == FOLDER else b) for p, b in step]
            explore(depth + 1, [*prefix, _escape(name)], step)
        other = [(p, b) for p, b in alive if len(p.segments) <= depth or p.segments[depth] == ANY]
        explore(depth + 1, [*prefix, _other(names)], other)

    explore(0, [], [(_Pattern.of(rule), None) for rule in rules])
    return found


def _accepts(segment: str, name: str, ids: list[str]) -> bool:
    return segment in (ANY, name) or (segment == FOLDER and name in ids)


_SPECIAL = set("\\.+*?()|[]{}^$-/#")


def _escape(text: str) -> str:
    """A literal for Go's RE2 (and Python's re): every punctuation character escaped."""
    return "".join(f"\\{c}" if c in _SPECIAL else c for c in text)


Trie = dict[str, "Trie"]  # each character of a name to what may follow it ("" ends a name)


def _other(names: Iterable[str]) -> str:
    """One path segment (at least one character, no `/`) that is none of `names`."""
    trie: Trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _not_in(trie, first=True)


def _not_in(node: Trie, first: bool) -> str:
    """What may follow the prefix `node` stands for so that the segment is none of the names."""
    chars = sorted(c for c in node if c)
    excluded = "".join(_escape(c) for c in chars)
    options = [f"[^/{excluded}][^/]*", *(f"{_escape(c)}{_not_in(node[c], first=False)}" for c in chars)]
    body = f"(?:{'|'.join(options)})"
    # The prefix itself, with nothing more, is another name unless it is empty or one of the names.
    return body if first or "" in node else f"{body}?"
