// The quiz editor's "Add a choice": another empty choice row in the question's one form.
// Without this script each question still offers one empty row per save.
document.querySelectorAll("[data-add-choice]").forEach((button) => {
  const form = button.closest("form");
  const rows = form.querySelector("[data-choice-rows]");
  const template = form.querySelector("template[data-choice-template]");
  if (!rows || !template) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const index = Number(rows.dataset.nextIndex);
    rows.dataset.nextIndex = String(index + 1);
    const html = template.innerHTML
      .replaceAll("__index__", String(index))
      .replaceAll("__number__", String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    rows.lastElementChild.querySelector("input[type=text], input:not([type])")?.focus();
  });
});
