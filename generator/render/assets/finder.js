/* The project finder: any part of a project's name or its unit's name finds it, in every year
   by default; the year is a filter. Reads data/finder-<year>.js (ids, names, unit names) and
   matches substrings, which Chinese needs. The query and year live in the address (?find=…&fy=…),
   so a search can be shared. Every value reaches the page through textContent. */
(function () {
  "use strict";
  var LIMIT = 50;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function terms(query) { return query.toLowerCase().split(/\s+/).filter(Boolean); }

  /* Hits of one year's index: [year, row, unit name, cost]. A word is found in the project's or the
     unit's name; failing that, a longer word may name the unit as people say it (周水子街道工会 for
     甘井子区周水子街道总工会, see site.js), at a cost that ranks such hits after the exact ones. */
  function matches(year, data, words) {
    var hits = [], names = window.scNames, units = {};
    for (var i = 0; i < data.p.length; i++) {
      var row = data.p[i];
      var unit = data.u[row[2]];
      var hay = (row[1] + "\u0000" + unit).toLowerCase();
      var cost = 0;
      for (var t = 0; t < words.length && cost >= 0; t++) {
        if (hay.indexOf(words[t]) >= 0) { continue; }
        if (Array.from(words[t]).length < 3 || !names) { cost = -1; break; }
        var key = row[2] + "\u0000" + words[t];
        if (!(key in units)) { units[key] = names.fit(names.squash(words[t]), names.squash(unit)); }
        cost = units[key] < 0 ? -1 : cost + units[key];
      }
      if (cost >= 0) { hits.push([year, row, unit, cost]); }
    }
    return hits;
  }

  function loadAll(years, base, done, fail) {
    var found = {};
    var left = years.length;
    var failed = false;
    if (!left) { done(found); return; }
    years.forEach(function (year) {
      window.scLoad("finder", year, base + "data/finder-" + year + ".js", function (data) {
        found[year] = data;
        left -= 1;
        if (left === 0 && !failed) { done(found); }
      }, function () { if (!failed) { failed = true; fail(); } });
    });
  }

  function hitItem(hit, base, showYear) {
    var item = el("li", "sc-finder-hit");
    if (showYear) { item.appendChild(el("span", "sc-finder-year-tag", hit[0] + " 年")); }
    var link = el("a", null, hit[1][1]);
    link.href = base + encodeURIComponent(hit[0]) + "/projects/" + encodeURIComponent(hit[1][0]) + ".html";
    item.appendChild(link);
    item.appendChild(el("span", "sc-finder-unit", hit[2]));
    return item;
  }

  function setup(box) {
    var base = box.getAttribute("data-base") || "";
    var input = box.querySelector(".sc-finder-q");
    var select = box.querySelector(".sc-finder-year");
    var list = box.querySelector(".sc-finder-results");
    var years = (select.getAttribute("data-years") || "").split(" ").filter(Boolean);
    var timer = null;

    function remember() {
      if (!window.URLSearchParams || !window.history.replaceState) { return; }
      var params = new URLSearchParams(window.location.search);
      if (input.value.trim()) { params.set("find", input.value.trim()); } else { params.delete("find"); }
      if (select.value) { params.set("fy", select.value); } else { params.delete("fy"); }
      var search = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    function suggest(others, words) {
      var found = false;
      var line = el("li", "sc-finder-suggest");
      line.appendChild(el("span", null, "其他年份有："));
      others.forEach(function (year) {
        var n = matches(year, loaded[year], words).length;
        if (!n) { return; }
        found = true;
        var button = el("button", "sc-finder-other", year + " 年 " + n + " 个");
        button.type = "button";
        button.addEventListener("click", function () { select.value = year; run(); });
        line.appendChild(button);
      });
      if (found) { list.appendChild(line); }
    }

    var loaded = {};

    function show(words, chosen) {
      var hits = [];
      (chosen ? [chosen] : years).forEach(function (year) { hits = hits.concat(matches(year, loaded[year], words)); });
      hits.sort(function (x, y) { return x[3] - y[3]; }); /* stable: exact hits first, in their order */
      list.textContent = "";
      var scope = chosen ? chosen + " 年" : "各年度";
      list.appendChild(el("li", "sc-finder-summary", hits.length === 0 ? "在" + scope + "没有找到，换几个字试试。" :
        "在" + scope + "找到 " + hits.length + " 个项目" + (hits.length > LIMIT ? "，显示前 " + LIMIT + " 个" : "")));
      hits.slice(0, LIMIT).forEach(function (hit) { list.appendChild(hitItem(hit, base, !chosen)); });
      if (chosen && hits.length === 0) {
        suggest(years.filter(function (y) { return y !== chosen; }), words);
      }
    }

    function run() {
      var query = input.value.trim();
      var chosen = select.value;
      remember();
      if (!query) { list.textContent = ""; return; }
      loadAll(years, base, function (all) {
        if (input.value.trim() !== query || select.value !== chosen) { return; }
        loaded = all;
        show(terms(query), chosen);
      }, function () { list.textContent = ""; list.appendChild(el("li", null, "项目索引载入失败。")); });
    }

    if (window.URLSearchParams) {
      var params = new URLSearchParams(window.location.search);
      if (params.get("fy") && years.indexOf(params.get("fy")) >= 0) { select.value = params.get("fy"); }
      if (params.get("find")) { input.value = params.get("find"); }
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    select.addEventListener("change", run);
    if (input.value.trim()) { run(); }
  }

  function start() { document.querySelectorAll(".sc-finder").forEach(setup); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
