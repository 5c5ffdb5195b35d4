"""Shared, named users for the roles, as the house style asks."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client as DjangoClient

from pupitre.accounts.models import Role
from pupitre.accounts.second_factor import needs_second_factor
from pupitre.hours.queries import _built as calendars_built

from .factories import make_member, make_school, make_team, make_user
from .meshcentral import (  # noqa: F401 (fixtures for every test folder)
    meshcentral,
    meshcentral_agent,
    meshcentral_factory,
    meshcentral_server,
)
from .second_factor import pass_second_factor

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # A fast hasher: the suite creates many users; security is tested by Django.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "attachments")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test rolls its transaction back, so a calendar revision number can
    # come back with other rows: start every test with no built calendar,
    # and no cached configuration rows.
    calendars_built.clear()
    cache.clear()


class Client(DjangoClient):
    """`force_login` signs staff in as they really are: password and second
    factor (tests/second_factor.py). `password_only_client` stops after the
    password."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if needs_second_factor(user):
            pass_second_factor(self, user)


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def password_only_client(db):
    return DjangoClient()


@pytest.fixture
def school(db):
    return make_school(language="fr", name="Athénée royal de Namur")


@pytest.fixture
def german_school(db):
    return make_school(language="de", name="Städtische Grundschule Eupen")


@pytest.fixture
def other_school(db):
    return make_school(language="fr", name="Institut Saint-Joseph Ciney")


@pytest.fixture
def teams(db):
    return {"fr": make_team("fr"), "de": make_team("de")}


@pytest.fixture
def teacher(school):
    return make_member(school, name="Claire Dubois", email="teacher@test.pupitre.be")


@pytest.fixture
def other_teacher(school):
    return make_member(school, name="Marc Lemaire")


@pytest.fixture
def ict_contact(school):
    return make_member(school, ict_contact=True, name="Sophie Renard", email="ict@test.pupitre.be")


@pytest.fixture
def german_teacher(german_school):
    return make_member(german_school, name="Jonas Schmitz", email="lehrer@test.pupitre.be")


@pytest.fixture
def other_school_teacher(other_school):
    return make_member(other_school, name="Luc Marchal", email="other@test.pupitre.be")


@pytest.fixture
def agent_fr(db):
    return make_user(role=Role.AGENT, language="fr", name="Agent Français")


@pytest.fixture
def agent_de(db):
    return make_user(role=Role.AGENT, language="de", name="Agent Deutsch")


@pytest.fixture
def supervisor(db):
    return make_user(role=Role.SUPERVISOR, language="fr", name="Superviseur")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite, except when CI demands them."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    required = os.environ.get("PUPITRE_REQUIRE_POSTGRES") == "1"
    if required and not on_postgres:
        raise pytest.UsageError("PUPITRE_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL.")
    skip = pytest.mark.skip(reason="needs DATABASE_URL pointing at PostgreSQL")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)
