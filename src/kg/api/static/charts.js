// The map, the timeline and the troop-count chart, drawn with Observable Plot (npm, served from /assets) from the
// facts the page carries as JSON (#kg-chart-data). Country outlines are Natural Earth's, from the world-atlas
// package (TopoJSON, read with topojson-client): no tile server, nothing from outside. Every mark links to the
// page of its base, event or count, and names itself (aria-label) for screen readers and tests.
(function () {
  "use strict";
  const source = document.getElementById("kg-chart-data");
  if (!source || !window.Plot) return;
  const data = JSON.parse(source.textContent);
  const css = getComputedStyle(document.documentElement);
  const color = (name, fallback) => css.getPropertyValue("--" + name).trim() || fallback;
  const STATUS = {
    completed: color("completed", "#1b7837"),
    in_progress: color("in_progress", "#c46a00"),
    planned: color("planned", "#2b62a8"),
  };
  const statusColor = (s) => STATUS[s] || "#888";
  const day = (s) => new Date(s + "T00:00:00Z");
  const after = (s) => new Date(day(s).getTime() + 86400000);
  const middle = (d) => new Date((day(d.start).getTime() + after(d.end).getTime()) / 2);
  const widthOf = (el) => Math.max(300, Math.floor(el.getBoundingClientRect().width) || 600);
  const short = (t, n) => (t.length > n ? t.slice(0, n - 1) + "…" : t);
  // time axes in the page's language (Arabic month names of Iraq, Western digits as the pages write dates)
  const locale = data.lang === "ar" ? "ar-IQ-u-nu-latn" : "en-GB";
  const monthName = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  const dayMonth = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const timeTick = (d) => (d.getUTCDate() !== 1 ? dayMonth.format(d)
    : d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : monthName.format(d));

  // Labels that would cover one another: the later ones (in the data's order) are hidden; the mark keeps its
  // tooltip and its link.
  function declutter(el) {
    const kept = [];
    el.querySelectorAll("svg g[aria-label=text] text").forEach((t) => {
      const r = t.getBoundingClientRect();
      const hit = kept.some((k) => r.left < k.right && k.left < r.right && r.top < k.bottom && k.top < r.bottom);
      if (hit) t.setAttribute("visibility", "hidden"); else kept.push(r);
    });
  }

  function place(el, chart) {
    el.replaceChildren(chart);
    el.dataset.drawn = "true";
  }

  async function drawMap(el, bases) {
    if (!bases.length) { el.dataset.drawn = "empty"; return; }
    const topo = await (await fetch(data.atlas)).json();
    const countries = window.topojson.feature(topo, topo.objects.countries);
    const iraq = countries.features.find((f) => String(f.id) === "368");
    const points = { type: "Feature", geometry: { type: "MultiPoint", coordinates: bases.map((b) => [b.lon, b.lat]) } };
    const domain = { type: "FeatureCollection", features: [iraq, points].filter(Boolean) };
    const width = widthOf(el);
    place(el, window.Plot.plot({
      width: width,
      height: Math.round(width * 0.85),
      projection: { type: "mercator", domain: domain, inset: 24 },
      style: { background: "#dde9f4" },
      marks: [
        window.Plot.geo(countries, {
          fill: (f) => (String(f.id) === "368" ? "#fffaf0" : "#efeee9"), stroke: "#8a96a8", strokeWidth: 0.7,
        }),
        window.Plot.dot(bases, {
          x: "lon", y: "lat", r: 7, fill: (d) => (d.approx ? "white" : statusColor(d.status)),
          stroke: (d) => (d.approx ? statusColor(d.status) : "white"), strokeWidth: (d) => (d.approx ? 3 : 1.5),
          href: "href", ariaLabel: (d) => d.name + " — " + d.statusLabel + (d.date ? " — " + d.date : ""),
          title: (d) => d.name + (d.alt ? " / " + d.alt : "") + "\n" + d.statusLabel + (d.date ? ", " + d.date : "")
            + (d.approx ? "\n" + d.approx : ""),
        }),
        window.Plot.text(bases, {
          x: "lon", y: "lat", text: (d) => short(d.name, 32), dy: -14, fontSize: 12, fill: "#1d2430",
          stroke: "white", strokeWidth: 3, paintOrder: "stroke",
        }),
      ],
    }));
    declutter(el);
  }

  // Points of one lane in rows, so that no two overlap: each point takes the first row whose last point is at
  // least one mark away (in pixels of the time axis). Lanes are as tall as the one with the most rows.
  function packRows(points, x0, x1, plotWidth, gap) {
    const span = Math.max(1, x1 - x0);
    const byLane = {};
    points.forEach((d) => { (byLane[d.lane] = byLane[d.lane] || []).push(d); });
    let most = 1;
    Object.values(byLane).forEach((lane) => {
      const ends = [];
      lane.sort((a, b) => day(a.start) - day(b.start));
      lane.forEach((d) => {
        const px = ((day(d.start) - x0) / span) * plotWidth;
        let row = ends.findIndex((end) => px - end >= gap);
        if (row < 0) { row = ends.length; ends.push(px); } else { ends[row] = px; }
        d.row = row;
      });
      lane.forEach((d) => { d.laneRows = ends.length; });
      most = Math.max(most, ends.length);
    });
    // a lane with fewer rows than the tallest is centred in its band
    points.forEach((d) => { d.y = d.row + (most - d.laneRows) / 2; });
    return most;
  }

  function drawTimeline(el, items) {
    if (!items.length) { el.dataset.drawn = "empty"; return; }
    const lanes = Array.from(new Set(items.map((d) => d.lane)));
    const width = widthOf(el);
    const spans = items.filter((d) => !d.point);
    const points = items.filter((d) => d.point).map((d) => Object.assign({}, d));
    const label = (d) => d.title + " — " + d.statusLabel;
    // on a phone the lane names go above their lanes, so the time axis keeps the whole width
    const narrow = width < 560;
    const marginLeft = narrow ? 8 : Math.min(200, Math.round(width * 0.36));
    const r = 6;
    const x0 = Math.min(...items.map((d) => day(d.start).getTime()));
    const x1 = Math.max(...items.map((d) => after(d.end).getTime()));
    const rows = packRows(points, x0, x1, width - marginLeft - 16, 2 * r + 4);
    const step = 2 * r + 10; // a triangle or a star is taller than a circle of the same r
    const head = narrow ? 1 : 0; // rows of the band given to the lane's name
    const laneHeight = Math.max(36, (rows + head) * step + 16);
    const kinds = ["handover", "collective", "withdrawal", "relocation", "phase"];
    const shown = kinds.filter((k) => points.some((d) => d.kind === k));
    const symbols = { handover: "circle", collective: "star", withdrawal: "triangle", relocation: "diamond", phase: "square" };
    place(el, window.Plot.plot({
      width: width,
      height: 30 + lanes.length * laneHeight,
      marginLeft: marginLeft,
      marginRight: narrow ? 24 : 16,
      x: { type: "utc", label: null, grid: true, ticks: width < 500 ? 4 : 8, inset: r + 4, tickFormat: timeTick },
      y: { axis: null, domain: [-0.5 - head, rows - 0.5], reverse: true },
      fy: { domain: lanes, label: null, padding: 0.08, ...(narrow ? { axis: null } : { tickFormat: (t) => short(t, 30) }) },
      symbol: { domain: shown.length ? shown : kinds, range: (shown.length ? shown : kinds).map((k) => symbols[k]),
                legend: shown.length > 0, tickFormat: (k) => data.words["kind." + k] || k },
      marks: [
        window.Plot.frame({ anchor: "bottom", stroke: "#d5dae3" }),
        ...(narrow ? [window.Plot.text(lanes, {
          fy: (d) => d, text: (d) => short(d, 56), frameAnchor: data.lang === "ar" ? "top-right" : "top-left",
          dy: 3, fontSize: 11, fontWeight: "bold", fill: "#3a4556",
        })] : []),
        window.Plot.barX(spans, {
          x1: (d) => day(d.start), x2: (d) => after(d.end), fy: "lane", fill: (d) => statusColor(d.status),
          fillOpacity: 0.3, stroke: (d) => statusColor(d.status), insetTop: narrow ? step + 4 : 6, insetBottom: 6,
          href: "href", ariaLabel: label, title: label,
        }),
        window.Plot.dot(points, {
          x: (d) => day(d.start), y: "y", fy: "lane", r: r, symbol: "kind", fill: (d) => statusColor(d.status),
          stroke: "white", href: "href", ariaLabel: label, title: label,
        }),
      ],
    }));
    el.dataset.count = String(items.length);
    el.dataset.rows = String(rows);
  }

  function drawTroops(el, items) {
    if (!items.length) { el.dataset.drawn = "empty"; return; }
    const width = widthOf(el);
    const y = (d) => (d.value != null ? d.value : d.high != null && d.low == null ? d.high : d.low);
    const label = (d) => d.series + ": " + d.figure + (d.unit ? " " + d.unit : "") + " (" + d.date + ")";
    const ranges = items.filter((d) => d.low != null && d.high != null);
    const exact = items.filter((d) => d.value != null);
    place(el, window.Plot.plot({
      width: width,
      height: Math.min(360, Math.round(width * 0.55)),
      marginLeft: 56,
      x: { type: "utc", label: null, grid: true, ticks: width < 500 ? 4 : 8, tickFormat: timeTick },
      y: { label: data.words["col.figure"], grid: true, zero: true },
      color: { legend: true },
      marks: [
        window.Plot.line(exact, { x: middle, y: "value", stroke: "series", z: "series", sort: (d) => d.start }),
        window.Plot.ruleY(items.filter((d) => d.start !== d.end), {
          y: y, x1: (d) => day(d.start), x2: (d) => after(d.end), stroke: "series", strokeOpacity: 0.5, strokeWidth: 3,
        }),
        window.Plot.ruleX(ranges, { x: middle, y1: "low", y2: "high", stroke: "series", strokeWidth: 2 }),
        window.Plot.dot(items, {
          x: middle, y: y, fill: "series", r: 5, href: "href", ariaLabel: label, title: label,
        }),
        window.Plot.text(items, { x: middle, y: y, text: "figure", dy: -11, fontSize: 11 }),
      ],
    }));
  }

  const run = async () => {
    const map = document.getElementById("map");
    const timeline = document.getElementById("timeline");
    const troops = document.getElementById("troop-chart");
    if (timeline) drawTimeline(timeline, data.timeline || []);
    if (troops) drawTroops(troops, data.troops || []);
    if (map) await drawMap(map, data.bases || []);
    document.body.dataset.charts = "ready";
  };
  run().catch((err) => { console.error("kg charts:", err); });
})();
