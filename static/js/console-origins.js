/*
 * The settings page's allowed origins, checked as they are typed: the server's own rules
 * (GET data-check, the same parse as saving) answer with each line's problem, shown under
 * the field; the message from the last save gives way to the fresh one.
 */
(function () {
  "use strict";

  var field = document.querySelector("textarea[data-check]");
  var box = document.getElementById("frame_origins-check");
  if (!field || !box) return;
  var saved = document.getElementById(field.id + "-problem");
  var timer = null;
  var asked = 0;

  function show(reply) {
    box.replaceChildren();
    if (reply.problems.length) {
      var list = document.createElement("ul");
      list.className = "problems";
      reply.problems.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      box.appendChild(list);
      box.className = "origin-check problem";
      field.setAttribute("aria-invalid", "true");
    } else {
      var line = document.createElement("p");
      line.textContent = reply.origins.length
        ? box.dataset.ok.replace("{origins}", reply.origins.join(", "))
        : box.dataset.none;
      box.appendChild(line);
      box.className = "origin-check hint";
      field.removeAttribute("aria-invalid");
    }
  }

  function check() {
    var number = ++asked;
    var url = new URL(field.dataset.check, window.location.href);
    url.searchParams.set("frame_origins", field.value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (reply) {
        if (reply && number === asked) show(reply); // an older answer never hides a newer one
      })
      .catch(function () { /* the save checks again */ });
  }

  field.addEventListener("input", function () {
    if (saved) saved.hidden = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 300);
  });
})();
