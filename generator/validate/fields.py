"""Turn parsed data into a model, and pydantic's errors into located Chinese findings."""

from __future__ import annotations

import difflib
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..diagnostics import Finding, error
from ..read.yaml_tree import Loc, Positions

M = TypeVar("M", bound=BaseModel)


def validate_model(model: type[M], data: Any, positions: Positions, path: str) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_finding(model, err, positions, path) for err in exc.errors(include_url=False)]


def _finding(model: type[BaseModel], err: Any, positions: Positions, path: str) -> Finding:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    label = _label(loc)
    if kind == "extra_forbidden":
        return _unknown_key(model, loc, positions, path)
    mark = positions.of(loc)
    if kind == "missing":
        parent = _label(loc[:-1]) or "文件顶层"
        return error("E201", f"缺少“{label}”", path, mark.line, mark.column,
                     hint=f"在“{parent}”下补上“{label}: …”（可对照 `shuangchuang new` 生成的模板）。")
    message, hint = _describe(kind, label, err, ctx)
    return error(_CODES.get(kind, "E200"), message, path, mark.line, mark.column, hint)


_CODES = {
    "string_too_short": "E202", "too_short": "E202",
    "string_too_long": "E203", "too_long": "E203",
    "date_format": "E204", "date_invalid": "E205", "empty_value": "E202",
    "enum": "E206", "literal_error": "E206",
    "string_pattern_mismatch": "E207",
    "value_error": "E208",
}


def _describe(kind: str, label: str, err: Any, ctx: dict[str, Any]) -> tuple[str, str]:
    if kind == "empty_value":
        return f"“{label}”不能为空", ctx.get("hint", "")
    if kind in ("date_format", "date_invalid"):
        return f"“{label}”：{err['msg']}", ctx.get("hint", "")
    if kind in ("string_too_short", "too_short"):
        if kind == "too_short" and ctx.get("min_length", 0) > 0:
            return f"“{label}”至少要填 {ctx['min_length']} 项", "每项一行，以“- ”开头。"
        return f"“{label}”不能为空", f"在“{label}:”后面填上内容。"
    if kind in ("string_too_long", "too_long"):
        return f"“{label}”太长（最多 {ctx.get('max_length')} 字）", "精简文字；详细材料可另附链接。"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"“{label}”不能填“{err.get('input')}”", f"只能填：{expected}。"
    if kind == "string_pattern_mismatch":
        return f"“{label}”的格式不对：“{err.get('input')}”", _pattern_hint(label)
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, "), "对照单位名录和填写说明修改。"
    if kind in ("string_type", "str_type"):
        return f"“{label}”应是一段文字", "直接在冒号后写内容；多行内容用“|”开头，另起一行缩进书写。"
    if kind in ("list_type",):
        return f"“{label}”应是列表", "每项单独一行，以“- ”开头，例如：\n  - 提升职工素质"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"“{label or '文件'}”下面应是若干“栏目: 内容”",
                "每个栏目一行，写成“栏目名: 内容”，冒号是英文冒号并后跟空格。")
    if kind == "bool_parsing" or kind == "bool_type":
        return f"“{label}”只能填 true 或 false", "是填 true，否填 false。"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"“{label}”应是整数", "只写阿拉伯数字，例如 7。"
    if kind.startswith(("greater_than", "less_than")):
        return f"“{label}”超出范围：{err['msg']}", "检查数字是否填错。"
    return f"“{label or '文件'}”不符合要求：{err['msg']}", "对照模板修改。"


def _pattern_hint(label: str) -> str:
    if label in ("编号", "单位", "项目", "上级"):
        return "编号只能用小写英文字母、数字和短横线，例如 xigang 或 legal-aid-station。"
    if label in ("审核账号", "系统维护"):
        return "写成 GitHub 账号 @用户名 或团队 @组织/团队名。"
    if label == "邮箱":
        return "写成完整的电子邮箱，例如 zhangsan@example.org。"
    return "对照填写说明修改。"


def _label(loc: Loc) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    label = names[-1] if names else ""
    if loc and isinstance(loc[-1], int):
        return f"{label}第 {loc[-1] + 1} 项"
    return label


def _unknown_key(model: type[BaseModel], loc: Loc, positions: Positions, path: str) -> Finding:
    key = str(loc[-1])
    mark = positions.of_key(loc)
    known = known_keys(model, loc[:-1])
    close = difflib.get_close_matches(_normalise(key), known, n=1, cutoff=0.5)
    if close:
        hint = f"是不是“{close[0]}”？请改成“{close[0]}”。"
    elif known:
        hint = "这一层可以填的栏目有：" + "、".join(known) + "。"
    else:
        hint = "删掉这一行。"
    return error("E210", f"不认识的栏目“{key}”", path, mark.line, mark.column, hint)


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
