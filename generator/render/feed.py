"""`feed.xml`: an Atom feed (RFC 4287) of the programme's announcements and stage changes.

Every entry is something on record by the build's `now`: a deadline that has passed, the review
meeting, the approval, the 通报. Ids are tag URIs made of the year and the event, so an entry
keeps its id from build to build; times are the day of the event (end of day in China for a
deadline). Written with ElementTree, which escapes every text and attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from ..model.programme import CHINA, end_of_day
from .context import SiteContext, YearView
from .templating import cn_date

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # stable within the feed: "2025/announcement"
    title: str
    when: datetime
    page: str  # site-relative page the entry links to
    summary: str


def site_link(site: SiteContext, page: str) -> str:
    """An absolute address on the site when its URL is configured; relative to the site root otherwise."""
    base = site.programme.site_url
    return (base.rstrip("/") + "/" + page) if base else page


def entries(site: SiteContext) -> list[Entry]:
    found: list[Entry] = []
    for year in site.years:
        found += _year_entries(site, year)
    return sorted(found, key=lambda e: (e.when, e.key), reverse=True)


def _year_entries(site: SiteContext, year: YearView) -> list[Entry]:
    y, cal, out = year.year, year.calendar, []
    for name, title, what in (
        ("registration", "立项截止", "立项申报和审核汇总已截止，本年度参评项目见项目名录。"),
        ("recommendation", "推荐上报截止", "推荐上报已截止，进入评审与审定。"),
    ):
        deadline = cal.deadline(name)
        if site.now > deadline and year.projects:
            out.append(
                Entry(f"{y}/{name}", f"{y} 年{title}", deadline, f"{y}/index.html", f"{cn_date(deadline)}，{what}")
            )
    meeting = _review_meeting(year)
    if meeting is not None:
        out.append(
            Entry(
                f"{y}/review",
                f"{y} 年评审会已召开",
                _noon(meeting),
                f"{y}/results.html",
                f"{cn_date(meeting)}，市总工会“双创”成果考评领导小组召开评审会。",
            )
        )
    record = next((p.record for p in year.projects if p.record.approval is not None), None)
    if record is not None and record.approval is not None:
        out.append(
            Entry(
                f"{y}/approval",
                f"{y} 年评选结果已审定",
                _noon(record.approval.date),
                f"{y}/results.html",
                f"{cn_date(record.approval.date)}，{record.approval.meeting}审定评选结果。",
            )
        )
    fig = year.figures
    if fig.announcement is not None:
        counts = "、".join(f"{c.award} {n} 项" for c, n in fig.awards.items() if n)
        province = f"，推荐上报省总工会 {fig.province} 项" if fig.province else ""
        out.append(
            Entry(
                f"{y}/announcement",
                f"{y} 年评选结果通报（{fig.announcement.number}）",
                _noon(fig.announcement.date),
                f"{y}/results.html",
                f"{cn_date(fig.announcement.date)}通报：{counts or '无获奖项目'}{province}。",
            )
        )
    return out


def _review_meeting(year: YearView) -> date | None:
    for p in year.projects:
        r = p.record
        if r.reviewed_on is not None and r.review_path:
            steps = [t.when for t in r.timeline if t.path == r.review_path]
            if steps:
                return steps[0]
    return None


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=CHINA)


def _tag(site: SiteContext, key: str) -> str:
    host = urlsplit(site.programme.site_url or site.programme.repo_url or "").hostname or "shuangchuang.invalid"
    return f"tag:{host},2011:{key}"  # 2011: the year of the rules (大工发〔2011〕18号), fixed forever


def atom_feed(site: SiteContext) -> bytes:
    ET.register_namespace("", ATOM)
    items = entries(site)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _text(feed, "id", _tag(site, "feed"))
    _text(feed, "title", f"{site.programme.title} · 通报与进展")
    _text(feed, "subtitle", "评选结果通报和各年度评选阶段的变化。")
    updated = items[0].when if items else end_of_day(date(site.now.year, 1, 1))
    _text(feed, "updated", updated.isoformat())
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "市总工会“双创”考评领导小组办公室")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": site_link(site, FEED_PATH)})
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": site_link(site, "index.html")}
    )
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", _tag(site, item.key))
        _text(entry, "title", item.title)
        _text(entry, "updated", item.when.isoformat())
        ET.SubElement(
            entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": site_link(site, item.page)}
        )
        _text(entry, "summary", item.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
