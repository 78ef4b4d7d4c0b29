"""Every finding's code, once: its level, the rule it enforces, what it says and how to fix it.

The single table the README's list of codes and the site's page 检查结果代码说明 are made from
(`python -m generator.catalogue` prints the README's table). A code's first letter is its level:
`E` an error (the check fails), `W` a warning (reported, the check passes). A new finding gets a
new code here first; tests/test_catalogue.py fails for a code used in the source but not listed,
listed but used nowhere, or printed at the other level.

Ranges: E0xx the file and its path, E1xx YAML syntax and keyboard slips, E2xx the fields, E3xx
rules across files, E4xx the calendar, signatures and git, E5xx the lifecycle (E50x tracking,
E51x recommendations, E52x–E53x review and results), E9xx generated files out of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """A finding's level: an error fails the check, a warning is reported and passes."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"

    @property
    def letter(self) -> str:
        """The first letter of its codes."""
        return "E" if self is Severity.ERROR else "W"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    section: str  # the rule enforced: a section of 《评选办法》 or one of the system's conventions
    summary: str  # what the finding says, in short
    hint: str  # how to fix it, in short

    @property
    def level(self) -> Severity:
        return Severity.ERROR if self.code[0] == "E" else Severity.WARNING


# Sections: the rules (大工发〔2011〕18号) and the conventions of the system (README).
FILE = "系统约定：申报文件（UTF-8 文本，放在 submissions/ 下）"
PATH = "系统约定：文件位置（submissions/年份/单位编号/项目编号.yaml）"
YAML = "系统约定：YAML 格式"
FIELDS = "系统约定：表上的栏目（submissions/schemas/）"
TEXT = "系统约定：文字（一行的名称与多行的正文）"
TIERS = "《评选办法》三、评选对象"
CRITERIA = "《评选办法》四、评选标准"
FILING = "《评选办法》五、申报程序"
REVIEW = "《评选办法》六、评选程序"
AWARDS = "《评选办法》七、表彰奖励"
LEADERSHIP = "《评选办法》八、组织领导"
SIGNING = "系统约定：签字（签字人批准合并请求）"
RECORD = "系统约定：主分支的记录（审计）"
GENERATED = "系统约定：生成的文件与来源一致"

CODES: tuple[Code, ...] = (
    # --- E0xx: the file and its path ---
    Code("E001", FILE, "无法读取文件", "确认文件存在、没有被其他程序占用。"),
    Code("E002", FILE, "文件是空的或没有内容", "按模板填写；可以用 `shuangchuang new` 生成模板。"),
    Code("E003", FILE, "文件太大", "一份文件只填一份表。"),
    Code("E004", FILE, "二进制文件，不是文本", "提交 .yaml 文本文件。"),
    Code("E005", FILE, "符号链接，不接受", "把真实的文件放在 submissions/ 目录下。"),
    Code("E006", PATH, "文件不在 submissions/ 目录内", "申报文件只能放在 submissions/ 目录下。"),
    Code("E007", FILE, "不是 UTF-8 编码（或是 UTF-16）", "另存为 UTF-8 编码。"),
    Code("E008", FILE, "GBK/GB18030 编码", "另存为 UTF-8 编码。"),
    Code("E009", PATH, "扩展名不是 .yaml", "把文件改名为 .yaml。"),
    Code("E010", PATH, "不是年份文件夹", "年份文件夹是四位数字的年份，如 2026。"),
    Code("E011", PATH, "单位文件夹不是有效的单位编号", "用单位名录里的单位编号作文件夹名。"),
    Code("E012", PATH, "文件名不是有效的项目编号", "小写英文字母、数字和短横线。"),
    Code("E013", PATH, "文件放错了位置", "按 submissions/年份/单位编号/项目编号.yaml 存放。"),
    Code("E014", PATH, "名称以点或空格结尾，Windows 上无法保存", "删掉结尾的点或空格。"),
    Code("E015", PATH, "名称是 Windows 的保留名称", "换一个编号。"),
    Code("E016", PATH, "两个名称只差大小写", "保留其中一个。"),
    Code("E017", FILE, "不是普通文件（文件夹、设备等）", "提交 .yaml 文本文件。"),
    Code("E018", FILE, "找不到要检查的文件", "检查文件路径是否写对。"),
    Code("E019", PATH, "还不支持这一类文件", "这类文件暂时不能提交；请联系系统维护人员。"),
    # --- E1xx: YAML syntax and the slips of a Chinese keyboard ---
    Code("E101", YAML, "YAML 格式错误", "每行写成“栏目: 值”，冒号后加空格，缩进用空格。"),
    Code("E102", YAML, "一个文件里有多份表（多了“---”）", "每份表单独存一个文件。"),
    Code("E103", YAML, "用了别名、锚点或类型标签", "把内容直接写出来。"),
    Code("E104", YAML, "栏目名后用了中文冒号“：”", "改成英文冒号“:”，冒号后加一个空格。"),
    Code("E105", YAML, "嵌套太深或内容太多", "一份表只填一个项目。"),
    Code("E106", YAML, "键不是一段文字", "每一行写成“键: 值”。"),
    Code("E107", YAML, "栏目重复出现", "同一层里每个栏目只能写一次。"),
    Code("E109", YAML, "缩进里有全角空格等字符", "缩进只用英文空格。"),
    Code("E110", YAML, "缩进里有制表符（Tab）", "缩进只用英文空格。"),
    Code("E111", YAML, "栏目名用了中文引号", "栏目名不加引号。"),
    Code("W111", YAML, "整段内容放在中文引号里", "引号会成为内容的一部分；不需要时删掉。"),
    Code("E112", YAML, "文件里有不可见的控制或分行字符", "删掉它，重新输入。"),
    Code("E113", YAML, "栏目名或缩进里有看不见的字符", "删掉它，重新输入。"),
    # --- E2xx: the fields ---
    Code("E200", FIELDS, "栏目的值不对", "按提示改正。"),
    Code("E201", FIELDS, "缺少栏目", "按模板补上这一栏。"),
    Code("E202", FIELDS, "栏目没有填写", "填写这一栏。"),
    Code("E203", FIELDS, "内容太长", "删减到上限以内。"),
    Code("E204", FIELDS, "日期格式不对", "写成 2026-03-05。"),
    Code("E205", FIELDS, "没有这一天", "写一个真实的日期。"),
    Code("E206", FIELDS, "不是可选的值之一", "从提示列出的值中选一个。"),
    Code("E207", FIELDS, "格式不对（编号、电话、网址等）", "按提示的格式写。"),
    Code("E208", FIELDS, "值不符合这一栏的要求", "按提示改正。"),
    Code("E209", FIELDS, "类型不对（应是文字、列表、年份等）", "按模板的写法填写。"),
    Code("E210", FIELDS, "不认识的栏目", "检查栏目名是否写错，或删掉这一栏。"),
    Code("E211", TEXT, "一行的栏目里有换行，或正文里有 LF 以外的换行", "删掉换行。"),
    Code("E212", TEXT, "文字里有控制字符（包括 Tab）", "删掉它，重新输入。"),
    Code("E213", TEXT, "文字里有看不见的字符（零宽字符等）", "删掉它，重新输入。"),
    Code("E214", TEXT, "文字里有改变文字方向的控制字符", "删掉它，重新输入。"),
    Code("E215", PATH, "编号是 Windows 的保留名称", "换一个编号。"),
    # --- E3xx: rules across files ---
    Code("E300", FILE, "缺少单位名录 submissions/units.yaml", "恢复单位名录。"),
    Code("E301", TIERS, "单位编号不在单位名录中", "先由考评办公室登记单位。"),
    Code("E302", FILING, "“单位”与所在文件夹的单位不一致", "放到本单位的文件夹里，或改正“单位”。"),
    Code("E303", TIERS, "单位用错了表（领导机关与基层工会的表不同）", "用本单位应使用的表。"),
    Code("E304", FILING, "“所属上级”与单位名录不一致", "按单位名录填写所属上级。"),
    Code("W305", FILING, "单位意见的日期不在申报年度", "确认日期是否写错。"),
    Code("E305", FILING, "项目编号在本年度重复", "给其中一个文件换个名字。"),
    Code("E306", FILING, "本单位本年度申报了两个同名项目", "合并或改名。"),
    Code("E307", FIELDS, "“评选内容”选了“其他”，但没有填写“其他内容”", "填写“其他内容”，或不选“其他”。"),
    Code("E308", FIELDS, "填写了“其他内容”，但“评选内容”没有选“其他”", "选上“其他”，或删掉“其他内容”。"),
    Code("E310", FILING, "审核汇总不是工会领导机关在自己的文件夹里填写的", "由上级在自己的文件夹里填写。"),
    Code("E311", FILING, "审核汇总里的单位编号不在单位名录中", "按单位名录填写。"),
    Code("E312", FILING, "审核汇总里的单位不是本单位的所属基层工会", "只汇总所属基层工会的项目。"),
    Code("E313", FILING, "审核汇总里的项目没有立项申报表", "核对项目编号。"),
    Code("E314", FILING, "审核汇总里的项目出现两次", "每个项目只写一次。"),
    Code("E315", FILING, "审核结论是“不同意上报”，但没有写理由", "在意见里写明不同意的理由。"),
    Code("E316", FILING, "意见写的是不同意，但审核结论是“同意上报”", "改正审核结论或意见。"),
    Code("E320", TIERS, "单位名录里单位编号重复", "每个单位只登记一次。"),
    Code("E321", TIERS, "上级不在单位名录中，或是基层工会", "上级应是名录里的工会领导机关。"),
    Code("E322", TIERS, "考评办公室不在单位名录中", "填写市总工会办公室在名录中的编号。"),
    Code("E323", TIERS, "单位名录里单位名称重复", "同一个单位只登记一次。"),
    Code("E324", TIERS, "变更里的原上级不在名录中或不是工会领导机关", "按名录填写原上级。"),
    Code("E330", FILING, "日程调整的顺序不对，或日期不在该年", "按时间先后填写该年的日期。"),
    # --- E4xx: the calendar, signatures and git ---
    Code("E401", FILING, "逾期：内容送达平台时已过截止时间", "截止时间前提交，或由考评办公室登记例外。"),
    Code("E402", FILING, "逾期：合并（检查）时已过截止时间", "截止时间前合并，或由考评办公室登记例外。"),
    Code("E403", FILING, "受理期还没有开始", "在受理期内再提交。"),
    Code("E404", FILING, "已立项的栏目不能再修改", "更正请由考评办公室登记例外。"),
    Code("E405", FILING, "已立项的申报表不能删除", "不再参评请填写“撤回”。"),
    Code("E406", FILING, "已撤回的项目不能恢复参评", "保留“撤回”栏。"),
    Code("E407", FILING, "已过的截止时间不能再改", "只改还没有到的日期。"),
    Code("E408", RECORD, "“审计起点”已定，不能再改", "保留原来的审计起点。"),
    Code("E420", SIGNING, "缺少所属单位签字人对当前内容的批准", "请签字人在合并请求上批准。"),
    Code("E422", SIGNING, "单位名录没有为这个单位登记签字人", "先在单位名录登记签字人。"),
    Code("E423", SIGNING, "写的签字人不是批准的人", "写批准人在名录中登记的姓名。"),
    Code("E424", SIGNING, "签字日期晚于批准时间", "日期不能晚于批准的日期。"),
    Code("E425", SIGNING, "单位不在主分支的单位名录中", "先登记单位并合并，再申报。"),
    Code("E426", SIGNING, "无法读取基准版本的单位名录，无法核对签字人", "请系统维护人员先修复主分支上的 units.yaml。"),
    Code("E440", FILING, "逾期申报例外不是考评办公室在自己的文件夹里登记的", "由考评办公室登记。"),
    Code("E441", FILING, "例外所指的文件不在本年度", "核对文件路径。"),
    Code("E442", FILING, "同一文件登记了两次例外", "每个文件只登记一次。"),
    Code("E450", RECORD, "合并到主分支时不在受理期内，也没有事先登记的例外", "由考评办公室核查。"),
    Code("W451", RECORD, "审计起点不在主分支的提交历史中，已审计全部历史", "把审计起点改成导入旧记录的提交。"),
    Code("E452", RECORD, "有提交改动了审计起点", "审计仍从原起点开始；由考评办公室核查。"),
    Code("E453", RECORD, "有提交在截止时间过后改动了截止时间", "由考评办公室核查。"),
    Code(
        "E454",
        RECORD,
        "截止后修改了已固定的内容（单位、名称、主要内容、签字意见等）",
        "由考评办公室登记例外，或以更正提交恢复原内容。",
    ),
    Code("E455", RECORD, "截止后删除了已固定的文件", "由考评办公室登记例外，或以更正提交恢复文件。"),
    Code("E456", RECORD, "评审结果经主席办公会议审定后又被改动", "以更正提交恢复审定的结果。"),
    Code("E457", RECORD, "通报发出后改动了评选结果", "以更正提交恢复通报的结果。"),
    Code("E458", RECORD, "通报发出后改动或删除了通报", "以更正提交恢复通报。"),
    Code("E461", RECORD, "合并时间早于之前合并的提交（倒签）", "请系统维护人员查明这次合并是怎样进入主分支的。"),
    Code("E462", RECORD, "提交时间超出可用的日期范围", "请系统维护人员查明这次合并是怎样进入主分支的。"),
    Code("E463", RECORD, "提交时间与平台记录的合并时间不符", "合并时间以平台记录为准；请系统维护人员查明。"),
    Code(
        "E464", RECORD, "合并说明写的合并请求编号不是平台记录的", "合并请求编号只以平台记录为准；请系统维护人员查明。"
    ),
    Code("E465", RECORD, "导入旧记录的合并没有事先登记", "先把“导入记录”合并到主分支，再合并导入。"),
    Code("E460", GENERATED, "审核分派（CODEOWNERS）与单位名录不一致", "运行 `shuangchuang codeowners` 并提交。"),
    # --- E5xx: the lifecycle ---
    Code("E501", REVIEW, "跟踪考核的单位不在单位名录中", "按单位名录填写。"),
    Code("E502", REVIEW, "跟踪考核的项目没有立项", "核对项目编号。"),
    Code("E503", REVIEW, "不是该单位的上级，不能记录它的跟踪考核", "由所属上级或考评办公室记录。"),
    Code("W504", REVIEW, "跟踪考核日期不在该年度", "确认日期是否写错。"),
    Code("E510", FILING, "推荐上报不是工会领导机关在自己的文件夹里填写的", "由工会领导机关填写。"),
    Code("E511", FILING, "推荐了不属于本单位的项目", "只推荐本单位和所属基层工会的项目。"),
    Code("E512", FILING, "推荐的项目没有立项", "核对项目编号。"),
    Code("E513", FILING, "项目没有经所属上级审核汇总，不能推荐", "先由所属上级审核汇总。"),
    Code("E514", FILING, "已撤回的项目不能推荐", "删掉这一项。"),
    Code("E515", FILING, "项目已经推荐过", "每个项目只推荐一次。"),
    Code("E516", CRITERIA, "“符合标准”没有填", "至少填一条符合的标准。"),
    Code("E517", CRITERIA, "标准不适用于这个单位或类别", "选本层级、本类别的标准。"),
    Code("E520", REVIEW, "评审与审定结果不是考评办公室填写的", "由考评办公室填写。"),
    Code("E521", REVIEW, "票数多于出席评审会的成员", "核对票数和出席成员。"),
    Code("E522", REVIEW, "项目没有被推荐上报，不能评审授奖", "只评审推荐上报的项目。"),
    Code("E523", AWARDS, "拟授的奖与推荐的类别不符", "按推荐的类别授奖。"),
    Code("E524", REVIEW, "项目在评审结果里出现两次", "每个项目只写一次。"),
    Code("E525", REVIEW, "还没有主席办公会议审定，不能通报", "先填写主席办公会议审定。"),
    Code("E526", REVIEW, "通报日期早于审定日期", "核对日期。"),
    Code("E527", REVIEW, "审定日期早于评审会", "核对日期。"),
    Code("E528", AWARDS, "还没有审定，不能决定推荐省总工会", "先填写主席办公会议审定。"),
    Code("E529", AWARDS, "没有拟授奖的项目不能推荐省总工会", "只推荐拟授奖的项目。"),
    Code("E530", REVIEW, "已审定，但有推荐上报的项目没有评审结果", "为每个推荐上报的项目填写评审结果。"),
    Code(
        "W540",
        LEADERSHIP,
        "没有登记该年的考评领导小组，按《评选办法》八所列名单核对",
        "在评选设置里登记该年的领导小组。",
    ),
    Code("E541", LEADERSHIP, "出席评审会的人不是该年考评领导小组的成员", "按领导小组名单填写出席成员。"),
    Code("E542", LEADERSHIP, "出席评审会的领导小组成员不足法定人数", "核对出席成员，或另行召开评审会。"),
    Code("E543", REVIEW, "赞成票不足出席成员的多数，不能拟授奖", "核对票数。"),
    Code("E544", CRITERIA, "授予与推荐类别不同的奖，没有写明符合的标准", "写明项目符合的标准（依据标准）。"),
    Code("E545", CRITERIA, "依据标准不适用于这个单位或奖项", "选本层级、本类别的标准。"),
    Code("E546", REVIEW, "还没有主席办公会议审定，不能填写“审定”", "先填写主席办公会议审定。"),
    Code("E547", REVIEW, "审定与拟授奖不同，但没有写“审定理由”", "写明审定理由。"),
    Code("E548", REVIEW, "通报日期晚于通报评选结果的截止日", "核对日期；确需延后，先由考评办公室单独登记例外。"),
    Code("E549", AWARDS, "公示开始早于通报", "公示开始日不早于通报日期。"),
    Code("E550", AWARDS, "公示结束日不在公示开始日之后", "核对公示期。"),
    Code("W551", REVIEW, "推荐的项目最近一次跟踪考核的认定结论是“不予认定”", "确认是否仍要推荐。"),
    Code("E552", FILING, "修改了所属上级已审核汇总的基层申报表，上级没有重新审核", "请所属上级重新审核汇总并签字。"),
    # --- E9xx: generated files ---
    Code("E901", GENERATED, "Schema 已过期", "运行 `shuangchuang schema` 重新生成并提交。"),
)

BY_CODE: dict[str, Code] = {entry.code: entry for entry in CODES}


def markdown_table() -> str:
    """The README's table of codes (and the site page's), one row a code."""
    rows = ["| 代码 | 级别 | 依据 | 说明 | 怎么改 |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| {c.code} | {c.level.label} | {c.section} | {c.summary} | {c.hint} |" for c in CODES]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
