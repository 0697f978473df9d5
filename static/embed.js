/*
 * Superfan embed snippet. A brand pastes one line into its page:
 *
 *   <script src="https://APP/static/embed.js" data-brand="demo" data-campaign="spring"
 *           data-events="true" data-fan-token="..." async></script>
 *
 * data-brand     the brand's slug (required)
 * data-campaign  a campaign's slug; without it, the brand home (points, rank, live campaigns)
 * data-events    "true": the fan's events are dispatched on the page as a bubbling DOM
 *                CustomEvent "superfan:event" (detail: brand, type, points, campaign, at)
 * data-fan-token a token signed by the brand's server (HS256 JWT, aud = brand slug) that
 *                signs its logged-in user in; passed in the URL fragment, never to our logs
 * data-lang      "en" or "fr" to force the language
 * data-target    a CSS selector of the element to put the iframe in (default: after the script)
 * data-height    the first height in pixels, until the page reports its own (default 480)
 *
 * The page's utm_* parameters and ?ref= referral code are passed on to the iframe. The
 * iframe reports its height by postMessage; only messages from the app's origin and from
 * this very iframe are accepted.
 *
 * A page that is not among the brand's allowed origins gets no frame from the browser (the
 * app's CSP frame-ancestors refuses it) and so no "superfan:ready" message: after READY_WAIT
 * the frame gives way to a short notice, and the browser's console names the exact origin to
 * add in the Superfan console's settings. A frame that answers late comes back.
 */
(function () {
  "use strict";

  var PASSED_ON = ["utm_source", "utm_medium", "utm_campaign", "ref"];
  var READY_WAIT = 8000;
  var NOTICE = {
    en: {
      title: "This content could not be shown here.",
      owner: "Site owner: add {origin} to the sites allowed in the Superfan console (Settings)."
    },
    fr: {
      title: "Ce contenu ne peut pas s\u2019afficher ici.",
      owner: "Propri\u00e9taire du site\u00a0: ajoutez {origin} aux sites autoris\u00e9s dans la console Superfan (R\u00e9glages)."
    }
  };

  function noticeLanguage(data) {
    var lang = (data.lang || document.documentElement.lang || navigator.language || "en").slice(0, 2).toLowerCase();
    return NOTICE[lang] ? lang : "en";
  }

  // Built with textContent only: nothing from the page or the URL is parsed as HTML.
  function notice(data, origin) {
    var words = NOTICE[noticeLanguage(data)];
    var box = document.createElement("div");
    box.setAttribute("role", "status");
    box.setAttribute("data-superfan-notice", data.brand);
    box.style.cssText = "box-sizing:border-box;max-width:100%;padding:12px 16px;border:1px solid #d0d4da;" +
      "border-radius:6px;background:#f6f7f9;color:#1d2430;font:14px/1.4 system-ui,sans-serif;overflow-wrap:anywhere";
    var title = document.createElement("strong");
    title.textContent = words.title;
    var owner = document.createElement("p");
    owner.style.margin = "4px 0 0";
    owner.textContent = words.owner.replace("{origin}", origin);
    box.appendChild(title);
    box.appendChild(owner);
    return box;
  }

  function candidates() {
    if (document.currentScript) return [document.currentScript];
    return Array.prototype.filter.call(document.querySelectorAll("script[data-brand]"), function (s) {
      return /\/static\/embed\.js(\?|$)/.test(s.src);
    });
  }

  function iframeUrl(script, appOrigin) {
    var data = script.dataset;
    var path = "/e/" + encodeURIComponent(data.brand);
    if (data.campaign) path += "/" + encodeURIComponent(data.campaign);
    var url = new URL(path, appOrigin);
    var here = new URLSearchParams(window.location.search);
    PASSED_ON.forEach(function (name) {
      var value = here.get(name) || (name === "ref" ? data.ref : null);
      if (value) url.searchParams.set(name, value.slice(0, 100));
    });
    url.searchParams.set("embed", "1");
    url.searchParams.set("origin", window.location.origin);
    if (data.events === "true") url.searchParams.set("events", "1");
    if (data.lang) url.searchParams.set("lang", data.lang);
    if (data.fanToken) url.hash = "fan_token=" + encodeURIComponent(data.fanToken);
    return url.toString();
  }

  function mount(script) {
    if (script.getAttribute("data-superfan-mounted")) return;
    script.setAttribute("data-superfan-mounted", "1");
    var data = script.dataset;
    if (!data.brand) {
      if (window.console) console.warn("Superfan: the embed script needs a data-brand attribute.");
      return;
    }
    var appOrigin = new URL(script.src, window.location.href).origin;
    var wantsEvents = data.events === "true";

    var iframe = document.createElement("iframe");
    iframe.src = iframeUrl(script, appOrigin);
    iframe.title = data.title || "Superfan";
    iframe.setAttribute("data-superfan", data.brand);
    iframe.style.display = "block";
    iframe.style.width = "100%";
    iframe.style.border = "0";
    iframe.style.height = (parseInt(data.height, 10) || 480) + "px";

    var target = data.target ? document.querySelector(data.target) : null;
    if (target) target.appendChild(iframe);
    else script.parentNode.insertBefore(iframe, script.nextSibling);

    // No answer in time: most likely the browser refused to frame the app on this origin.
    var fallback = null;
    var waiting = window.setTimeout(function () {
      var origin = window.location.origin;
      fallback = notice(data, origin);
      iframe.style.display = "none";
      iframe.parentNode.insertBefore(fallback, iframe);
      if (window.console) {
        console.error(
          "Superfan: the frame of brand \"" + data.brand + "\" did not load on this page within " +
          READY_WAIT / 1000 + " s. Add this page's origin, " + origin + ", to \"Sites that may " +
          "show your campaigns in a frame\" in the Superfan console's settings. If it is listed " +
          "already, check data-brand and that " + appOrigin + " answers."
        );
      }
    }, READY_WAIT);

    function ready() {
      window.clearTimeout(waiting);
      if (fallback) {
        fallback.parentNode.removeChild(fallback);
        fallback = null;
        iframe.style.display = "block";
      }
    }

    window.addEventListener("message", function (event) {
      if (event.origin !== appOrigin || event.source !== iframe.contentWindow) return;
      var message = event.data;
      if (!message || typeof message !== "object") return;
      if (message.type === "superfan:resize") {
        var height = Number(message.height);
        if (isFinite(height) && height > 0) {
          iframe.style.height = Math.min(Math.ceil(height), 20000) + "px";
        }
      } else if (message.type === "superfan:ready") {
        ready();
        iframe.setAttribute("data-superfan-ready", "true");
        iframe.dispatchEvent(new CustomEvent("superfan:ready", { bubbles: true, detail: { brand: data.brand } }));
      } else if (message.type === "superfan:event" && wantsEvents && message.event) {
        var fanEvent = message.event;
        iframe.dispatchEvent(new CustomEvent("superfan:event", {
          bubbles: true,
          detail: {
            brand: data.brand,
            type: String(fanEvent.type),
            points: Number(fanEvent.points) || 0,
            campaign: fanEvent.campaign == null ? null : String(fanEvent.campaign),
            at: String(fanEvent.at)
          }
        }));
      }
    });
  }

  candidates().forEach(mount);
})();
