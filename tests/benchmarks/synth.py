"""A deterministic synthetic repository for the benchmarks, shared by the bench scripts.

The sample unit registry and settings; one year of N registrations spread over every unit
(grassroots ones forwarded by their parents), tracking records, a recommendation for one project
in ten and the office's review of those; and a git history that lands the registrations a few
per commit on their own days, then each later filing in its window (one `git fast-import`
stream, not a process per commit). The same N always gives the same bytes.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
YEAR = 2025
CHINA_OFFSET = "+0800"
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

_TOPICS = [
    "职工书屋",
    "技能比武",
    "法律援助",
    "心理关爱",
    "困难帮扶",
    "劳模工作室",
    "集体协商",
    "安全生产",
    "女职工关爱",
    "新就业形态",
    "职工之家",
    "网上工会",
    "健康驿站",
    "素质提升",
    "民主管理",
]
_AREAS = ["提升职工素质", "协调劳动关系", "维护职工合法权益", "增强基层工会活力", "加强工会自身建设"]


@dataclass(frozen=True)
class Landing:
    path: str  # repo-relative
    text: str
    when: datetime  # naive, China time


def registry(year: int | None = None) -> dict:
    """The sample registry; with `year`, each unit's name and parent as they were that year."""
    data = yaml.safe_load((REPO / "submissions/units.yaml").read_text(encoding="utf-8"))
    for unit in data["单位"] if year is not None else []:
        for change in sorted(unit.get("变更", []), key=lambda c: -c["起始年度"]):
            if change["起始年度"] > year:
                unit["名称"] = change.get("原名称", unit["名称"])
                unit["上级"] = change.get("原上级", unit.get("上级"))
    return data


def settings_files() -> dict[str, str]:
    """units.yaml as shipped; programme.yaml without its audit start, so the audit reads everything."""
    programme = (REPO / "submissions/programme.yaml").read_text(encoding="utf-8")
    programme = "".join(line for line in programme.splitlines(keepends=True) if not line.startswith("审计起点"))
    return {
        "submissions/units.yaml": (REPO / "submissions/units.yaml").read_text(encoding="utf-8"),
        "submissions/programme.yaml": programme,
    }


def year_files(n: int, year: int = YEAR) -> list[Landing]:
    """Every filing of a year of `n` registrations, in the order they land."""
    reg = registry(year)
    office = reg["考评办公室"]
    units = [u for u in reg["单位"] if u["编号"] != office]
    by_id = {u["编号"]: u for u in reg["单位"]}
    rng = random.Random(n)
    forwarded, tracked, recommended, results = defaultdict(list), defaultdict(list), defaultdict(list), []
    landings: list[Landing] = []
    start, span = datetime(year, 1, 5, 9, 0), timedelta(days=62)  # all before the 10 March deadline
    for i in range(n):
        unit = units[i % len(units)]
        project = f"p{i:05d}"
        when = start + span * i / max(n, 1)
        landings.append(
            Landing(f"submissions/{year}/{unit['编号']}/{project}.yaml", _registration(unit, by_id, i, year, rng), when)
        )
        parent = unit.get("上级")
        if parent:
            forwarded[parent].append(
                f"  - 单位: {unit['编号']}\n    项目: {project}\n    审核结论: 同意上报\n    意见: 同意上报。\n"
                f"    领导签字: 张三\n    日期: {year}-03-15\n"
            )
        if parent or i % 10 == 0:
            tracked[parent or office].append(
                f"  - 单位: {unit['编号']}\n    项目: {project}\n    日期: {year}-06-01\n"
                "    方式: 实地调查\n    情况: 进展顺利。\n    记录人: 李四\n"
            )
        if i % 10 == 0:
            criterion = ("JC" if parent else "LD") + "-CY-1"
            recommended[parent or unit["编号"]].append(
                f"  - 单位: {unit['编号']}\n    项目: {project}\n    申报类别: 创优成果\n    符合标准:\n"
                f"      - 标准: {criterion}\n        佐证: 成效明显。\n    推荐意见:\n      意见: 同意推荐。\n"
                f"      领导签字: 张三\n      日期: {year}-11-10\n"
            )
            award = "创优成果奖" if i % 3 else "不授奖"
            results.append(
                f"  - 单位: {unit['编号']}\n    项目: {project}\n    赞成: 5\n    反对: 1\n    弃权: 1\n"
                f"    评审意见: 符合标准。\n    拟授奖: {award}\n"
            )
    for name, items, day in (
        ("forwarding", forwarded, (3, 15)),
        ("tracking", tracked, (6, 2)),
        ("recommendation", recommended, (11, 10)),
    ):
        head = {"forwarding": "审核汇总", "tracking": "跟踪考核记录", "recommendation": "推荐上报"}[name]
        for k, (body, lines) in enumerate(sorted(items.items())):
            landings.append(
                Landing(
                    f"submissions/{year}/{body}/{name}.yaml",
                    f"{head}:\n" + "".join(lines),
                    datetime(year, *day, 10, 0) + timedelta(minutes=k),
                )
            )
    review = (
        f"评审会:\n  日期: {year}-11-20\n  出席成员: [陈凤荣, 曲朝阳, 王光宇, 于波, 段建华, 王强, 周萍]\n评审结果:\n"
        + "".join(results)
        + f"主席办公会议审定:\n  日期: {year}-11-25\n  会议: 第21次主席办公会议\n"
        + f"通报:\n  日期: {year}-11-28\n  文号: 大工发〔{year}〕41号\n"
    )
    landings.append(Landing(f"submissions/{year}/{office}/review.yaml", review, datetime(year, 11, 28, 10, 0)))
    return landings


def _registration(unit: dict, by_id: dict, i: int, year: int, rng: random.Random) -> str:
    grassroots = unit["层级"] == "基层工会"
    text = f"表: {'基层工会' if grassroots else '领导机关'}立项申报表\n单位: {unit['名称']}\n"
    if grassroots:
        text += f"所属上级: {by_id[unit['上级']]['名称']}\n"
    content = "".join(rng.choice(_TOPICS) + "，" for _ in range(rng.randint(10, 60))) + "形成长效机制。"
    opinion = "本单位意见" if grassroots else "单位意见"
    areas = "".join(f"  - {a}\n" for a in rng.sample(_AREAS, rng.randint(1, 2)))
    return (
        text + f"项目名称: {rng.choice(_TOPICS)}项目{i}\n主要内容: |\n  {content}\n{opinion}:\n  意见: 同意申报。\n"
        f"  领导签字: 张三\n  日期: {year}-01-04\n评选内容:\n{areas}拟申报类别: 创优成果\n"
    )


def write_files(root: Path, n: int, year: int = YEAR) -> None:
    """The tree as plain files (no git)."""
    for rel, text in [*settings_files().items(), *((f.path, f.text) for f in year_files(n, year))]:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, env=ENV, check=True)
    return proc.stdout.decode()


def make_repo(root: Path, n: int, year: int = YEAR, per_commit: int = 5) -> int:
    """A git repository whose main branch lands the year's filings; returns the number of commits."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    out = bytearray()
    commits = 0

    def commit(when: datetime, files: list[tuple[str, str]]) -> None:
        nonlocal commits
        stamp = int(when.timestamp()) if when.tzinfo else int((when - datetime(1970, 1, 1)).total_seconds()) - 8 * 3600
        out.extend(b"commit refs/heads/main\n")
        out.extend(b"committer Bench <bench@example.org> %d %s\n" % (stamp, CHINA_OFFSET.encode()))
        out.extend(_data(f"land {len(files)} file(s)"))
        for path, text in files:
            out.extend(b"M 100644 inline %s\n" % path.encode() + _data(text))
        commits += 1

    commit(datetime(year, 1, 2, 9, 0), list(settings_files().items()))
    landings = year_files(n, year)
    registrations = [f for f in landings if f.path.rsplit("/", 1)[1][0] == "p"]
    later = [f for f in landings if f.path.rsplit("/", 1)[1][0] != "p"]
    for k in range(0, len(registrations), per_commit):
        group = registrations[k : k + per_commit]
        commit(group[-1].when, [(f.path, f.text) for f in group])
    for f in later:
        commit(f.when, [(f.path, f.text)])
    git(root, "fast-import", "--quiet", stdin=bytes(out))
    git(root, "reset", "-q", "--hard", "main")
    return commits


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def one_file_change(root: Path, year: int = YEAR + 1) -> tuple[str, Path]:
    """Branch `pr` off main adding one registration signed by the unit's signer, committed by them;
    returns its path and the forge's reviews JSON in which that signer approves the change."""
    reg = registry(year)
    unit = next(u for u in reg["单位"] if u["编号"] == "xigang")
    signer = unit["签字人"][0]
    git(root, "checkout", "-q", "-B", "pr", "main")
    rel = f"submissions/{year}/xigang/bench-new.yaml"
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    text = _registration(unit, {u["编号"]: u for u in reg["单位"]}, 99999, year, random.Random(1))
    target.write_text(
        text.replace(f"{year}-01-04", f"{year}-03-02").replace("领导签字: 张三", f"领导签字: {signer['姓名']}"),
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(
        root,
        "-c",
        f"user.name={signer['姓名']}",
        "-c",
        f"user.email={signer['邮箱']}",
        "commit",
        "-q",
        "-m",
        "new filing",
    )
    head = git(root, "rev-parse", "HEAD").strip()
    approvals = root.parent / f"{root.name}-approvals.json"
    approvals.write_text(
        json.dumps(
            [
                {
                    "user": {"login": signer.get("账号", "")},
                    "state": "APPROVED",
                    "submitted_at": f"{year}-03-04T02:00:00Z",
                    "commit_id": head,
                }
            ]
        ),
        encoding="utf-8",
    )
    return rel, approvals
