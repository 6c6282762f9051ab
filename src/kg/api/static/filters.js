// Filters submit themselves when changed (the button stays for keyboards and for pages without JavaScript).
document.querySelectorAll("select.auto-submit").forEach((el) => {
  el.addEventListener("change", () => el.form.submit());
});
