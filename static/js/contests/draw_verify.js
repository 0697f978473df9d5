// Recomputes a sweepstakes draw in the browser from its published data (Web Crypto SHA-256
// and HMAC), following the recipe of contests/sweepstakes/draw.py step by step.
(function () {
  "use strict";
  const dataNode = document.getElementById("draw-data");
  const verdict = document.querySelector("[data-role=browser-verdict]");
  if (!dataNode || !verdict) return;
  const data = JSON.parse(dataNode.textContent);
  const t = Superfan.words("draw-words");
  if (!data.drawn) return;
  const encoder = new TextEncoder();
  const SAMPLE_SPACE = 2 ** 48;
  const LINE = /^([0-9a-f]{12}) ([1-9][0-9]{0,8})$/;
  // N and M as the official rules state them (draw.py COUNTS), in English (also the older
  // "winner(s)" wording) or French: the rules hash fixes them.
  const COUNTS = new RegExp(
    "^(?:8\\. How winners are drawn\\n([0-9]{1,9}) winner(?:s|\\(s\\))? " +
    "and ([0-9]{1,9}) alternate(?:s|\\(s\\))? " +
    "|8\\. D\u00e9signation des gagnants\\n([0-9]{1,9}) gagnants? et ([0-9]{1,9}) suppl\u00e9ants? )",
    "m");

  const hex = (buffer) =>
    Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
  const bytes = (hexText) => {
    if (!/^([0-9a-f]{2})*$/.test(hexText)) throw new Error("not hex");
    return new Uint8Array(hexText.match(/../g).map((pair) => parseInt(pair, 16)));
  };
  const sha256 = async (input) => hex(await crypto.subtle.digest("SHA-256", input));

  function parseList(text) {
    if (text && !text.endsWith("\n")) throw new Error("no final newline");
    const rows = (text ? text.slice(0, -1).split("\n") : []).map((line) => {
      const match = LINE.exec(line);
      if (!match) throw new Error("bad line");
      return [match[1], Number(match[2])];
    });
    rows.forEach((row, i) => { if (i && rows[i - 1][0] >= row[0]) throw new Error("unsorted"); });
    return rows;
  }

  async function picks(seedHex, listText, listHash, count) {
    const key = await crypto.subtle.importKey(
      "raw", bytes(seedHex), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const remaining = parseList(listText);
    let total = remaining.reduce((sum, row) => sum + row[1], 0);
    const chosen = [];
    let counter = 0;
    const message = new Uint8Array(40);
    message.set(bytes(listHash), 0);
    while (remaining.length && chosen.length < count) {
      new DataView(message.buffer).setBigUint64(32, BigInt(counter));
      counter += 1;
      const block = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
      const sample = block.slice(0, 6).reduce((value, b) => value * 256 + b, 0);
      if (sample >= Math.floor(SAMPLE_SPACE / total) * total) continue;
      let r = sample % total;
      for (let i = 0; i < remaining.length; i += 1) {
        if (r < remaining[i][1]) {
          chosen.push(remaining[i][0]);
          total -= remaining[i][1];
          remaining.splice(i, 1);
          break;
        }
        r -= remaining[i][1];
      }
    }
    return chosen;
  }

  function outcome(picked, disqualified, winners, alternates) {
    const left = picked.filter((code) => !disqualified.includes(code));
    return [left.slice(0, winners), left.slice(winners, winners + alternates)];
  }

  function redrawsReplacedWinners(d) {
    const base = d.winners + d.alternates;
    return d.redraws.every((code, n) =>
      outcome(d.picks.slice(0, base + n), d.redraws.slice(0, n), d.winners, 0)[0].includes(code));
  }

  async function verify(d) {
    const seedOk = (await sha256(bytes(d.seed))) === d.commitment;
    const rulesOk = (await sha256(encoder.encode(d.rules_text))) === d.rules_hash;
    const listOk = (await sha256(encoder.encode(d.list_text))) === d.list_hash;
    const counts = COUNTS.exec(d.rules_text);
    const stated = counts === null ? null
      : counts[1] !== undefined ? [counts[1], counts[2]] : [counts[3], counts[4]];
    const countsOk = stated !== null &&
      Number(stated[0]) === d.winners && Number(stated[1]) === d.alternates;
    const wanted = d.winners + d.alternates + d.redraws.length;
    const derived = await picks(d.seed, d.list_text, d.list_hash, wanted);
    const picksOk = derived.length === d.picks.length && derived.every((c, i) => c === d.picks[i]);
    return seedOk && rulesOk && listOk && countsOk && picksOk && redrawsReplacedWinners(d);
  }

  if (!window.crypto || !crypto.subtle) {
    verdict.textContent = t("unsupported");
    return;
  }
  verify(data)
    .catch(() => false)
    .then((matches) => {
      verdict.textContent = t(matches ? "match" : "mismatch");
      verdict.dataset.verdict = matches ? "match" : "mismatch";
    });
})();
