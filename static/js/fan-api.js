/*
 * The fan pages' shared helpers, as window.Superfan, loaded by templates/embed/layout.html
 * before fan.js and every kind's script:
 *
 *   words(id)          t(key, values): the page's words (JSON in <script id=id>) and the
 *                      layout's own (#sf-words); {name} marks where a value goes, and a word
 *                      with plural forms ({one, other, ...}) takes the form the page's
 *                      language uses for values.count (French: 0 and 1 are singular)
 *   el(tag, text, cls) an element whose text is set, never parsed as HTML
 *   request(url, opt)  fetch with the fan cookie and, for anything but GET, the CSRF token;
 *                      resolves to {ok, status, data, retryAfter}, even when the network fails
 *   api(base, message) get/post/send for a kind's JSON API: resolves to the answer's data, or
 *                      says what went wrong in `message` (or fires "superfan:cookies-blocked",
 *                      which fan.js turns into the page's notice) and rejects with the code
 *
 * The page's height is fan.js's business: only it speaks to the embedding page.
 */
(function () {
  "use strict";

  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  let layoutWords = null;

  function wordsIn(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function words(id) {
    const own = id ? wordsIn(id) : {};
    return function t(key, values) {
      values = values || {};
      if (layoutWords === null) layoutWords = wordsIn("sf-words");
      let text = key in own ? own[key] : layoutWords[key];
      if (text && typeof text === "object") text = text[plural.select(Number(values.count))] || text.other;
      return String(text).replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
    };
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // options: method, json (a value sent as JSON, POST unless said), body (e.g. FormData).
  async function request(url, options) {
    options = options || {};
    const headers = { Accept: "application/json" };
    let body = options.body;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    const method = options.method || (body === undefined ? "GET" : "POST");
    if (method !== "GET") headers["X-CSRFToken"] = csrf;
    let response;
    try {
      response = await fetch(url, { method, headers, body, credentials: "same-origin" });
    } catch (error) {
      return { ok: false, status: 0, data: null, retryAfter: null };
    }
    const data = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, data, retryAfter: response.headers.get("Retry-After") };
  }

  function cookiesBlocked() {
    document.dispatchEvent(new CustomEvent("superfan:cookies-blocked"));
  }

  // Retry-After is seconds or an HTTP date; fans read whole minutes.
  function minutesToWait(retryAfter) {
    if (!retryAfter) return 0;
    const seconds = /^\d+$/.test(retryAfter) ? Number(retryAfter) : (Date.parse(retryAfter) - Date.now()) / 1000;
    return seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : 0;
  }

  // The app's own refusals say why in `error`; a proxy's 429 or 503 page says nothing a
  // fan can read, so its Retry-After is put into words here.
  const t = words(null);
  function problem(reply) {
    if (reply.data && typeof reply.data.error === "string") return reply.data.error;
    const minutes = minutesToWait(reply.retryAfter);
    if (reply.status === 429) return t(minutes ? "rate_limited" : "rate_limited_now", { count: minutes });
    if (reply.status === 503 && minutes) return t("unavailable", { count: minutes });
    return t("failed");
  }

  function api(base, message) {
    async function call(path, options) {
      const reply = await request(base + path, options);
      if (reply.ok && reply.data) return reply.data;
      const code = (reply.data && reply.data.code) || "error";
      if (code === "cookies_blocked") cookiesBlocked();
      else message.textContent = problem(reply);
      throw new Error(code);
    }
    return {
      get: (path) => call(path),
      post: (path, value) => call(path, { json: value === undefined ? {} : value }),
      send: (path, formData) => call(path, { body: formData }),
    };
  }

  window.Superfan = { words, el, request, api, cookiesBlocked };
})();
