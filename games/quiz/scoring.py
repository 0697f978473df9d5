"""Pure scoring rules: lateness, correctness, points with a speed bonus, personality outcomes."""

import random
from datetime import datetime, timedelta

from games.quiz.settings import QuizRules

# The network's round trip is not the fan's fault: a second's grace before an answer is late.
LATE_GRACE = timedelta(seconds=1)
# Reachability is proven by enumerating the totals a fan can reach; past this many, by sampling.
MAX_TOTALS = 200_000


def elapsed(served_at: datetime, answered_at: datetime) -> float:
    return max((answered_at - served_at).total_seconds(), 0.0)


def is_late(question: dict, served_at: datetime, answered_at: datetime) -> bool:
    limit = question["time_limit"]
    return limit is not None and answered_at - served_at > timedelta(seconds=limit) + LATE_GRACE


def judge(question: dict, choice_ids: list[int]) -> bool:
    """Right when the fan picked exactly the correct choices (one, or all that apply)."""
    correct = {c["id"] for c in question["choices"] if c["correct"]}
    return bool(correct) and set(choice_ids) == correct


def points(question: dict, rules: QuizRules, correct: bool, seconds: float) -> int:
    """Points for a correct answer in time: the base, plus a bonus shrinking with time taken."""
    if not correct:
        return 0
    limit = question["time_limit"]
    bonus = 0
    if rules.speed_bonus and limit:
        left = max(1.0 - seconds / limit, 0.0)
        bonus = round(rules.speed_bonus * left)
    return rules.points_per_correct + bonus


def totals(snapshot: dict, chosen: list[list[int]]) -> dict[int, int]:
    """Each outcome's total weight over the choices picked, in outcome order."""
    sums = {outcome["id"]: 0 for outcome in snapshot["outcomes"]}
    weights = {
        choice["id"]: choice["weights"] for q in snapshot["questions"] for choice in q["choices"]
    }
    for choice_ids in chosen:
        for choice_id in choice_ids:
            for outcome_id, weight in weights.get(choice_id, {}).items():
                if int(outcome_id) in sums:
                    sums[int(outcome_id)] += weight
    return sums


def outcome(snapshot: dict, chosen: list[list[int]], seed: int) -> int | None:
    """The personality outcome: the highest total; a tie goes by the quiz's tie rule."""
    sums = totals(snapshot, chosen)
    if not sums:
        return None
    best = max(sums.values())
    tied = [outcome_id for outcome_id, total in sums.items() if total == best]
    if len(tied) == 1 or snapshot["rules"].get("tie_rule", "first") == "first":
        return tied[0]
    # Seeded by the attempt, so the same attempt always lands on the same outcome.
    return random.Random(seed).choice(tied)


def reachable(
    choice_weights: list[list[dict[int, int]]], outcome_ids: list[int], tie_rule: str
) -> tuple[set[int], bool]:
    """The outcomes some set of answers (one choice per question) leads to, and whether that
    is proven (every reachable total listed) or only a lower bound (too many to list).

    choice_weights holds, per question, each choice's {outcome id: weight}.
    """
    vectors = {tuple(0 for _ in outcome_ids)}
    for choices in choice_weights:
        steps = [tuple(w.get(o, 0) for o in outcome_ids) for w in choices]
        if not steps:
            continue
        vectors = {tuple(a + b for a, b in zip(v, s, strict=True)) for v in vectors for s in steps}
        if len(vectors) > MAX_TOTALS:
            return _greedy(choice_weights, outcome_ids, tie_rule), False
    found = set()
    for vector in vectors:
        found.update(_winners(vector, outcome_ids, tie_rule))
    return found, True


def _winners(vector, outcome_ids: list[int], tie_rule: str) -> list[int]:
    best = max(vector)
    tied = [o for o, total in zip(outcome_ids, vector, strict=True) if total == best]
    return tied[:1] if tie_rule == "first" else tied


def _greedy(choice_weights, outcome_ids: list[int], tie_rule: str) -> set[int]:
    """For each outcome, the answers that favour it most, one question at a time."""
    found = set()
    for target in outcome_ids:
        vector = [0] * len(outcome_ids)
        for choices in choice_weights:
            if not choices:
                continue
            pick = max(
                choices,
                key=lambda w, t=target: (
                    w.get(t, 0) - max((w.get(o, 0) for o in outcome_ids if o != t), default=0)
                ),
            )
            vector = [v + pick.get(o, 0) for v, o in zip(vector, outcome_ids, strict=True)]
        found.update(_winners(vector, outcome_ids, tie_rule))
    return found
