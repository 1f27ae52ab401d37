/* The book's own behaviour, with the libraries it ships in _static (no CDN):
   - charts: each card's Vega-Lite spec is drawn by vega-embed to the width of its column (the
     static picture stays for readers without JavaScript), legends below the chart on a phone;
   - long tables become searchable, sortable and paged (DataTables, from the itables package),
     and follow the page's light or dark theme. Without JavaScript every table shows whole. */
(function () {
  "use strict";

  // A chart wider than its column is drawn again narrower: its plot narrowed by the excess, its axis
  // labels shortened, its legend below it (Vega-Lite's "container" width warns when the chart's rows
  // are a fixed step). What is still too wide is scaled down to the column.
  function narrower(spec, plot, excess, room) {
    var s = JSON.parse(JSON.stringify(spec));
    s.width = Math.max(80, Math.floor(plot - excess) - 4);
    s.config = s.config || {};
    s.config.legend = Object.assign({}, s.config.legend, { orient: "bottom", direction: "vertical" });
    (s.layer || [s]).forEach(function (part) {
      ["x", "y"].forEach(function (channel) {
        var enc = part.encoding && part.encoding[channel];
        if (enc && enc.axis !== null) {
          enc.axis = Object.assign({}, enc.axis, { labelLimit: Math.round(room * 0.35) });
        }
      });
    });
    return s;
  }

  function draw(el, spec) {
    var options = { actions: false, renderer: "svg", loader: { target: "_self" } };
    return window.vegaEmbed(el, spec, options).then(function (result) {
      var svg = el.querySelector("svg");
      var room = el.clientWidth;
      var wide = svg ? svg.getBoundingClientRect().width : 0;
      if (!svg || wide <= room + 1) { return result; }
      var plot = result.view.width();
      result.finalize();
      return window.vegaEmbed(el, narrower(spec, plot, wide - room, room), options).then(function (again) {
        var svg2 = el.querySelector("svg");
        if (svg2 && svg2.getBoundingClientRect().width > room + 1) {
          svg2.style.width = "100%";
          svg2.style.height = "auto";
        }
        return again;
      });
    });
  }

  function charts() {
    if (!window.vegaEmbed) { return; }
    document.querySelectorAll(".card-live[data-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-spec"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      draw(el, spec)
        .then(function () {
          var still = el.parentNode.querySelector(".card-static");
          if (still) { still.hidden = true; }
          var svg = el.querySelector("svg");
          if (svg && spec.description) {  // the chart's text alternative, made from its spec and data
            svg.setAttribute("role", "graphics-document document");
            svg.setAttribute("aria-label", spec.description);
          }
          el.classList.add("card-drawn");
        })
        .catch(function (error) { console.error(error); });
    });
  }

  function tables() {
    var dt = window.itables_dt;
    if (!dt || !dt.jQuery) { return; }
    document.querySelectorAll("table.card-datatable").forEach(function (table) {
      dt.jQuery(table).DataTable({
        order: [],
        autoWidth: false,
        pageLength: 25,
        lengthMenu: [[25, 100, -1], [25, 100, "all"]],
        language: { search: "Search this table:" }
      });
      var card = table.closest("figure.card");
      var number = card ? card.querySelector(".card-number") : null;
      var nav = card ? card.querySelector("nav[aria-label='pagination']") : null;
      if (nav) {  // one landmark per table, named after it
        nav.setAttribute("aria-label", "Pages of " + (number ? number.textContent.replace(/\.$/, "") : "the table"));
      }
    });
    window.addEventListener("beforeprint", function () {  // print every row, not the page on screen
      document.querySelectorAll("table.card-datatable").forEach(function (table) {
        dt.jQuery(table).DataTable().page.len(-1).draw();
      });
    });
    if (dt.set_or_remove_dark_class) {
      dt.set_or_remove_dark_class();
      new MutationObserver(function () { dt.set_or_remove_dark_class(); })
        .observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    }
  }

  function landmarks() {  // the theme leaves its sidebar outside any landmark
    var side = document.querySelector(".bd-sidebar-primary");
    if (side && !side.getAttribute("role")) {
      side.setAttribute("role", "region");
      side.setAttribute("aria-label", "The book's contents");
    }
  }

  function copying() {  // "Copy the citation": the plain text beside the button, offline too
    document.querySelectorAll("button.card-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var box = button.closest(".card-cite, .card-cite-open");
        var text = box ? box.querySelector(".card-citation").textContent : "";
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { fallback(text) && done(); });
        } else if (fallback(text)) {
          done();
        }
      });
    });
    function fallback(text) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      return ok;
    }
  }

  function editions() {  // in a published site: is there a newer edition? (the site's versions.js)
    var site = document.querySelector('meta[name="compendium-site"]');
    var line = document.querySelector(".edition-line");
    if (!site || !line) return;
    var root = site.getAttribute("content");
    var script = document.createElement("script");
    script.src = root + "versions.js";
    script.onload = function () {
      var known = window.compendiumEditions;
      if (!known || !known.latest) return;
      var page = line.getAttribute("data-page") + ".html";
      var latest = line.querySelector(".edition-latest");
      if (latest) latest.href = root + "latest/" + page;
      if (known.latest === line.getAttribute("data-edition")) return;
      var newer = line.querySelector(".edition-newer");
      newer.textContent = " · A newer edition, " + known.latest + ", exists: ";
      var link = document.createElement("a");
      link.href = root + "latest/" + page;
      link.textContent = "this page in it";
      newer.appendChild(link);
      newer.hidden = false;
      line.classList.add("edition-old");
    };
    document.head.appendChild(script);
  }

  function start() { landmarks(); charts(); tables(); copying(); editions(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
