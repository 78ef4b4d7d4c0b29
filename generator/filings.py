"""One filing through the first stages of the pipeline: read → parse → model.

A `Filing` is what every later stage (rules, calendar, history, site) works with: the model,
where it came from, and the positions of its values for messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Finding, error
from .model.deadline_exceptions import Exceptions
from .model.field_findings import validate_model
from .model.forwarding import Forwarding
from .model.programme import Programme
from .model.recommendation import Recommendation
from .model.registration import GrassrootsRegistration, OrganRegistration
from .model.review import Review
from .model.tracking import Tracking
from .model.units import UnitRegistry
from .paths import FilingPath, Kind
from .read.slips import explain_yaml_error, find_slips
from .read.source import MAX_BYTES, MAX_LIST_BYTES, Source, SourceError, decode, read_source
from .read.yaml_tree import MAX_LIST_NODES, MAX_NODES, Mark, Positions, YamlError, parse_data, parse_tree, to_data

# Kinds whose model does not depend on the data; registrations pick attachment 1 or 2 by "表".
MODELS: dict[Kind, type[BaseModel]] = {
    Kind.UNITS: UnitRegistry,
    Kind.PROGRAMME: Programme,
    Kind.FORWARDING: Forwarding,
    Kind.TRACKING: Tracking,
    Kind.RECOMMENDATION: Recommendation,
    Kind.REVIEW: Review,
    Kind.EXCEPTIONS: Exceptions,
}
REGISTRATION_BY_FORM: dict[str, type[BaseModel]] = {
    "领导机关立项申报表": OrganRegistration,
    "基层工会立项申报表": GrassrootsRegistration,
}


@dataclass(slots=True)
class Filing:
    """`origin` is the text the model came from, or the file holding it: positions are found
    again from it when a message needs one. Ten thousand filings without findings need none, and
    holding every key's position would cost more than parsing (and keep the collector busy)."""

    where: FilingPath
    model: Any
    origin: str | os.PathLike[str] | Positions | None = None
    _positions: Positions | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.origin, Positions):  # positions already known (the former third field)
            self._positions, self.origin = self.origin, None

    @property
    def path(self) -> str:
        return self.where.path

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = _positions_in(self.where, text_of(self.where, self.origin))
        return self._positions

    def mark(self, *loc: str | int) -> Mark:
        return self.positions.of(loc)

    def error(self, code: str, message: str, *loc: str | int, hint: str = "") -> Finding:
        mark = self.positions.of(loc)
        return error(code, message, self.path, mark.line, mark.column, hint)

    def key_error(self, code: str, message: str, *loc: str | int, hint: str = "") -> Finding:
        mark = self.positions.of_key(loc)
        return error(code, message, self.path, mark.line, mark.column, hint)


@cache
def all_labels() -> frozenset[str]:
    """Every key any form knows: the full-width colon check looks for these."""
    labels: set[str] = set()

    def collect(model: type[BaseModel]) -> None:
        for f in model.model_fields.values():
            if f.alias:
                labels.add(f.alias)
        for sub in _nested_models(model):
            collect(sub)

    for model in [*MODELS.values(), *REGISTRATION_BY_FORM.values()]:
        collect(model)
    return frozenset(labels)


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    from .model.field_findings import unwrap_annotation

    found = []
    for f in model.model_fields.values():
        inner = unwrap_annotation(f.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found.append(inner)
    return found


def limits(kind: Kind) -> tuple[int, int]:
    """(bytes, YAML nodes) a file of this kind may hold: a form is small, a body's list is not."""
    return (MAX_BYTES, MAX_NODES) if kind is Kind.REGISTRATION else (MAX_LIST_BYTES, MAX_LIST_NODES)


def load_filing(
    where: FilingPath,
    path: Path,
    repo_root: Path,
    submissions: Path,
    pick_model: Callable[[FilingPath, Any], type[BaseModel] | None] | None = None,
) -> tuple[Filing | None, list[Finding]]:
    """Read, parse and model one file. Never raises for anything the file holds."""
    filing, findings, _ = load_filing_data(where, path, repo_root, submissions, pick_model)
    return filing, findings


def load_filing_data(
    where: FilingPath,
    path: str | os.PathLike[str],
    repo_root: Path,
    submissions: Path,
    pick_model: Callable[[FilingPath, Any], type[BaseModel] | None] | None = None,
    folders: dict[str, str] | None = None,
) -> tuple[Filing | None, list[Finding], Any]:
    """As `load_filing`, with the plain data parsed (None when unparsable); `folders`: see `read_source`."""
    try:
        source = read_source(path, repo_root, submissions, limits(where.kind)[0], folders)
    except SourceError as exc:
        return None, [exc.finding], None
    return parse_filing_data(where, source, pick_model, origin=path)


Picker = Callable[[FilingPath, Any], type[BaseModel] | None]


def parse_filing(
    where: FilingPath,
    source: Source,
    pick_model: Picker | None = None,
    origin: str | os.PathLike[str] | None = None,
) -> tuple[Filing | None, list[Finding]]:
    """`origin`: where positions are found again later (the file; by default the text itself)."""
    filing, findings, _ = parse_filing_data(where, source, pick_model, origin)
    return filing, findings


def parse_filing_data(
    where: FilingPath,
    source: Source,
    pick_model: Picker | None = None,
    origin: str | os.PathLike[str] | None = None,
) -> tuple[Filing | None, list[Finding], Any]:
    """As `parse_filing`, with the plain data the model was made from (None when unparsable)."""
    slips = find_slips(source.text, source.path, all_labels())
    if any(f.is_error for f in slips):
        return None, slips, None
    try:
        data = parse_data(source.text, source.path, limits(where.kind)[1])
    except YamlError as exc:
        return None, [*slips, explain_yaml_error(source.text, exc.finding, exc.lines, all_labels())], None
    filing, findings = model_filing(where, data, source.path, source.text if origin is None else origin, pick_model)
    return filing, [*slips, *findings], data


def model_filing(
    where: FilingPath,
    data: Any,
    shown: str,
    origin: str | os.PathLike[str] | None,
    pick_model: Picker | None = None,
) -> tuple[Filing | None, list[Finding]]:
    """The model of parsed data. Positions are looked up only when validation fails."""
    model = (pick_model or default_model)(where, data)
    if model is None:
        return None, [
            error("E019", f"还不支持这一类文件：{where.kind}", shown, hint="这类文件暂时不能提交；请联系系统维护人员。")
        ]
    try:
        return Filing(where, model.model_validate(data), origin), []
    except ValidationError:
        pass
    text = text_of(where, origin)
    _, findings = validate_model(model, data, _positions_in(where, text), shown, text or "")
    return None, findings


def text_of(where: FilingPath, origin: str | os.PathLike[str] | Positions | None) -> str | None:
    """The text a filing was parsed from: `origin` itself, or read again from its file."""
    if not isinstance(origin, os.PathLike):
        return origin if isinstance(origin, str) else None
    try:
        with open(origin, "rb") as stream:
            return decode(stream.read(), where.path, limits(where.kind)[0])
    except (OSError, SourceError):
        return None


def _positions_in(where: FilingPath, text: str | None) -> Positions:
    """Positions found again from the text; none (messages point at the file's start) without it."""
    try:
        return to_data(parse_tree(text, where.path, limits(where.kind)[1]))[1] if text is not None else Positions()
    except YamlError:
        return Positions()


def default_model(where: FilingPath, data: Any) -> type[BaseModel] | None:
    if where.kind is Kind.REGISTRATION:
        form = data.get("表") if isinstance(data, dict) else None
        return REGISTRATION_BY_FORM.get(form if isinstance(form, str) else "", OrganRegistration)
    return MODELS.get(where.kind)
