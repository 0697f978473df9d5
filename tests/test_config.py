"""Settings from the environment, with embedded defaults."""

import logging

from app.config import from_environment, normalise_database_url, warn_unknown_keys


def test_embedded_defaults_need_no_environment(tmp_path):
    config = from_environment(tmp_path, environ={})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'superfan.db'}"
    assert config["REDIS_URL"] is None
    assert len(config["SECRET_KEY"]) == 64
    assert config["DEFAULT_HALF_LIFE_DAYS"] == 30


def test_the_secret_key_is_generated_once_and_kept(tmp_path):
    first = from_environment(tmp_path, environ={})["SECRET_KEY"]
    assert from_environment(tmp_path, environ={})["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_environment_wins(tmp_path):
    config = from_environment(
        tmp_path,
        environ={
            "DATABASE_URL": "postgres://u@db/superfan",
            "REDIS_URL": "redis://cache:6379/0",
            "SECRET_KEY": "s3cret",
            "SUPERFAN_BASE_URL": "https://fans.example.com",
        },
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/superfan"
    assert config["REDIS_URL"] == "redis://cache:6379/0"
    assert config["SECRET_KEY"] == "s3cret"
    assert config["BASE_URL"] == "https://fans.example.com"
    assert not (tmp_path / "secret_key").exists()


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("postgresql+psycopg://x/y") == "postgresql+psycopg://x/y"
    assert normalise_database_url("sqlite:///a.db") == "sqlite:///a.db"


def test_unknown_superfan_keys_warn(caplog):
    with caplog.at_level(logging.WARNING):
        unknown = warn_unknown_keys(
            {
                "SUPERFAN_BASE_URL": "x",
                "SUPERFAN_BASEURL": "typo",
                "SUPERFAN_OIDC_KEYCLOAK_CLIENT_ID": "per-provider family",
            }
        )
    assert unknown == ["SUPERFAN_BASEURL"]
    assert "Unknown setting SUPERFAN_BASEURL is ignored" in caplog.text
