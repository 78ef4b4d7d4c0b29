"""How a leader signs, in one wording: the click path to "Submit review", the review request, the
leader's own pull request and who merges. `check`'s E420 hint, the web form and the guide use these
words; the pull-request template and the README quote them (tests/test_forms_people.py keeps them equal)."""

from __future__ import annotations

CLICK_PATH = "打开合并请求，点“Files changed”（文件改动）→“Review changes”（审阅）→选“Approve”（批准）→点“Submit review”（提交审核）"
REQUEST = "签字人会收到 GitHub 的审核请求（Review request），也可以由填报人把合并请求的网址发给他"
OWN_PULL = "开合并请求的人不能批准自己的合并请求：领导本人开的，请本单位另一位登记的签字人批准"
AGAIN = "批准之后文件再有改动，须重新批准"
MERGE = (
    "批准以后，任何人在合并请求下评论“/合并”，合并工作流就按截止时间和签字检查一遍，通过即合并"
    "（考评办公室也可以运行“合并”工作流）；签字人和填报人都不需要仓库的写权限"
)

# The steps as the form, the guide and the PR template list them, in order.
STEPS = (REQUEST, CLICK_PATH, OWN_PULL, AGAIN, MERGE)
