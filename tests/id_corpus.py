"""Project names for the id tests (helper module; tests/test_forms_ids.py and
tests/test_forms_browser.py use it): names whose id needs no cut, names cut between words, and
the ids as they were cut before words were looked at (at any syllable), to compare with."""

from __future__ import annotations

import random
import unicodedata
from functools import cache

from conftest import REPO

from generator.forms.project_id import MAX_ID, pinyin_table

# Whose spelling fits in MAX_ID: the id is the whole spelling, as before words.
SHORT = [
    "社区法律援助驿站",
    "5G智慧工会",
    "职工夜校“技能加油站”",
    "ABC 123",
    "e\u0301tude工会",
    "“职工之家”AI助手2.0版",
    "快递外卖骑手入会服务",
    "大连港集团职工书屋",
    "邢台老年大学书画展",
    "邢台老年大学书画展AB",  # 40 characters
    "社区法律援助驿站ABCDEFGHIJ",  # 40
]

# Cut: name → its id, every word whole. Each of these was cut inside a word before (syllable_id).
CUT = {
    "河北省邢台市邢台老年大学书画摄影作品展": "he-bei-sheng-xing-tai-shi-xing-tai",  # not …-xing-tai-lao
    "邢台老年大学书画展览": "xing-tai-lao-nian-da-xue-shu-hua",  # 41 characters: …-zhan
    "轴承工匠创新工作室": "zhou-cheng-gong-jiang-chuang-xin",  # …-gong (the sample's names, these four)
    "劳模疗休养服务质量提升": "lao-mo-liao-xiu-yang-fu-wu-zhi-liang",  # …-ti
    "软件园职工健康关爱计划": "ruan-jian-yuan-zhi-gong-jian-kang",  # …-guan
    "新员工“师带徒”技能传承": "xin-yuan-gong-shi-dai-tu-ji-neng",  # …-chuan
    "围绕职工技能提升开展系列培训比武和交流活动建立长效机制": "wei-rao-zhi-gong-ji-neng-ti-sheng",  # …-kai
    "旅顺口区农民工工资集体协商与欠薪预警机制建设": "lv-shun-kou-qu-nong-min-gong-gong-zi",  # …-ji
    "中山区社区工会服务站点标准化规范化建设提升": "zhong-shan-qu-she-qu-gong-hui-fu-wu",  # …-zhan
    "户外劳动者服务站点建设与暖心服务": "hu-wai-lao-dong-zhe-fu-wu-zhan-dian",  # …-jian
    # ASCII runs are words too
    "邢台老年大学5G智慧书画摄影作品展": "xing-tai-lao-nian-da-xue-5g-zhi-hui",  # …-shu
    "邢台老年大学AI书画摄影作品展": "xing-tai-lao-nian-da-xue-ai-shu-hua",  # …-she
    "河北省邢台市邢台老年大学ABCDEFGH": "he-bei-sheng-xing-tai-shi-xing-tai",  # …-lao
}

# Cut where a syllable cut already kept whole words: the same id as before.
CUT_ALIKE = {
    "5G基站建设助力邢台市邢台老年大学书画展": "5g-ji-zhan-jian-she-zhu-li-xing-tai-shi",
    "社区法律援助驿站ABCDEFGHIJK": "she-qu-fa-lv-yuan-zhu-yi-zhan",  # 41
    "河北省邢台市邢台ABCDEFGHIJKLMNOPQRSTU": "he-bei-sheng-xing-tai-shi-xing-tai",  # the run does not fit
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH工会": "abcdefghijklmnopqrstuvwxyz0123456789abcd",  # cut inside
}


@cache
def _reading() -> dict[str, str]:
    return {c: s for s, cs in pinyin_table().items() for c in cs}


def syllable_id(name: str) -> str:
    """The id before words (the p-hash fallback and the -2 suffixes aside): cut at any syllable."""
    name = unicodedata.normalize("NFC", name)
    words: list[str] = []
    ascii_word = ""
    for char in name:
        if char.isascii() and char.isalnum():
            ascii_word += char.lower()
            continue
        if ascii_word:
            words.append(ascii_word)
            ascii_word = ""
        if char in _reading():
            words.append(_reading()[char])
    if ascii_word:
        words.append(ascii_word)
    text = "-".join(words)
    if len(text) <= MAX_ID:
        return text
    cut = text[: MAX_ID + 1]
    return cut[: cut.rfind("-")] if "-" in cut else text[:MAX_ID]


def sample_names() -> list[str]:
    """Every project name of the shipped sample registry (most are cut)."""
    found = set()
    for path in sorted((REPO / "submissions").glob("*/*/*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("项目名称:"):
                found.add(line.removeprefix("项目名称:").strip().strip("'\""))
    return sorted(found)


# What random names are made of: words (whole or in parts), ASCII, punctuation, a rare character.
PIECES = [
    *"邢台老年大学职工书画摄影作品展社区法律援助驿站劳模工匠创新工作室技能培训帮扶",
    *"新就业形态劳动者权益保障联盟集体协商工资站点建设服务提升港口",
    "老年",
    "大学",
    "有限公司",
    "劳动者",
    "产业工人",
    "5G",
    "AI",
    "2026",
    "abc",
    " ",
    "“",
    "”",
    "·",
    "𠀀",
]


def random_names(count: int, seed: int = 20) -> list[str]:
    """`count` names of 1–30 pieces, the same on every run."""
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(count)]
