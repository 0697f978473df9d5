"""Verifiable draws: the commitment, the frozen entry list, the derivation and its check.

Everything here is pure (no database), so the CLI, the public page and the browser's
verifier (static/js/contests/draw_verify.js mirrors it) recompute the same thing. The recipe,
precise enough to redo by hand:

1. Commitment. When the sweepstakes goes live the platform draws a seed of 32 random bytes
   and publishes `commitment = sha256(seed)` (lowercase hex) together with
   `rules_hash = sha256(official rules text, UTF-8)`. The seed stays secret until the draw.
2. Frozen list. At the draw, every eligible entrant (entered, not flagged for fraud) becomes
   one line `"<code> <entries>\n"`: the entrant's public pseudonymous code (12 lowercase hex
   digits, never a name or email) and their number of entries (base plus capped bonuses).
   Lines are sorted by code; `list_hash = sha256(list text, UTF-8)`. The seed is revealed.
3. Stream. Block i (i = 0, 1, 2, ...) is
   `HMAC-SHA256(key = seed, message = list_hash as 32 raw bytes || i as 8-byte big-endian)`.
4. Picks, weighted by entries, without replacement. With T the total entries still in the
   list, take x = the first 6 bytes of the next block as a big-endian integer (48 bits). If
   x >= floor(2^48 / T) * T the block is rejected (no modulo bias) and the next is used.
   Otherwise r = x mod T; walk the remaining lines in list order, subtracting each line's
   entries until r < entries: that entrant is picked and leaves the list. Repeat.
5. Result. The draw publishes `winners` (N) and `alternates` (M) and the first N + M picks.
   Winners are the first N picks, alternates the next M. N and M must be those the official
   rules state (the line under "8. How winners are drawn", or "8. Désignation des gagnants"
   in rules frozen in French), which the rules hash fixes.
6. Redraws. Disqualifying a winner (logged with its reason) appends one more pick from the
   same stream. The result is always: drop the disqualified codes from the picks, in order;
   the first N left are the winners, the next M the alternates. So the first alternate takes
   the place and the stream's next pick joins the alternates.

Verification redoes steps 1 to 6 from the published data alone and compares.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass, field

SEED_BYTES = 32
SAMPLE_BYTES = 6
SAMPLE_SPACE = 2 ** (8 * SAMPLE_BYTES)
LINE = re.compile(r"([0-9a-f]{12}) ([1-9][0-9]{0,8})")
# How the official rules state N and M (rules.py writes it), so the hash covers them too.
# Fixed here, not in the translation catalog: a translator's rewording would break the check.
COUNTS_TITLES = {"en": "8. How winners are drawn", "fr": "8. Désignation des gagnants"}
# Rules frozen before plurals were spelled out say "2 winner(s)": they still verify.
COUNTS = re.compile(
    r"^(?:8\. How winners are drawn\n([0-9]{1,9}) winner(?:s|\(s\))? "
    r"and ([0-9]{1,9}) alternate(?:s|\(s\))? "
    r"|8\. Désignation des gagnants\n([0-9]{1,9}) gagnants? et ([0-9]{1,9}) suppléants? )",
    re.MULTILINE,
)


def counts_title(locale: str) -> str:
    return COUNTS_TITLES.get(locale, COUNTS_TITLES["en"])


def counts_sentence(locale: str, winners: int, alternates: int) -> str:
    """The sentence of the official rules that states N and M, in the rules' language."""
    if locale == "fr":  # French: 0 and 1 take the singular
        return (
            f"{winners} gagnant{'s' if winners > 1 else ''} et "
            f"{alternates} suppléant{'s' if alternates > 1 else ''} sont tirés au sort"
        )
    return (
        f"{winners} winner{'' if winners == 1 else 's'} and "
        f"{alternates} alternate{'' if alternates == 1 else 's'} are drawn at random"
    )


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def frozen_list(weights: dict[str, int]) -> str:
    """The canonical list text: one `code entries` line per entrant, sorted by code."""
    return "".join(f"{code} {weights[code]}\n" for code in sorted(weights) if weights[code] > 0)


def parse_list(list_text: str) -> list[tuple[str, int]]:
    """The (code, entries) lines of a list text; ValueError if it is not canonical."""
    rows = []
    for line in list_text.split("\n")[:-1] if list_text else []:
        match = LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"line {line!r} is not `code entries`")
        rows.append((match[1], int(match[2])))
    if list_text and not list_text.endswith("\n"):
        raise ValueError("the list must end with a newline")
    if [code for code, _ in rows] != sorted({code for code, _ in rows}):
        raise ValueError("codes must be unique and sorted")
    return rows


def stated_counts(rules_text: str) -> tuple[int, int] | None:
    """(winners, alternates) as the official rules state them; None if they do not."""
    match = COUNTS.search(rules_text)
    if match is None:
        return None
    return (int(match[1]), int(match[2])) if match[1] else (int(match[3]), int(match[4]))


def _block(seed: bytes, list_hash: str, counter: int) -> bytes:
    message = bytes.fromhex(list_hash) + counter.to_bytes(8, "big")
    return hmac.new(seed, message, hashlib.sha256).digest()


def picks(seed_hex: str, list_text: str, count: int) -> list[str]:
    """The first `count` entrants the stream picks (fewer if the list runs out)."""
    seed, list_hash = bytes.fromhex(seed_hex), sha256_hex(list_text)
    remaining = parse_list(list_text)
    total = sum(entries for _, entries in remaining)
    chosen, counter = [], 0
    while remaining and len(chosen) < count:
        sample = int.from_bytes(_block(seed, list_hash, counter)[:SAMPLE_BYTES], "big")
        counter += 1
        if sample >= (SAMPLE_SPACE // total) * total:
            continue
        r = sample % total
        for index, (code, entries) in enumerate(remaining):
            if r < entries:
                chosen.append(code)
                del remaining[index]
                total -= entries
                break
            r -= entries
    return chosen


def outcome(picked: list[str], disqualified: list[str], winners: int, alternates: int):
    """(winners, alternates) from the picks in order, without the disqualified codes."""
    left = [code for code in picked if code not in set(disqualified)]
    return left[:winners], left[winners : winners + alternates]


@dataclass(frozen=True)
class Published:
    """Everything a draw publishes; `picks` and `redraws` (codes, in order) as stored."""

    commitment: str
    rules_hash: str
    rules_text: str
    seed_hex: str
    list_text: str
    list_hash: str
    winners: int
    alternates: int
    picks: list[str]
    redraws: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    checks: list[tuple[str, bool]]
    winners: list[str]
    alternates: list[str]

    @property
    def matches(self) -> bool:
        return all(ok for _, ok in self.checks)


def verify(published: Published) -> Verification:
    """Recompute the draw from its published data and say what matches."""
    checks = [
        ("The seed matches the commitment", _hex_of(published.seed_hex, published.commitment)),
        (
            "The rules match the rules hash",
            sha256_hex(published.rules_text) == published.rules_hash,
        ),
        ("The entry list matches its hash", sha256_hex(published.list_text) == published.list_hash),
    ]
    try:
        parse_list(published.list_text)
        listed = True
    except ValueError:
        listed = False
    checks.append(("The entry list is well formed", listed))
    checks.append(
        (
            "The numbers of winners and alternates are those of the rules",
            stated_counts(published.rules_text) == (published.winners, published.alternates),
        )
    )
    derived: list[str] = []
    if listed and checks[0][1]:
        wanted = published.winners + published.alternates + len(published.redraws)
        derived = picks(published.seed_hex, published.list_text, wanted)
    checks.append(("The picks follow from the seed and the list", derived == published.picks))
    checks.append(("Each redraw replaced a winner", _redraws_replaced_winners(published)))
    winners, alternates = outcome(
        derived, published.redraws, published.winners, published.alternates
    )
    return Verification(checks, winners, alternates)


def _hex_of(seed_hex: str, commitment: str) -> bool:
    try:
        return sha256_hex(bytes.fromhex(seed_hex)) == commitment
    except ValueError:
        return False


def _redraws_replaced_winners(published: Published) -> bool:
    """Each disqualified code was a winner when it was disqualified, given the picks then."""
    base = published.winners + published.alternates
    for number, code in enumerate(published.redraws):
        then = published.picks[: base + number]
        winners, _ = outcome(then, published.redraws[:number], published.winners, 0)
        if code not in winners:
            return False
    return True
