"""The git layer: every git command and blob read of the package, through GitPython.

The repository is discovered by GitPython in the root given, never in a folder above it (a
folder inside another repository is not one: `GIT_CEILING_DIRECTORIES` for the commands too),
and every command runs with `core.quotepath=off` (Chinese paths as they are), literal pathspecs
(a file called `*.yaml` names that file only) and `LC_ALL=C` (git's messages are recognised,
never shown). Blobs are read through the repository's object database: one persistent
`git cat-file --batch` for as many as are asked.

GitPython is imported on the first call, not with this module: `--version`, `--help` and a plain
`check` never ask git through it (tests/test_perf_startup.py). The one query a plain `check` makes,
the cache's list of clean files, is `start_plain` (a bare process, same environment).
"""

from __future__ import annotations

import atexit
import os
import subprocess
import tempfile
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..read.os_reason import os_reason

if TYPE_CHECKING:
    import git

GIT = ("git", "-c", "core.quotepath=off", "--literal-pathspecs")
PATHS_PER_COMMAND = 200  # Windows allows 32,767 characters on a command line
# Variables that would point git at another repository than the root given.
_FOREIGN = ("GIT_DIR", "GIT_WORK_TREE")
_OPEN_REPOSITORIES = 8  # each may hold a persistent cat-file process


class GitError(Exception):
    """git failed; `reason` is git's own message (its first line), for the user's error."""

    def __init__(self, reason: str, not_a_repository: bool = False, unrunnable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.not_a_repository = not_a_repository
        self.unrunnable = unrunnable  # git itself could not be started (not installed, say)


NOT_INSTALLED = "无法运行 git：找不到 git 程序"


def command(*args: str, config: Sequence[str] = ()) -> list[str]:
    """The argument list of one git command; `config` adds `-c name=value` settings."""
    settings = [item for value in config for item in ("-c", value)]
    return [*GIT, *settings, *args]


def environment(root: Path) -> dict[str, str]:
    """The environment of a command in `root`: git looks for the repository in `root` itself, not
    in the folders above it, and speaks English (its messages are recognised, not shown)."""
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
    env.update(_controlled(root))
    return env


def _controlled(root: Path) -> dict[str, str]:
    return {"GIT_CEILING_DIRECTORIES": str(Path(root).resolve().parent), "LC_ALL": "C", "LANGUAGE": "C"}


def _library() -> Any:
    """GitPython, imported on first use; a missing git program is our finding, not its ImportError."""
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import git

    return git


_repositories: OrderedDict[str, git.Repo] = OrderedDict()


def repository(root: Path) -> git.Repo:
    """The repository whose work tree (or bare folder) is exactly `root`, as GitPython opens it;
    GitError(not_a_repository) when `root` is none."""
    lib = _library()
    key = str(Path(root).resolve())
    repo = _repositories.get(key)
    if repo is not None and Path(repo.git_dir).is_dir():
        _repositories.move_to_end(key)
        return repo
    for name in _FOREIGN:  # never honoured: the root given is the repository
        os.environ.pop(name, None)
    try:
        opened: git.Repo = lib.Repo(key)
    except (lib.InvalidGitRepositoryError, lib.NoSuchPathError):
        raise GitError(f"{root} 不是 git 仓库", not_a_repository=True) from None
    except (OSError, ValueError) as exc:  # an unreadable .git, a broken gitdir file
        raise GitError(f"{root} 不是可读的 git 仓库：{exc}", not_a_repository=True) from None
    opened.git.update_environment(**_controlled(root))
    opened.git.set_persistent_git_options(c="core.quotepath=off", literal_pathspecs=True)
    _repositories[key] = opened
    while len(_repositories) > _OPEN_REPOSITORIES:
        _repositories.popitem(last=False)[1].close()
    return opened


@atexit.register
def close_all() -> None:
    """End every persistent git process (the object database's cat-file)."""
    while _repositories:
        _repositories.popitem()[1].close()


def _argv(repo: git.Repo, args: Sequence[str], config: Sequence[str] = ()) -> list[str]:
    return [repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git", *command(*args, config=config)[1:]]


def _execute(
    root: Path, args: Sequence[str], *, config: Sequence[str] = (), istream: Any = None, **options: Any
) -> Any:
    repo = repository(root)
    lib = _library()
    try:
        return repo.git.execute(
            _argv(repo, args, config), istream=istream, stdout_as_string=False, strip_newline_in_stdout=False, **options
        )
    except lib.GitCommandNotFound:
        raise GitError(NOT_INSTALLED, unrunnable=True) from None
    except OSError as exc:
        raise GitError(f"无法运行 git：{os_reason(exc)}", unrunnable=True) from None


def run(root: Path, *args: str, config: Sequence[str] = (), stdin: bytes | None = None) -> bytes:
    """Run one git command in `root`; its standard output, or GitError."""
    if stdin is None:
        status, out, err = _execute(root, args, config=config, with_extended_output=True, with_exceptions=False)
    else:
        with tempfile.TemporaryFile() as source:
            source.write(stdin)
            source.seek(0)
            status, out, err = _execute(
                root, args, config=config, istream=source, with_extended_output=True, with_exceptions=False
            )
    if status != 0:
        raise _error(err)
    return bytes(out)


def run_together(root: Path, *commands: Sequence[str]) -> list[bytes]:
    """Run git commands at the same time and return their outputs in order, or the GitError of
    the first that failed. Each of these scans the working tree (10,000 files at scale): side by
    side on two cores they take the time of one."""
    started = [_execute(root, args, as_process=True) for args in commands]
    done = [proc.proc.communicate() for proc in started]  # one that waits on a full pipe only waits
    for proc, (_, stderr) in zip(started, done, strict=True):
        if proc.proc.returncode != 0:
            raise _error(stderr)
    return [stdout for stdout, _ in done]


def text(root: Path, *args: str, config: Sequence[str] = ()) -> str:
    """`run`, decoded (paths are UTF-8; a stray byte is replaced, never a traceback)."""
    return run(root, *args, config=config).decode("utf-8", "replace")


# Started commands keep GitPython's wrapper alive (it ends its process when collected) until `finish`.
_started: dict[int, Any] = {}


def start(root: Path, *args: str, stdout: IO[bytes] | int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    """Start a git command whose output is read from a pipe as it comes; `finish` raises what
    went wrong, as for a command that fails while it runs (a root that is no repository too)."""
    if stdout != subprocess.PIPE:
        raise ValueError("gitproc.start writes into a pipe only")
    try:
        wrapper = _execute(root, args, as_process=True)
    except GitError as exc:
        if not exc.not_a_repository:
            raise
        return start_plain(root, *args)  # git itself says so when it is finished
    proc: subprocess.Popen[bytes] = wrapper.proc
    _started[id(proc)] = wrapper
    return proc


def start_plain(root: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start a git command as a bare process, in the same environment as every other, for the one
    query a plain `check` makes (the cache's clean files): it must not pay for GitPython's import.
    Read it with `communicate()`; GitError when git cannot be started."""
    try:
        return subprocess.Popen(
            command(*args),
            cwd=root,
            env=environment(root),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise GitError(
            NOT_INSTALLED if isinstance(exc, FileNotFoundError) else f"无法运行 git：{os_reason(exc)}"
        ) from None


def finish(proc: subprocess.Popen[bytes]) -> None:
    """Wait for a started command whose output was read to the end; GitError when it failed."""
    _started.pop(id(proc), None)
    if proc.stdout is not None:
        proc.stdout.close()
    _, stderr = proc.communicate()
    if proc.returncode != 0:
        raise _error(stderr)


def split_z(output: str) -> list[str]:
    """The entries of a `-z` listing."""
    return [item for item in output.split("\0") if item]


def blob_id(data: bytes) -> str:
    """The id git gives a blob of these bytes (its object database's hash, nothing written)."""
    from io import BytesIO

    from gitdb import IStream
    from gitdb.db.mem import MemoryDB

    return str(MemoryDB().store(IStream(b"blob", len(data), BytesIO(data))).hexsha.decode("ascii"))


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
    """One file's content at `rev`; None when it is not a file there."""
    return read_blobs(root, [f"{rev}:{path}"]).get(f"{rev}:{path}")


def read_blobs(root: Path, names: Iterable[str]) -> dict[str, bytes]:
    """The content of each object named (a blob id, or `rev:path` with a path of one line) that
    is a blob, read through the object database (one persistent `git cat-file --batch`)."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    assert not any("\n" in name for name in wanted), "cat-file --batch reads one name a line"
    cmd = repository(root).git
    lib = _library()
    contents: dict[str, bytes] = {}
    try:
        for name in wanted:
            try:
                _oid, kind, _size, data = cmd.get_object_data(name)
            except ValueError:  # missing or ambiguous: not a blob here, unless git itself stopped
                reader = cmd.cat_file_all
                if reader is not None and reader.proc.poll() is not None:
                    raise _error(reader.proc.stderr.read()) from None
                continue
            if kind in (b"blob", "blob"):  # GitPython gives the type as bytes
                contents[name] = data
    except lib.GitCommandNotFound:
        raise GitError(NOT_INSTALLED, unrunnable=True) from None
    finally:
        cmd.clear_cache()  # a later call sees refs and objects as they are then
    return contents


def files_at(root: Path, rev: str, paths: Iterable[str]) -> dict[str, bytes]:
    """The content of each of `paths` (any names) that is a file at `rev` (one listing, then the object database)."""
    ids = blob_ids(root, rev, paths)
    contents = read_blobs(root, ids.values())
    return {path: contents[oid] for path, oid in ids.items() if oid in contents}


def _error(stderr: bytes | str) -> GitError:
    message = stderr.decode("utf-8", "replace").strip() if isinstance(stderr, bytes) else stderr.strip()
    lines = [line for line in message.splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else "")
    return GitError(first, "not a git repository" in message)


_FULL_ID = frozenset("0123456789abcdef")
_commits: set[tuple[str, str]] = set()  # (repository, full id) known to name a commit there


def commit_id(root: Path, ref: str) -> str:
    """The full id of the commit `ref` names (`rev-parse --verify`); GitError when it names none. An
    id once found names that commit for good: `check --base` does not ask git again for the base it
    has already resolved."""
    key = (str(Path(root).resolve()), ref)
    if len(ref) in (40, 64) and set(ref) <= _FULL_ID and key in _commits:
        return ref
    found = text(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    if found:
        _commits.add((key[0], found))
    return found


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
