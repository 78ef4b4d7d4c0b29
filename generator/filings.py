"""One filing through the first stages of the pipeline: read → parse → model.

A `Filing` is what every later stage (rules, calendar, history, site) works with: the model,
where it came from, and the positions of its values for messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .diagnostics import Finding, error
from .model.exceptions import Exceptions
from .model.forwarding import Forwarding
from .model.programme import Programme
from .model.recommendation import Recommendation
from .model.registration import GrassrootsRegistration, OrganRegistration
from .model.review import Review
from .model.tracking import Tracking
from .model.units import UnitRegistry
from .paths import FilingPath, Kind
from .read.slips import explain_yaml_error, find_slips
from .read.source import MAX_BYTES, MAX_LIST_BYTES, Source, SourceError, read_source
from .read.yaml_tree import MAX_LIST_NODES, MAX_NODES, Mark, Positions, YamlError, parse_tree, to_data
from .validate.fields import validate_model

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
    where: FilingPath
    model: Any
    positions: Positions = field(default_factory=Positions)

    @property
    def path(self) -> str:
        return self.where.path

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
    from .validate.fields import unwrap_annotation

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
    where: FilingPath, path: Path, repo_root: Path, submissions: Path,
    pick_model: Callable[[FilingPath, Any], type[BaseModel] | None] | None = None,
) -> tuple[Filing | None, list[Finding]]:
    """Read, parse and model one file. Never raises for anything the file holds."""
    try:
        source = read_source(path, repo_root, submissions, limits(where.kind)[0])
    except SourceError as exc:
        return None, [exc.finding]
    return parse_filing(where, source, pick_model)


def parse_filing(
    where: FilingPath, source: Source,
    pick_model: Callable[[FilingPath, Any], type[BaseModel] | None] | None = None,
) -> tuple[Filing | None, list[Finding]]:
    slips = find_slips(source.text, source.path, all_labels())
    if any(f.is_error for f in slips):
        return None, slips
    try:
        tree = parse_tree(source.text, source.path, limits(where.kind)[1])
    except YamlError as exc:
        return None, [*slips, explain_yaml_error(source.text, exc.finding, exc.lines, all_labels())]
    data, positions = to_data(tree)
    model = (pick_model or default_model)(where, data)
    if model is None:
        return None, [*slips, error("E013", f"还不支持这一类文件：{where.kind}", source.path,
                                    hint="这类文件暂时不能提交；请联系系统维护人员。")]
    instance, findings = validate_model(model, data, positions, source.path, source.text)
    if instance is None:
        return None, [*slips, *findings]
    return Filing(where, instance, positions), slips


def default_model(where: FilingPath, data: Any) -> type[BaseModel] | None:
    if where.kind is Kind.REGISTRATION:
        form = data.get("表") if isinstance(data, dict) else None
        return REGISTRATION_BY_FORM.get(form if isinstance(form, str) else "", OrganRegistration)
    return MODELS.get(where.kind)
