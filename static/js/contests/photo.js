// The photo contest page: send a photo, follow its moderation, browse and vote in the gallery.
// Every text from fans is set as text, never parsed as HTML.
(function () {
  "use strict";
  const root = document.getElementById("photo-contest");
  if (!root) return;
  const t = Superfan.words("photo-words");
  const el = Superfan.el;
  const message = root.querySelector("[data-role=message]");
  const gallery = root.querySelector("[data-role=gallery]");
  const more = root.querySelector("[data-role=more]");
  const mine = root.querySelector("[data-role=mine]");
  const mineList = root.querySelector("[data-role=mine-list]");
  const form = root.querySelector("[data-role=upload]");
  const api = Superfan.api(root.dataset.api, message);
  // Only signed-in fans vote here: the sign-in (fan.js opens it for [data-signin]) takes
  // the vote button's place, and a refusal that asks for it turns the button into it.
  const signInToVote = root.hasAttribute("data-sign-in-to-vote");
  const SIGN_IN_CODES = ["sign_in_to_vote", "guest_device_limit", "guest_network_limit"];
  let sort = "newest";
  let page = 1;

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
      const done = await api.post("entries/" + entry.id + "/vote");
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
        await api.post("entries/" + entry.id + "/report", { reason: "" });
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
    const data = await api.get("gallery?sort=" + sort + "&page=" + page);
    data.entries.forEach((entry) => gallery.append(galleryCard(entry)));
    if (!gallery.children.length) gallery.append(el("li", t("empty"), "photo-empty"));
    more.hidden = !data.has_more;
  }

  async function loadMine() {
    const data = await api.get("mine");
    mineList.replaceChildren();
    data.entries.forEach((entry) => {
      const item = card(entry);
      item.append(el("p", t("status_" + entry.status, entry), "photo-status photo-" + entry.status));
      mineList.append(item);
    });
    mine.hidden = data.entries.length === 0;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    message.textContent = "";
    try {
      await api.send("entries", new FormData(form));
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
