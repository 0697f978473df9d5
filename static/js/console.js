// The console's one script: a button with data-confirm asks before its form is sent.
// A file, not inline code, so a Content-Security-Policy without 'unsafe-inline' allows it.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
