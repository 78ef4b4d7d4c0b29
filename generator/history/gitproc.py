"""git as a plain subprocess: run a command, stream a long output, read blobs at a revision.

No git library: a `git` process per question is what such a library runs underneath anyway,
and importing none keeps every command's start-up small (issue 13). Every command runs in the
repository root given, never in a repository above it (`GIT_CEILING_DIRECTORIES`), with
`core.quotepath=off` (Chinese paths as they are) and literal pathspecs (a file called `*.yaml`
names that file only).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

GIT = ("git", "-c", "core.quotepath=off", "--literal-pathspecs")
PATHS_PER_COMMAND = 200  # Windows allows 32,767 characters on a command line


class GitError(Exception):
    """git failed; `reason` is git's own message (its first line), for the user's error."""

    def __init__(self, reason: str, not_a_repository: bool = False, unrunnable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.not_a_repository = not_a_repository
        self.unrunnable = unrunnable  # git itself could not be started (not installed, say)


def _unrunnable(exc: OSError) -> GitError:
    return GitError(f"无法运行 git：{exc.strerror}", unrunnable=True)


def command(*args: str, config: Sequence[str] = ()) -> list[str]:
    """The argument list of one git command; `config` adds `-c name=value` settings."""
    settings = [item for value in config for item in ("-c", value)]
    return [*GIT, *settings, *args]


def environment(root: Path) -> dict[str, str]:
    """Git looks for the repository in `root` itself, not in the folders above it, and speaks
    English (its messages are recognised, not shown; paths and messages are bytes either way)."""
    env = dict(os.environ)
    env["GIT_CEILING_DIRECTORIES"] = str(Path(root).resolve().parent)
    env["LC_ALL"] = "C"
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def run(root: Path, *args: str, config: Sequence[str] = (), stdin: bytes | None = None) -> bytes:
    """Run one git command in `root`; its standard output, or GitError."""
    try:
        done = subprocess.run(
            command(*args, config=config),
            cwd=root,
            env=environment(root),
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise _unrunnable(exc) from None
    if done.returncode != 0:
        raise _error(done.stderr)
    return done.stdout


def run_together(root: Path, *commands: Sequence[str]) -> list[bytes]:
    """Run git commands at the same time and return their outputs in order, or the GitError of
    the first that failed. Each of these scans the working tree (10,000 files at scale): side by
    side on two cores they take the time of one."""
    env = environment(root)
    try:
        procs = [
            subprocess.Popen(
                command(*args),
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for args in commands
        ]
    except OSError as exc:
        raise _unrunnable(exc) from None
    done = [proc.communicate() for proc in procs]  # one that waits on a full pipe only waits
    for proc, (_, stderr) in zip(procs, done, strict=True):
        if proc.returncode != 0:
            raise _error(stderr)
    return [stdout for stdout, _ in done]


def text(root: Path, *args: str, config: Sequence[str] = ()) -> str:
    """`run`, decoded (paths are UTF-8; a stray byte is replaced, never a traceback)."""
    return run(root, *args, config=config).decode("utf-8", "replace")


def start(root: Path, *args: str, stdout: IO[bytes] | int) -> subprocess.Popen[bytes]:
    """Start a git command writing into `stdout` (a file or subprocess.PIPE); see `finish`."""
    try:
        return subprocess.Popen(
            command(*args),
            cwd=root,
            env=environment(root),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise _unrunnable(exc) from None


def finish(proc: subprocess.Popen[bytes]) -> None:
    """Wait for a started command whose output was read to the end; GitError when it failed."""
    if proc.stdout is not None:
        proc.stdout.close()
    _, stderr = proc.communicate()
    if proc.returncode != 0:
        raise _error(stderr)


def split_z(output: str) -> list[str]:
    """The entries of a `-z` listing."""
    return [item for item in output.split("\0") if item]


def blob_ids(root: Path, rev: str, paths: Iterable[str]) -> dict[str, str]:
    """The blob id of each of `paths` that is a file at `rev` (one `git ls-tree` per few hundred
    paths: a command line has a limit); GitError when `rev` is not a commit here."""
    wanted = sorted(set(paths))
    found: dict[str, str] = {}
    for at in range(0, len(wanted), PATHS_PER_COMMAND):
        listing = text(
            root, "ls-tree", "-z", "--full-tree", f"{rev}^{{commit}}", "--", *wanted[at : at + PATHS_PER_COMMAND]
        )
        for line in split_z(listing):
            info, _, path = line.partition("\t")
            _mode, kind, oid = info.split(" ", 2)
            if kind == "blob":
                found[path] = oid
    return found


def merge_base(root: Path, one: str, other: str) -> str | None:
    """The best common ancestor of two commits; None when they have none or one is not here."""
    try:
        return text(root, "merge-base", "--end-of-options", one, other).strip() or None
    except GitError:
        return None


def file_at(root: Path, rev: str, path: str) -> bytes | None:
    """One file's content at `rev` (one git process); None when it is not a file there."""
    try:
        return run(root, "cat-file", "blob", f"{rev}:{path}")
    except GitError:
        return None


def read_blobs(root: Path, names: Iterable[str]) -> dict[str, bytes]:
    """The content of each object named (a blob id, or `rev:path` with a path of one line) that
    is a blob; one `git cat-file --batch` for all."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    assert not any("\n" in name for name in wanted), "cat-file --batch reads one name a line"
    output = run(root, "cat-file", "--batch", stdin="".join(f"{name}\n" for name in wanted).encode())
    contents: dict[str, bytes] = {}
    at = 0
    for name in wanted:
        end = output.index(b"\n", at)
        header = output[at:end]
        at = end + 1
        if header.endswith((b" missing", b" ambiguous")):  # a valid header ends with the size
            continue
        _oid, kind, size = header.rsplit(b" ", 2)
        if kind == b"blob":
            contents[name] = output[at : at + int(size)]
        at += int(size) + 1
    return contents


def files_at(root: Path, rev: str, paths: Iterable[str]) -> dict[str, bytes]:
    """The content of each of `paths` (any names) that is a file at `rev` (two git processes for all)."""
    ids = blob_ids(root, rev, paths)
    contents = read_blobs(root, ids.values())
    return {path: contents[oid] for path, oid in ids.items() if oid in contents}


def _error(stderr: bytes) -> GitError:
    message = stderr.decode("utf-8", "replace").strip()
    lines = [line for line in message.splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else "")
    return GitError(first, "not a git repository" in message)


def is_shallow(root: Path) -> bool:
    """The clone has only part of its history (`git clone --depth`, actions/checkout's default)."""
    return text(root, "rev-parse", "--is-shallow-repository").strip() == "true"


def names_ancestor(root: Path, name: str, of: str) -> bool:
    """`name` (a commit id, possibly abbreviated) is a commit of `of`'s history."""
    try:
        run(root, "merge-base", "--is-ancestor", "--end-of-options", f"{name}^{{commit}}", of)
    except GitError:
        return False  # not an ancestor (git answers 1), or no such commit
    return True
