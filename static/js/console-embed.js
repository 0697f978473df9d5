/*
 * The console's embed snippet (templates/console/_embed_snippet.html): its options rewrite
 * the snippet and the preview as they change, the copy button copies it, and the preview
 * frame takes the height its page reports (the same "superfan:resize" embed.js hears).
 */
(function () {
  "use strict";

  function quote(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function setUp(section) {
    var data = section.dataset;
    var code = section.querySelector("#embed-code");
    var events = section.querySelector("#embed_events");
    var token = section.querySelector("#embed_token");
    var lang = section.querySelector("#embed_lang");
    var preview = section.querySelector("iframe.embed-preview");
    var copied = section.querySelector("[data-copied]");

    function snippet() {
      var attributes = [["src", data.script], ["data-brand", data.brand]];
      if (data.campaign) attributes.push(["data-campaign", data.campaign]);
      if (events.checked) attributes.push(["data-events", "true"]);
      if (lang.value) attributes.push(["data-lang", lang.value]);
      if (token.checked) attributes.push(["data-fan-token", "YOUR_FAN_TOKEN"]);
      return "<script " + attributes.map(function (pair) {
        return pair[0] + '="' + quote(pair[1]) + '"';
      }).join(" ") + " async></" + "script>";
    }

    function previewUrl() {
      var url = new URL(data.preview, window.location.href);
      url.searchParams.set("embed", "1");
      url.searchParams.set("origin", data.origin);
      if (lang.value) url.searchParams.set("lang", lang.value);
      return url.toString();
    }

    // Only the language changes what the preview shows; reloading it for the other options
    // would only restart a navigation that may still be on its way.
    var shownUrl = null;
    function refresh() {
      code.textContent = snippet();
      var url = previewUrl();
      if (url !== shownUrl) {
        shownUrl = url;
        preview.src = url;
      }
      if (copied) copied.hidden = true;
    }

    [events, token, lang].forEach(function (input) {
      input.addEventListener("change", refresh);
    });

    section.querySelector("[data-copy]").addEventListener("click", function () {
      var text = code.textContent;
      var done = function () { if (copied) copied.hidden = false; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { selectCode(); });
      } else {
        selectCode();
      }
    });

    // Without the clipboard (plain http), the snippet is selected for the user to copy.
    function selectCode() {
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try {
        if (document.execCommand("copy") && copied) copied.hidden = false;
      } catch (error) { /* the selection is there to copy by hand */ }
    }

    window.addEventListener("message", function (event) {
      if (event.source !== preview.contentWindow || event.origin !== window.location.origin) return;
      var message = event.data;
      if (message && message.type === "superfan:resize") {
        var height = Number(message.height);
        if (isFinite(height) && height > 0) preview.style.height = Math.min(Math.ceil(height), 720) + "px";
      }
    });

    // The server drew the preview without a language; a browser that kept a choice redraws it.
    if (lang.value) refresh();
    else {
      shownUrl = previewUrl();
      code.textContent = snippet();
    }
  }

  document.querySelectorAll("[data-embed]").forEach(setUp);
})();
