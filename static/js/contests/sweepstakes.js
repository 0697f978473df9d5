// The sweepstakes entry form: posts the entry as JSON and shows the answer as text.
(function () {
  "use strict";
  const root = document.getElementById("sweepstakes");
  const form = root && root.querySelector("[data-role=entry]");
  if (!form) return;
  const message = root.querySelector("[data-role=message]");
  const t = Superfan.words("sweepstakes-words");
  const api = Superfan.api(root.dataset.api, message);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const data = await api.post("", {
        date_of_birth: form.elements.date_of_birth.value,
        country: form.elements.country.value,
        agreed_to_rules: form.elements.agreed_to_rules.checked,
      });
      message.textContent = t("entered", { code: data.code, count: data.entries });
    } catch (error) { /* the message says why */ }
  });
})();
