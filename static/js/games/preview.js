// Console preview: step through the quiz in the page; nothing is sent but a personality's picks.
(function () {
  "use strict";
  const root = document.getElementById("quiz-preview");
  if (!root) return;
  const kind = root.dataset.kind;
  const cards = [...root.querySelectorAll("[data-question]")];
  const result = root.querySelector("[data-result]");
  const words = JSON.parse(root.dataset.words);
  const picks = [];
  let right = 0;

  cards.forEach((card, index) => {
    const next = card.querySelector("[data-next]");
    card.querySelectorAll("[data-choice]").forEach((button) => {
      button.addEventListener("click", () => {
        if (!next.hidden) return;
        picks.push(Number(button.dataset.choice));
        if (kind === "trivia") {
          if (button.dataset.correct === "true") right += 1;
          card.querySelectorAll("[data-correct=true]").forEach((b) => b.classList.add("quiz-preview-answer"));
          const why = card.querySelector(".quiz-explanation");
          if (why) why.hidden = false;
        }
        next.hidden = false;
      });
    });
    next.addEventListener("click", () => {
      card.hidden = true;
      if (cards[index + 1]) cards[index + 1].hidden = false; else finish();
    });
  });

  async function finish() {
    const title = result.querySelector("h2");
    const text = result.querySelector("p");
    if (kind === "trivia") {
      title.textContent = words.score.replace("{right}", right).replace("{total}", cards.length);
    } else if (kind === "personality") {
      const response = await fetch(root.dataset.outcomeUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
        body: JSON.stringify({ choice_ids: picks }),
      });
      const data = await response.json();
      title.textContent = data.outcome ? data.outcome.title : words.no_outcome;
      text.textContent = data.outcome ? data.outcome.text : "";
    } else {
      title.textContent = words.voted;
    }
    result.hidden = false;
  }
})();
