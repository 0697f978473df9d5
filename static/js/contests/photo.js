// The photo contest page: send a photo, follow its moderation, browse and vote in the gallery.
// Every text from fans is set as text, never parsed as HTML.
(function () {
  "use strict";
  const root = document.getElementById("photo-contest");
  if (!root) return;
  const api = root.dataset.api;
  const csrf = root.dataset.csrf;
  const words = JSON.parse(document.getElementById("photo-words").textContent);
  // A word with plural forms ({one, other}) takes the form the page's language uses for
  // values.count (French: 0 and 1 are singular).
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const t = (key, values) => {
    let text = words[key];
    if (typeof text === "object") text = text[plural.select(Number(values.count))] || text.other;
    return text.replace(/\{(\w+)\}/g, (_, name) => String((values || {})[name]));
  };
  const message = root.querySelector("[data-role=message]");
  const gallery = root.querySelector("[data-role=gallery]");
  const more = root.querySelector("[data-role=more]");
  const mine = root.querySelector("[data-role=mine]");
  const mineList = root.querySelector("[data-role=mine-list]");
  const form = root.querySelector("[data-role=upload]");
  // Only signed-in fans vote here: the sign-in (fan.js opens it for [data-signin]) takes
  // the vote button's place, and a refusal that asks for it turns the button into it.
  const signInToVote = root.hasAttribute("data-sign-in-to-vote");
  const SIGN_IN_CODES = ["sign_in_to_vote", "guest_device_limit", "guest_network_limit"];
  let sort = "newest";
  let page = 1;

  function resize() {
    window.parent.postMessage({ superfan: "resize", height: document.body.scrollHeight }, "*");
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function call(path, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ Accept: "application/json" }, options.headers || {});
    if (options.method === "POST") options.headers["X-CSRFToken"] = csrf;
    const response = await fetch(api + path, options);
    const data = await response.json().catch(() => ({ error: t("failed") }));
    if (!response.ok) {
      // Blocked cookies: the page's own notice says so, with the way forward.
      if (data.code === "cookies_blocked") document.dispatchEvent(new CustomEvent("superfan:cookies-blocked"));
      else message.textContent = data.error || t("failed");
      throw new Error(data.code || "error");
    }
    return data;
  }

  function postJSON(path, body) {
    return call(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
  }

  function card(entry) {
    const item = el("li", null, "photo-card");
    item.dataset.entry = entry.id;
    const img = el("img");
    img.src = entry.thumb_url;
    img.alt = entry.caption;
    img.loading = "lazy";
    item.append(img, el("p", entry.caption, "photo-caption"), el("p", t("by", entry), "photo-by"));
    return item;
  }

  function signInButton(caption) {
    const button = el("button", t("sign_in_to_vote"), "photo-vote");
    button.type = "button";
    button.setAttribute("data-signin", "");
    button.setAttribute("aria-label", t("sign_in_to_vote") + ": " + caption);
    return button;
  }

  // The message, with the sign-in beside it when a vote is waiting for it.
  function say(text, withSignIn) {
    message.replaceChildren(text);
    if (withSignIn) {
      const button = el("button", t("sign_in"), "sf-link photo-signin");
      button.type = "button";
      button.setAttribute("data-signin", "");
      message.append(" ", button);
    }
    // Said after a tap on a card far down the gallery: bring it where the fan looks.
    message.scrollIntoView({ block: "nearest" });
  }

  async function castVote(entry, vote, count) {
    vote.disabled = true;
    try {
      const done = await postJSON("entries/" + entry.id + "/vote");
      count.textContent = t("votes", { count: done.vote_count });
      vote.textContent = t("voted");
      if (done.provisional) say(t("provisional"), true);
    } catch (error) {
      vote.disabled = error.message === "already_voted" || error.message === "own_entry";
      if (!SIGN_IN_CODES.includes(error.message)) return;
      say(message.textContent, true);
      if (error.message === "sign_in_to_vote") vote.replaceWith(signInButton(entry.caption));
    }
  }

  function voteButton(entry, count) {
    const vote = el("button", entry.voted ? t("voted") : t("vote"), "photo-vote");
    vote.type = "button";
    vote.disabled = entry.voted;
    vote.setAttribute("aria-label", t("vote") + ": " + entry.caption);
    vote.addEventListener("click", () => castVote(entry, vote, count));
    return vote;
  }

  function galleryCard(entry) {
    const item = card(entry);
    const count = el("span", t("votes", { count: entry.vote_count }), "photo-count");
    const vote = signInToVote && !entry.voted ? signInButton(entry.caption) : voteButton(entry, count);
    const report = el("button", t("report"), "photo-report sf-link");
    report.type = "button";
    report.addEventListener("click", async () => {
      report.disabled = true;
      try {
        await postJSON("entries/" + entry.id + "/report", { reason: "" });
        message.textContent = t("reported");
      } catch (error) { /* the message says why */ }
    });
    const open = el("a", t("open"), "photo-open");
    open.href = entry.page_url;
    open.target = "_blank";
    open.rel = "noopener";
    const actions = el("p", null, "photo-actions");
    actions.append(vote, count, open, report);
    item.append(actions);
    return item;
  }

  async function loadGallery(reset) {
    if (reset) { page = 1; gallery.replaceChildren(); }
    const data = await call("gallery?sort=" + sort + "&page=" + page);
    data.entries.forEach((entry) => gallery.append(galleryCard(entry)));
    if (!gallery.children.length) gallery.append(el("li", t("empty"), "photo-empty"));
    more.hidden = !data.has_more;
    resize();
  }

  async function loadMine() {
    const data = await call("mine");
    mineList.replaceChildren();
    data.entries.forEach((entry) => {
      const item = card(entry);
      item.append(el("p", t("status_" + entry.status, entry), "photo-status photo-" + entry.status));
      mineList.append(item);
    });
    mine.hidden = data.entries.length === 0;
    resize();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    message.textContent = "";
    try {
      await call("entries", { method: "POST", body: new FormData(form) });
      form.reset();
      message.textContent = t("sent");
      await Promise.all([loadMine(), loadGallery(true)]);
    } catch (error) { /* the message says why */ }
    button.disabled = false;
  });

  root.querySelectorAll("[data-sort]").forEach((button) => {
    button.addEventListener("click", () => {
      sort = button.dataset.sort;
      root.querySelectorAll("[data-sort]").forEach((other) => {
        other.setAttribute("aria-pressed", String(other === button));
      });
      loadGallery(true).catch(() => {});
    });
  });
  more.addEventListener("click", () => { page += 1; loadGallery(false).catch(() => {}); });

  loadMine().catch(() => {});
  loadGallery(true).catch(() => {});
})();
