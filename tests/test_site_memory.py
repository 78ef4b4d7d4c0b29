"""What the build drops to keep its memory low gives the same site: the pinyin table after
pypinyin's modules are dropped, the word table read from jieba's dictionary without jieba, the QR
cache written an entry a line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, _env

from generator.forms.project_id import pinyin_table, project_id, word_table
from generator.render.finder import as_script
from generator.render.printform import _CACHE_FORMAT, QrCodes

_IN_A_FRESH_PROCESS = """
import json, sys
from generator.render.fill_page import pinyin_script
from generator.forms.project_id import project_id, word_table
script = pinyin_script()
words = word_table()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pypinyin", "jieba"))
long = project_id("河北省邢台市邢台老年大学书画摄影作品展")
print(json.dumps({"script": script, "loaded": loaded, "id": project_id("绿色驿站"), "later": project_id("律师服务"),
                  "words": len(words), "long": long}))
"""


def test_the_pinyin_script_is_the_whole_table_and_pypinyin_is_gone_after_it_jieba_never_came() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _IN_A_FRESH_PROCESS],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    out = json.loads(proc.stdout)
    assert out["loaded"] == []  # dropped: the build does not carry pypinyin's dictionaries to MkDocs
    assert out["words"] == len(word_table()) and out["long"] == "he-bei-sheng-xing-tai-shi-xing-tai"
    assert out["script"] == as_script("pinyin", 0, pinyin_table())  # computed here with pypinyin loaded
    assert (
        (out["id"], out["later"])
        == (project_id("绿色驿站"), project_id("律师服务"))
        == ("lv-se-yi-zhan", "lv-shi-fu-wu")
    )


def test_the_qr_cache_written_a_line_an_entry_is_json_and_reads_back(tmp_path: Path) -> None:
    cache = tmp_path / "qr.json"
    codes = QrCodes(cache)
    addresses = [f"https://dlftu-sample.github.io/shuangchuang/2026/projects/p{k}.html" for k in range(3)]
    svgs = [codes.svg(a).__html__() for a in addresses]
    codes.save()
    saved = json.loads(cache.read_text(encoding="utf-8"))
    assert saved["format"] == _CACHE_FORMAT and len(saved["codes"]) == 3
    assert len(cache.read_text(encoding="utf-8").splitlines()) == 5  # head, one line a code, tail
    again = QrCodes(cache)
    assert again.known == codes.known and [again.svg(a).__html__() for a in addresses] == svgs
    QrCodes(cache).save()  # nothing used: nothing kept
    assert json.loads(cache.read_text(encoding="utf-8")) == {"format": _CACHE_FORMAT, "codes": {}}
