"""Fixtures for staff sign-in: the console's browser-like client, from tests/console."""

from tests.console.conftest import client, pg_client  # noqa: F401 - fixtures
