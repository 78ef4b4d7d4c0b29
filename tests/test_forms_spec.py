"""The 在线填报 form is derived from the models: labels, limits, choices and messages follow them."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, ClassVar

import pytest
from pydantic import Field, StringConstraints
from site_data import HANDWRITTEN, fresh_tree, units, write_forwarding, write_project

from generator.forms.data import edit_links, registration_specs, unit_files
from generator.forms.project_id import MAX_ID, fnv1a, project_id
from generator.model.base import SLUG, Text
from generator.model.programme import CHINA
from generator.model.registration import REGISTRATION_FORMS, GrassrootsRegistration
from generator.model.rules import Category, Tier, criteria_for
from generator.render.context import collect
from generator.render.fill_page import write_fill
from generator.render.tree import DocsTree
from generator.validate.tree import load_submissions

NOW = datetime(2026, 7, 1, 10, 0, tzinfo=CHINA)  # after one withdrawal, during the year


def spec_of(tier: Tier, models=REGISTRATION_FORMS):
    return next(s for s in registration_specs(models) if s.tier == tier.value)


def field(spec, label: str):
    return next(f for f in spec.fields if f.label == label)


def test_labels_are_the_models_aliases_in_the_paper_forms_order() -> None:
    spec = spec_of(Tier.GRASSROOTS)
    assert [f.label for f in spec.fields if not f.edit_only] == [
        "表",
        "单位",
        "所属上级",
        "项目名称",
        "主要内容",
        "本单位意见·意见",
        "本单位意见·领导签字",
        "本单位意见·日期",
        "评选内容",
        "其他内容",
        "拟申报类别",
    ]
    assert [f.label for f in spec_of(Tier.ORGAN).fields][4:7] == ["单位意见·意见", "单位意见·领导签字", "单位意见·日期"]


def test_kinds_limits_and_requirements_come_from_the_schema() -> None:
    spec = spec_of(Tier.GRASSROOTS)
    name, content, date = field(spec, "项目名称"), field(spec, "主要内容"), field(spec, "本单位意见·日期")
    assert (name.kind, name.required, name.max_length) == ("line", True, 80)
    assert (content.kind, content.max_length) == ("text", 5000)
    assert date.kind == "date"
    assert field(spec, "表").kind == "fixed" and field(spec, "表").value == "基层工会立项申报表"
    assert (field(spec, "单位").kind, field(spec, "所属上级").kind) == ("unit", "parent")
    assert field(spec, "拟申报类别").required is False
    withdrawal = [f for f in spec.fields if f.group == "撤回"]
    assert withdrawal and all(f.edit_only for f in withdrawal)


def test_choices_carry_the_rules_text_beside_them() -> None:
    for tier in Tier:
        areas = field(spec_of(tier), "评选内容")
        assert areas.kind == "choices" and areas.min_items == 1
        assert [c.value for c in areas.choices] == [
            "提升职工素质",
            "协调劳动关系",
            "维护职工合法权益",
            "增强基层工会活力",
            "加强工会自身建设",
            "其他",  # the rules' list is open: "特别是……等方面"
        ]
        category = field(spec_of(tier), "拟申报类别")
        assert [c.value for c in category.choices] == [c.value for c in Category]
        for choice in category.choices:
            assert choice.notes == [f"{c.id} {c.text}" for c in criteria_for(tier, Category(choice.value))]


def test_messages_are_checks_wording() -> None:
    f = field(spec_of(Tier.GRASSROOTS), "本单位意见·日期")
    assert f.messages["string_too_short"].text == "“本单位意见·日期”不能为空"
    assert f.messages["date_format"].text == "“本单位意见·日期”：日期“{value}”的写法不对"
    assert f.messages["date_format"].code == "E204" and f.messages["date_invalid"].code == "E205"
    assert field(spec_of(Tier.ORGAN), "项目名称").messages["string_too_long"].text == "“项目名称”太长（最多 80 字）"
    assert field(spec_of(Tier.ORGAN), "评选内容").messages["too_short"].text == "“评选内容”至少要填 1 项"


class ShortNames(GrassrootsRegistration):
    """A changed model: a shorter project name and a new required field."""

    tier: ClassVar[Tier] = Tier.GRASSROOTS
    project_name: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        alias="项目名称", description="项目名称，不超过 40 字。"
    )
    contact: Text = Field(alias="联系人", description="负责本项目的联系人和电话。")


@pytest.fixture(scope="module")
def site():
    root = fresh_tree(Path(tempfile.mkdtemp()))
    for p in HANDWRITTEN:
        write_project(root, p, units())
    write_forwarding(root, HANDWRITTEN, units())
    return collect(load_submissions(root), NOW)


def test_a_changed_model_changes_the_generated_form(site) -> None:
    before, after = DocsTree(), DocsTree()
    write_fill(before, site)
    write_fill(after, site, {**REGISTRATION_FORMS, Tier.GRASSROOTS: ShortNames})
    page_before, page = str(before.pages["fill.md"].body()), str(after.pages["fill.md"].body())
    assert "联系人" not in page_before and "联系人" in page
    assert "负责本项目的联系人和电话。" in page and "项目名称，不超过 40 字。" in page
    data = json.loads(re.search(r"scData\(\"fill\",0,(.*)\);", after.files["data/fill.js"].decode()).group(1))
    grassroots = next(f for f in data["forms"] if f["id"] == "grassroots")
    contact = next(f for f in grassroots["fields"] if f["label"] == "联系人")
    assert contact["kind"] == "text" and contact["required"] is True
    name = next(f for f in grassroots["fields"] if f["label"] == "项目名称")
    assert name["max_length"] == 40 and name["messages"]["string_too_long"]["text"] == "“项目名称”太长（最多 40 字）"
    organ = next(f for f in data["forms"] if f["id"] == "organ")
    assert "联系人" not in [f["label"] for f in organ["fields"]]


def test_the_page_holds_no_registry_or_filing_text(site) -> None:
    tree = DocsTree()
    write_fill(tree, site)
    page = str(tree.pages["fill.md"].body())
    for unit in site.units.units:
        assert unit.name not in page
    assert "社区法律援助驿站建设" not in page
    assert "社区法律援助驿站建设" in tree.files["data/fill/2026/xigang-bayi-street.js"].decode()


def test_units_files_list_ids_and_the_filings_that_may_still_change(site) -> None:
    files = unit_files(site)
    bayi = files[(2026, "xigang-bayi-street")]
    assert bayi["ids"] == ["legal-aid-station"]
    filed = bayi["edit"]["legal-aid-station"]
    assert filed["path"] == "submissions/2026/xigang-bayi-street/legal-aid-station.yaml"
    assert filed["values"]["本单位意见"]["领导签字"] == "张志刚"
    assert filed["values"]["评选内容"] == ["维护职工合法权益"]
    zhongshan = files[(2026, "zhongshan")]
    assert zhongshan["ids"] == ["wage-talks"] and zhongshan["edit"] == {}, "a withdrawn project is closed"
    view = next(p for p in site.by_unit["xigang-bayi-street"])
    links = edit_links(view, "https://github.com/dlftu-sample/shuangchuang/")
    assert links == {
        "forge": "https://github.com/dlftu-sample/shuangchuang/edit/main/"
        "submissions/2026/xigang-bayi-street/legal-aid-station.yaml",
        "form": "fill.html#edit=2026/xigang-bayi-street/legal-aid-station",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("社区法律援助驿站", "she-qu-fa-lv-yuan-zhu-yi-zhan"),
        ("5G智慧工会", "5g-zhi-hui-gong-hui"),
        ("职工夜校“技能加油站”", "zhi-gong-ye-xiao-ji-neng-jia-you-zhan"),
        ("ABC 123", "abc-123"),
    ],
)
def test_project_ids_are_the_names_pinyin(name: str, expected: str) -> None:
    assert project_id(name) == expected


def test_project_ids_are_short_unique_and_always_slugs() -> None:
    long = project_id("围绕职工技能提升开展系列培训比武和交流活动建立长效机制")
    assert len(long) <= MAX_ID and SLUG.match(long) and not long.endswith("-")
    assert project_id("社区法律援助驿站", {"she-qu-fa-lv-yuan-zhu-yi-zhan"}) == "she-qu-fa-lv-yuan-zhu-yi-zhan-2"
    assert project_id("𠀀𠀁", set()) == f"p-{fnv1a('𠀀𠀁'):08x}"[:8]
    assert project_id("社区法律援助驿站") == project_id("社区法律援助驿站"), "stable"
