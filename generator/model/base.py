"""Shared building blocks of the file formats: the base model, dates, ids, opinions.

Free text follows the one text policy of `text.py` (re-exported here: `Name`, `OneLine`, `Text`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from .ids import SLUG, SLUG_PATTERN, windows_reserved
from .text import LINE, Name, OneLine, Text

__all__ = [
    "LINE",
    "SLUG",
    "SLUG_PATTERN",
    "Form",
    "IsoDate",
    "Name",
    "OneLine",
    "Opinion",
    "Paired",
    "Slug",
    "Text",
]


@dataclass(frozen=True, slots=True)
class Paired:
    """A choice that goes with a text beside it, fields named by their aliases: choosing `value`
    in `choice` needs `text` filled (`needs="text"`), or `text` is written only with that choice
    (`needs="choice"`). `check` reports a broken pair at `at` in these words (validate/rules.py),
    and the web form says the same at that field as she types (forms/spec.py)."""

    code: str
    choice: str
    value: str
    text: str
    needs: Literal["text", "choice"]
    message: str
    hint: str

    @property
    def at(self) -> str:
        return self.choice if self.needs == "text" else self.text

    def broken(self, form: BaseModel) -> bool:
        chosen, written = _by_alias(form, self.choice), _by_alias(form, self.text)
        picked = (
            self.value in chosen
            if isinstance(chosen, Sequence) and not isinstance(chosen, str)
            else chosen == self.value
        )
        return (picked and not written) if self.needs == "text" else (bool(written) and not picked)


def _by_alias(form: BaseModel, alias: str) -> Any:
    return getattr(form, _field_names(type(form))[alias])


@cache
def _field_names(model: type[BaseModel]) -> dict[str, str]:
    """A format's field names by their aliases (looked up for every pair of every filing)."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


class Form(BaseModel):
    """Every file format: keys are the Chinese labels of the paper form, nothing else is allowed.
    `pairs`: the fields of the format that go together (`Paired`)."""

    pairs: ClassVar[tuple[Paired, ...]] = ()

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        defer_build=True,
        str_strip_whitespace=True,
        frozen=True,
        json_schema_extra={"additionalProperties": False},
    )


# These recognise a date written another way, any digits included ("２０２６-０３-０５"), only to
# say how to write it; a date is read by ISO_DATE alone.
CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[./／\-]\s*(\d{1,2})\s*[./／\-]\s*(\d{1,2})\s*$")
COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")  # 20260305: how a clerk often types it
ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")  # ASCII digits: "２０２６" is a slip, with a hint


def parse_iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("empty_value", "不能为空", {"hint": "填上日期，写成 YYYY-MM-DD，例如 2026-03-05。"})
    if not isinstance(value, str):
        raise PydanticCustomError(
            "date_format",
            "日期应写成“年-月-日”，例如 2026-03-05",
            {"hint": "按 YYYY-MM-DD 填写，月和日不足两位时前面补 0。"},
        )
    text = " ".join(value.split())[:40]  # shown in messages: one line, short
    if m := ISO_DATE.match(text):
        return _real_date(text, *map(int, m.groups()))
    if m := (CHINESE_DATE.match(text) or LOOSE_DATE.match(text) or COMPACT_DATE.match(text)):
        y, mo, d = map(int, m.groups())
        raise PydanticCustomError(
            "date_format",
            "日期“{value}”的写法不对",
            {"value": text, "hint": f"写成 {y:04d}-{mo:02d}-{d:02d}（年-月-日，用英文短横线）。"},
        )
    raise PydanticCustomError(
        "date_format", "“{value}”不是日期", {"value": text, "hint": "按 YYYY-MM-DD 填写，例如 2026-03-05。"}
    )


def _real_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date_invalid", "日期“{value}”不存在", {"value": text, "hint": "检查月份和日子，例如 2 月没有 30 日。"}
        ) from None


IsoDate = Annotated[
    date,
    BeforeValidator(parse_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
]


def _portable_slug(value: str) -> str:
    """An id names a folder or a file: it must be one Windows can hold."""
    if windows_reserved(value):
        raise PydanticCustomError(
            "windows_reserved",
            "“{value}”是 Windows 的保留名称，不能作编号",
            {
                "value": value,
                "hint": "con、prn、aux、nul、com0–com9、lpt0–lpt9 都不能作编号；换一个，例如加上单位简称。",
            },
        )
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), AfterValidator(_portable_slug)]


class Opinion(Form):
    """An opinion on the paper form: the text, the leader who signs it, and the date."""

    opinion: Text = Field(alias="意见", description="意见原文，例如“同意申报”。")
    signer: Name = Field(alias="领导签字", description="签字领导的姓名。")
    date: IsoDate = Field(alias="日期", description="签字日期，写成 YYYY-MM-DD。")
