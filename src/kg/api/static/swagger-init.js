// Swagger UI for /docs from the locally installed swagger-ui-dist (no CDN, no validator badge).
window.addEventListener("load", function () {
  "use strict";
  const el = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: el.dataset.openapi,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
