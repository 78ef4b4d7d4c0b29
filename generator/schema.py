"""JSON Schemas of the file formats, derived from the pydantic models (never written by hand)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .filings import MODELS
from .model.registration import GrassrootsRegistration, OrganRegistration
from .paths import Kind

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "units.schema.json": MODELS[Kind.UNITS],
    "programme.schema.json": MODELS[Kind.PROGRAMME],
    "forwarding.schema.json": MODELS[Kind.FORWARDING],
    "exceptions.schema.json": MODELS[Kind.EXCEPTIONS],
    "organ-registration.schema.json": OrganRegistration,
    "grassroots-registration.schema.json": GrassrootsRegistration,
    "tracking.schema.json": MODELS[Kind.TRACKING],
    "recommendation.schema.json": MODELS[Kind.RECOMMENDATION],
    "review.schema.json": MODELS[Kind.REVIEW],
}


def schema_name_for(model: type[BaseModel]) -> str:
    return next(name for name, m in SCHEMA_FILES.items() if m is model)


def render_schema(model: type[BaseModel]) -> str:
    schema: dict[str, Any] = model.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def all_schemas() -> dict[str, str]:
    return {name: render_schema(model) for name, model in SCHEMA_FILES.items()}
