/*
 * The sign-in popup (a first-party window on the app's origin).
 *
 * - Done page: posts the one-time handoff token to the window that opened it, with
 *   targetOrigin = our own origin, so no other site can receive it; then closes.
 * - Email sent page: waits until the link, opened in this browser (same cookie jar),
 *   has signed this window in, then moves on to the done page.
 */
(function () {
  "use strict";

  var done = document.querySelector("[data-handoff]");
  if (done) {
    var opener = window.opener;
    if (opener && !opener.closed) {
      opener.postMessage({ type: "superfan:handoff", token: done.getAttribute("data-handoff") }, window.location.origin);
      Array.prototype.forEach.call(document.querySelectorAll("[data-when-opener]"), function (e) { e.hidden = false; });
      Array.prototype.forEach.call(document.querySelectorAll("[data-when-alone]"), function (e) { e.hidden = true; });
      window.setTimeout(function () { window.close(); }, 800);
    }
  }

  var waiting = document.querySelector("[data-email-status]");
  if (waiting) {
    var url = waiting.getAttribute("data-email-status");
    var started = Date.now();
    var timer = window.setInterval(function () {
      if (Date.now() - started > 30 * 60 * 1000) {
        window.clearInterval(timer);
        return;
      }
      // A failed check (network, server) is simply tried again on the next tick.
      Superfan.request(url).then(function (reply) {
        var result = reply.data || {};
        if (result.signed_in && result.next) {
          window.clearInterval(timer);
          window.location.href = result.next;
        }
      });
    }, 2500);
  }
})();
