"""Every string of the fan pages and the console is in French, and the catalog is compiled."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.embed.conftest import page_csrf
from tests.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "translations" / "fr" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}


def source_messages() -> set:
    """The msgids pybabel extracts with translations/babel.cfg: every source of words."""
    with open(ROOT / "translations" / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    extracted = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    return {message for _, _, message, _, _ in extracted}


def test_every_string_has_a_french_translation():
    with open(CATALOG / "messages.po", "rb") as po:
        catalog = read_po(po, locale="fr")
    translated = {m.id: m.string for m in catalog if m.id}
    missing = [m for m in source_messages() if not translated.get(m)]
    assert not missing, f"run the steps in translations/README.md; missing: {missing}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy


def test_the_compiled_catalog_matches_the_po_file():
    with open(CATALOG / "messages.po", "rb") as po, open(CATALOG / "messages.mo", "rb") as mo:
        source = {_key(m.id): _key(m.string) for m in read_po(po, locale="fr") if m.id}
        compiled = {_key(m.id): _key(m.string) for m in read_mo(mo) if m.id}
    assert compiled == source, "run: pybabel compile -d translations"


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def test_error_messages_and_emails_come_in_the_fans_language(app, client, brand):
    sent = Outbox(app)
    french = {"Accept-Language": "fr"}
    assert "Page introuvable" in client.get("/e/nobody", headers=french).get_data(as_text=True)
    csrf = page_csrf(client, "/fan/acme/signin?lang=fr")
    client.post("/fan/acme/signin/email", data={"email": "a@b.example", "csrf_token": csrf})
    _to, subject, body = sent[-1]
    assert body.startswith("Bonjour") and subject.startswith("Votre lien de connexion")
    response = client.post(
        "/fan/acme/handoff",
        json={"token": "nope"},
        headers={"X-CSRFToken": page_csrf(client, "/e/acme"), "Accept": "application/json"},
    )
    assert response.get_json()["message"].startswith("Cette connexion n\u2019a pas pu")
