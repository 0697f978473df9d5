// The sweepstakes entry form: posts the entry as JSON and shows the answer as text.
(function () {
  "use strict";
  const root = document.getElementById("sweepstakes");
  const form = root && root.querySelector("[data-role=entry]");
  if (!form) return;
  const message = root.querySelector("[data-role=message]");
  const words = JSON.parse(document.getElementById("sweepstakes-words").textContent);
  // A word with plural forms ({one, other}) takes the form the page's language uses for
  // values.count (French: 0 and 1 are singular).
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const t = (key, values) => {
    let text = words[key];
    if (typeof text === "object") text = text[plural.select(Number(values.count))] || text.other;
    return text.replace(/\{(\w+)\}/g, (_, name) => String((values || {})[name]));
  };

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
    if (data.code === "cookies_blocked") {
      // Blocked cookies: the page's own notice says so, with the way forward.
      document.dispatchEvent(new CustomEvent("superfan:cookies-blocked"));
      return;
    }
    message.textContent = response && response.ok
      ? t("entered", { code: data.code, count: data.entries })
      : data.error || t("failed");
    window.parent.postMessage({ superfan: "resize", height: document.body.scrollHeight }, "*");
  });
})();
