"""Turn parsed data into a model, and pydantic's errors into located Chinese findings."""

from __future__ import annotations

import difflib
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..diagnostics import Finding, error
from ..read.locate import char_mark
from ..read.yaml_tree import Loc, Positions
from .characters import visible

M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M], data: Any, positions: Positions, path: str, text: str = ""
) -> tuple[M | None, list[Finding]]:
    """`text` is the file as parsed: with it, a refused character is pointed at where it stands."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    renamed = _misspelt_fields(model, errors)
    return None, [
        _finding(model, err, positions, path, text)
        for err in errors
        if not (err["type"] == "missing" and tuple(err["loc"]) in renamed)
    ]


def _misspelt_fields(model: type[BaseModel], errors: list[Any]) -> set[Loc]:
    """Missing fields that an unknown key beside them almost spells: "did you mean" says it all."""
    renamed: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc: Loc = tuple(err["loc"])
            close = _closest(str(loc[-1]), known_keys(model, loc[:-1]))
            if close:
                renamed.add((*loc[:-1], close))
    return renamed


def _finding(model: type[BaseModel], err: Any, positions: Positions, path: str, text: str = "") -> Finding:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    label = _label(loc)
    if kind == "extra_forbidden":
        return _unknown_key(model, loc, positions, path)
    if loc and loc[-1] == "[key]":  # a mapping key pydantic could not convert (a year, say)
        mark = positions.of_key(loc[:-1])
        return error(
            "E209",
            f"“{_label(loc[:-2])}”下的“{loc[-2]}”应是年份",
            path,
            mark.line,
            mark.column,
            hint="写四位数字的年份，例如 2027:",
        )
    mark = positions.of(loc)
    if kind == "missing":
        parent = _label(loc[:-1]) or "文件顶层"
        return error(
            "E201",
            f"缺少“{label}”",
            path,
            mark.line,
            mark.column,
            hint=f"在“{parent}”下补上“{loc[-1]}: …”（可对照 `shuangchuang new` 生成的模板）。",
        )
    if err.get("input", "") is None:  # "栏目:" with nothing after it, or "- " alone
        return error("E202", f"“{label}”没有填写", path, mark.line, mark.column, hint=_blank_hint(loc, label))
    if loc == ("表",) and kind == "literal_error":
        return _wrong_form(err, ctx, path, mark.line, mark.column)
    if kind.startswith("text_"):  # the text policy (model/text.py): point at the character
        at = char_mark(text, mark, err["input"], ctx["offset"]) if text and isinstance(err.get("input"), str) else mark
        return error(ctx["code"], f"“{label}”{err['msg']}", path, at.line, at.column, ctx["hint"])
    leaf = next((str(part) for part in reversed(loc) if isinstance(part, str) and part != "[key]"), "")
    message, hint = describe(kind, label, leaf, err, ctx)
    return error(ERROR_CODES.get(kind, "E200"), message, path, mark.line, mark.column, hint)


def _blank_hint(loc: Loc, label: str) -> str:
    if loc and isinstance(loc[-1], int):  # "- " alone: a list item, not a key
        return "在这一行的“- ”后面填上内容；不需要这一项就删掉这一行。"
    return f"在“{loc[-1] if loc else label}:”后面填上内容。"


def _wrong_form(err: Any, ctx: dict[str, Any], path: str, line: int, column: int) -> Finding:
    """The registration form is chosen by the unit's tier: 附件1 for organs, 附件2 for grassroots."""
    expected = choices(ctx)
    return error(
        "E303",
        f"“表”填的是“{shown(err.get('input'))}”，本单位应使用“{expected}”",
        path,
        line,
        column,
        hint=f"把“表”改成“{expected}”：工会领导机关用附件1（领导机关立项申报表），基层工会用附件2（基层工会立项申报表）；"
        "`shuangchuang new` 会按单位生成正确的模板。",
    )


ERROR_CODES = {
    "string_too_short": "E202",
    "too_short": "E202",
    "string_too_long": "E203",
    "too_long": "E203",
    "date_format": "E204",
    "date_invalid": "E205",
    "empty_value": "E202",
    "enum": "E206",
    "literal_error": "E206",
    "string_pattern_mismatch": "E207",
    "value_error": "E208",
    "windows_reserved": "E215",
    "string_type": "E209",
    "list_type": "E209",
    "dict_type": "E209",
    "model_type": "E209",
    "model_attributes_type": "E209",
    "bool_parsing": "E209",
    "int_parsing": "E209",
}


def describe(kind: str, label: str, leaf: str, err: Any, ctx: dict[str, Any]) -> tuple[str, str]:
    """Message and hint for one pydantic error; `label` is qualified, `leaf` the field's own key."""
    if kind == "empty_value":
        return f"“{label}”不能为空", ctx.get("hint", "")
    if kind == "windows_reserved":
        return f"“{label}”：{err['msg']}", ctx.get("hint", "")
    if kind in ("date_format", "date_invalid"):
        return f"“{label}”：{err['msg']}", ctx.get("hint", "")
    if kind in ("string_too_short", "too_short"):
        if kind == "too_short" and ctx.get("min_length", 0) > 0:
            return f"“{label}”至少要填 {ctx['min_length']} 项", "每项一行，以“- ”开头。"
        return f"“{label}”不能为空", f"在“{leaf}:”后面填上内容。"
    if kind in ("string_too_long", "too_long"):
        return f"“{label}”太长（最多 {ctx.get('max_length')} 字）", "精简文字；详细材料可另附链接。"
    if kind in ("enum", "literal_error"):
        return f"“{label}”不能填“{shown(err.get('input'))}”", f"只能填以下之一：{choices(ctx)}。"
    if kind == "string_pattern_mismatch":
        return f"“{label}”的格式不对：“{shown(err.get('input'))}”", _pattern_hint(leaf)
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, "), "对照单位名录和填写说明修改。"
    if kind in ("string_type", "str_type"):
        return f"“{label}”应是一段文字", "直接在冒号后写内容；多行内容用“|”开头，另起一行缩进书写。"
    if kind in ("list_type",):
        return f"“{label}”应是列表", "每项单独一行，以“- ”开头，例如“  - 提升职工素质”。"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            f"“{label or '文件'}”下面应是若干“栏目: 内容”",
            "每个栏目一行，写成“栏目名: 内容”，冒号是英文冒号并后跟空格。",
        )
    if kind == "bool_parsing" or kind == "bool_type":
        return f"“{label}”只能填 true 或 false", "是填 true，否填 false。"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"“{label}”应是整数", "只写阿拉伯数字，例如 7。"
    if kind.startswith(("greater_than", "less_than")):
        return f"“{label}”超出范围", "检查数字是否填错。"
    return f"“{label or '文件'}”不符合要求", "对照模板和填写说明修改。"


def choices(ctx: dict[str, Any]) -> str:
    """pydantic's "'a', 'b' or 'c'" as 「a、b、c」."""
    expected = str(ctx.get("expected", "")).replace("'", "")
    return "、".join(part for chunk in expected.split(", ") for part in chunk.split(" or "))


def shown(value: Any, limit: int = 30) -> str:
    """A value from a filing, on one line and short, for a message."""
    text = " ".join(str(value).strip("\n").splitlines())
    return visible(text if len(text) <= limit else text[:limit] + "…")


def _pattern_hint(label: str) -> str:
    if label in ("编号", "单位", "项目", "上级"):
        return "编号只能用小写英文字母、数字和短横线，例如 xigang 或 legal-aid-station。"
    if label in ("账号", "填报人", "系统维护"):
        return "写成 GitHub 用户名，不带 @，例如 xigang-linna。"
    if label == "签名公钥":
        return "粘贴 SSH 公钥文件（例如 id_ed25519.pub）的内容，以 ssh-ed25519 开头。"
    if label == "邮箱":
        return "写成完整的电子邮箱，例如 zhangsan@example.org。"
    return "对照填写说明修改。"


def _label(loc: Loc) -> str:
    """The field as the paper form names it, qualified by its enclosing fields:
    单位意见·日期, 审核汇总第 2 项·单位, 评选内容第 1 项, 日程调整·2027·立项截止."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        if part == "[key]":
            continue
        if isinstance(part, int) and parts and isinstance(loc[i - 1], str) and not _is_year(part):
            parts[-1] += f"第 {part + 1} 项"
        else:
            parts.append(str(part))
    return "·".join(parts)


def _is_year(part: int) -> bool:
    return 1900 <= part <= 2999


def _unknown_key(model: type[BaseModel], loc: Loc, positions: Positions, path: str) -> Finding:
    key = str(loc[-1])
    mark = positions.of_key(loc)
    known = known_keys(model, loc[:-1])
    close = _closest(key, known)
    if close:
        hint = f"是不是“{close}”？请改成“{close}”。"
    elif known:
        hint = "这一层可以填的栏目有：" + "、".join(known) + "。"
    else:
        hint = "删掉这一行。"
    return error("E210", f"不认识的栏目“{key}”", path, mark.line, mark.column, hint)


def _closest(key: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(_normalise(key), known, n=1, cutoff=0.5)
    return close[0] if close else None


def _normalise(key: str) -> str:
    return key.strip().strip("“”‘’\"'").replace("：", "")


def known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The labels allowed at `loc` inside `model` (following nested models, lists and dicts)."""
    current: Any = model
    skip_key = False
    for part in loc:
        if skip_key or isinstance(part, int):
            skip_key = False
            continue
        current = unwrap_annotation(current)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = next((f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        current = field.annotation
        skip_key = get_origin(_strip_optional(current)) is dict
    current = unwrap_annotation(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _strip_optional(annotation: Any) -> Any:
    args = [a for a in get_args(annotation) if a is not type(None)]
    return args[0] if get_origin(annotation) in (UnionType, Union) and len(args) == 1 else annotation


def unwrap_annotation(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X, dict[K, X] -> X."""
    for _ in range(4):
        args = [a for a in get_args(annotation) if a is not type(None)]
        origin = get_origin(annotation)
        if origin is None or not args:
            return annotation
        annotation = args[-1] if origin is dict else args[0]
    return annotation
