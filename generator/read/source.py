"""Read one untrusted file as text, refusing what is not a plain UTF-8 file inside the tree."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Finding, error
from .os_reason import os_reason

MAX_BYTES = 256 * 1024  # the longest real form is a few KB; this leaves room for long contents
# A body's list (審核汇总, tracking, recommendations, the office's review, the unit registry) grows
# with the number of projects or units: 10,000 projects a year make a review file of a few MB.
MAX_LIST_BYTES = 16 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Source:
    """A filing's text with the path it is reported under (relative, forward slashes)."""

    path: str
    text: str


class SourceError(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def display_path(path: str | os.PathLike[str], repo_root: Path) -> str:
    full, root = os.fspath(path), os.fspath(repo_root)
    if full.startswith(root + os.sep):  # the common case, without pathlib's parsing
        return full[len(root) + 1 :].replace(os.sep, "/")
    try:
        return Path(full).relative_to(repo_root).as_posix()
    except ValueError:
        return Path(full).as_posix()


def read_source(
    path: str | os.PathLike[str],
    repo_root: Path,
    submissions: Path,
    max_bytes: int = MAX_BYTES,
    folders: dict[str, str] | None = None,
) -> Source:
    """Return the file's text, or raise SourceError with a located finding. `folders` holds what
    was found of each folder already seen in this pass (one `realpath` per folder, not per file)."""
    shown = display_path(path, repo_root)
    _refuse_links_and_escapes(path, submissions, shown, {} if folders is None else folders)
    try:
        with open(path, "rb") as stream:  # read at most one byte past the cap: the file may grow
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(
            error("E001", f"无法读取文件：{os_reason(exc)}", shown, hint="确认文件存在、没有被其他程序占用。")
        ) from exc
    return Source(shown, decode(data, shown, max_bytes))


_INSIDE, _OUTSIDE, _LINKED = "inside", "E006", "E005"


def _refuse_links_and_escapes(
    path: str | os.PathLike[str], submissions: Path, shown: str, folders: dict[str, str]
) -> None:
    """Where the file really is must be where its path says, inside submissions/: otherwise a
    link is on the way (the file, or a folder) or the path leads out of the tree."""
    lexical = os.path.abspath(path)
    folder = os.path.dirname(lexical)
    verdict = folders.get(folder)
    if verdict is None:
        verdict = folders[folder] = _folder_verdict(folder, os.path.abspath(submissions))
    if verdict == _OUTSIDE or lexical == os.path.abspath(submissions):
        raise SourceError(
            error("E006", "文件不在 submissions/ 目录内", shown, hint="申报文件只能放在 submissions/ 目录下。")
        )
    linked, regular = _kind_of(path, lexical)
    if verdict == _LINKED or linked:
        raise SourceError(
            error(
                "E005", "这是一个符号链接，不接受", shown, hint="请把真实的文件放在 submissions/ 目录下，不要用链接。"
            )
        )
    if not regular:
        raise SourceError(error("E017", "这不是一个普通文件", shown, hint="请提交 .yaml 文本文件。"))


def _folder_verdict(folder: str, top: str) -> str:
    """Whether files in `folder` are inside `top` (submissions/, which may itself sit behind a
    link: a checkout under /tmp on macOS), with no link on the way."""
    inside = folder[len(top) + 1 :] if folder.startswith(top + os.sep) else os.path.relpath(folder, top)
    if inside == os.pardir or inside.startswith(os.pardir + os.sep):
        return _OUTSIDE
    expected = os.path.normpath(os.path.join(os.path.realpath(top), inside))
    return _INSIDE if os.path.realpath(folder) == expected else _LINKED


def _kind_of(path: str | os.PathLike[str], lexical: str) -> tuple[bool, bool]:
    """(is a link, is a regular file): a directory listing's entry already knows, without a call."""
    if isinstance(path, os.DirEntry):
        try:
            return path.is_symlink(), path.is_file(follow_symlinks=False)
        except OSError:
            return False, False
    try:
        mode = os.lstat(lexical).st_mode
    except OSError:
        return False, False
    return stat.S_ISLNK(mode), stat.S_ISREG(mode)


def decode(data: bytes, shown: str, max_bytes: int = MAX_BYTES) -> str:
    """UTF-8 (with or without BOM, LF or CRLF) to text with LF line ends."""
    if len(data) > max_bytes:
        raise SourceError(
            error(
                "E003",
                f"文件太大，超过上限 {max_bytes // 1024} KB",
                shown,
                hint="申报表只填文字；附件、图片请放在别处，在表中写明链接。",
            )
        )
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise SourceError(
            error(
                "E007",
                "文件是 UTF-16（“Unicode”）编码，系统只接受 UTF-8",
                shown,
                hint="用记事本打开，选“另存为”，把“编码”改成“UTF-8”后保存。",
            )
        )
    if not data.strip():
        raise SourceError(error("E002", "文件是空的", shown, hint="请按模板填写；可以用 `shuangchuang new` 生成模板。"))
    if b"\x00" in data:
        raise SourceError(
            error(
                "E004",
                "这是二进制文件，不是文本",
                shown,
                hint="申报文件必须是 YAML 文本；Word、Excel、PDF 文件不能直接提交。",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(_not_utf8(data, exc, shown)) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: it has zero bytes, and decodes to printable text."""
    if b"\x00" not in data[:4096]:
        return False
    head = data[: 4096 - 4096 % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(c.isprintable() or c in "\r\n\t" for c in text) >= 0.95 * len(text):
            return True
    return False


def _not_utf8(data: bytes, exc: UnicodeDecodeError, shown: str) -> Finding:
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return error(
            "E007", "文件不是 UTF-8 编码", shown, line, column, hint="用记事本打开，选“另存为”，编码选“UTF-8”后保存。"
        )
    return error(
        "E008",
        "文件是 GBK/GB18030 编码，系统只接受 UTF-8",
        shown,
        line,
        column,
        hint="用记事本打开，选“另存为”，把“编码”改成“UTF-8”后保存；WPS、VS Code 同理。",
    )
