// The SPARQL editor: YASGUI (installed from npm by `make ui`) or a plain textarea when it is missing.
// Queries run over the union of all graphs (union-default-graph=true), the named queries are one click away,
// results show labels linked to /id/ pages (the "Table (labels)" plugin), and the URL is a permalink:
// /editor?name=base-handovers, or YASGUI's own share link (?query=…).
(function () {
  "use strict";
  const body = document.body;
  const endpoint = new URL(body.dataset.endpoint, window.location.href).href;
  const examples = JSON.parse(document.getElementById("kg-examples").textContent || "[]");
  const select = document.getElementById("examples");
  const desc = document.getElementById("example-description");
  const params = new URLSearchParams(window.location.search);
  const UNION = [{ name: "union-default-graph", value: "true" }];

  examples.forEach((q) => {
    const o = document.createElement("option");
    o.value = q.name;
    o.textContent = q.title + " (" + q.name + ")";
    select.appendChild(o);
  });

  function permalink(name) {
    const url = new URL(window.location.href);
    url.search = "";
    if (name) url.searchParams.set("name", name);
    if (params.get("lang")) url.searchParams.set("lang", params.get("lang"));
    window.history.replaceState(null, "", url.href);
  }

  let setQuery;
  const Y = window.Yasgui && (window.Yasgui.default || window.Yasgui);
  if (body.dataset.yasgui === "true" && typeof Y === "function") {
    class LabelTable {
      constructor(yasr) { this.yasr = yasr; this.priority = 20; this.label = "Table (labels)"; }
      canHandleResults() {
        const r = this.yasr.results;
        return !!r && typeof r.getVariables === "function" && r.getVariables().length > 0 && !!r.getBindings();
      }
      getIcon() { const d = document.createElement("div"); d.textContent = "▦"; return d; }
      async draw() {
        const r = this.yasr.results;
        const el = document.createElement("div");
        el.className = "kg-results";
        this.yasr.resultsEl.appendChild(el);
        await window.kgResults.render(el, { head: { vars: r.getVariables() }, results: { bindings: r.getBindings() } });
      }
    }
    Y.Yasr.registerPlugin("labels", LabelTable);
    Y.Yasr.defaults.pluginOrder = ["labels", "table", "response"];
    Y.Yasr.defaults.defaultPlugin = "labels";
    const starter = JSON.parse(document.getElementById("kg-starter").textContent || '""');
    if (starter) Y.Yasqe.defaults.value = starter; // a new tab starts with kg's query, not SELECT * over ?sub ?pred ?obj
    const yasgui = new Y(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST", args: UNION },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
      yasqe: { autocompleters: ["prefixes", "variables"], value: starter || undefined },
      persistenceId: "kg-editor",
    });
    const tab = () => yasgui.getTab();
    setQuery = (text) => {
      const t = tab();
      t.setEndpoint(endpoint);
      t.setQuery(text);
    };
    // a tab restored from an earlier visit keeps working on this server, over all graphs
    Object.values(yasgui._tabs || {}).forEach((t) => t.setEndpoint && t.setEndpoint(endpoint));
    window.kgEditor = { yasgui: yasgui, run: () => tab().getYasqe().query() };
  } else {
    const form = document.getElementById("plain");
    const area = document.getElementById("query");
    const out = document.getElementById("results");
    form.hidden = false;
    setQuery = (text) => { area.value = text; };
    const run = async () => {
      out.textContent = "…";
      const resp = await fetch(endpoint, {
        method: "POST",
        body: new URLSearchParams({ query: area.value, "union-default-graph": "true" }),
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      });
      const type = resp.headers.get("content-type") || "";
      if (!type.includes("sparql-results+json") && !type.startsWith("application/json")) {
        out.textContent = "";
        const pre = document.createElement("pre");
        pre.textContent = await resp.text();
        out.appendChild(pre);
        return;
      }
      const data = await resp.json();
      if (data.error) { out.textContent = data.error.message; return; }
      await window.kgResults.render(out, data);
    };
    form.addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
    window.kgEditor = { run: run };
  }

  function pick(name) {
    const q = examples.find((x) => x.name === name);
    if (!q) return;
    select.value = name;
    desc.textContent = q.description;
    setQuery(q.sparql);
  }
  select.addEventListener("change", () => { pick(select.value); permalink(select.value); });
  const initial = body.dataset.initialQuery;
  if (params.get("name")) pick(params.get("name"));
  if (initial) setQuery(initial);
})();
