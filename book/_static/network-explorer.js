/* The network explorer: draws the month chosen on the slider from the data the build wrote
   into the page (script#nx-data). Plain JavaScript; nothing is loaded from elsewhere. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var UNIT = 100; /* viewBox units per layout unit */
  var PT = 1.5; /* viewBox units per point of the figures' line styles */

  function el(name, attrs, text) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function html(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function wrap(label, width) {
    var lines = [];
    label.split(/\s+/).forEach(function (word) {
      if (lines.length && lines[lines.length - 1].length + 1 + word.length <= width) {
        lines[lines.length - 1] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines;
  }

  function styleOf(data, type, sign) {
    var s = data.styles[type];
    if (s && s.sign === sign) { return s; }
    return data.styles[sign > 0 ? "other+" : "other-"];
  }

  function setup(root) {
    var data = JSON.parse(document.getElementById("nx-data").textContent);
    var slider = document.getElementById("nx-month");
    var output = document.getElementById("nx-month-label");
    var drawing = document.getElementById("nx-drawing");
    var caption = document.getElementById("nx-caption");
    var blocs = document.getElementById("nx-blocs");
    var tbody = document.querySelector("#nx-ties tbody");
    var tableCaption = document.getElementById("nx-table-caption");
    var ids = Object.keys(data.actors).sort();
    /* the wide layout on a desktop, the narrow one (camps stacked) on a phone */
    var narrowQuery = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
    var view = null;

    /* bibliography links and labels from the list of sources rendered on the page */
    var cite = {};
    Array.prototype.forEach.call(document.querySelectorAll("span.nx-source"), function (span) {
      var item = span.parentNode;
      var link = item.querySelector("a[href*='bibliography']");
      cite[span.id.slice(4)] = { href: link ? link.getAttribute("href") : "#" + span.id };
    });

    function build(name) {
      var layout = data.layouts[name];
      var at = layout.places;
      var xs = ids.map(function (a) { return at[a][0]; });
      var ys = ids.map(function (a) { return at[a][1]; });
      var x0 = Math.min.apply(null, xs) - 0.6, x1 = Math.max.apply(null, xs) + 0.6;
      var y0 = Math.min.apply(null, ys) - 0.55, y1 = Math.max.apply(null, ys) + 0.55;
      var sx = function (x) { return ((x - x0) * UNIT).toFixed(1); };
      var sy = function (y) { return ((y1 - y) * UNIT).toFixed(1); };
      var svg = el("svg", {
        viewBox: "0 0 " + ((x1 - x0) * UNIT).toFixed(0) + " " + ((y1 - y0) * UNIT).toFixed(0),
        "class": "nx-svg nx-svg-" + name, "aria-hidden": "true", focusable: "false"
      });
      layout.regions.forEach(function (r) {
        var colour = data.camps[r.camp].colour;
        svg.appendChild(el("rect", {
          x: sx(r.x), y: sy(r.y + r.height), width: (r.width * UNIT).toFixed(1),
          height: (r.height * UNIT).toFixed(1), rx: 12, fill: colour, "fill-opacity": 0.07,
          stroke: colour, "stroke-width": 1
        }));
        svg.appendChild(el("text", { x: sx(r.title_x), y: sy(r.title_y), "class": "nx-region" },
          r.title));
      });
      var edgeLayer = el("g", { "class": "nx-edges" });
      svg.appendChild(edgeLayer);
      var nodes = {};
      ids.forEach(function (a) {
        var actor = data.actors[a];
        var g = el("g", { "class": "nx-node", "data-actor": a });
        var circle = el("circle", { cx: sx(at[a][0]), cy: sy(at[a][1]), r: 10 });
        g.appendChild(circle);
        var text = el("text", { x: sx(at[a][0]), y: (parseFloat(sy(at[a][1])) + 26).toFixed(1),
          "text-anchor": "middle", "class": "nx-label" });
        wrap(actor.label, 12).forEach(function (line, k) {
          text.appendChild(el("tspan", { x: sx(at[a][0]), dy: k ? "1.05em" : "0" }, line));
        });
        g.appendChild(text);
        svg.appendChild(g);
        nodes[a] = { circle: circle, group: g, colour: data.camps[actor.camp].colour };
      });
      function curve(a, b) {
        var p = at[a], q = at[b];
        var mx = (p[0] + q[0]) / 2, my = (p[1] + q[1]) / 2;
        var cx = mx + 0.12 * (q[1] - p[1]), cy = my - 0.12 * (q[0] - p[0]);
        return "M" + sx(p[0]) + " " + sy(p[1]) + " Q" + sx(cx) + " " + sy(cy) + " " +
          sx(q[0]) + " " + sy(q[1]);
      }
      while (drawing.firstChild) { drawing.removeChild(drawing.firstChild); }
      drawing.appendChild(svg);
      drawing.setAttribute("data-layout", name);
      return { edgeLayer: edgeLayer, nodes: nodes, curve: curve };
    }

    function layoutName() { return narrowQuery && narrowQuery.matches ? "narrow" : "wide"; }
    view = build(layoutName());

    /* legend: camps and tie styles */
    var legend = document.getElementById("nx-legend");
    var campList = html("ul", { "class": "nx-legend-camps", "aria-label": "Camps" });
    (data.camp_order || Object.keys(data.camps)).forEach(function (c) {
      var li = html("li");
      var dot = html("span", { "class": "nx-dot" });
      dot.style.background = data.camps[c].colour;
      li.appendChild(dot);
      li.appendChild(document.createTextNode(data.camps[c].title));
      campList.appendChild(li);
    });
    var none = html("li");
    none.appendChild(html("span", { "class": "nx-dot nx-dot-none" }));
    none.appendChild(document.createTextNode("no tie that month"));
    campList.appendChild(none);
    var tieList = html("ul", { "class": "nx-legend-ties", "aria-label": "Ties" });
    var seen = {};
    Object.keys(data.styles).forEach(function (k) {
      var s = data.styles[k];
      if (seen[s.label]) { return; }
      seen[s.label] = true;
      var li = html("li");
      var swatch = el("svg", { width: 36, height: 10, "aria-hidden": "true" });
      var line = el("line", { x1: 0, y1: 5, x2: 36, y2: 5, stroke: s.colour,
        "stroke-width": s.width * PT });
      if (s.dash && s.dash.length) {
        line.setAttribute("stroke-dasharray", s.dash.map(function (d) { return d * PT; }).join(" "));
      }
      swatch.appendChild(line);
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(" " + s.label + " (" + (s.sign > 0 ? "+" : "−") + ")"));
      tieList.appendChild(li);
    });
    legend.appendChild(campList);
    legend.appendChild(tieList);

    function cell(row, text) {
      var td = html("td", {}, text);
      row.appendChild(td);
      return td;
    }

    function show(index) {
      var month = data.months[index];
      slider.value = String(index);
      slider.setAttribute("aria-valuetext", month.label);
      output.textContent = month.label;
      caption.textContent = month.caption;
      drawing.setAttribute("aria-label", "Network of the actors tied in " + month.label +
        " (the table below lists its ties)");
      root.setAttribute("data-month", month.key);
      var edgeLayer = view.edgeLayer, nodes = view.nodes;
      while (edgeLayer.firstChild) { edgeLayer.removeChild(edgeLayer.firstChild); }
      var active = {};
      month.edges.forEach(function (e) {
        var s = styleOf(data, e.type, e.sign);
        var path = el("path", { d: view.curve(e.a, e.b), fill: "none", stroke: s.colour,
          "stroke-width": (s.width * PT).toFixed(2), "data-pair": e.a + " " + e.b });
        if (s.dash && s.dash.length) {
          path.setAttribute("stroke-dasharray",
            s.dash.map(function (d) { return d * PT; }).join(" "));
        }
        edgeLayer.appendChild(path);
        active[e.a] = true;
        active[e.b] = true;
      });
      ids.forEach(function (a) {
        var n = nodes[a];
        n.circle.setAttribute("fill", active[a] ? n.colour : "#ffffff");
        n.circle.setAttribute("stroke", active[a] ? "#222222" : "#9a9a9a");
        n.group.setAttribute("class", active[a] ? "nx-node" : "nx-node nx-absent");
      });
      while (blocs.firstChild) { blocs.removeChild(blocs.firstChild); }
      blocs.appendChild(html("h3", {}, "Blocs in " + month.label));
      var list = html("ol");
      month.blocs.forEach(function (b) {
        list.appendChild(html("li", {}, b.map(function (a) { return data.actors[a].label; })
          .join(", ") + " (" + b.length + " actors)"));
      });
      blocs.appendChild(list);
      tableCaption.textContent = "Ties active in " + month.label;
      while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
      month.ties.forEach(function (k) {
        var t = data.ties[k];
        var row = html("tr");
        cell(row, data.actors[t.a].label + " – " + data.actors[t.b].label);
        cell(row, t.type_label);
        cell(row, t.sign > 0 ? "cooperative (+)" : "hostile (−)");
        cell(row, t.dates);
        var src = cell(row, "");
        var link = html("a", { "class": "nx-src", "data-key": t.source,
          href: (cite[t.source] || {}).href || "#src-" + t.source }, t.cite);
        src.appendChild(link);
        if (t.locator) { src.appendChild(document.createTextNode(", " + t.locator)); }
        cell(row, "line " + t.line);
        tbody.appendChild(row);
      });
    }

    slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
    document.getElementById("nx-prev").addEventListener("click", function () {
      show(Math.max(0, parseInt(slider.value, 10) - 1));
    });
    document.getElementById("nx-next").addEventListener("click", function () {
      show(Math.min(data.months.length - 1, parseInt(slider.value, 10) + 1));
    });
    if (narrowQuery) {
      var relayout = function () {
        if (layoutName() !== drawing.getAttribute("data-layout")) {
          view = build(layoutName());
          show(parseInt(slider.value, 10));
        }
      };
      if (narrowQuery.addEventListener) { narrowQuery.addEventListener("change", relayout); }
      else if (narrowQuery.addListener) { narrowQuery.addListener(relayout); }
    }
    var start = 0;
    var wanted = (window.location.hash.match(/^#month-(\d{4}-\d{2})$/) || [])[1];
    data.months.forEach(function (m, k) { if (m.key === wanted) { start = k; } });
    show(start);
  }

  function init() {
    var root = document.getElementById("nx-explorer");
    if (root && document.getElementById("nx-data")) { setup(root); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
