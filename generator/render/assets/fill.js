/* 在线填报: the registration form in the browser. It checks what she types with the messages the
   build took from `check` (data/fill.js), writes the YAML file, and opens the forge's "new file" page.
   Plain script, no dependencies, no network but the forge page she asks for. Every value from the
   registry or a filing goes onto the page with textContent, never as HTML.
   Deferred like the site's scripts but earlier in the page, it waits for them (site.js's scLoad and
   scNames): deferred scripts all run before DOMContentLoaded. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var root = document.getElementById("sc-fill");
  if (!root) { return; }
  var base = root.getAttribute("data-base") || "";
  /* The forge's address is the page's (programme.yaml's 仓库地址), not data: the data files hold no URLs. */
  var repo = ($("sc-repo") ? $("sc-repo").getAttribute("data-repo") || "" : "").replace(/\/+$/, "");
  var DRAFT = "sc-fill-draft-v1";
  var state = { mode: "register", list: null, data: null, reading: null, words: null, unit: null, unitData: null, form: null, editing: null,
                touched: {}, edits: 0, submitted: false, result: null };

  function $(id) { return document.getElementById(id); }
  /* A phone or tablet: a date picker, and tap-and-hold rather than keyboard shortcuts in the hints. */
  var touch = !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  function say(el, text) { el.textContent = text || ""; }

  /* ---- dates and text, as the models read them ---- */

  function chinaToday() { return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10); }
  function year() {
    if (state.editing) { return state.editing.year; }
    return state.year || parseInt(chinaToday().slice(0, 4), 10);
  }
  function chars(text) { return Array.from(text).length; } /* pydantic counts code points */

  /* A date as people write it: 20260305, 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日, full-width
     digits; the ISO day (2026-03-05) when it is one of those, else null. Whether the day exists is
     dateProblem's question. */
  function isoDate(text) {
    var t = text.replace(/[\uff10-\uff19]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/\s+/g, "");
    var m = /^(\d{4})(\d{2})(\d{2})$/.exec(t) ||
      /^(\d{4})[-./\uff0f\uff0d\uff0e\u2014\u2013\u5e74](\d{1,2})[-./\uff0f\uff0d\uff0e\u2014\u2013\u6708](\d{1,2})[\u65e5\u53f7]?$/.exec(t);
    if (!m) { return null; }
    return m[1] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[3]).slice(-2);
  }

  function normalise(kind, value) {
    if (typeof value !== "string") { return value; }
    value = value.normalize("NFC").replace(/\r\n?/g, "\n");
    if (kind === "text") { return value.replace(/\s+$/, "").replace(/^[ \t\r\n]+/, ""); }
    if (kind === "date") { return isoDate(value) || value.trim(); }
    return value.trim();
  }

  /* ---- the calendar: which year's registrations are open, by the clerk's own clock ---- */

  function dayNumber(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000; }
  function spoken(iso) { var p = iso.split("-"); return +p[0] + " 年 " + +p[1] + " 月 " + +p[2] + " 日"; }

  /* What a filing's window is (data.calendar): a tier's registration, or a list's. `opens`: the
     deadline after which it opens (null: open from the start of the year); `closes`: its deadlines. */
  function ruleOf(mode, tier) {
    var cal = state.data.calendar;
    if (mode === "register") { return { opens: null, closes: cal.tiers[tier] || [], label: "立项申报" }; }
    return cal.lists[mode];
  }

  /* The rule's first deadline in year y (a grassroots union's registration: handing over to its parent). */
  function deadlineOf(rule, y) {
    var cal = state.data.calendar, days = Object.prototype.hasOwnProperty.call(cal.years, String(y)) ? cal.years[String(y)] : null;
    if (!days) { return null; }
    var first = null;
    rule.closes.forEach(function (name) { if (!first || days[name] < days[first]) { first = name; } });
    var own = rule.closes.concat(rule.opens ? [rule.opens] : []);
    return first ? { year: y, name: first, day: days[first], label: cal.labels[first], last: days.registration,
                     opens: rule.opens ? days[rule.opens] : null, opensLabel: rule.opens ? cal.labels[rule.opens] : "",
                     moved: days.moved.some(function (n) { return own.indexOf(n) >= 0; }), note: days.note,
                     exceptions: days.exceptions } : null;
  }

  /* {open: the first year open now, closed: this calendar year's if it has closed, next: the first
     year not open yet, left: days} */
  function windowOf(rule) {
    var today = chinaToday(), t = dayNumber(today), thisYear = +today.slice(0, 4), out = { open: null, closed: null, next: null, left: 0 };
    Object.keys(state.data.calendar.years).map(Number).sort(function (a, b) { return a - b; }).forEach(function (y) {
      var d = deadlineOf(rule, y);
      if (!d) { return; }
      if (d.opens && dayNumber(d.opens) >= t) { if (!out.next) { out.next = d; } } /* opens the day after */
      else if (dayNumber(d.day) >= t) { if (!out.open) { out.open = d; out.left = dayNumber(d.day) - t; } }
      else if (y === thisYear) { out.closed = d; }
    });
    return out;
  }

  function leftText(w) {
    return w.left === 0 ? "今天就是截止日（北京时间 24 点前送达）" : "还有 " + w.left + " 天";
  }

  /* The year the form files for is a late one: check refuses it until the office's exception is in. */
  function lateYear() {
    if (!state.unit || state.editing || !state.year) { return null; }
    var w = windowOf(ruleOf(state.mode, state.unit.tier));
    return w.closed && state.year === w.closed.year ? w.closed : null;
  }

  /* What the calendar means for her, in plain words; and the year choice when one has just closed. */
  function showWindow() {
    var box = $("sc-window"), choice = $("sc-year"), unit = state.unit;
    if (!box || !state.data.calendar) { return; }
    while (choice.firstChild) { choice.removeChild(choice.firstChild); }
    choice.hidden = true;
    if (!unit) {
      var g = windowOf(ruleOf("register", "基层工会")), o = windowOf(ruleOf("register", "工会领导机关"));
      say(box, g.open && o.open ? "正在受理 " + o.open.year + " 年度立项申报：基层工会 " + spoken(g.open.day) + "前报所属上级（" + leftText(g) +
        "），工会领导机关 " + spoken(o.open.day) + "前报市总工会考评办公室（" + leftText(o) + "）。" : "");
      return;
    }
    if (state.editing) { say(box, ""); state.year = null; return; }
    var rule = ruleOf(state.mode, unit.tier), what = rule.label + (state.mode === "register" ? "" : "文件");
    var w = windowOf(rule), text = "";
    if (!w.open && !w.closed) {
      state.year = null;
      say(box, w.next ? w.next.year + " 年度的" + rule.label + "在" + w.next.opensLabel + "（" + spoken(w.next.opens) + "）以后才开始受理，" +
        "截止日是 " + spoken(w.next.day) + "；在这以前提交的" + what + "，合并前的检查会拒收。" : "本页的日程已经过时，请刷新页面后再填写。");
      return;
    }
    if (!w.open || (w.closed && state.year === w.closed.year)) { state.year = w.closed.year; }
    else { state.year = w.open.year; }
    var late = w.closed && state.year === w.closed.year;
    if (w.closed) {
      text += w.closed.year + " 年度的" + rule.label + "已经截止（" + w.closed.label + "：" + spoken(w.closed.day) + "）。" +
        (state.mode === "register" ? "按《评选办法》，不按时申报立项的不能参加评选。" : "");
    }
    if (late) {
      text += (w.open ? "您选择了补报 " + w.closed.year + " 年度：" : "现在填写的是补报 " + w.closed.year + " 年度的" + rule.label + "：") +
        "合并前的检查会拒收这份" + what + "，除非考评办公室准予例外。" +
        "请先向市总工会“双创”考评领导小组办公室说明情况、申请例外；办公室批准后在 " + w.closed.exceptions +
        " 中登记这份文件并先合并，您再提交，检查才会通过。";
      if (w.next) { text += w.next.year + " 年度的" + rule.label + "在" + w.next.opensLabel + "（" + spoken(w.next.opens) + "）以后开始受理。"; }
    } else {
      text += "现在填写的是 " + w.open.year + " 年度的" + rule.label + "：" + w.open.label + "日是 " + spoken(w.open.day) + "，" + leftText(w) + "。";
      if (state.mode === "register" && w.open.name !== "registration") { text += "所属上级须在 " + spoken(w.open.last) + "前审核汇总。"; }
      if (w.open.moved) { text += "本年度日程已由考评办公室调整" + (w.open.note ? "：" + w.open.note : "") + "。"; }
    }
    say(box, text);
    if (w.closed && w.open) {
      var legend = document.createElement("legend");
      legend.textContent = "申报年度";
      choice.appendChild(legend);
      [[w.open.year, w.open.year + " 年度（正在受理）"], [w.closed.year, "补报 " + w.closed.year + " 年度（已截止，须考评办公室先准予例外）"]].forEach(function (c) {
        var label = document.createElement("label"), input = document.createElement("input");
        label.className = "sc-fill-choice";
        input.type = "radio";
        input.name = "sc-year";
        input.value = String(c[0]);
        input.checked = c[0] === state.year;
        input.addEventListener("change", function () { state.year = c[0]; choose(state.unit); });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + c[1]));
        choice.appendChild(label);
      });
      choice.hidden = false;
    }
  }

  function dateProblem(text) {
    var p = state.data.datePatterns;
    var shown = text.split(/\s+/).filter(Boolean).join(" ").slice(0, 40);
    var m = new RegExp(p.iso).exec(shown);
    if (m) {
      var y = +m[1], mo = +m[2], d = +m[3];
      var day = new Date(Date.UTC(y, mo - 1, d));
      var real = mo >= 1 && mo <= 12 && day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
      return real ? null : ["date_invalid", shown];
    }
    if (new RegExp(p.chinese).test(shown) || new RegExp(p.loose).test(shown)) { return ["date_format", shown]; }
    return ["date_garbled", shown];
  }

  /* One field's first problem as {code, text}, worded by check (the build put the wording in data). */
  function problem(f, value, groupEmpty) {
    var m = f.messages;
    function said(kind, shown) {
      var msg = m[kind];
      return { code: msg.code, text: msg.text.replace("{value}", shown || "") };
    }
    if (f.kind === "choices") { return value.length < (f.min_items || 0) ? said("too_short") : null; }
    if (f.kind === "fixed") { return null; }
    if (value === "" || value === null) {
      if (f.kind === "unit" || f.kind === "parent") { return { code: "", text: "请先在第一步选择本单位。" }; }
      return f.required && !groupEmpty ? said("string_too_short") : null;
    }
    if (f.max_length && chars(value) > f.max_length) { return said("string_too_long"); }
    for (var i = 0; i < (f.rules || []).length; i++) {
      var rule = f.rules[i];
      var hit = new RegExp(rule.pattern, rule.flags || "u").exec(value);
      if (hit) {
        var cp = hit[0].codePointAt(0).toString(16).toUpperCase();
        var ch = "U+" + ("0000" + cp).slice(-Math.max(4, cp.length));
        var name = state.data.characterNames[ch];
        return { code: rule.code, text: "“" + f.label + "”" + rule.message.replace("{char}", ch).replace("{name}", name ? "，" + name : "") };
      }
    }
    if (f.kind === "date") {
      var bad = dateProblem(value);
      if (bad) { return said(bad[0], bad[1]); }
    }
    return null;
  }

  /* Two fields that go together (其他 in 评选内容 and 其他内容; 不同意上报 and 理由): check's words
     at the field check names (`at`), when the pair is broken. */
  function pairProblem(spec, vals, i) {
    var f = spec.fields[i], found = null;
    function at(label) {
      for (var j = 0; j < spec.fields.length; j++) { if (spec.fields[j].label === label) { return vals[j]; } }
      return "";
    }
    (spec.pairs || []).forEach(function (p) {
      if (found || p.at !== f.label) { return; }
      var chosen = at(p.choice), written = at(p.written);
      var picked = Array.isArray(chosen) ? chosen.indexOf(p.value) >= 0 : chosen === p.value;
      var filled = !(written === "" || written === null || written === undefined);
      if (p.needs === "text" ? picked && !filled : filled && !picked) { found = { code: p.code, text: p.text }; }
    });
    return found;
  }

  /* ---- YAML, written so that the loader reads back exactly these strings ---- */

  var PLAIN = /^(?=.*[\u3400-\u9fff])[0-9A-Za-z\u3400-\u9fff]+$|^\d{4}-\d{2}-\d{2}$/;
  /* Characters a YAML reader refuses or takes for a line break: only an escape can carry them. */
  var UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

  function quote(text) {
    var out = "\"";
    Array.from(text).forEach(function (ch) {
      var c = ch.codePointAt(0);
      if (ch === "\"" || ch === "\\") { out += "\\" + ch; }
      else if (c === 10) { out += "\\n"; }
      else if (c === 9) { out += "\\t"; }
      else if (ch.length === 1 && UNPRINTABLE.test(ch)) { out += "\\u" + ("000" + c.toString(16)).slice(-4); }
      else { out += ch; }
    });
    return out + "\"";
  }

  function scalar(text) { return PLAIN.test(text) ? text : quote(text); }

  /* Multi-line text as a literal block (what a person would write); anything a block cannot hold
     exactly (a leading blank, an unprintable character, a carriage return) is double-quoted. */
  function block(text, pad) {
    if (text.indexOf("\n") < 0 || UNPRINTABLE.test(text) || /\r|^[ \t]|[ \t]$/.test(text)) { return quote(text); }
    return "|-\n" + text.split("\n").map(function (line) { return line === "" ? "" : pad + "  " + line; }).join("\n");
  }

  function toYaml(spec, values) {
    return spec.head.concat([""], mapping(spec.fields, values, "")).join("\n") + "\n";
  }

  function blank(v) { return v === "" || v === null || v === undefined || (Array.isArray(v) && !v.length); }

  /* The fields as the lines of a YAML mapping at `indent`, in `order` (the fields' own by default):
     an enclosing field's (an opinion's) under its key, a list of records as a list of mappings,
     empty fields left out. */
  function mapping(fields, vals, indent, order) {
    var out = [], group = null;
    (order || fields.map(function (f, i) { return i; })).forEach(function (i) {
      var f = fields[i], v = vals[i], pad = indent;
      if (blank(v)) { return; }
      if (f.group) {
        if (group !== f.group) { out.push(indent + f.group + ":"); group = f.group; }
        pad = indent + "  ";
      } else { group = null; }
      var key = pad + f.keys[f.keys.length - 1] + ":";
      if (f.kind === "items") {
        out.push(key);
        v.forEach(function (item) { out = out.concat(listItem(mapping(f.fields, item, pad + "    "), pad + "  ")); });
      } else if (Array.isArray(v)) {
        out.push(key);
        v.forEach(function (item) { out.push(pad + "  - " + scalar(item)); });
      } else if (f.kind === "text") {
        out.push(key + " " + block(v, pad));
      } else if (f.kind === "entry" && SLUG.test(v)) {
        out.push(key + " " + v);
      } else {
        out.push(key + " " + scalar(String(v)));
      }
    });
    return out;
  }

  /* A mapping's lines (at `pad` and two more) as one item of a list at `pad`: "- " on its first line. */
  function listItem(lines, pad) {
    if (lines.length) { lines[0] = pad + "- " + lines[0].slice(pad.length + 2); }
    return lines;
  }

  function groupIsEmpty(spec, values, group) {
    return spec.fields.every(function (f, i) {
      var v = values[i];
      return f.group !== group || v === "" || v === null || (Array.isArray(v) && !v.length);
    });
  }

  /* ---- project ids: pinyin of the name, cut between words (see generator/forms/project_id.py) ---- */

  function readingOf(table) {
    var map = Object.create(null);
    Object.keys(table).forEach(function (syllable) {
      Array.from(table[syllable]).forEach(function (ch) { map[ch] = syllable; });
    });
    return map;
  }

  /* data/fill-words.js: first character → the rest of each word it begins, space-separated. */
  function wordsOf(table) {
    var words = Object.create(null);
    Object.keys(table).forEach(function (first) {
      table[first].split(" ").forEach(function (rest) { words[first + rest] = true; });
    });
    return words;
  }

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h >>> 0;
  }

  var ASCII_WORD = /^[0-9A-Za-z]$/;

  /* The name's words, each spelt: a run of ASCII letters and digits in lower case, else the longest
     of `words` (2–4 characters) that starts here, else one character, as its syllables. */
  function spelling(name, words) {
    var chars = Array.from(name), spelt = [], i = 0;
    while (i < chars.length) {
      var n = 1;
      if (ASCII_WORD.test(chars[i])) {
        while (i + n < chars.length && ASCII_WORD.test(chars[i + n])) { n += 1; }
        spelt.push(chars.slice(i, i + n).join("").toLowerCase());
      } else {
        for (var k = 4; k >= 2; k--) {
          if (i + k <= chars.length && words[chars.slice(i, i + k).join("")] === true) { n = k; break; }
        }
        var syllables = chars.slice(i, i + n).filter(function (ch) { return state.reading && state.reading[ch]; })
          .map(function (ch) { return state.reading[ch]; });
        if (syllables.length) { spelt.push(syllables.join("-")); }
      }
      i += n;
    }
    return spelt;
  }

  var NO_WORDS = Object.create(null);

  /* Whether `name`'s id must be cut, and so needs the word table. */
  function needsWords(name) {
    return spelling(name.normalize("NFC"), NO_WORDS).join("-").length > state.data.maxId;
  }

  function projectId(name, taken) {
    name = name.normalize("NFC");
    var spelt = spelling(name, NO_WORDS);
    if (spelt.join("-").length > state.data.maxId) { spelt = spelling(name, state.words || NO_WORDS); }
    var id = cut(spelt, state.data.maxId);
    if (!id) { id = ("p-" + ("0000000" + fnv1a(name).toString(16)).slice(-8)).slice(0, 8); }
    var found = id, n = 1;
    while (taken.indexOf(found) >= 0) { n += 1; found = id + "-" + n; }
    return found;
  }

  /* The most whole words that fit in `max`; a first word longer than that, cut at it. */
  function cut(spelt, max) {
    var whole = spelt.join("-");
    if (whole.length <= max) { return whole; }
    var kept = 0, length = -1;
    while (kept < spelt.length && length + 1 + spelt[kept].length <= max) { length += 1 + spelt[kept].length; kept += 1; }
    return kept ? spelt.slice(0, kept).join("-") : whole.slice(0, max);
  }

  /* The word table (180 KB) only when a name needs it: `then` runs once it is in, or did not come
     (the id is then cut at a syllable, as by a table without words). */
  var wordsWaiting = null, wordsMissing = false;
  function loadWords(then) {
    if (state.words) { then(); return; }
    if (wordsWaiting) { wordsWaiting.push(then); return; }
    wordsWaiting = [then];
    var done = function () { var waiting = wordsWaiting; wordsWaiting = null; waiting.forEach(function (f) { f(); }); };
    window.scLoad("words", 0, base + "data/fill-words.js", function (table) { state.words = wordsOf(table); done(); },
                  function () { wordsMissing = true; done(); });
  }

  /* ---- the unit chooser: any part of the name ---- */

  var names = window.scNames, squash = names.squash, fit = names.fit, chineseNumber = names.chineseNumber;

  function matches(query) {
    var q = squash(query);
    if (!q) { return []; }
    var spelt = q.replace(/\d+/g, chineseNumber);
    var found = [];
    state.data.units.forEach(function (u) {
      var name = squash(u.name), scores = [fit(q, name), fit(spelt, name), u.id.indexOf(q) >= 0 ? 1 : -1]
        .filter(function (s) { return s >= 0; });
      if (scores.length) { found.push({ unit: u, score: Math.min.apply(null, scores), length: name.length }); }
    });
    found.sort(function (a, b) { return a.score - b.score || a.length - b.length; });
    return found.slice(0, 30).map(function (f) { return f.unit; });
  }

  function signerNames(unit) { return unit.signers.map(function (s) { return s.name; }); }

  /* 黄德明（主席，GitHub 账号 huangdm）: who she asks to approve, and the account to look for. */
  function signerText(s) {
    var about = [s.position, s.account ? state.data.forge.name + " 账号 " + s.account : ""].filter(Boolean).join("，");
    return s.name + (about ? "（" + about + "）" : "");
  }

  function unitById(id) {
    return state.data.units.filter(function (u) { return u.id === id; })[0] || null;
  }

  function setupChooser() {
    var input = $("sc-unit"), list = $("sc-unit-list"), active = -1, shown = [];
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function mark(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      if (i >= 0) { input.setAttribute("aria-activedescendant", "sc-unit-opt-" + i); list.children[i].scrollIntoView({ block: "nearest" }); }
    }
    function open() {
      shown = matches(input.value);
      while (list.firstChild) { list.removeChild(list.firstChild); }
      shown.forEach(function (u, i) {
        var li = document.createElement("li");
        li.id = "sc-unit-opt-" + i;
        li.setAttribute("role", "option");
        li.textContent = u.name + "（" + u.tier + "）";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(u); close(); });
        list.appendChild(li);
      });
      list.hidden = !shown.length;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      say($("sc-unit-err"), input.value.trim() && !shown.length ? "单位名录中找不到“" + input.value.trim() + "”。少输几个字试试（例如只输“八一路”）；名录里没有的单位请先联系考评办公室登记。" : "");
      mark(shown.length === 1 ? 0 : -1);
    }
    input.addEventListener("input", function () { if (state.unit && input.value !== state.unit.name) { choose(null); } open(); });
    input.addEventListener("focus", function () { if (!state.unit && input.value) { open(); } });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { open(); }
        if (shown.length) { mark((active + (e.key === "ArrowDown" ? 1 : shown.length - 1) + (active < 0 && e.key === "ArrowUp" ? 1 : 0)) % shown.length); }
        e.preventDefault();
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) { choose(shown[active]); close(); }
        e.preventDefault();
      } else if (e.key === "Escape") { close(); }
    });
  }

  function choose(unit, then) {
    state.unit = unit;
    state.unitData = null;
    hideResult();
    var info = $("sc-unit-info");
    Array.prototype.forEach.call(root.querySelectorAll(".sc-fill-form"), function (f) { f.hidden = true; });
    if (!unit) { say(info, ""); state.form = null; showWindow(); return; }
    $("sc-unit").value = unit.name;
    say($("sc-unit-err"), "");
    var parent = unit.parent ? unitById(unit.parent) : null;
    say(info, "已选择：" + unit.name + "，" + unit.tier + (parent ? "，所属上级：" + parent.name : "，直接报市总工会考评办公室") +
      (unit.signers.length ? "。本单位签字人：" + signerNames(unit).join("、") : "。单位名录中还没有本单位的签字人，请联系考评办公室登记") + "。");
    var formId = state.data.formFor[unit.tier];
    state.form = state.data.forms.filter(function (f) { return f.id === formId; })[0];
    var el = formElement();
    var modes = state.editing ? [] : (Object.prototype.hasOwnProperty.call(state.data.modes, unit.id) ? state.data.modes[unit.id] : []);
    if (state.mode !== "register" && modes.indexOf(state.mode) < 0) { state.mode = "register"; state.year = null; }
    $("sc-mode").hidden = !modes.length;
    Array.prototype.forEach.call(root.querySelectorAll("input[name=\"sc-mode\"]"), function (radio) {
      radio.closest("label").hidden = radio.value !== "register" && modes.indexOf(radio.value) < 0;
      radio.checked = radio.value === state.mode;
    });
    showWindow();
    Array.prototype.forEach.call(root.querySelectorAll(".sc-fill-list-form"), function (f) { f.hidden = true; });
    el.hidden = state.mode !== "register";
    Array.prototype.forEach.call(el.querySelectorAll("[data-from]"), function (out) {
      say(out, out.getAttribute("data-from") === "unit" ? unit.name : (parent ? parent.name : ""));
    });
    Array.prototype.forEach.call(el.querySelectorAll("[data-signers]"), function (list) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      signerNames(unit).forEach(function (name) { var o = document.createElement("option"); o.value = name; list.appendChild(o); });
    });
    Array.prototype.forEach.call(el.querySelectorAll(".sc-fill-edit-only"), function (g) { g.hidden = !state.editing; });
    if (!state.editing) { fillDefaults(); }
    var y = year(), loaded = function (d) {
      if (state.unit !== unit) { return; }
      state.unitData = d;
      if (state.mode !== "register") { renderList(state.mode, state.year ? d : null); } /* no year: its window is not open */
      if (then) { then(d); }
    };
    var none = function () { loaded({ ids: [], names: [], edit: {} }); };
    if ((state.data.unitFiles[String(y)] || []).indexOf(unit.id) < 0) { none(); return; }
    window.scLoad("unit:" + unit.id, y, base + "data/fill/" + y + "/" + unit.id + ".js", loaded, none);
  }

  /* ---- the form's fields ---- */

  function formElement() { return state.form ? $("sc-form-" + state.form.id) : null; }
  function fieldElement(i) { return formElement().querySelector(".sc-fill-field[data-index=\"" + i + "\"]"); }

  function rawValue(f, i) {
    var box = fieldElement(i);
    if (f.kind === "fixed") { return f.value; }
    if (f.kind === "unit") { return state.unit ? state.unit.name : ""; }
    if (f.kind === "parent") {
      var parent = state.unit && state.unit.parent ? unitById(state.unit.parent) : null;
      return parent ? parent.name : "";
    }
    return readField(box, f);
  }

  function readField(box, f) {
    var inputs = box.querySelectorAll("[data-input]");
    if (f.kind === "choices") {
      return Array.prototype.filter.call(inputs, function (x) { return x.checked; }).map(function (x) { return x.value; });
    }
    if (f.kind === "choice") {
      var on = Array.prototype.filter.call(inputs, function (x) { return x.checked; })[0];
      return on ? on.value : "";
    }
    return inputs.length ? inputs[0].value : "";
  }

  function values() {
    return state.form.fields.map(function (f, i) { return normalise(f.kind, rawValue(f, i)); });
  }

  function setValue(f, i, value) {
    var box = fieldElement(i);
    if (box) { writeField(box, f, value); }
  }

  function writeField(box, f, value) {
    var inputs = box.querySelectorAll("[data-input]");
    if (f.kind === "choices") {
      Array.prototype.forEach.call(inputs, function (x) { x.checked = (value || []).indexOf(x.value) >= 0; });
    } else if (f.kind === "choice") {
      Array.prototype.forEach.call(inputs, function (x) { x.checked = x.value === (value || ""); });
    } else if (inputs.length) {
      inputs[0].value = value || "";
    }
  }

  function check(showAll) {
    var vals = values(), found = [];
    state.form.fields.forEach(function (f, i) {
      var empty = f.group && groupIsEmpty(state.form, vals, f.group);
      var p = problem(f, vals[i], empty) || pairProblem(state.form, vals, i);
      var box = fieldElement(i);
      var err = box.querySelector(".sc-fill-error");
      var input = box.querySelector("[data-input]");
      var show = p && (showAll || state.touched[f.label]);
      if (err) { sayProblem(err, show ? p : null); }
      if (input && f.kind !== "choice" && f.kind !== "choices") { input.setAttribute("aria-invalid", show ? "true" : "false"); }
      var note = box.querySelector("[data-signer-note]");
      if (note) { say(note, signerNote(vals[i])); }
      var count = box.querySelector("[data-count]");
      if (count) { say(count, String(chars(vals[i] || ""))); }
      if (p) { found.push({ field: f, index: i, problem: p }); }
    });
    return { values: vals, problems: found };
  }

  /* The message first, in check's words; check's code after it, small (for whoever helps her). */
  function sayProblem(el, p) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
    if (!p) { return; }
    var text = document.createElement("span");
    text.className = "sc-fill-message";
    text.textContent = p.text;
    el.appendChild(text);
    if (p.code) {
      var code = document.createElement("small");
      code.className = "sc-fill-code";
      code.textContent = "代码 " + p.code;
      el.appendChild(document.createTextNode(" "));
      el.appendChild(code);
    }
  }

  /* Not an error (the registry may lag), but the approval is checked against the registered name. */
  function signerNote(name) {
    var signers = state.unit ? signerNames(state.unit) : [];
    if (!name || !signers.length || signers.indexOf(name) >= 0) { return ""; }
    return "提示：单位名录中登记的本单位签字人是" + signers.join("、") + "。“领导签字”应写批准这份申报的领导在名录中登记的姓名。";
  }

  function onInput(e) {
    var box = e.target.closest(".sc-fill-field");
    if (box) { state.touched[box.getAttribute("data-label")] = true; }
    state.edits += 1;
    hideResult();
    check(state.submitted);
    saveDraft();
    var at = nameIndex(), f = state.form.fields[at];
    if (!state.editing && !state.words && !wordsMissing && box && box.getAttribute("data-index") === String(at)) {
      var name = normalise(f.kind, rawValue(f, at));
      if (typeof name === "string" && needsWords(name)) { loadWords(function () {}); } /* before she asks for the file */
    }
  }

  /* ---- the result: path, YAML, the forge ---- */

  function generate(e) {
    e.preventDefault();
    state.submitted = true;
    var summary = $("sc-form-" + state.form.id + "-summary");
    var checked = check(true);
    if (checked.problems.length) {
      hideResult();
      say(summary, "还有 " + checked.problems.length + " 处需要修改（见各栏目下的红字），改好后再生成申报文件。");
      var first = fieldElement(checked.problems[0].index).querySelector("[data-input]");
      if (first) { first.focus(); }
      return;
    }
    say(summary, "");
    var vals = checked.values, name = vals[nameIndex()] || "";
    if (!state.editing && !state.words && needsWords(name)) {
      var edits = state.edits;
      loadWords(function () { if (state.edits === edits) { showFile(vals, name); } }); /* unless she typed on meanwhile */
      return;
    }
    showFile(vals, name);
  }

  function showFile(vals, name) {
    var id = state.editing ? state.editing.id : projectId(name, (state.unitData || { ids: [] }).ids);
    var path = state.editing ? state.editing.path : "submissions/" + year() + "/" + state.unit.id + "/" + id + ".yaml";
    state.result = { id: id, path: path, yaml: toYaml(state.form, vals) };
    showResult();
    saveDraft();
  }

  function nameIndex() {
    /* the project name is the one-line field whose key is 项目名称 (the models' alias) */
    for (var i = 0; i < state.form.fields.length; i++) {
      if (state.form.fields[i].keys.join("·") === "项目名称") { return i; }
    }
    return -1;
  }

  function showResult() {
    var r = state.result;
    say($("sc-path"), r.path);
    say($("sc-project-id"), r.id);
    $("sc-project-line").hidden = !!r.list;
    say($("sc-yaml"), r.yaml);
    var who = state.unit.signers.length ? state.unit.signers.map(signerText).join("、") : "（单位名录中尚无签字人，请联系考评办公室）";
    var parent = state.unit.parent ? unitById(state.unit.parent) : null;
    say($("sc-approvers"), who + "。批准就是签字：领导用自己的 " + state.data.forge.name + " 账号打开这个合并请求，" + state.data.forge.approve + "。" + (parent ? "之后由所属上级" + parent.name + "在审核汇总中签署审核意见。" : "之后由考评办公室审核。"));
    var late = $("sc-late"), closed = lateYear();
    if (late) { say(late, closed ? "这是补报 " + closed.year + " 年度的" + ruleOf(state.mode, state.unit.tier).label + "：考评办公室在 " +
      closed.exceptions + " 中登记例外并合并之前，检查不会通过。" : ""); }
    $("sc-open").hidden = !repo;
    var pulls = $("sc-pulls");
    pulls.hidden = !repo;
    if (repo) { pulls.href = repo + state.data.forge.pulls; }
    say($("sc-status"), "");
    var section = $("sc-result");
    section.hidden = false;
    section.focus();
  }

  function hideResult() { $("sc-result").hidden = true; state.result = null; }

  function segments(path) { return path.split("/").map(encodeURIComponent).join("/"); }

  /* The forge page to open, from the forge's page templates (data/fill.js `forge`, written from
     generator/forge/): "new file" with the content in the address where the forge takes it
     (GitHub) and it fits, else the path only (the content goes by the clipboard: Gitea's and
     Forgejo's `_new/` ignore it); a correction opens the file's edit page. */
  function forgeAddress(r) {
    var f = state.data.forge;
    var expand = function (template, values) {
      return template.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
    };
    var branch = encodeURIComponent(state.data.branch);
    if (state.editing || r.exists) { return { url: repo + expand(f.edit, { branch: branch, path: segments(r.path) }), inline: false }; }
    var slash = r.path.lastIndexOf("/");
    var page = repo + expand(f["new"], { branch: branch, folder: segments(r.path.slice(0, slash)),
                                       filename: encodeURIComponent(r.path.slice(slash + 1)) });
    if (!f.inline) { return { url: page, inline: false, reason: f.name + " 的“新建文件”页面不从网址读取内容" }; }
    var full = page + "&value=" + encodeURIComponent(r.yaml);
    return full.length <= state.data.maxUrl ? { url: full, inline: true } : { url: page, inline: false, reason: "内容太长，不能放进网址" };
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return copyByHand(text); });
    }
    return Promise.resolve(copyByHand(text));
  }

  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "sc-fill-offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function openForge() {
    var r = state.result, where = forgeAddress(r), status = $("sc-status");
    var copied = where.inline ? null : copy(r.yaml);
    window.open(where.url, "_blank", "noopener");
    if (where.inline) {
      say(status, "已打开 " + state.data.forge.name + " 的“新建文件”页面，文件名和内容都已填好。");
      return;
    }
    copied.then(function (ok) {
      var how = ok ? "文件内容已复制到剪贴板" : "没能自动复制，请先点“复制文件内容”或“下载文件”";
      var all = touch ? "长按编辑框，选“全选”" : "在编辑框里全选（Ctrl+A）原内容", paste = touch ? "长按编辑框，选“粘贴”" : "点编辑框，粘贴（Ctrl+V）";
      var end = "把光标放到文件最后一行的末尾，换一行，再粘贴（" + (touch ? "长按，选“粘贴”" : "Ctrl+V") + "）；原有内容不要动";
      say(status, r.list && r.exists
        ? "已打开 " + state.data.forge.name + " 上本单位这个文件的编辑页面。" + (ok ? "要追加的内容已复制到剪贴板：" : "没能自动复制，请先点“复制文件内容”，然后") + end + "。"
        : state.editing || r.exists
        ? "已打开 " + state.data.forge.name + " 上这个文件的编辑页面。" + how + "：" + all + "，再粘贴（" + (touch ? "长按，选“粘贴”" : "Ctrl+V") + "）。"
        : where.reason + "。已打开 " + state.data.forge.name + " 的“新建文件”页面（文件名已填好）；" + how + "：" + paste + "。");
    });
  }

  function download() {
    var r = state.result;
    var blob = new Blob([r.yaml], { type: "text/yaml;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = r.path.slice(r.path.lastIndexOf("/") + 1);
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    say($("sc-status"), "已下载 " + a.download + "。提交时放在 " + r.path + "。");
  }

  /* ---- drafts: what she typed survives a reload ---- */

  function saveDraft() {
    if (!state.unit || !state.form || state.mode !== "register") { return; }
    var draft = { unit: state.unit.id, form: state.form.id, values: values(), editing: state.editing,
                  id: state.result ? state.result.id : null, saved: new Date().toISOString() };
    try { localStorage.setItem(DRAFT, JSON.stringify(draft)); } catch (err) { /* private mode: no drafts */ }
  }

  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(DRAFT) || "null"); } catch (err) { return null; }
  }

  function clearDraft() {
    try { localStorage.removeItem(DRAFT); } catch (err) { /* nothing kept */ }
  }

  function restore(draft) {
    var unit = unitById(draft.unit);
    if (!unit) { clearDraft(); return; }
    state.editing = draft.editing || null;
    choose(unit, function (d) {
      if (!state.editing && draft.id && d.ids.indexOf(draft.id) >= 0) {
        var names = d.names[d.ids.indexOf(draft.id)];
        var nameAt = nameIndex();
        if (nameAt >= 0 && names === draft.values[nameAt]) {
          clearDraft();
          say($("sc-draft"), "上次填写的“" + names + "”已合并入库，草稿已清除。");
          reset();
          return;
        }
      }
    });
    if (!state.form || state.form.id !== draft.form) { return; }
    state.form.fields.forEach(function (f, i) { setValue(f, i, draft.values[i]); });
    check(false);
    say($("sc-draft"), "已恢复您上次没有提交的草稿（保存于 " + localTime(draft.saved) + "）。");
    showEditing();
  }

  /* 3 月 5 日 10:00, in the reader's own time zone (a saved ISO instant). */
  function localTime(iso) {
    var t = new Date(iso);
    if (isNaN(t.getTime())) { return "此前"; }
    return (t.getMonth() + 1) + " 月 " + t.getDate() + " 日 " + ("0" + t.getHours()).slice(-2) + ":" + ("0" + t.getMinutes()).slice(-2);
  }

  function reset() {
    Array.prototype.forEach.call(root.querySelectorAll(".sc-fill-form"), function (el) { el.reset(); });
    state.touched = {};
    state.submitted = false;
    if (state.form) { fillDefaults(); check(false); }
  }

  function fillDefaults() {
    state.form.fields.forEach(function (f, i) {
      if (f.kind === "date" && !f.edit_only && !rawValue(f, i)) { setValue(f, i, chinaToday()); }
    });
  }

  /* ---- corrections: #edit=YEAR/UNIT/PROJECT loads a filed form ---- */

  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

  function startEdit(target) {
    var parts = target.split("/");
    var unit = parts.length === 3 && /^20\d\d$/.test(parts[0]) && SLUG.test(parts[1]) && SLUG.test(parts[2]) ? unitById(parts[1]) : null;
    if (!unit) { say($("sc-editing"), "没有找到要修改的申报（网址中“#edit=”后面应是 年度/单位编号/项目编号）。"); $("sc-editing").hidden = false; return; }
    state.editing = { year: parseInt(parts[0], 10), id: parts[2], path: null };
    choose(unit, function (d) {
      var filed = Object.prototype.hasOwnProperty.call(d.edit, parts[2]) ? d.edit[parts[2]] : null;
      if (!filed) {
        state.editing = null;
        say($("sc-editing"), "这份申报现在不能在线修改（已推荐、已撤回或已结束）。");
        $("sc-editing").hidden = false;
        choose(unit);
        return;
      }
      state.editing.path = filed.path;
      state.form.fields.forEach(function (f, i) { setValue(f, i, lookup(filed.values, f.keys)); });
      check(false);
      showEditing();
      saveDraft();
    });
  }

  function lookup(obj, keys) {
    return keys.reduce(function (o, k) { return o && typeof o === "object" ? o[k] : undefined; }, obj);
  }

  function showEditing() {
    var el = $("sc-editing");
    el.hidden = !state.editing || !state.editing.path;
    if (state.editing && state.editing.path) {
      say(el, "正在修改已提交的申报 " + state.editing.path + "。立项截止后，单位、项目名称、主要内容和意见不能再改；评选内容、拟申报类别和撤回仍可修改。");
    }
  }

  /* ---- lists a body keeps (审核汇总, 跟踪考核, 推荐上报): one entry per project, the entry's fields
     from its model (data.lists), the projects from the body's data file. A field that is a list
     of records (推荐上报's 符合标准) holds as many items as she adds, never fewer than the model's
     minimum. A file that exists is not rewritten: the new entries are appended at its end on the
     forge's edit page. ---- */

  function entryBox(set, i) { return set.querySelector(".sc-fill-field[data-index=\"" + i + "\"]"); }
  function itemBox(item, j) { return item.querySelector(".sc-fill-field[data-sub=\"" + j + "\"]"); }
  function itemsOf(box) { return box.querySelector("[data-items]").children; }
  function listForm(kind) { return $("sc-" + kind); }

  /* A copied template's ids and names made its own: the marks (ENTRY, ITEM) become numbers. */
  function stamp(node, marks) {
    Array.prototype.forEach.call(node.querySelectorAll("[id], [for], [aria-describedby], [name], [list]"), function (x) {
      ["id", "for", "aria-describedby", "name", "list"].forEach(function (a) {
        var v = x.getAttribute(a);
        if (!v) { return; }
        Object.keys(marks).forEach(function (m) { v = v.split(m).join(String(marks[m])); });
        x.setAttribute(a, v);
      });
    });
  }

  function prepare(box, f) {
    if (box && f.kind === "date") {
      writeField(box, f, chinaToday());
      if (touch) { box.querySelector("[data-input]").type = "date"; }
    }
  }

  function renderList(kind, d) {
    var form = listForm(kind), list = form.querySelector("[data-entries]"), template = $("sc-" + kind + "-entry");
    var file = d && d.lists && Object.prototype.hasOwnProperty.call(d.lists, kind) ? d.lists[kind] : null;
    var spec = state.data.lists[kind];
    while (list.firstChild) { list.removeChild(list.firstChild); }
    state.list = file;
    form.hidden = false;
    form.querySelector("[data-none]").hidden = !!(file && file.entries.length);
    (file ? file.entries : []).forEach(function (entry, n) {
      var node = template.content.cloneNode(true);
      stamp(node, { ENTRY: n });
      var set = node.querySelector("fieldset");
      set.setAttribute("data-entry", String(n));
      say(set.querySelector("[data-entry-name]"), entry.unitName + "：" + entry.name);
      set.querySelector("[data-include]").checked = file.include;
      Array.prototype.forEach.call(set.querySelectorAll("[data-signers]"), function (dl) {
        signerNames(state.unit).forEach(function (name) { var o = document.createElement("option"); o.value = name; dl.appendChild(o); });
      });
      list.appendChild(node);
      spec.fields.forEach(function (f, i) {
        var box = entryBox(set, i), given = entry.values || {};
        prepare(box, f);
        if (box && Object.prototype.hasOwnProperty.call(given, f.label)) { writeField(box, f, given[f.label]); }
        if (box && f.kind === "items") {
          for (var k = 0; k < Math.max(1, f.min_items || 0); k++) { addItem(set, box, f); }
        }
      });
      fitChoices(set);
    });
  }

  /* One more item of a list field, with its fields' ids its own. */
  function addItem(set, box, f) {
    var n = +(box.getAttribute("data-next") || "0"), node = box.querySelector("template[data-item]").content.cloneNode(true);
    box.setAttribute("data-next", String(n + 1));
    stamp(node, { ENTRY: set.getAttribute("data-entry"), ITEM: n });
    box.querySelector("[data-items]").appendChild(node);
    var items = itemsOf(box), item = items[items.length - 1];
    f.fields.forEach(function (g, j) { prepare(itemBox(item, j), g); });
    renumber(box, f);
    return item;
  }

  /* Items numbered as they stand; the last ones the model requires cannot be removed. */
  function renumber(box, f) {
    var items = itemsOf(box);
    Array.prototype.forEach.call(items, function (item, k) {
      say(item.querySelector("[data-item-number]"), String(k + 1));
      item.querySelector("[data-remove]").disabled = items.length <= Math.max(1, f.min_items || 0);
    });
  }

  /* A choice offered only where it applies (data-when-*: a criterion for the project's tier and the
     category chosen in the entry); one that no longer applies is unticked. */
  function fitChoices(set) {
    var spec = state.data.lists[state.mode], entry = state.list.entries[+set.getAttribute("data-entry")];
    var context = { tier: entry.tier }, deciding = [];
    spec.fields.forEach(function (f, i) {
      if (f.role) { context[f.role] = readField(entryBox(set, i), f); deciding.push("“" + f.name + "”"); }
    });
    Array.prototype.forEach.call(set.querySelectorAll("[data-unmatched]"), function (note) {
      var box = note.closest(".sc-fill-field"), offered = 0;
      Array.prototype.forEach.call(box.querySelectorAll("label.sc-fill-choice"), function (label) {
        var fits = Array.prototype.every.call(label.attributes, function (a) {
          return a.name.indexOf("data-when-") !== 0 || context[a.name.slice(10)] === a.value;
        });
        label.hidden = !fits;
        if (fits) { offered += 1; } else { label.querySelector("[data-input]").checked = false; }
      });
      note.hidden = offered > 0;
      say(note, offered ? "" : "请先选择" + deciding.join("、") + "，这里再列出可选的" + note.getAttribute("data-name") + "。");
    });
  }

  /* One entry of the list: 单位 and 项目 first (ids: plain scalars, every scalar is read as text), then
     the rest in the model's order. */
  function entryYaml(spec, vals) {
    var order = spec.fields.map(function (f, i) { return i; });
    order.sort(function (a, b) { return (spec.fields[a].kind === "entry" ? 0 : 1) - (spec.fields[b].kind === "entry" ? 0 : 1) || a - b; });
    return listItem(mapping(spec.fields, vals, "    ", order), "  ").join("\n");
  }

  function entryValue(f, box) {
    if (f.kind === "items") {
      return Array.prototype.map.call(itemsOf(box), function (item) {
        return f.fields.map(function (g, j) { return entryValue(g, itemBox(item, j)); });
      });
    }
    var raw = readField(box, f);
    if (f.kind === "lines") {
      return raw.split(/\r?\n/).map(function (line) { return line.trim(); }).filter(Boolean);
    }
    return normalise(f.kind, raw);
  }

  /* Each field's first problem shown at it (cleared when the entry is not included), an item's
     fields' in the item; the inputs to go to, first first. */
  function entryProblems(spec, vals, boxOf, included) {
    var bad = [];
    spec.fields.forEach(function (f, i) {
      var box = boxOf(i);
      if (!box || f.kind === "entry") { return; }
      if (f.kind === "items") {
        Array.prototype.forEach.call(itemsOf(box), function (item, k) {
          bad = bad.concat(entryProblems({ fields: f.fields }, vals[i][k], function (j) { return itemBox(item, j); }, included));
        });
        return;
      }
      var p = included && f.kind !== "lines" ? problem(f, vals[i], false) || pairProblem(spec, vals, i) : null;
      sayProblem(box.querySelector(".sc-fill-error"), p);
      if (p) { bad.push(box.querySelector("label:not([hidden]) > [data-input]") || box.querySelector("[data-input]")); }
    });
    return bad;
  }

  function generateList(e) {
    e.preventDefault();
    var kind = state.mode, file = state.list, spec = state.data.lists[kind], form = listForm(kind);
    var summary = form.querySelector("[data-summary]"), bad = [], items = [];
    if (!file) { say(summary, "现在没有可以填写的项目。"); return; }
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-entry]"), function (set) {
      var entry = file.entries[+set.getAttribute("data-entry")];
      var included = set.querySelector("[data-include]").checked;
      var vals = spec.fields.map(function (f, i) {
        if (f.kind === "entry") { return f.keys[f.keys.length - 1] === "单位" ? entry.unit : entry.project; }
        return entryValue(f, entryBox(set, i));
      });
      bad = bad.concat(entryProblems(spec, vals, function (i) { return entryBox(set, i); }, included));
      if (included) { items.push(entryYaml(spec, vals)); }
    });
    if (bad.length) {
      hideResult();
      say(summary, "还有 " + bad.length + " 处需要修改（见各项目下的红字），改好后再生成文件。");
      if (bad[0]) { bad[0].focus(); }
      return;
    }
    if (!items.length) { hideResult(); say(summary, "还没有列入任何项目：至少列入一个项目，才能生成文件。"); return; }
    say(summary, "");
    var body = items.join("\n") + "\n";
    state.result = { id: kind, path: file.path, exists: file.exists, list: true,
                     yaml: file.exists ? body : file.head.concat([spec.key + ":"]).join("\n") + "\n" + body };
    showResult();
  }

  /* 添加 and 删除 of a list field's items; the focus goes to the new item, or back to 添加. */
  function onListClick(e) {
    var add = e.target.closest("[data-add]"), remove = e.target.closest("[data-remove]");
    if (!add && !remove) { return; }
    var box = (add || remove).closest(".sc-fill-field[data-index]"), set = box.closest("fieldset[data-entry]");
    var f = state.data.lists[state.mode].fields[+box.getAttribute("data-index")];
    hideResult();
    if (add) {
      var item = addItem(set, box, f);
      fitChoices(set);
      var first = item.querySelector("label:not([hidden]) > [data-input]") || item.querySelector("[data-input]");
      if (first) { first.focus(); }
      return;
    }
    var gone = remove.closest(".sc-fill-item");
    gone.parentNode.removeChild(gone);
    renumber(box, f);
    box.querySelector("[data-add]").focus();
  }

  function setupModes() {
    Array.prototype.forEach.call(root.querySelectorAll("input[name=\"sc-mode\"]"), function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked && state.unit) { state.mode = radio.value; state.year = null; hideResult(); choose(state.unit); }
      });
    });
    Array.prototype.forEach.call(root.querySelectorAll(".sc-fill-list-form"), function (form) {
      form.addEventListener("submit", generateList);
      form.addEventListener("click", onListClick);
      form.addEventListener("input", hideResult);
      form.addEventListener("change", function (e) {
        var t = e.target, set = t.closest && t.closest("fieldset[data-entry]");
        if (t.matches && t.matches("input[type=text][data-input]") && t.closest(".sc-fill-date")) {
          var iso = isoDate(t.value);
          if (iso) { t.value = iso; }
        }
        if (set) { fitChoices(set); }
        hideResult();
      });
    });
  }

  /* ---- start ---- */

  function setupDates() {
    Array.prototype.forEach.call(root.querySelectorAll(".sc-fill-date [data-input]"), function (input) {
      if (touch) { input.type = "date"; }
      input.addEventListener("change", function () {
        var iso = isoDate(input.value);
        if (iso && iso !== input.value) { input.value = iso; check(state.submitted); saveDraft(); }
      });
    });
  }

  function ready() {
    setupChooser();
    setupDates();
    setupModes();
    showWindow();
    Array.prototype.forEach.call(root.querySelectorAll(".sc-fill-form"), function (form) {
      form.addEventListener("input", onInput);
      form.addEventListener("change", onInput);
      form.addEventListener("submit", generate);
      form.querySelector("[data-clear]").addEventListener("click", function () {
        clearDraft();
        state.editing = null;
        reset();
        hideResult();
        showEditing();
        say($("sc-draft"), "草稿已清除。");
      });
    });
    $("sc-open").addEventListener("click", openForge);
    $("sc-copy").addEventListener("click", function () {
      copy(state.result.yaml).then(function (ok) {
        say($("sc-status"), ok ? "文件内容已复制到剪贴板。" : "没能复制，请用“下载文件”。");
      });
    });
    $("sc-download").addEventListener("click", download);
    var hash = "";
    try { hash = decodeURIComponent(location.hash.replace(/^#/, "")); } catch (err) { hash = ""; } /* a malformed %-escape */
    var draft = loadDraft();
    if (hash.indexOf("edit=") === 0) { startEdit(hash.slice(5)); }
    else if (draft) { restore(draft); }
  }

  function start() {
    window.scLoad("pinyin", 0, base + "data/fill-pinyin.js", function (table) { state.reading = readingOf(table); });
    window.scLoad("fill", 0, base + "data/fill.js", function (data) { state.data = data; ready(); }, function () {
      say($("sc-unit-err"), "没能读取单位名录（data/fill.js）。请刷新页面；仍不行时按申报指南用命令行填报。");
    });
  }

  /* For the tests and the curious: the functions the form is built from. */
  window.scFill = { toYaml: toYaml, projectId: projectId, loadWords: loadWords, forgeAddress: forgeAddress, state: state, isoDate: isoDate, matches: matches,
                    yamlNow: function () { return toYaml(state.form, values()); } };

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
});
