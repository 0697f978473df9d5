"""Friendly generated names ("Calm Otter 42"), so that no public name comes from an email.

A fan gets one when their account is made without a name they chose; it is stored as their
display name, so it stays the same until they change it. French names use adjectives that
are the same for both genders, so any adjective fits any animal.
"""

import hashlib
import secrets

from flask import has_request_context
from flask_babel import get_locale

# (English, French) pairs; the French adjectives are epicene.
ADJECTIVES = (
    ("Agile", "agile"),
    ("Brave", "brave"),
    ("Calm", "calme"),
    ("Candid", "candide"),
    ("Cosmic", "cosmique"),
    ("Dynamic", "dynamique"),
    ("Electric", "électrique"),
    ("Famous", "célèbre"),
    ("Fantastic", "fantastique"),
    ("Friendly", "sympathique"),
    ("Funny", "drôle"),
    ("Heroic", "héroïque"),
    ("Honest", "honnête"),
    ("Humble", "modeste"),
    ("Intrepid", "intrépide"),
    ("Kind", "aimable"),
    ("Loyal", "fidèle"),
    ("Lunar", "lunaire"),
    ("Magic", "magique"),
    ("Mystic", "mystique"),
    ("Nimble", "souple"),
    ("Noble", "noble"),
    ("Peaceful", "paisible"),
    ("Poetic", "poétique"),
    ("Polar", "polaire"),
    ("Quick", "rapide"),
    ("Quiet", "tranquille"),
    ("Sincere", "sincère"),
    ("Solid", "solide"),
    ("Splendid", "splendide"),
    ("Steady", "stable"),
    ("Sunny", "solaire"),
    ("Superb", "superbe"),
    ("Swift", "véloce"),
    ("Tenacious", "tenace"),
    ("Wise", "sage"),
    ("Zen", "zen"),
)
ANIMALS = (
    ("Badger", "Blaireau"),
    ("Bear", "Ours"),
    ("Beaver", "Castor"),
    ("Bison", "Bison"),
    ("Dolphin", "Dauphin"),
    ("Falcon", "Faucon"),
    ("Flamingo", "Flamant"),
    ("Fox", "Renard"),
    ("Gecko", "Gecko"),
    ("Giraffe", "Girafe"),
    ("Hedgehog", "Hérisson"),
    ("Heron", "Héron"),
    ("Hummingbird", "Colibri"),
    ("Ibex", "Bouquetin"),
    ("Koala", "Koala"),
    ("Lemur", "Lémurien"),
    ("Lynx", "Lynx"),
    ("Marmot", "Marmotte"),
    ("Octopus", "Pieuvre"),
    ("Otter", "Loutre"),
    ("Owl", "Hibou"),
    ("Panda", "Panda"),
    ("Pelican", "Pélican"),
    ("Penguin", "Manchot"),
    ("Puffin", "Macareux"),
    ("Rabbit", "Lapin"),
    ("Salmon", "Saumon"),
    ("Seal", "Phoque"),
    ("Sparrow", "Moineau"),
    ("Squirrel", "Écureuil"),
    ("Swan", "Cygne"),
    ("Tiger", "Tigre"),
    ("Toucan", "Toucan"),
    ("Turtle", "Tortue"),
    ("Walrus", "Morse"),
    ("Whale", "Baleine"),
    ("Wolf", "Loup"),
    ("Zebra", "Zèbre"),
)
NUMBERS = range(10, 100)


def pseudonym(locale: str = "en", seed: int | None = None) -> str:
    """A name like "Calm Otter 42" ("Loutre calme 42" in French).

    With a seed (a user id, in a backfill), the same seed always gives the same name;
    without one, the name is drawn at random.
    """
    if seed is None:
        value = secrets.randbelow(len(ADJECTIVES) * len(ANIMALS) * len(NUMBERS))
    else:
        value = int.from_bytes(hashlib.sha256(f"pseudonym:{seed}".encode()).digest()[:8], "big")
    value, number = divmod(value, len(NUMBERS))
    value, animal = divmod(value, len(ANIMALS))
    adjective = ADJECTIVES[value % len(ADJECTIVES)]
    if (locale or "")[:2].lower() == "fr":
        return f"{ANIMALS[animal][1]} {adjective[1]} {NUMBERS[number]}"
    return f"{adjective[0]} {ANIMALS[animal][0]} {NUMBERS[number]}"


def new_name() -> str:
    """A random pseudonym in the language of the current request (English outside one)."""
    locale = str(get_locale() or "en") if has_request_context() else "en"
    return pseudonym(locale)
