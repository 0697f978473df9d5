"""Settings from environment variables, with the embedded defaults of DESIGN.md."""

import logging
import os
import re
import secrets
from pathlib import Path

log = logging.getLogger(__name__)

# Every SUPERFAN_* variable the platform reads; anything else is probably a typo.
KNOWN_SUPERFAN_KEYS = {
    "SUPERFAN_BASE_URL",
    "SUPERFAN_INSTANCE_PATH",
    "SUPERFAN_HALF_LIFE_DAYS",
    "SUPERFAN_LOG_LEVEL",
    "SUPERFAN_TEST_DATABASE_URL",
    "SUPERFAN_TEST_REDIS_URL",
    "SUPERFAN_STAFF_OIDC_ISSUER",
    "SUPERFAN_STAFF_OIDC_CLIENT_ID",
    "SUPERFAN_STAFF_OIDC_CLIENT_SECRET",
    "SUPERFAN_STAFF_OIDC_LABEL",
    "SUPERFAN_DEMO_HOST",
    "SUPERFAN_GOOGLE_CLIENT_ID",
    "SUPERFAN_GOOGLE_CLIENT_SECRET",
    "SUPERFAN_FACEBOOK_CLIENT_ID",
    "SUPERFAN_FACEBOOK_CLIENT_SECRET",
    "SUPERFAN_FACEBOOK_APP_SECRET",
}


ROOT = Path(__file__).resolve().parent.parent
SWITCH_ON = ("1", "true", "yes", "on")
SWITCH_OFF = ("0", "false", "no", "off")


def instance_path(environ=os.environ) -> Path:
    """The folder of the embedded database, the secret key, media, exports and the outbox."""
    return Path(environ.get("SUPERFAN_INSTANCE_PATH", ROOT / "instance")).resolve()


def switch(value: str | None) -> bool | None:
    """An on/off setting: True, False, or None for "auto" (or unset)."""
    value = (value or "auto").strip().lower()
    return True if value in SWITCH_ON else False if value in SWITCH_OFF else None


def normalise_database_url(url: str) -> str:
    """Point plain postgres URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_secret_key(instance_path: Path) -> str:
    """Read the secret key from the instance folder, generating it on first use."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Families of settings named per instance, such as SUPERFAN_OIDC_<NAME>_CLIENT_ID.
KNOWN_SUPERFAN_PREFIXES = ("SUPERFAN_OIDC_",)


def warn_unknown_keys(environ=os.environ) -> list[str]:
    """Log a warning for each SUPERFAN_* variable the platform does not know."""
    unknown = sorted(
        key
        for key in environ
        if key.startswith("SUPERFAN_")
        and key not in KNOWN_SUPERFAN_KEYS
        and not key.startswith(KNOWN_SUPERFAN_PREFIXES)
    )
    for key in unknown:
        log.warning(
            "Unknown setting %s is ignored (known: %s)", key, ", ".join(sorted(KNOWN_SUPERFAN_KEYS))
        )
    return unknown


def from_environment(instance_path: Path, environ=os.environ) -> dict:
    """Build the Flask config mapping from the environment."""
    database_url = environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'superfan.db'}"
    return {
        "SECRET_KEY": environ.get("SECRET_KEY") or load_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "REDIS_URL": environ.get("REDIS_URL") or None,
        "BASE_URL": environ.get("SUPERFAN_BASE_URL", "http://127.0.0.1:5000"),
        "DEFAULT_HALF_LIFE_DAYS": int(environ.get("SUPERFAN_HALF_LIFE_DAYS", "30")),
        "LOG_LEVEL": environ.get("SUPERFAN_LOG_LEVEL", "INFO"),
        # None: decided by the database (app/embed: on for the embedded SQLite trial only).
        "DEMO_HOST_SETTING": switch(environ.get("SUPERFAN_DEMO_HOST")),
        "KIND_PACKAGES": ("games", "contests"),
        "JOB_RETRY_INTERVALS": [10, 60, 300],
        # Fans' sign-in providers, {name: settings}; tests and benches pass their own.
        "FAN_OAUTH_PROVIDERS": fan_providers(environ),
        # Page tabs' signed requests are signed with the app secret (the client's by default).
        "FACEBOOK_APP_SECRET": environ.get("SUPERFAN_FACEBOOK_APP_SECRET")
        or environ.get("SUPERFAN_FACEBOOK_CLIENT_SECRET"),
        **{
            key: environ.get(f"SUPERFAN_{key}") or None
            for key in (
                "STAFF_OIDC_ISSUER",
                "STAFF_OIDC_CLIENT_ID",
                "STAFF_OIDC_CLIENT_SECRET",
                "STAFF_OIDC_LABEL",
            )
        },
    }


GOOGLE_METADATA = "https://accounts.google.com/.well-known/openid-configuration"
OIDC_CLIENT_ID = re.compile(r"^SUPERFAN_OIDC_([A-Z0-9]+)_CLIENT_ID$")


def fan_providers(environ=os.environ) -> dict:
    """{name: settings} for every fan sign-in provider the environment configures: Google,
    Facebook, and each SUPERFAN_OIDC_<NAME>_CLIENT_ID (_CLIENT_SECRET, _METADATA_URL, _LABEL)."""
    providers = {}
    if environ.get("SUPERFAN_GOOGLE_CLIENT_ID"):
        providers["google"] = _oidc(
            "Google",
            environ["SUPERFAN_GOOGLE_CLIENT_ID"],
            environ.get("SUPERFAN_GOOGLE_CLIENT_SECRET"),
            GOOGLE_METADATA,
        )
    if environ.get("SUPERFAN_FACEBOOK_CLIENT_ID"):
        providers["facebook"] = {
            "label": "Facebook",
            "kind": "facebook",
            "client_id": environ["SUPERFAN_FACEBOOK_CLIENT_ID"],
            "client_secret": environ.get("SUPERFAN_FACEBOOK_CLIENT_SECRET"),
        }
    for variable in sorted(environ):
        match = OIDC_CLIENT_ID.match(variable)
        if not match:
            continue
        prefix = f"SUPERFAN_OIDC_{match[1]}_"
        providers[match[1].lower()] = _oidc(
            environ.get(prefix + "LABEL") or match[1].title(),
            environ[variable],
            environ.get(prefix + "CLIENT_SECRET"),
            environ.get(prefix + "METADATA_URL"),
        )
    return providers


def _oidc(label: str, client_id: str, client_secret: str | None, metadata_url: str | None) -> dict:
    return {
        "label": label,
        "kind": "oidc",
        "client_id": client_id,
        "client_secret": client_secret,
        "server_metadata_url": metadata_url,
    }


# Seconds PostgreSQL may take to accept a connection before the request answers 503.
DATABASE_CONNECT_TIMEOUT = 5


def engine_options(database_url: str) -> dict:
    """PostgreSQL's pool checks each connection before use: one a restart closed is replaced
    instead of failing the first request of every idle worker; connecting is bounded."""
    if not database_url.startswith("postgresql"):
        return {}
    return {"pool_pre_ping": True, "connect_args": {"connect_timeout": DATABASE_CONNECT_TIMEOUT}}
