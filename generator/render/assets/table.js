/* The year's registry: a sortable, filterable, paged table over data/table-<year>.js.
   Only one page of rows is in the DOM at a time, so ten thousand projects stay quick.
   Filters, sort and page live in the address (?q=…&status=…&sort=…), so a view can be shared;
   on a narrow screen each row becomes a card (cells carry their column's label). */
(function () {
  "use strict";
  var PAGE = 50;
  var collator = window.Intl && Intl.Collator ? new Intl.Collator("zh-Hans-CN") : null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function compareText(a, b) { return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0); }

  /* One flat object per project, resolved once from the compact rows. */
  function expand(data) {
    return data.rows.map(function (r) {
      var unit = data.units[r[2]];
      var parent = unit[3] >= 0 ? data.units[unit[3]] : null;
      var areas = [];
      data.areas.forEach(function (name, i) { if (r[4] & (1 << i)) { areas.push(name); } });
      return {
        id: r[0], name: r[1], unit: unit[1], unitId: unit[0], tier: data.tiers[unit[2]],
        parent: parent ? parent[1] : "", areaMask: r[4], areas: areas.join("、"),
        category: r[5] >= 0 ? data.categories[r[5]] : "", status: data.statuses[r[3]], statusClass: data.statusClasses[r[3]],
        award: r[6] >= 0 ? data.categories[r[6]] : "", province: r[7] === 1,
        hay: (r[1] + "\u0000" + unit[1]).toLowerCase()
      };
    });
  }

  var COLUMNS = [
    { key: "name", label: "项目名称" }, { key: "unit", label: "单位" }, { key: "tier", label: "层级" },
    { key: "parent", label: "所属上级" }, { key: "areas", label: "评选内容" },
    { key: "category", label: "拟申报类别" }, { key: "status", label: "状态" }
  ];

  function distinct(rows, key) {
    var seen = {};
    rows.forEach(function (r) { if (r[key]) { seen[r[key]] = true; } });
    return Object.keys(seen).sort(compareText);
  }

  function select(label, options, blank) {
    var wrap = el("label", "sc-filter");
    wrap.appendChild(el("span", null, label));
    var s = el("select");
    s.appendChild(new Option("全部", ""));
    if (blank) { s.appendChild(new Option(blank, "\u0000")); }
    options.forEach(function (o) { s.appendChild(new Option(o, o)); });
    wrap.appendChild(s);
    return { wrap: wrap, input: s };
  }

  function build(root, data) {
    var year = root.getAttribute("data-year");
    var base = root.getAttribute("data-base") || "";
    var rows = expand(data);
    var state = { sort: null, dir: 1, page: 0, shown: rows };
    var params = window.URLSearchParams ? new URLSearchParams(window.location.search) : null;

    var controls = el("div", "sc-filters");
    var text = el("label", "sc-filter sc-filter-text");
    text.appendChild(el("span", null, "名称或单位包含"));
    var q = el("input");
    q.type = "search";
    q.placeholder = "例如：法律援助";
    text.appendChild(q);
    controls.appendChild(text);
    var filters = {
      tier: select("层级", data.tiers),
      parent: select("所属上级", distinct(rows, "parent"), "直报市总工会"),
      areas: select("评选内容", data.areas),
      category: select("拟申报类别", data.categories, "未填"),
      status: select("状态", distinct(rows, "status"))
    };
    Object.keys(filters).forEach(function (k) { controls.appendChild(filters[k].wrap); });
    var sortKeys = COLUMNS.map(function (c) { return c.key; });
    /* Sorting without the header row (hidden on a phone): one select of column and direction. */
    var sortWrap = el("label", "sc-filter sc-filter-sort");
    sortWrap.appendChild(el("span", null, "排序"));
    var sortSelect = el("select");
    sortSelect.appendChild(new Option("默认顺序", ""));
    COLUMNS.forEach(function (c) {
      sortSelect.appendChild(new Option(c.label + " ↑", c.key));
      sortSelect.appendChild(new Option(c.label + " ↓", c.key + ":desc"));
    });
    sortWrap.appendChild(sortSelect);
    controls.appendChild(sortWrap);
    sortSelect.addEventListener("change", function () {
      var parts = sortSelect.value.split(":");
      state.sort = parts[0] || null;
      state.dir = parts[1] === "desc" ? -1 : 1;
      apply();
    });

    /* The address holds the view: read once here, written on every change. */
    function restore() {
      if (!params) { return; }
      q.value = params.get("q") || "";
      Object.keys(filters).forEach(function (k) {
        var v = params.get(k);
        if (v === null) { return; }
        var value = v === "-" ? "\u0000" : v;
        var known = Array.prototype.some.call(filters[k].input.options, function (o) { return o.value === value; });
        if (known) { filters[k].input.value = value; }
      });
      if (sortKeys.indexOf(params.get("sort")) >= 0) { state.sort = params.get("sort"); }
      state.dir = params.get("dir") === "desc" ? -1 : 1;
    }

    function remember() {
      if (!params || !window.history.replaceState) { return; }
      var next = new URLSearchParams();
      if (q.value.trim()) { next.set("q", q.value.trim()); }
      Object.keys(filters).forEach(function (k) {
        var v = filters[k].input.value;
        if (v) { next.set(k, v === "\u0000" ? "-" : v); }
      });
      if (state.sort) { next.set("sort", state.sort); if (state.dir < 0) { next.set("dir", "desc"); } }
      if (state.page > 0) { next.set("page", String(state.page + 1)); }
      var search = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    var count = el("p", "sc-count");
    var scroller = el("div", "sc-table-scroll");
    var table = el("table", "sc-list sc-registry-table");
    var head = el("thead");
    var headRow = el("tr");
    var body = el("tbody");
    COLUMNS.forEach(function (c) {
      var th = el("th");
      var button = el("button", "sc-sort", c.label);
      button.type = "button";
      button.setAttribute("data-key", c.key);
      button.addEventListener("click", function () {
        state.dir = state.sort === c.key ? -state.dir : 1;
        state.sort = c.key;
        apply();
      });
      th.appendChild(button);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    table.appendChild(body);
    scroller.appendChild(table);

    var pager = el("div", "sc-pager");
    var prev = el("button", "md-button", "上一页");
    var next = el("button", "md-button", "下一页");
    var where = el("span", "sc-page");
    prev.type = next.type = "button";
    prev.addEventListener("click", function () { state.page -= 1; draw(); });
    next.addEventListener("click", function () { state.page += 1; draw(); });
    pager.appendChild(prev);
    pager.appendChild(where);
    pager.appendChild(next);

    root.textContent = "";
    root.appendChild(controls);
    root.appendChild(count);
    root.appendChild(scroller);
    root.appendChild(pager);

    function keep(r) {
      var term = q.value.trim().toLowerCase();
      if (term && term.split(/\s+/).some(function (t) { return r.hay.indexOf(t) < 0; })) { return false; }
      var v = filters.tier.input.value;
      if (v && r.tier !== v) { return false; }
      v = filters.parent.input.value;
      if (v && r.parent !== (v === "\u0000" ? "" : v)) { return false; }
      v = filters.areas.input.value;
      if (v && r.areaMask !== undefined && (r.areaMask & (1 << data.areas.indexOf(v))) === 0) { return false; }
      v = filters.category.input.value;
      if (v && r.category !== (v === "\u0000" ? "" : v)) { return false; }
      v = filters.status.input.value;
      return !(v && r.status !== v);
    }

    function apply(keepPage) {
      state.shown = rows.filter(keep);
      if (state.sort) {
        var key = state.sort;
        var dir = state.dir;
        state.shown.sort(function (a, b) { return dir * compareText(a[key], b[key]); });
      }
      if (!keepPage) { state.page = 0; }
      sortSelect.value = state.sort ? state.sort + (state.dir < 0 ? ":desc" : "") : "";
      headRow.querySelectorAll("th").forEach(function (th, i) {
        var key = COLUMNS[i].key;
        th.setAttribute("aria-sort", state.sort === key ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
      draw();
    }

    function cell(label, child) {
      var td = el("td");
      td.setAttribute("data-label", label);
      if (typeof child === "string") { td.textContent = child; } else { td.appendChild(child); }
      return td;
    }

    function draw() {
      var pages = Math.max(1, Math.ceil(state.shown.length / PAGE));
      state.page = Math.min(Math.max(state.page, 0), pages - 1);
      var start = state.page * PAGE;
      var slice = state.shown.slice(start, start + PAGE);
      body.textContent = "";
      slice.forEach(function (r) {
        var tr = el("tr");
        var link = el("a", "sc-row-title", r.name);
        link.href = base + encodeURIComponent(year) + "/projects/" + encodeURIComponent(r.id) + ".html";
        tr.appendChild(cell("项目名称", link));
        var unitLink = el("a", null, r.unit);
        unitLink.href = base + "units/" + encodeURIComponent(r.unitId) + ".html";
        tr.appendChild(cell("单位", unitLink));
        tr.appendChild(cell("层级", r.tier));
        tr.appendChild(cell("所属上级", r.parent || "—"));
        tr.appendChild(cell("评选内容", r.areas));
        tr.appendChild(cell("拟申报类别", r.category || "未填"));
        var badges = el("span");
        badges.appendChild(el("span", "sc-status sc-status-" + r.statusClass, r.status));
        if (r.province) { badges.appendChild(document.createTextNode(" ")); badges.appendChild(el("span", "sc-tag", "推荐省总")); }
        tr.appendChild(cell("状态", badges));
        body.appendChild(tr);
      });
      count.textContent = "共 " + rows.length + " 个项目，符合条件 " + state.shown.length + " 个";
      where.textContent = "第 " + (state.page + 1) + " / " + pages + " 页";
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      remember();
    }

    var timer = null;
    q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { apply(); }, 120); });
    Object.keys(filters).forEach(function (k) { filters[k].input.addEventListener("change", function () { apply(); }); });
    restore();
    state.page = params ? Math.max(0, (parseInt(params.get("page") || "1", 10) || 1) - 1) : 0;
    apply(true);
  }

  function start() {
    var root = document.getElementById("sc-table");
    if (!root) { return; }
    var year = root.getAttribute("data-year");
    window.scLoad("table", year, root.getAttribute("data-src"), function (data) { build(root, data); }, function () {
      root.textContent = "项目表载入失败，请下载 Excel 或 CSV 文件查看。";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
