// Query page: YASGUI when its assets are installed (make ui), otherwise a plain textarea editor.
(function () {
  const body = document.body;
  const endpoint = body.dataset.endpoint;
  const examples = JSON.parse(body.dataset.examples || "[]");
  const select = document.getElementById("examples");
  const desc = document.getElementById("example-description");
  examples.forEach((q, i) => {
    const o = document.createElement("option");
    o.value = String(i);
    o.textContent = q.title + " (" + q.name + ")";
    select.appendChild(o);
  });
  let setQuery;
  const Y = window.Yasgui && (window.Yasgui.default || window.Yasgui);
  if (body.dataset.yasgui === "true" && typeof Y === "function") {
    const yasgui = new Y(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint }, copyEndpointOnNewTab: false,
    });
    setQuery = (text) => yasgui.getTab().setQuery(text);
  } else {
    const form = document.getElementById("plain");
    const area = document.getElementById("query");
    const out = document.getElementById("results");
    form.hidden = false;
    setQuery = (text) => { area.value = text; };
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      out.textContent = "…";
      const resp = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: area.value,
      });
      const type = resp.headers.get("content-type") || "";
      if (!type.includes("json") || type.includes("ld+json")) { out.innerHTML = ""; const pre = document.createElement("pre"); pre.textContent = await resp.text(); out.appendChild(pre); return; }
      const data = await resp.json();
      out.innerHTML = "";
      if (data.error) { out.textContent = data.error.message; return; }
      if ("boolean" in data) { out.textContent = String(data.boolean); return; }
      const table = document.createElement("table");
      const head = table.insertRow();
      data.head.vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
      data.results.bindings.forEach((b) => {
        const row = table.insertRow();
        data.head.vars.forEach((v) => { const c = row.insertCell(); c.dir = "auto"; c.textContent = b[v] ? b[v].value : ""; });
      });
      out.appendChild(table);
    });
  }
  select.addEventListener("change", () => {
    const q = examples[Number(select.value)];
    if (!q) return;
    desc.textContent = q.description;
    setQuery(q.sparql);
  });
})();
