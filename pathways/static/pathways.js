// Small enhancements of server-rendered pages; every page works without them.

// Choices that depend on another (a province's districts): a select marked data-refresh="<button name>" sends
// its form through that button when it changes, so the server answers with the narrowed list; without
// scripts the button is there to press.
document.querySelectorAll("select[data-refresh]").forEach((select) => {
  const button = select.form && select.form.querySelector(`button[name="${select.dataset.refresh}"]`);
  if (!button) return;
  (button.closest(".field") || button).hidden = true;
  select.addEventListener("change", () => button.click());
});

// A date typed only in part (or impossible) is sent by the browser as an empty value, which an optional field
// would save as "no date". Forms are novalidate (the server's messages, in the user's language, replace the
// browser's bubbles), so send such a date as "invalid" and let the server say what is wrong.
document.addEventListener("submit", (event) => {
  event.target.querySelectorAll('input[type="date"]').forEach((input) => {
    if (!input.validity.badInput || !input.name) return;
    const marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = input.name;
    marker.value = "invalid";
    input.disabled = true;
    event.target.appendChild(marker);
  });
});

// A report that takes seconds to build (a PDF): say so while the browser waits (links marked data-busy,
// the page's #busy notice); hidden again when the page is shown from the back button.
document.querySelectorAll("a[data-busy]").forEach((link) => {
  link.addEventListener("click", () => {
    const notice = document.getElementById("busy");
    if (notice) notice.hidden = false;
  });
});
window.addEventListener("pageshow", () => {
  const notice = document.getElementById("busy");
  if (notice) notice.hidden = true;
});
