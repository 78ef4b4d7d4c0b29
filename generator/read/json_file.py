"""Read a JSON file a command is given (a forge's answer saved by a workflow): data, or one Chinese reason."""

from __future__ import annotations

import json
from pathlib import Path

from .os_reason import os_reason


class JsonFileError(ValueError):
    """The file cannot be used; the message names the file and says why, in Chinese."""


def load_json(path: Path, what: str) -> object:
    """The data in `path`; JsonFileError when it cannot be read, is not UTF-8, is not JSON or is
    nested deeper than the parser goes. `what` names the file in the message (“批准记录文件”)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise JsonFileError(f"无法读取{what} {path}：{os_reason(exc)}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise JsonFileError(f"{what} {path} 不是 UTF-8 编码的文本") from None
    except RecursionError:
        raise JsonFileError(f"{what} {path} 嵌套太深，不是平台接口返回的内容") from None
    except ValueError as exc:
        line = f"第 {exc.lineno} 行" if isinstance(exc, json.JSONDecodeError) else ""
        raise JsonFileError(f"{what} {path} {line}不是有效的 JSON") from None
