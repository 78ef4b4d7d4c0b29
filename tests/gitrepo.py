"""Real git repositories for the history tests: commits at chosen times, by chosen people."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

LINNA = ("林娜", "linna@bayi.example.org")  # signer of xigang-bayi-street (grassroots, parent: xigang)
ZHANG = ("张志刚", "zhangzhigang@xigang.example.org")  # signer of xigang (leadership organ)
YUBO = ("于波", "yubo@dlftu.example.org")  # signer of bangongshi, the office
STRANGER = ("路人", "someone@elsewhere.example.org")
CLERK = ("西岗填报员", "clerk@bayi.example.org")  # a filer: prepares filings, signs nothing
# Their forge accounts in the sample registry: an approval by one of these is that body's signature.
LINNA_ACCOUNT = "xigang-linna"
ZHANG_ACCOUNT = "xigang-zhangzhigang"
YUBO_ACCOUNT = "bangongshi-yubo"
MAINTAINER_ACCOUNT = "dlftu-it-wanglei"
LATE_APPROVAL = "2026-12-31T00:00:00Z"  # after every date the fixtures write

PROGRAMME = """示例数据: true
网站标题: 测试
"""

GRASSROOTS = """表: 基层工会立项申报表
单位: 西岗区八一路街道总工会
所属上级: 大连市西岗区总工会
项目名称: {name}
主要内容: |
  在社区设立职工法律援助驿站，每周两次律师值班。
本单位意见:
  意见: 同意申报。
  领导签字: 林娜
  日期: 2026-03-05
评选内容:
  - 维护职工合法权益
"""

ORGAN = """表: 领导机关立项申报表
单位: 大连市西岗区总工会
项目名称: {name}
主要内容: |
  建设区级劳动争议调解网络。
单位意见:
  意见: 同意申报。
  领导签字: 张志刚
  日期: 2026-03-05
评选内容:
  - 协调劳动关系
"""

FORWARDING = """审核汇总:
  - 单位: xigang-bayi-street
    项目: {project}
    审核结论: 同意上报
    意见: 经审核，同意上报。
    领导签字: 张志刚
    日期: 2026-03-12
"""

EXCEPTIONS = """例外:
  - 文件: {path}
    原因: 因单位合并，报送材料延误，经考评领导小组同意延期。
    新截止日期: {until}
    批准人: 于波
    批准日期: 2026-03-21
"""


def isolated_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """No user or system git config: the tests see only what they set."""
    env = dict(os.environ)
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8"})
    env.update(extra or {})
    return env


@dataclass
class GitRepo:
    root: Path

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=isolated_env(env),
            check=False,
        )
        if proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout

    @classmethod
    def init(cls, root: Path) -> GitRepo:
        repo = cls(root)
        repo.git("init", "-q", "-b", "main")
        return repo

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def commit(self, message: str, when: str, who: tuple[str, str] = YUBO, key: Path | None = None) -> str:
        """Commit everything at `when` (ISO 8601), authored and committed by `who`, signed with `key`."""
        self.git("add", "-A")
        sign = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}", "commit", "-S"] if key else ["commit"]
        self.git(
            "-c",
            f"user.name={who[0]}",
            "-c",
            f"user.email={who[1]}",
            *sign,
            "-q",
            "--allow-empty",
            "-m",
            message,
            env=_dated(when, who),
        )
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, branch: str, when: str, message: str | None = None) -> str:
        """Merge into the current branch with a merge commit, as the hosting site does, at `when`."""
        self.git(
            "-c",
            "user.name=GitHub",
            "-c",
            "user.email=noreply@github.example",
            "merge",
            "-q",
            "--no-ff",
            "-m",
            message or f"Merge {branch}",
            branch,
            env=_dated(when, ("GitHub", "noreply@github.example")),
        )
        return self.head()


def review(login: str, commit: str, when: str = LATE_APPROVAL, state: str = "APPROVED") -> dict:
    """One review as GitHub's "list reviews for a pull request" returns it."""
    return {
        "id": abs(hash((login, commit, when))) % 10**9,
        "user": {"login": login, "type": "User"},
        "body": "",
        "state": state,
        "submitted_at": when,
        "commit_id": commit,
        "author_association": "MEMBER",
    }


def write_reviews(folder: Path, reviews: list[dict], name: str = "reviews.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")
    return path


def _dated(when: str, who: tuple[str, str]) -> dict[str, str]:
    return {
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
    }


def new_repo(tree: Path, when: str = "2026-01-05T09:00:00+08:00") -> GitRepo:
    """The `tree` fixture as a repository whose main has the registry and settings."""
    repo = GitRepo.init(tree)
    repo.write("submissions/programme.yaml", PROGRAMME)
    repo.commit("Registry and settings", when)
    return repo
