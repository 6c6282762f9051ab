// A SPARQL JSON result as a table for people: IRIs of this graph shown by their labels and linked to their
// /id/ pages (terms of kg's ontology to their /ontology/ page), Wikidata items as wd:Q…, other vocabularies by
// their prefixed names (rdf:type), literals without quotes, language tags or datatypes; nothing truncated.
// Used by the SPARQL editor (as a YASR plugin) and by its plain fallback. Labels are looked up in one query.
(function () {
  "use strict";
  const PREF = "http://www.w3.org/2004/02/skos/core#prefLabel";
  const RDFS = "http://www.w3.org/2000/01/rdf-schema#label";
  const WD = "http://www.wikidata.org/entity/";
  const MAX_LOOKUP = 500;
  // IRIs of the standard vocabularies without a label here are shown by their usual prefixed name
  const PREFIXES = [
    ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
    ["xsd:", "http://www.w3.org/2001/XMLSchema#"], ["owl:", "http://www.w3.org/2002/07/owl#"],
    ["skos:", "http://www.w3.org/2004/02/skos/core#"], ["schema:", "http://schema.org/"],
    ["prov:", "http://www.w3.org/ns/prov#"], ["dcterms:", "http://purl.org/dc/terms/"],
    ["nif:", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"],
    ["itsrdf:", "http://www.w3.org/2005/11/its/rdf#"], ["geo:", "http://www.opengis.net/ont/geosparql#"],
    ["time:", "http://www.w3.org/2006/time#"], ["wdt:", "http://www.wikidata.org/prop/direct/"],
  ];

  function config() {
    const b = document.body.dataset;
    return { endpoint: b.endpoint, base: b.base || "", lang: document.documentElement.lang || "en",
             idPath: b.idPath || "/id/", ontology: b.ontology || "", ontologyPath: b.ontologyPath || "/ontology/" };
  }

  function compact(v) {
    if (v.startsWith(WD)) return "wd:" + v.slice(WD.length);
    const hit = PREFIXES.find((p) => v.startsWith(p[1]) && v.length > p[1].length);
    return hit ? hit[0] + v.slice(hit[1].length) : v;
  }

  function safeIri(v) { return !/[<>"{}|^`\\\s]/.test(v); }

  async function lookupLabels(iris) {
    const cfg = config();
    const todo = iris.filter(safeIri).slice(0, MAX_LOOKUP);
    if (!todo.length) return {};
    // a UNION of the two constant predicates: a VALUES ?p would be evaluated over every triple first
    const branch = (p) => "{ ?s <" + p + "> ?l BIND (<" + p + "> AS ?p) }";
    const query = "SELECT DISTINCT ?s ?p ?l WHERE { VALUES ?s { " + todo.map((i) => "<" + i + ">").join(" ") +
      " } " + branch(PREF) + " UNION " + branch(RDFS) + " }";
    const body = new URLSearchParams({ query: query, "union-default-graph": "true" });
    const resp = await fetch(cfg.endpoint, { method: "POST", body: body, headers: { Accept: "application/sparql-results+json" } });
    if (!resp.ok) return {};
    const data = await resp.json();
    const best = {};
    const order = (lang) => (lang === cfg.lang ? 0 : lang === "ar" ? 1 : lang === "en" ? 2 : 3);
    data.results.bindings.forEach((b) => {
      const s = b.s.value, l = b.l.value, lang = b.l["xml:lang"] || "";
      const rank = [order(lang), b.p.value === PREF ? 0 : 1, l];
      const cur = best[s];
      if (!cur || rank[0] < cur.rank[0] || (rank[0] === cur.rank[0] && (rank[1] < cur.rank[1] || (rank[1] === cur.rank[1] && l < cur.rank[2])))) {
        best[s] = { rank: rank, label: l, lang: lang };
      }
    });
    return best;
  }

  function cell(term, labels) {
    const cfg = config();
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      const v = term.value;
      const found = labels[v];
      if (cfg.base && v.startsWith(cfg.base)) {
        a.href = cfg.idPath + v.slice(cfg.base.length);
        a.textContent = found ? found.label : v.slice(cfg.base.length);
      } else if (cfg.ontology && v.startsWith(cfg.ontology) && v.length > cfg.ontology.length) {
        a.href = cfg.ontologyPath + encodeURIComponent(v.slice(cfg.ontology.length));
        a.textContent = found ? found.label : "kg:" + v.slice(cfg.ontology.length);
      } else {
        a.href = v;
        a.rel = "noopener noreferrer";
        a.textContent = found ? found.label : compact(v);
      }
      if (found && found.lang) { a.lang = found.lang; a.dir = found.lang === "ar" ? "rtl" : "ltr"; }
      a.title = v;
      td.appendChild(a);
    } else {
      const span = document.createElement("span");
      span.textContent = term.value;
      if (term["xml:lang"]) { span.lang = term["xml:lang"]; span.dir = term["xml:lang"] === "ar" ? "rtl" : "ltr"; }
      else span.dir = "auto";
      td.appendChild(span);
    }
    return td;
  }

  async function render(container, data) {
    container.textContent = "";
    if ("boolean" in data) { container.textContent = String(data.boolean); return; }
    const vars = data.head.vars || [];
    const rows = data.results.bindings || [];
    const iris = [];
    rows.forEach((b) => vars.forEach((v) => { if (b[v] && b[v].type === "uri") iris.push(b[v].value); }));
    let labels = {};
    try { labels = await lookupLabels(Array.from(new Set(iris))); } catch (e) { labels = {}; }
    const count = document.createElement("p");
    count.className = "count";
    count.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
    const wrap = document.createElement("div");
    wrap.className = "scroll";
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const tbody = table.createTBody();
    rows.forEach((b) => { const tr = tbody.insertRow(); vars.forEach((v) => tr.appendChild(cell(b[v], labels))); });
    wrap.appendChild(table);
    container.appendChild(count);
    container.appendChild(wrap);
  }

  window.kgResults = { render: render };
})();
