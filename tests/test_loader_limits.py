"""A form is small; a body's list grows with the number of projects and must still load."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

ENTRY = """  - 单位: xigang-bayi-street
    项目: p{i:05d}
    日期: 2026-05-10
    方式: 实地调查
    情况: 到社区职工服务驿站实地查看，驿站运行正常，职工反映良好，建议进一步延长开放时间并增加法律咨询场次。
    记录人: 张志刚
"""


def test_a_registration_over_the_form_cap_is_refused(tree: Path) -> None:
    path = tree / "submissions/2026/xigang/huge.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("表: 领导机关立项申报表\n主要内容: |\n" + ("  一" * 100_000 + "\n"), encoding="utf-8")
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert "submissions/2026/xigang/huge.yaml: 错误[E003]: 文件太大，超过上限 256 KB" in result.out


def test_a_tracking_list_for_thousands_of_projects_is_read_to_the_end(tree: Path) -> None:
    path = tree / "submissions/2026/xigang/tracking.yaml"
    path.parent.mkdir(parents=True)
    body = "".join(ENTRY.format(i=i) for i in range(4000))
    path.write_text("跟踪考核记录:\n" + body, encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024
    result = run_cli("check", "--format", "json", cwd=tree)
    # It is read and modelled in full: what remains are the cross-file findings on unknown projects.
    assert "E003" not in result.out and "E105" not in result.out
    assert '"code": "E50' in result.out
