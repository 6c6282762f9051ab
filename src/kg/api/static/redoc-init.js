// ReDoc for /redoc from the locally installed redoc bundle (no CDN, no web fonts).
window.addEventListener("load", function () {
  "use strict";
  const el = document.getElementById("redoc");
  window.Redoc.init(el.dataset.openapi, { disableSearch: false, hideDownloadButton: false }, el);
});
