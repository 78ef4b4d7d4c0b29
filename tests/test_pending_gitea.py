"""已收到，待审核 from a Gitea/Forgejo forge: every open pull request (past the server's page cap),
links spelt as Gitea spells them, and our own check's state from the statuses Actions wrote."""

from __future__ import annotations

from pathlib import Path

from fakeforge import FakeForge, GiteaRepo

from generator.render.pending import read_pending
from generator.submissions import load_settings

REPO = "dlftu-sample/shuangchuang"
FILER = "xigang-bayi-street-tianbao"


def test_every_open_filing_is_listed_with_giteas_links_and_our_checks_state(tree: Path) -> None:
    units = load_settings(tree).units
    assert units is not None
    with FakeForge() as forge:
        gitea = GiteaRepo(repo=REPO, dialect="forgejo").attach(forge)
        for n in range(1, 66):  # more than MAX_RESPONSE_ITEMS and more than the default page of 30
            head = f"{n:040x}"
            gitea.open_pull(n, head=head, author=FILER)
            gitea.pull_files[n] = [f"submissions/2026/xigang-bayi-street/p{n}.yaml"]
        gitea.actions_status(f"{65:040x}", "success")
        gitea.actions_status(f"{64:040x}", "failure")
        env = {"GITHUB_API_URL": f"{forge.url}/api/v1", "GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": "t"}
        found, note = read_pending(units, env, "https://git.dlftu.internal/dlftu/shuangchuang", platform="forgejo")
    assert sorted(f.number for f in found) == list(range(1, 66)), note
    by_number = {f.number: f for f in found}
    assert by_number[7].url == "https://git.dlftu.internal/dlftu/shuangchuang/pulls/7"
    assert (by_number[65].check, by_number[64].check, by_number[1].check) == ("检查通过", "检查未通过", "尚未检查")
