// The quiz screens: one question at a time, fetched as JSON; text is set, never parsed as HTML.
(function () {
  "use strict";
  const root = document.getElementById("quiz");
  if (!root) return;
  const kind = root.dataset.kind;
  const screens = {};
  root.querySelectorAll("[data-screen]").forEach((node) => { screens[node.dataset.screen] = node; });
  const message = root.querySelector("[data-role=message]");
  const t = Superfan.words("quiz-words");
  const el = Superfan.el;
  const api = Superfan.api(root.dataset.api, message);
  let timer = null;
  let current = null;
  // The view POST makes a first-time visitor a guest fan; later POSTs wait for its cookie
  // so that a quick first click does not make a second guest.
  let viewed = Promise.resolve();

  function show(name) {
    Object.entries(screens).forEach(([key, screen]) => { screen.hidden = key !== name; });
    message.textContent = "";
  }

  async function post(path, body) {
    await viewed;
    return api.post(path, body);
  }

  function stopTimer() { if (timer) { clearInterval(timer); timer = null; } }

  function renderQuestion(q) {
    current = q;
    stopTimer();
    const box = screens.question;
    box.replaceChildren();
    box.append(el("p", t("progress", { number: q.number, total: q.total }), "quiz-progress"));
    box.append(el("h2", q.text));
    if (q.image_url) { const img = el("img"); img.src = q.image_url; img.alt = ""; box.append(img); }
    if (q.video_url) {
      const link = el("a", t("video"));
      link.href = q.video_url; link.target = "_blank"; link.rel = "noopener noreferrer";
      box.append(link);
    }
    const clockEl = el("p", "", "quiz-clock");
    box.append(clockEl);
    const list = el("div", null, "quiz-choices");
    q.choices.forEach((choice) => {
      if (q.multiple) {
        const label = el("label", null, "quiz-choice");
        const input = el("input"); input.type = "checkbox"; input.value = choice.id;
        label.append(input, el("span", choice.text));
        list.append(label);
      } else {
        const button = el("button", choice.text, "quiz-choice");
        button.type = "button";
        button.addEventListener("click", () => submit([choice.id]));
        list.append(button);
      }
    });
    box.append(list);
    if (q.multiple) {
      const send = el("button", t("answer"), "quiz-primary");
      send.type = "button";
      send.addEventListener("click", () => {
        const picked = [...list.querySelectorAll("input:checked")].map((i) => Number(i.value));
        if (picked.length) submit(picked); else message.textContent = t("pick");
      });
      box.append(send);
    }
    if (q.seconds_left !== null && q.seconds_left !== undefined) {
      const deadline = Date.now() + q.seconds_left * 1000;
      const tick = () => {
        const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
        clockEl.textContent = left + " s";
        if (left === 0) { stopTimer(); expire(); }
      };
      tick();
      timer = setInterval(tick, 250);
    }
    show("question");
  }

  async function submit(choiceIds) {
    stopTimer();
    const data = await post("answer", { question_id: current.question_id, choice_ids: choiceIds });
    afterAnswer(data);
  }

  async function expire() {
    // The server checks the time itself; a second's grace covers the round trip.
    setTimeout(async () => {
      try { afterAnswer(await post("timeout", { question_id: current.question_id })); }
      catch (e) { /* the message is shown */ }
    }, 1200);
  }

  function afterAnswer(data) {
    if (kind !== "trivia") { return data.finished ? loadResult(data.attempt_id) : next(); }
    const box = screens.feedback;
    box.replaceChildren();
    const verdict = data.late ? t("late") : data.correct ? t("right") : t("wrong");
    box.append(el("h2", verdict, data.correct ? "quiz-right" : "quiz-wrong"));
    if (data.score_gained) box.append(el("p", t("score_gained", { score: data.score_gained })));
    const right = current.choices.filter((c) => data.correct_choice_ids.includes(c.id));
    if (right.length) box.append(el("p", t("solution", { choices: right.map((c) => c.text).join(", ") })));
    if (data.explanation) box.append(el("p", data.explanation, "quiz-explanation"));
    // Sent only once enough other players have answered (games/quiz/right_share.py).
    if (data.right_share) {
      const share = new Intl.NumberFormat(document.documentElement.lang || undefined,
        { style: "percent", maximumFractionDigits: 0 }).format(data.right_share.percent / 100);
      box.append(el("p", t("right_share", { share: share }), "quiz-right-share"));
    }
    const button = el("button", data.finished ? t("see_result") : t("next"), "quiz-primary");
    button.type = "button";
    button.addEventListener("click", () => (data.finished ? loadResult(data.attempt_id) : next()));
    box.append(button);
    show("feedback");
  }

  async function next() {
    const data = await post("next", {});
    if (data.question) renderQuestion(data.question); else loadResult();
  }

  async function loadResult(attemptId) {
    renderResult(await api.get("result" + (attemptId ? "?attempt=" + attemptId : "")));
  }

  function renderResult(r) {
    const box = screens.result;
    box.replaceChildren();
    if (r.outcome) {
      box.append(el("p", t("you_are")), el("h2", r.outcome.title));
      if (r.outcome.image_url) { const img = el("img"); img.src = r.outcome.image_url; img.alt = ""; box.append(img); }
      box.append(el("p", r.outcome.text));
    } else {
      box.append(el("h2", t("correct_count", { count: r.correct_count, total: r.question_count })));
      box.append(el("p", r.is_best ? t("best_score", { score: r.score }) : t("score", { score: r.score, best: r.best_score })));
    }
    box.append(
      el("p", t("earned", { count: r.points }), "quiz-earned"),
      el("p", t("quiz_points", { count: r.campaign_points }), "quiz-total"));
    if (r.campaign_rank) box.append(el("p", t("quiz_rank", { rank: r.campaign_rank.rank })));
    if (r.brand_rank) box.append(el("p", t("brand_rank", { rank: r.brand_rank.rank })));
    const share = el("button", t("share"), "quiz-primary");
    share.type = "button";
    share.addEventListener("click", async () => {
      const data = await post("share", { attempt_id: r.attempt_id });
      if (navigator.share) { navigator.share({ url: data.url }).catch(() => {}); }
      const link = el("a", data.url); link.href = data.url; link.target = "_blank"; link.rel = "noopener";
      box.append(link);
    });
    const again = el("button", t("again"));
    again.type = "button";
    again.addEventListener("click", start);
    box.append(share, again);
    show("result");
  }

  async function start() {
    const data = await post("start", {});
    renderQuestion(data.question);
  }

  function renderPoll(questions) {
    const box = screens.poll;
    box.replaceChildren();
    questions.forEach((q) => box.append(pollQuestion(q)));
    show("poll");
  }

  function pollQuestion(q) {
    const card = el("article", null, "quiz-poll");
    card.append(el("h2", q.text));
    if (q.image_url) { const img = el("img"); img.src = q.image_url; img.alt = ""; card.append(img); }
    q.choices.forEach((choice) => {
      if (q.counts) {
        const count = q.counts[String(choice.id)] || 0;
        const share = q.total ? Math.round((100 * count) / q.total) : 0;
        const row = el("div", null, "quiz-bar" + (choice.id === q.voted_choice_id ? " quiz-mine" : ""));
        row.append(el("span", choice.text), el("span", share + "% (" + count + ")"));
        row.style.setProperty("--share", share + "%");
        card.append(row);
      } else {
        const button = el("button", choice.text, "quiz-choice");
        button.type = "button";
        button.addEventListener("click", async () => {
          const data = await post("vote", { question_id: q.question_id, choice_id: choice.id });
          card.replaceWith(pollQuestion(data));
        });
        card.append(button);
      }
    });
    return card;
  }

  async function boot() {
    const state = await api.get("state");
    viewed = post("view", {}).catch(() => {});
    if (kind === "poll") renderPoll(state.questions);
    else if (state.question) renderQuestion(state.question);
    else if (state.between_questions) await next();
    else if (state.result) renderResult(state.result);
    else show("intro");
    if (!state.open) message.textContent = state.message;
  }

  root.querySelectorAll("[data-action=start]").forEach((b) => b.addEventListener("click", start));
  boot().catch(() => {});
})();
