// Progressive enhancement of choices that depend on another (a province's districts): a select marked
// data-refresh="<button name>" sends its form through that button when it changes, so the server answers
// with the narrowed list; without scripts the button is there to press.
document.querySelectorAll("select[data-refresh]").forEach((select) => {
  const button = select.form && select.form.querySelector(`button[name="${select.dataset.refresh}"]`);
  if (!button) return;
  (button.closest(".field") || button).hidden = true;
  select.addEventListener("change", () => button.click());
});
