"""Benchmark: the lifecycle at scale. Run: python tests/benchmarks/bench_lifecycle.py [N ...]

Writes a year of N registrations (grassroots forwarded by their parents), a tracking record and a
recommendation for one in ten, and the office's review of all recommended ones, as real files in a temp
repository; then times loading with every rule, `derive_projects`, and the announcement. Prints
figures; asserts nothing about time.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from generator.clock import parse_time as parse_now  # noqa: E402
from generator.lifecycle.announcement import collect, render_html, render_markdown  # noqa: E402
from generator.lifecycle.status import derive_projects  # noqa: E402
from generator.validate.tree import load_submissions  # noqa: E402

YEAR = 2025


def write_year(root: Path, n: int) -> None:
    (root / "submissions").mkdir(parents=True)
    for name in ("units.yaml", "programme.yaml"):
        shutil.copy(REPO / "submissions" / name, root / "submissions" / name)
    registry = yaml.safe_load((REPO / "submissions/units.yaml").read_text(encoding="utf-8"))
    units = [u for u in registry["单位"] if u["编号"] != registry["考评办公室"]]
    by_id = {u["编号"]: u for u in registry["单位"]}
    forwarded, tracked, recommended = defaultdict(list), defaultdict(list), defaultdict(list)
    results = []
    for i in range(n):
        unit = units[i % len(units)]
        project = f"p{i:05d}"
        write(root, f"{unit['编号']}/{project}.yaml", registration(unit, by_id, i))
        parent = unit.get("上级")
        if parent:
            forwarded[parent].append(f"  - 单位: {unit['编号']}\n    项目: {project}\n    意见: 同意上报。\n"
                                     "    领导签字: 张三\n    日期: 2025-03-15\n")
        if parent or i % 10 == 0:  # the office tracks a sample of the organs' projects (file size caps)
            tracked[parent or registry["考评办公室"]].append(
                f"  - 单位: {unit['编号']}\n    项目: {project}\n    日期: 2025-06-01\n"
                "    方式: 实地调查\n    情况: 进展顺利。\n    记录人: 李四\n")
        if i % 10 == 0:  # about one project in ten is recommended
            criterion = ("JC" if parent else "LD") + "-CY-1"
            recommended[parent or unit["编号"]].append(
                f"  - 单位: {unit['编号']}\n    项目: {project}\n    申报类别: 创优成果\n    符合标准:\n"
                f"      - 标准: {criterion}\n        佐证: 成效明显。\n    推荐意见:\n      意见: 同意推荐。\n"
                "      领导签字: 张三\n      日期: 2025-11-10\n")
            award = "创优成果奖" if i % 3 else "不授奖"
            results.append(f"  - 单位: {unit['编号']}\n    项目: {project}\n    赞成: 5\n    反对: 1\n    弃权: 1\n"
                           f"    评审意见: 符合标准。\n    拟授奖: {award}\n")
    for body, items in forwarded.items():
        write(root, f"{body}/forwarding.yaml", "审核汇总:\n" + "".join(items))
    for body, items in tracked.items():
        write(root, f"{body}/tracking.yaml", "跟踪考核记录:\n" + "".join(items))
    for body, items in recommended.items():
        write(root, f"{body}/recommendation.yaml", "推荐上报:\n" + "".join(items))
    write(root, f"{registry['考评办公室']}/review.yaml",
          "评审会:\n  日期: 2025-11-20\n  出席成员: [甲, 乙, 丙, 丁, 戊, 己, 庚]\n评审结果:\n" + "".join(results)
          + "主席办公会议审定:\n  日期: 2025-11-25\n  会议: 第21次主席办公会议\n"
          + "通报:\n  日期: 2025-11-28\n  文号: 大工发〔2025〕41号\n")


def registration(unit: dict, by_id: dict, i: int) -> str:
    grassroots = unit["层级"] == "基层工会"
    head = "表: 基层工会立项申报表\n" if grassroots else "表: 领导机关立项申报表\n"
    head += f"单位: {unit['名称']}\n"
    if grassroots:
        head += f"所属上级: {by_id[unit['上级']]['名称']}\n"
    opinion = "本单位意见" if grassroots else "单位意见"
    return (head + f"项目名称: 项目{i}\n主要内容: 做一件实事。\n{opinion}:\n  意见: 同意申报。\n  领导签字: 张三\n"
            "  日期: 2025-03-05\n评选内容:\n  - 提升职工素质\n拟申报类别: 创优成果\n")


def write(root: Path, rel: str, text: str) -> None:
    target = root / "submissions" / str(YEAR) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def measure(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_year(root, n)
        start = time.perf_counter()
        subs = load_submissions(root)
        loaded = time.perf_counter()
        now = parse_now("2025-12-01")
        records = derive_projects(subs, now)
        derived = time.perf_counter()
        doc = collect(subs, YEAR, now)
        assert doc is not None
        render_markdown(doc), render_html(doc)
        announced = time.perf_counter()
        errors = sum(f.is_error for f in subs.findings)
        print(f"{n:>6} registrations, {subs.files:>6} files, {errors} errors: load+rules {loaded - start:6.2f} s, "
              f"derive_projects {derived - loaded:6.3f} s ({len(records)} projects), "
              f"announcement {announced - derived:6.3f} s ({len(doc.awarded)} awards)")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [1000, 5000, 10000]:
        measure(size)
