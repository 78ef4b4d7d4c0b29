"""Shared fixtures: a throw-away repository with the shipped registry, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from gitrepo import GitRepo, new_repo

# Helper modules that test modules import by name: their asserts report like a test's own.
pytest.register_assert_rewrite(
    "site_fixtures", "site_data", "filing_corpus", "signature_check", "workflow_files", "axe_check"
)

REPO = Path(__file__).resolve().parent.parent
# The frozen copy of the shipped sample (tests/fixtures/README.md): what tests build trees from.
# Tests never read the live submissions/ for their assertions, so any valid change to it keeps
# the suite green.
SAMPLE = REPO / "tests/fixtures/sample"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_cli(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    """`generator.cli.main(args)` in this process, as a clerk's command line would run it: in `cwd`,
    with `stdin`, the environment plus `env`, stdout and stderr captured. A fresh process proves
    nothing more for most commands; `run_process` is the real console entry point, for the few
    tests that need one (start-up, encodings, the interpreter's own exit)."""
    import io
    import os

    from generator.cli import main

    before_env, before_cwd = dict(os.environ), os.getcwd()
    # Text over bytes, as a console's streams are: some writers use `.buffer`.
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in range(2))
    streams = (sys.stdin, sys.stdout, sys.stderr)
    try:
        os.environ.clear()
        os.environ.update({k: v for k, v in before_env.items() if k not in _FORGE_VARIABLES})
        os.environ.update(env or {})
        os.chdir(cwd)
        sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
        sys.stdout, sys.stderr = out, err
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's --help and usage errors, the commands' early exits
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.chdir(before_cwd)
        os.environ.clear()
        os.environ.update(before_env)
    return Run(code, *(stream.buffer.getvalue().decode("utf-8") for stream in (out, err)))  # type: ignore[attr-defined]


def run_process(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    """The real console entry point in a real process (`python -m generator`); `env` adds variables."""
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        env={**_env(), **(env or {})},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


# A token in the test runner's environment must never make a build read the real forge.
_FORGE_VARIABLES = ("GITHUB_TOKEN", "GITHUB_API_URL", "GITHUB_REPOSITORY")


PROBE = """
import sys
from pathlib import Path
from generator.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("MODULES", " ".join(sorted(sys.modules)))
"""


def probe(*args: str) -> tuple[set[str], str]:
    """`shuangchuang ARGS` in a fresh process (in the repository root): the modules it imported, and what it printed."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        check=True,
    )
    line = next(line for line in proc.stdout.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:]), proc.stdout


def imported_after(*args: str) -> set[str]:
    """The modules a fresh process has imported after `shuangchuang ARGS`."""
    return probe(*args)[0]


def _env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in _FORGE_VARIABLES}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Modules whose every test drives git repositories, or takes seconds (a build, a workflow run).
GIT_MODULES = ("test_history_", "test_gitproc", "test_check_years", "test_registry_history", "test_perf_cache")
SLOW_MODULES = ("test_site_", "test_markup_corpus", "test_perf_bench", "test_forms_browser", "test_lifecycle_announce")


def chromium_path() -> str:
    """The browser the tests drive: $CHROMIUM, else the first Chromium or Chrome on PATH. Without
    one the browser tests are skipped, unless SC_REQUIRE_BROWSER=1 (CI) makes that a failure."""
    found = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if found:
        return found
    message = "没有找到 Chromium：设置 CHROMIUM=浏览器路径，或安装 chromium（README 的第二条命令会安装）"
    if os.environ.get("SC_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers by what a test uses: `-m "not browser"` runs the suite without a browser."""
    for item in items:
        name = item.path.stem
        fixtures = getattr(item, "fixturenames", ())
        if "browser" in fixtures or "visit" in fixtures:
            item.add_marker(pytest.mark.browser)
        if name.startswith(GIT_MODULES) or "repo" in fixtures or "pr_repo" in fixtures or "runner" in item.path.parts:
            item.add_marker(pytest.mark.git)
        if name.startswith(SLOW_MODULES) or "runner" in item.path.parts or "built" in fixtures:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _filings_cache_in_a_temp_folder(tmp_path_factory: pytest.TempPathFactory):
    """`check`'s cache (generator/cache.py) goes to this session's temp folder, never ~/.cache;
    subprocesses inherit it."""
    import os

    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A repository root with the shipped unit registry and settings, and no filings."""
    (tmp_path / "submissions").mkdir()
    for name in ("units.yaml", "programme.yaml"):
        shutil.copy(SAMPLE / name, tmp_path / "submissions" / name)
    return tmp_path


def sample_tree(root: Path) -> Path:
    """`root` with the whole frozen sample as its submissions/; returns `root`."""
    shutil.copytree(SAMPLE, root / "submissions")
    return root


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only repository tree holding the frozen sample (tests must not write into it)."""
    return sample_tree(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def repo(tree: Path) -> GitRepo:
    """The `tree` fixture as a git repository whose main has the registry and settings committed."""
    return new_repo(tree)


@pytest.fixture
def pr_repo(repo: GitRepo) -> GitRepo:
    """`repo` with a branch `pr` checked out, where a change is prepared."""
    repo.branch("pr")
    return repo


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the loader read from disk (rather than from the cache)."""
    import generator.submissions as loader

    seen: list[str] = []
    real = loader.load_filing_data

    def spy(where, *args, **kwargs):
        seen.append(where.path)
        return real(where, *args, **kwargs)

    monkeypatch.setattr(loader, "load_filing_data", spy)
    return seen
