/* The site's small shared script: data loading, live countdown, page titles, printing. Self-hosted, no dependencies.
   Every value from a filing is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var loaded = {};
  var waiting = {};

  /* Data files call scData(kind, year, value); they are plain scripts so they also load from file://. */
  window.scData = function (kind, year, value) {
    var key = kind + ":" + year;
    loaded[key] = value;
    (waiting[key] || []).forEach(function (cb) { cb(value); });
    delete waiting[key];
  };

  window.scLoad = function (kind, year, src, cb, fail) {
    var key = kind + ":" + year;
    if (loaded[key]) { cb(loaded[key]); return; }
    if (waiting[key]) { waiting[key].push(cb); return; }
    waiting[key] = [cb];
    var script = document.createElement("script");
    script.src = src;
    script.onerror = function () { delete waiting[key]; if (fail) { fail(); } };
    document.head.appendChild(script);
  };

  /* Names as people type them (the form's unit chooser and the finder share this). */
  function squash(text) {
    return text.normalize("NFKC").replace(/[\s（）()《》“”"·]+/g, "").toLowerCase();
  }

  var NUMERALS = "零一二三四五六七八九";
  /* 24 → 二十四, as school and hospital names write numbers (1–99). */
  function chineseNumber(digits) {
    var n = parseInt(digits, 10);
    if (!(n > 0 && n < 100)) { return digits; }
    var tens = Math.floor(n / 10), ones = n % 10;
    return (tens > 1 ? NUMERALS[tens] : "") + (tens ? "十" : "") + (ones ? NUMERALS[ones] : "");
  }

  /* How well a query fits a name, lower is better; -1 when it does not. A part of the name fits
     best; else its characters in order (周水子街道工会 → 甘井子区周水子街道总工会, 大连地铁工会 →
     大连地铁运营有限公司工会, 瓦轴 → 瓦房店轴承…), the fewer and shorter the gaps the better. */
  function fit(q, name) {
    var at = name.indexOf(q);
    if (at >= 0) { return at === 0 ? 0 : 1; }
    var chars = Array.from(q), pos = -1, gaps = 0, spread = 0;
    for (var i = 0; i < chars.length; i++) {
      var next = name.indexOf(chars[i], pos + 1);
      if (next < 0) { return -1; }
      if (pos >= 0 && next > pos + 1) { gaps += 1; spread += next - pos - 1; }
      pos = next;
    }
    return chars.length < 2 ? -1 : 2 + gaps * 4 + spread / 10;
  }

  window.scNames = { squash: squash, fit: fit, chineseNumber: chineseNumber };

  var DAY = 86400000;
  var CHINA = 8 * 3600000;

  function chinaDay(time) { return Math.floor((time + CHINA) / DAY); }

  function countdowns() {
    document.querySelectorAll(".sc-days[data-deadline]").forEach(function (el) {
      var deadline = Date.parse(el.getAttribute("data-deadline"));
      if (isNaN(deadline)) { return; }
      var now = Date.now();
      if (now > deadline) {
        el.textContent = "此截止时间已过，请以最新通知为准";
        return;
      }
      var strong = el.querySelector("strong");
      if (strong) { strong.textContent = String(chinaDay(deadline) - chinaDay(now)); }
    });
  }

  function pageTitle() {
    var heading = document.querySelector("[data-sc-title]");
    if (!heading) { return; }
    var parts = document.title.split(" - ");
    var site = parts.length > 1 ? parts[parts.length - 1] : "";
    document.title = heading.textContent + (site ? " - " + site : "");
  }

  /* The printable form: step the type size down until the sheet fits one A4 page. */
  var MAX_FIT = 10;
  function fitSheets() {
    document.querySelectorAll(".sc-sheet").forEach(function (sheet) {
      var level = parseInt(sheet.getAttribute("data-fit") || "0", 10);
      while (sheet.scrollHeight > sheet.clientHeight + 1 && level < MAX_FIT) {
        sheet.classList.remove("sc-fit-" + level);
        level += 1;
        sheet.classList.add("sc-fit-" + level);
        sheet.setAttribute("data-fit", String(level));
      }
      /* Beyond the smallest legible type, a second sheet beats cutting text off. */
      sheet.classList.toggle("sc-overflow", sheet.scrollHeight > sheet.clientHeight + 1);
    });
  }

  /* On a screen narrower than A4, show the whole sheet scaled down (zoom keeps the layout, so the
     page does not scroll sideways); printing uses the real size (site.css resets zoom for print). */
  function scaleSheets() {
    document.querySelectorAll(".sc-sheet").forEach(function (sheet) {
      sheet.style.zoom = "";
      var room = sheet.parentElement ? sheet.parentElement.clientWidth : window.innerWidth;
      var width = sheet.offsetWidth;
      if (width > room && room > 0) { sheet.style.zoom = String(Math.floor((room / width) * 1000) / 1000); }
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-sc-print]").forEach(function (button) {
      button.addEventListener("click", function () { fitSheets(); window.print(); });
    });
  }

  function start() {
    countdowns();
    pageTitle();
    fitSheets();
    printButtons();
    scaleSheets();
    window.addEventListener("resize", scaleSheets);
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".sc-sheet").forEach(function (s) { s.style.zoom = ""; });
      fitSheets();
    });
    window.addEventListener("afterprint", scaleSheets);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
