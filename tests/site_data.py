"""Filings for the site's tests and benchmark: a small hand-written set and synthetic years.

Everything is written as real YAML files into a repository tree, exactly as a clerk would.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests/fixtures/sample"  # conftest.SAMPLE: the frozen sample, never the live tree
AREAS = ["提升职工素质", "协调劳动关系", "维护职工合法权益", "增强基层工会活力", "加强工会自身建设"]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Project:
    year: int
    unit: str
    id: str
    name: str
    content: str = "围绕职工需求开展工作，建立长效机制，预期惠及全市职工。"
    opinion: str = "同意申报。"
    signer: str = "张志刚"
    day: str = "03-05"
    areas: list[str] = field(default_factory=lambda: ["提升职工素质"])
    category: str | None = "创新成果"
    withdrawal: tuple[str, str] | None = None  # (date, reason)


def units() -> dict[str, dict]:
    data = yaml.safe_load((SAMPLE / "units.yaml").read_text(encoding="utf-8"))
    return {u["编号"]: u for u in data["单位"]}


def write_project(root: Path, p: Project, registry: dict[str, dict]) -> Path:
    unit = registry[p.unit]
    organ = unit["层级"] == "工会领导机关"
    lines = [f"表: {'领导机关立项申报表' if organ else '基层工会立项申报表'}", f"单位: {q(unit['名称'])}"]
    if not organ:
        lines.append(f"所属上级: {q(registry[unit['上级']]['名称'])}")
    lines += [
        f"项目名称: {q(p.name)}",
        f"主要内容: {q(p.content)}",
        f"{'单位意见' if organ else '本单位意见'}:",
        f"  意见: {q(p.opinion)}",
        f"  领导签字: {q(p.signer)}",
        f"  日期: {p.year}-{p.day}",
        "评选内容:",
    ]
    lines += [f"  - {a}" for a in p.areas]
    if p.category:
        lines.append(f"拟申报类别: {p.category}")
    if p.withdrawal:
        lines += ["撤回:", f"  日期: {p.withdrawal[0]}", f"  原因: {q(p.withdrawal[1])}"]
    path = root / "submissions" / str(p.year) / p.unit / f"{p.id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_forwarding(
    root: Path,
    projects: list[Project],
    registry: dict[str, dict],
    opinion: str = "经审核，同意报送。",
    signer: str = "李明",
) -> None:
    by_parent: dict[tuple[int, str], list[Project]] = defaultdict(list)
    for p in projects:
        parent = registry[p.unit].get("上级")
        if parent:
            by_parent[(p.year, parent)].append(p)
    for (year, parent), items in by_parent.items():
        lines = ["审核汇总:"]
        for p in items:
            lines += [
                f"  - 单位: {p.unit}",
                f"    项目: {p.id}",
                "    审核结论: 同意上报",
                f"    意见: {q(opinion)}",
                f"    领导签字: {q(signer)}",
                f"    日期: {year}-03-15",
            ]
        path = root / "submissions" / str(year) / parent / "forwarding.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


HANDWRITTEN = [
    Project(
        2026,
        "xigang-bayi-street",
        "legal-aid-station",
        "社区法律援助驿站建设",
        content="在八一路街道设立职工法律援助驿站。\n每周两次律师坐班，为职工提供免费咨询。",
        areas=["维护职工合法权益"],
        category="创优成果",
    ),
    Project(
        2026,
        "dalian-port",
        "branch-one-reading-room",
        "第一分公司职工书屋提质工程",
        areas=["提升职工素质", "增强基层工会活力"],
    ),
    Project(2026, "xigang", "night-school", "职工夜校“技能加油站”", category=None, areas=["提升职工素质"], day="03-12"),
    Project(
        2026,
        "zhongshan",
        "wage-talks",
        "区域性行业工资集体协商",
        areas=["协调劳动关系"],
        day="03-18",
        withdrawal=("2026-06-30", "因机构调整，本项目并入全区整体工作，不再单独参评。"),
    ),
    Project(2025, "jiaotong-metro", "driver-care", "地铁司机心理关爱计划", areas=["维护职工合法权益"]),
    Project(2025, "falv", "online-mediation", "劳动争议线上调解平台", areas=["协调劳动关系"], category="创新成果"),
]


def write_handwritten(root: Path) -> list[Project]:
    registry = units()
    for p in HANDWRITTEN:
        write_project(root, p, registry)
    write_forwarding(root, HANDWRITTEN, registry)
    return HANDWRITTEN


_PLACES = ["社区", "园区", "车间", "港区", "校园", "楼宇", "站点", "渔港", "工地", "医院"]
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
_CARRIERS = ["工程", "计划", "平台", "行动", "机制", "品牌", "示范点", "服务站", "项目", "创新实践"]


def synthetic(count: int, year: int, seed: int = 7) -> list[Project]:
    """`count` distinct projects spread over every unit of the sample registry."""
    rng = random.Random(seed)
    ids = sorted(units())
    projects = []
    for i in range(count):
        name = f"{rng.choice(_PLACES)}{rng.choice(_TOPICS)}{rng.choice(_CARRIERS)}第{i + 1}号"
        content = "".join(rng.choice(_TOPICS) + "，" for _ in range(rng.randint(10, 60))) + "形成长效机制。"
        projects.append(
            Project(
                year,
                ids[i % len(ids)],
                f"p{i + 1:05d}",
                name,
                content=content,
                areas=rng.sample(AREAS, rng.randint(1, 2)),
                category=rng.choice(["创新成果", "创优成果", None]),
                day=f"{rng.randint(1, 3):02d}-{rng.randint(1, 9):02d}",
            )
        )
    return projects


def write_synthetic(root: Path, count: int, year: int) -> list[Project]:
    registry = units()
    projects = synthetic(count, year)
    for p in projects:
        write_project(root, p, registry)
    write_forwarding(root, projects, registry)
    return projects


TODAY = "2026-11-25"
# Each payload tries another way out of "text": HTML, Markdown links and attribute lists,
# snippet includes, front matter, template syntax. A sentinel records any that runs.
PAYLOADS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=2;alert(2)">',
    "[x](javascript:window.__pwned=3)",
    '{: onclick="window.__pwned=4" }',
    '--8<-- "/etc/passwd"',
    "---\ntitle: pwned\n---",
    "<svg onload=window.__pwned=5>",
    '" onmouseover="window.__pwned=6',
    "{{ 7*7 }}{% raw %}",
]
EVIL_NAME = "<script>window.__pwned=1</script><img src=x onerror=alert(7)>"
EVIL_UNIT = "<img src=x onerror=window.__pwned=8>工会"
EVIL_PARENT = "<script>alert(9)</script>庄河市总工会"
LONG_TEXT = "围绕职工技能提升开展系列培训、比武和交流活动，建立长效机制。" * 166  # ≈ 5,000 characters


def _payload_text() -> str:
    return "\n".join(PAYLOADS)


def write_payload_tree(root: Path) -> None:
    """A tree whose units and filings carry script payloads in every text field."""
    data = yaml.safe_load((root / "submissions/units.yaml").read_text(encoding="utf-8"))
    for unit in data["单位"]:
        if unit["编号"] == "zhuanghe-fishery":
            unit["名称"], unit["类型"] = EVIL_UNIT, "<b onmouseover=alert(10)>企业</b>"
        if unit["编号"] == "zhuanghe":
            unit["名称"] = EVIL_PARENT
    (root / "submissions/units.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    registry = {u["编号"]: u for u in data["单位"]}
    evil = Project(
        2026,
        "zhuanghe-fishery",
        "evil",
        EVIL_NAME,
        content=_payload_text(),
        opinion=_payload_text(),
        signer="<script>alert(11)</script>",
        withdrawal=None,
    )
    long = Project(
        2026,
        "workers-palace",
        "long-form",
        "超长申报表排版测试",
        content=LONG_TEXT,
        opinion=LONG_TEXT[:1500],
        signer="王芳",
    )
    withdrawn = Project(
        2026,
        "xigang-renmin-square",
        "withdrawn-evil",
        "=SUM(1,2)撤回理由测试",
        withdrawal=("2026-05-01", _payload_text()),
    )
    for p in (evil, long, withdrawn):
        write_project(root, p, registry)
    # Forwarding lists are one file per parent: rewrite them with the hand-written projects included.
    write_forwarding(root, [*HANDWRITTEN, long, withdrawn], registry)
    write_forwarding(root, [evil], registry, opinion=_payload_text()[:2000], signer="<svg onload=alert(12)>")


def git_commit(root: Path, when: str = "2026-11-20T10:00:00+08:00") -> str:
    """Commit the tree as one import, then mark that import as the audit's starting point, as the
    real repository does: filings imported at once did not land on their own days."""
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_AUTHOR_NAME="考评办公室",
        GIT_AUTHOR_EMAIL="yubo@dlftu.example.org",
        GIT_COMMITTER_NAME="考评办公室",
        GIT_COMMITTER_EMAIL="yubo@dlftu.example.org",
    )

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "import filings")
    programme = root / "submissions" / "programme.yaml"
    text = re.sub(r"(?m)^审计起点: .*$", f"审计起点: {git('rev-parse', 'HEAD')}", programme.read_text(encoding="utf-8"))
    programme.write_text(text, encoding="utf-8")
    git("commit", "-q", "-am", "audit from the import")
    return git("rev-parse", "HEAD")


@dataclass
class Built:
    root: Path
    commit: str | None
    output: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def fresh_tree(base: Path) -> Path:
    (base / "submissions").mkdir(parents=True)
    for name in ("units.yaml", "programme.yaml"):
        shutil.copy(SAMPLE / name, base / "submissions" / name)
    return base
