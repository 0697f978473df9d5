"""The draw recipe itself (draw.py): deterministic, weighted, and any tampering shows."""

import dataclasses
import hashlib

import pytest

from contests.sweepstakes import draw

SEED = "00" * 31 + "2a"
RULES = "OFFICIAL RULES\n\n8. How winners are drawn\n2 winner(s) and 2 alternate(s) are drawn.\n"
WEIGHTS = {
    "a0a0a0a0a0a0": 1,
    "b1b1b1b1b1b1": 5,
    "c2c2c2c2c2c2": 2,
    "d3d3d3d3d3d3": 1,
    "e4e4e4e4e4e4": 3,
}


def _published(**changes) -> draw.Published:
    list_text = draw.frozen_list(WEIGHTS)
    fields = dict(
        commitment=hashlib.sha256(bytes.fromhex(SEED)).hexdigest(),
        rules_hash=hashlib.sha256(RULES.encode()).hexdigest(),
        rules_text=RULES,
        seed_hex=SEED,
        list_text=list_text,
        list_hash=hashlib.sha256(list_text.encode()).hexdigest(),
        winners=2,
        alternates=2,
        picks=draw.picks(SEED, list_text, 4),
    )
    return draw.Published(**{**fields, **changes})


def test_the_list_is_canonical_text_sorted_by_code():
    text = draw.frozen_list({"ffffffffffff": 2, "000000000001": 1, "0000000000aa": 0})
    assert text == "000000000001 1\nffffffffffff 2\n"
    with pytest.raises(ValueError):
        draw.parse_list("ffffffffffff 2\n000000000001 1\n")


def test_the_same_seed_and_list_always_give_the_same_picks():
    # Published draws are checked against these exact values: changing them breaks old draws.
    list_text = draw.frozen_list(WEIGHTS)
    assert draw.picks(SEED, list_text, 5) == [
        "b1b1b1b1b1b1",
        "d3d3d3d3d3d3",
        "e4e4e4e4e4e4",
        "c2c2c2c2c2c2",
        "a0a0a0a0a0a0",
    ]
    assert draw.picks(SEED, list_text, 9) == draw.picks(SEED, list_text, 5)
    assert draw.picks("11" * 32, list_text, 5) != draw.picks(SEED, list_text, 5)


def test_entries_weigh_on_the_odds():
    list_text = draw.frozen_list({"aaaaaaaaaaaa": 1, "bbbbbbbbbbbb": 3})
    firsts = [draw.picks(f"{n:064x}", list_text, 1)[0] for n in range(2000)]
    share = firsts.count("bbbbbbbbbbbb") / len(firsts)
    assert 0.70 < share < 0.80


def test_a_faithful_draw_matches():
    verification = draw.verify(_published())
    assert verification.matches
    assert verification.winners == ["b1b1b1b1b1b1", "d3d3d3d3d3d3"]
    assert verification.alternates == ["e4e4e4e4e4e4", "c2c2c2c2c2c2"]


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({"seed_hex": "11" * 32}, "The seed matches the commitment"),
        ({"rules_text": "Other rules\n"}, "The rules match the rules hash"),
        ({"list_text": "a0a0a0a0a0a0 9\n"}, "The entry list matches its hash"),
        (
            {"picks": ["a0a0a0a0a0a0", "d3d3d3d3d3d3", "e4e4e4e4e4e4", "c2c2c2c2c2c2"]},
            "The picks follow from the seed and the list",
        ),
        ({"redraws": ["e4e4e4e4e4e4"]}, "Each redraw replaced a winner"),
        (
            {"winners": 3, "alternates": 1},
            "The numbers of winners and alternates are those of the rules",
        ),
    ],
)
def test_any_tampering_is_a_mismatch(changes, failing):
    verification = draw.verify(_published(**changes))
    assert not verification.matches
    assert dict(verification.checks)[failing] is False


def test_a_redraw_promotes_the_first_alternate_and_extends_the_stream():
    list_text = draw.frozen_list(WEIGHTS)
    published = _published(picks=draw.picks(SEED, list_text, 5), redraws=["b1b1b1b1b1b1"])
    verification = draw.verify(published)
    assert verification.matches
    assert verification.winners == ["d3d3d3d3d3d3", "e4e4e4e4e4e4"]
    assert verification.alternates == ["c2c2c2c2c2c2", "a0a0a0a0a0a0"]
    assert not draw.verify(dataclasses.replace(published, picks=published.picks[:4])).matches
