"""argparse speaks English; our users read Chinese. It looks its messages up through `_`."""

from __future__ import annotations

import argparse

_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
}


def _translate(message: str) -> str:
    return _MESSAGES.get(message, message)


def install() -> None:
    argparse._ = _translate  # type: ignore[attr-defined]
    # The version action's default help is a literal, not looked up through `_`.
    version = argparse._VersionAction
    if not getattr(version, "_zh", False):
        english = version.__init__

        def __init__(self: argparse.Action, *args: object, help: str | None = None, **kwargs: object) -> None:
            english(self, *args, help=_translate(help or "show program's version number and exit"), **kwargs)  # type: ignore[arg-type, misc]

        version.__init__ = __init__  # type: ignore[method-assign]
        version._zh = True  # type: ignore[attr-defined]
