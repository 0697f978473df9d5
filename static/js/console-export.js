// An export running as a job: poll its progress, move the bar, reload the page once it ends.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-progress]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-export-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-export-text]");
  var EVERY_MS = 1000;

  function show(progress) {
    if (progress.state === "running" && progress.expected) {
      bar.max = progress.expected;
      bar.value = progress.rows;
    }
    text.textContent = progress.text;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (progress) {
        if (progress) {
          show(progress);
          if (progress.finished) {
            window.location.reload();
            return;
          }
        }
        window.setTimeout(poll, EVERY_MS);
      })
      .catch(function () {
        // The network or the server hiccuped: the next poll tries again.
        window.setTimeout(poll, EVERY_MS);
      });
  }

  window.setTimeout(poll, EVERY_MS);
})();
