/* The project finder: any part of a project's name or its unit's name finds it.
   Reads data/finder-<year>.js (ids, names, unit names) and matches substrings, which Chinese needs. */
(function () {
  "use strict";
  var LIMIT = 50;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function matches(data, query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    var hits = [];
    var total = 0;
    for (var i = 0; i < data.p.length; i++) {
      var row = data.p[i];
      var hay = (row[1] + "\u0000" + data.u[row[2]]).toLowerCase();
      var ok = true;
      for (var t = 0; t < terms.length; t++) {
        if (hay.indexOf(terms[t]) < 0) { ok = false; break; }
      }
      if (ok) {
        total += 1;
        if (hits.length < LIMIT) { hits.push(row); }
      }
    }
    return { hits: hits, total: total };
  }

  function show(list, data, year, base, found) {
    list.textContent = "";
    var summary = el("li", "sc-finder-summary",
      found.total === 0 ? "没有找到，换几个字试试。" :
      "找到 " + found.total + " 个项目" + (found.total > found.hits.length ? "，显示前 " + found.hits.length + " 个" : ""));
    list.appendChild(summary);
    found.hits.forEach(function (row) {
      var item = el("li", "sc-finder-hit");
      var link = el("a", null, row[1]);
      link.href = base + encodeURIComponent(year) + "/projects/" + encodeURIComponent(row[0]) + ".html";
      item.appendChild(link);
      item.appendChild(el("span", "sc-finder-unit", data.u[row[2]]));
      list.appendChild(item);
    });
  }

  function setup(box) {
    var base = box.getAttribute("data-base") || "";
    var input = box.querySelector(".sc-finder-q");
    var select = box.querySelector(".sc-finder-year");
    var list = box.querySelector(".sc-finder-results");
    var timer = null;

    function run() {
      var query = input.value.trim();
      var year = select.value;
      if (!query) { list.textContent = ""; return; }
      window.scLoad("finder", year, base + "data/finder-" + year + ".js", function (data) {
        if (input.value.trim() !== query || select.value !== year) { return; }
        show(list, data, year, base, matches(data, query));
      }, function () { list.textContent = ""; list.appendChild(el("li", null, "项目索引载入失败。")); });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    select.addEventListener("change", run);
  }

  function start() { document.querySelectorAll(".sc-finder").forEach(setup); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
