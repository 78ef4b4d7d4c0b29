/* 在线填报: the registration form in the browser. It checks what she types with the messages the
   build took from `check` (data/fill.js), writes the YAML file, and opens the forge's "new file" page.
   Plain script, no dependencies, no network but the forge page she asks for. Every value from the
   registry or a filing goes onto the page with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("sc-fill");
  if (!root) { return; }
  var base = root.getAttribute("data-base") || "";
  /* The forge's address is the page's (programme.yaml's 仓库地址), not data: the data files hold no URLs. */
  var repo = ($("sc-repo") ? $("sc-repo").getAttribute("data-repo") || "" : "").replace(/\/+$/, "");
  var DRAFT = "sc-fill-draft-v1";
  var state = { data: null, reading: null, unit: null, unitData: null, form: null, editing: null,
                touched: {}, submitted: false, result: null };

  function $(id) { return document.getElementById(id); }
  function say(el, text) { el.textContent = text || ""; }

  /* ---- dates and text, as the models read them ---- */

  function chinaToday() { return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10); }
  function year() { return state.editing ? state.editing.year : parseInt(chinaToday().slice(0, 4), 10); }
  function chars(text) { return Array.from(text).length; } /* pydantic counts code points */

  function normalise(kind, value) {
    if (typeof value !== "string") { return value; }
    value = value.normalize("NFC").replace(/\r\n?/g, "\n");
    if (kind === "text") { return value.replace(/\s+$/, "").replace(/^[ \t\r\n]+/, ""); }
    return value.trim();
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
    var lines = spec.head.slice();
    lines.push("");
    var group = null;
    spec.fields.forEach(function (f, i) {
      var v = values[i];
      if (f.group && groupIsEmpty(spec, values, f.group)) { return; }
      if (v === "" || v === null || (Array.isArray(v) && !v.length)) { return; }
      var pad = "";
      if (f.group) {
        if (group !== f.group) { lines.push(f.group + ":"); group = f.group; }
        pad = "  ";
      } else { group = null; }
      var key = pad + f.keys[f.keys.length - 1] + ":";
      if (Array.isArray(v)) {
        lines.push(key);
        v.forEach(function (item) { lines.push(pad + "  - " + scalar(item)); });
      } else if (f.kind === "text") {
        lines.push(key + " " + block(v, pad));
      } else {
        lines.push(key + " " + scalar(v));
      }
    });
    return lines.join("\n") + "\n";
  }

  function groupIsEmpty(spec, values, group) {
    return spec.fields.every(function (f, i) {
      var v = values[i];
      return f.group !== group || v === "" || v === null || (Array.isArray(v) && !v.length);
    });
  }

  /* ---- project ids: pinyin of the name (see generator/forms/project_id.py) ---- */

  function readingOf(table) {
    var map = {};
    Object.keys(table).forEach(function (syllable) {
      Array.from(table[syllable]).forEach(function (ch) { map[ch] = syllable; });
    });
    return map;
  }

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h >>> 0;
  }

  function projectId(name, taken) {
    name = name.normalize("NFC");
    var words = [], word = "";
    Array.from(name).forEach(function (ch) {
      if (/^[0-9A-Za-z]$/.test(ch)) { word += ch.toLowerCase(); return; }
      if (word) { words.push(word); word = ""; }
      if (state.reading && state.reading[ch]) { words.push(state.reading[ch]); }
    });
    if (word) { words.push(word); }
    var id = cut(words.join("-"), state.data.maxId);
    if (!id) { id = ("p-" + ("0000000" + fnv1a(name).toString(16)).slice(-8)).slice(0, 8); }
    var found = id, n = 1;
    while (taken.indexOf(found) >= 0) { n += 1; found = id + "-" + n; }
    return found;
  }

  function cut(text, max) {
    if (text.length <= max) { return text; }
    var head = text.slice(0, max + 1);
    return head.indexOf("-") >= 0 ? head.slice(0, head.lastIndexOf("-")) : text.slice(0, max);
  }

  /* ---- the unit chooser: any part of the name ---- */

  function squash(text) { return text.replace(/\s+/g, "").toLowerCase(); }

  function matches(query) {
    var q = squash(query);
    if (!q) { return []; }
    return state.data.units.filter(function (u) {
      return squash(u.name).indexOf(q) >= 0 || u.id.indexOf(q) >= 0;
    }).slice(0, 30);
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
      say($("sc-unit-err"), input.value.trim() && !shown.length ? "单位名录中没有名称含“" + input.value.trim() + "”的单位。换几个字试试；名录里没有的单位请先联系考评办公室登记。" : "");
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
    if (!unit) { say(info, ""); state.form = null; return; }
    $("sc-unit").value = unit.name;
    say($("sc-unit-err"), "");
    var parent = unit.parent ? unitById(unit.parent) : null;
    say(info, "已选择：" + unit.name + "，" + unit.tier + (parent ? "，所属上级：" + parent.name : "，直接报市总工会考评办公室") +
      (unit.signers.length ? "。本单位签字人：" + signerNames(unit).join("、") : "。单位名录中还没有本单位的签字人，请联系考评办公室登记") + "。");
    var formId = state.data.formFor[unit.tier];
    state.form = state.data.forms.filter(function (f) { return f.id === formId; })[0];
    var el = formElement();
    el.hidden = false;
    Array.prototype.forEach.call(el.querySelectorAll("[data-from]"), function (out) {
      say(out, out.getAttribute("data-from") === "unit" ? unit.name : (parent ? parent.name : ""));
    });
    Array.prototype.forEach.call(el.querySelectorAll("[data-signers]"), function (list) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      signerNames(unit).forEach(function (name) { var o = document.createElement("option"); o.value = name; list.appendChild(o); });
    });
    Array.prototype.forEach.call(el.querySelectorAll(".sc-fill-edit-only"), function (g) { g.hidden = !state.editing; });
    if (!state.editing) { fillDefaults(); }
    var y = year(), none = function () {
      if (state.unit === unit) { state.unitData = { ids: [], names: [], edit: {} }; if (then) { then(state.unitData); } }
    };
    if ((state.data.unitFiles[String(y)] || []).indexOf(unit.id) < 0) { none(); return; }
    window.scLoad("unit:" + unit.id, y, base + "data/fill/" + y + "/" + unit.id + ".js",
      function (d) { if (state.unit === unit) { state.unitData = d; if (then) { then(d); } } }, none);
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
    var inputs = box.querySelectorAll("[data-input]");
    if (f.kind === "choices") {
      return Array.prototype.filter.call(inputs, function (x) { return x.checked; }).map(function (x) { return x.value; });
    }
    if (f.kind === "choice") {
      var on = Array.prototype.filter.call(inputs, function (x) { return x.checked; })[0];
      return on ? on.value : "";
    }
    return inputs[0].value;
  }

  function values() {
    return state.form.fields.map(function (f, i) { return normalise(f.kind, rawValue(f, i)); });
  }

  function setValue(f, i, value) {
    var box = fieldElement(i);
    if (!box) { return; }
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
      var p = problem(f, vals[i], empty);
      var box = fieldElement(i);
      var err = box.querySelector(".sc-fill-error");
      var input = box.querySelector("[data-input]");
      var show = p && (showAll || state.touched[f.label]);
      if (err) { say(err, show ? (p.code ? "错误[" + p.code + "]：" : "") + p.text : ""); }
      if (input && f.kind !== "choice" && f.kind !== "choices") { input.setAttribute("aria-invalid", show ? "true" : "false"); }
      var note = box.querySelector("[data-signer-note]");
      if (note) { say(note, signerNote(vals[i])); }
      var count = box.querySelector("[data-count]");
      if (count) { say(count, String(chars(vals[i] || ""))); }
      if (p) { found.push({ field: f, index: i, problem: p }); }
    });
    return { values: vals, problems: found };
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
    hideResult();
    check(state.submitted);
    saveDraft();
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
    var vals = checked.values, name = vals[nameIndex()];
    var id = state.editing ? state.editing.id : projectId(name || "", (state.unitData || { ids: [] }).ids);
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
    say($("sc-yaml"), r.yaml);
    var who = state.unit.signers.length ? state.unit.signers.map(signerText).join("、") : "（单位名录中尚无签字人，请联系考评办公室）";
    var parent = state.unit.parent ? unitById(state.unit.parent) : null;
    say($("sc-approvers"), who + "。批准就是签字：领导用自己的 " + state.data.forge.name + " 账号打开这个合并请求，" + state.data.forge.approve + "。" +
      (parent ? "之后由所属上级" + parent.name + "在审核汇总中签署审核意见。" : "之后由考评办公室审核。"));
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
    if (state.editing) { return { url: repo + expand(f.edit, { branch: branch, path: segments(r.path) }), inline: false }; }
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
      say(status, state.editing
        ? "已打开 " + state.data.forge.name + " 上这个文件的编辑页面。" + how + "：在编辑框里全选（Ctrl+A）原内容，再粘贴（Ctrl+V）。"
        : where.reason + "。已打开 " + state.data.forge.name + " 的“新建文件”页面（文件名已填好）；" + how + "：点编辑框，粘贴（Ctrl+V）。");
    });
  }

  function download() {
    var r = state.result;
    var blob = new Blob([r.yaml], { type: "text/yaml;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = r.id + ".yaml";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    say($("sc-status"), "已下载 " + r.id + ".yaml。提交时放在 " + r.path + "。");
  }

  /* ---- drafts: what she typed survives a reload ---- */

  function saveDraft() {
    if (!state.unit || !state.form) { return; }
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
    say($("sc-draft"), "已恢复您上次没有提交的草稿（保存于 " + draft.saved.slice(0, 16).replace("T", " ") + " UTC）。");
    showEditing();
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

  function startEdit(target) {
    var parts = target.split("/");
    var unit = unitById(parts[1] || "");
    if (parts.length !== 3 || !unit) { say($("sc-editing"), "没有找到要修改的申报。"); $("sc-editing").hidden = false; return; }
    state.editing = { year: parseInt(parts[0], 10), id: parts[2], path: null };
    choose(unit, function (d) {
      var filed = d.edit[parts[2]];
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

  /* ---- start ---- */

  function ready() {
    setupChooser();
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
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
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
  window.scFill = { toYaml: toYaml, projectId: projectId, forgeAddress: forgeAddress, state: state,
                    yamlNow: function () { return toYaml(state.form, values()); } };

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
