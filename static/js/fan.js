/*
 * Fan pages, inside the brand's iframe or as a hosted page.
 *
 * - Reports the page height to the embedding page (resize), whatever changed it (a quiz's
 *   next question, a photo sent), and the fan's new events if the brand asked for them; it
 *   is the only script that speaks to that page, and only to the parent origin the server
 *   verified against the brand's allowed origins (and that the browser confirms in
 *   ancestorOrigins).
 * - Checks that the fan cookie comes back (third-party cookies may be blocked): if not,
 *   offers the hosted page.
 * - Signs in through a popup: the popup posts a one-time token back (only accepted from our
 *   own origin and from that popup), which is redeemed by a POST carrying the CSRF token.
 * - Redeems a brand's signed fan token passed in the URL fragment by embed.js.
 */
(function () {
  "use strict";

  var body = document.body;
  var data = body.dataset;
  var embedded = window.parent !== window;
  var parentOrigin = embedded ? data.parentOrigin || "" : "";
  var ancestors = window.location.ancestorOrigins;
  if (parentOrigin && ancestors && ancestors.length && ancestors[0] !== parentOrigin) {
    parentOrigin = ""; // the server's word and the browser's disagree: say nothing
  }

  function toParent(message) {
    if (parentOrigin) window.parent.postMessage(message, parentOrigin);
  }

  function show(id, text) {
    var element = document.getElementById(id);
    if (!element) return;
    if (text) {
      var slot = element.querySelector("[data-message]");
      if (slot) slot.textContent = text;
    }
    element.hidden = false;
  }

  function hide(id) {
    var element = document.getElementById(id);
    if (element) element.hidden = true;
  }

  // The sign-in answers ({ok, error: code, message}) in the shape fan-api.js's request() keeps.
  function postJSON(url, payload) {
    return Superfan.request(url, { json: payload }).then(function (reply) {
      return reply.data || { ok: false };
    });
  }

  // Height -------------------------------------------------------------------------------
  var lastHeight = 0;
  function reportHeight() {
    var height = Math.ceil(body.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      toParent({ type: "superfan:resize", height: height });
    }
  }
  if (parentOrigin) {
    if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(body);
    else window.setInterval(reportHeight, 500);
    window.addEventListener("load", reportHeight);
    reportHeight();
    toParent({ type: "superfan:ready" });
  }

  // Events for the host page ---------------------------------------------------------------
  if (parentOrigin && data.events) {
    try {
      JSON.parse(data.events).forEach(function (fanEvent) {
        toParent({ type: "superfan:event", event: fanEvent });
      });
    } catch (error) { /* nothing to report */ }
  }

  // Third-party cookies ---------------------------------------------------------------------
  // One notice says it, with the way forward; a kind's script whose request came back without
  // a session fires "superfan:cookies-blocked" instead of printing a message of its own.
  function cookiesBlocked() {
    var notice = document.getElementById(embedded ? "sf-cookies-blocked" : "sf-cookies-off");
    if (!notice) return;
    notice.hidden = false;
    // Bring it into view only right after the fan's own tap, never while the page loads.
    var activation = navigator.userActivation;
    if (activation && activation.isActive && notice.scrollIntoView) notice.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("superfan:cookies-blocked", cookiesBlocked);

  if (embedded && data.probeUrl) {
    // The page works without the probe: an answer that did not come says nothing.
    Superfan.request(data.probeUrl).then(function (reply) {
      if (reply.data && !reply.data.cookies) cookiesBlocked();
    });
  }

  // Sign-in popup ---------------------------------------------------------------------------
  var popup = null;
  var watch = null;
  var finished = false;

  function openSignin() {
    ["sf-popup-blocked", "sf-signin-incomplete", "sf-signin-error"].forEach(hide);
    var url = new URL(data.signinUrl, window.location.href);
    url.searchParams.set("lang", document.documentElement.lang || "en");
    popup = window.open(url.toString(), "superfan-signin", "popup,width=480,height=720");
    if (!popup) {
      show("sf-popup-blocked");
      return;
    }
    finished = false;
    window.clearInterval(watch);
    watch = window.setInterval(function () {
      if (popup && popup.closed) {
        window.clearInterval(watch);
        window.setTimeout(function () { if (!finished) show("sf-signin-incomplete"); }, 1000);
      }
    }, 400);
  }

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest ? event.target.closest("[data-signin]") : null;
    if (!trigger || !data.signinUrl) return;
    event.preventDefault();
    openSignin();
  });

  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !popup || event.source !== popup) return;
    var message = event.data;
    if (!message || message.type !== "superfan:handoff" || typeof message.token !== "string") return;
    finished = true;
    window.clearInterval(watch);
    postJSON(data.handoffUrl, { token: message.token }).then(function (result) {
      if (result.ok) window.location.reload();
      else if (result.error === "cookies_blocked") cookiesBlocked();
      else show("sf-signin-error", result.message);
    });
  });

  // A token from the brand's own site --------------------------------------------------------
  var match = window.location.hash.match(/(?:^#|&)fan_token=([^&]+)/);
  if (match && data.brandTokenUrl) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    postJSON(data.brandTokenUrl, { token: decodeURIComponent(match[1]) }).then(function (result) {
      if (result.ok && result.changed) window.location.reload();
      else if (result.error === "cookies_blocked") cookiesBlocked();
      else if (!result.ok) show("sf-signin-error", result.message);
    });
  }
})();
