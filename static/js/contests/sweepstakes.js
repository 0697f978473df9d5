// The sweepstakes entry form: posts the entry as JSON and shows the answer as text.
(function () {
  "use strict";
  const root = document.getElementById("sweepstakes");
  const form = root && root.querySelector("[data-role=entry]");
  if (!form) return;
  const message = root.querySelector("[data-role=message]");
  const words = JSON.parse(document.getElementById("sweepstakes-words").textContent);
  const t = (key, values) =>
    words[key].replace(/\{(\w+)\}/g, (_, name) => String((values || {})[name]));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {
      date_of_birth: form.elements.date_of_birth.value,
      country: form.elements.country.value,
      agreed_to_rules: form.elements.agreed_to_rules.checked,
    };
    const response = await fetch(root.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": root.dataset.csrf,
      },
      body: JSON.stringify(body),
    }).catch(() => null);
    const data = response ? await response.json().catch(() => ({})) : {};
    message.textContent = response && response.ok ? t("entered", data) : data.error || t("failed");
    window.parent.postMessage({ superfan: "resize", height: document.body.scrollHeight }, "*");
  });
})();
