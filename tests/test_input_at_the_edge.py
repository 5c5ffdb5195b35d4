"""Bad input gets a clear answer: no such row, a form error or a 400 page in
the user's language. The walk over every screen is in test_hostile_input.py;
these are the cases that answered 500 before, and the shared parser."""

from datetime import date

import pytest
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.core.request_input import (
    ID_MAX,
    PAGE_MAX,
    parse_date,
    parse_id,
    parse_ids,
    parse_int,
    parse_page,
)

from .factories import make_device, make_user

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("42", 42),
        (" 42 ", 42),
        (42, 42),
        (str(ID_MAX), ID_MAX),
        (str(ID_MAX + 1), None),
        (HUGE, None),
        ("0", None),
        ("-1", None),
        ("abc", None),
        ("1,2", None),
        ("", None),
        (None, None),
        ("²", None),
        ("٣", None),
    ],
)
def test_an_id_that_no_row_can_have_is_none(value, expected):
    assert parse_id(value) == expected


def test_a_list_of_ids_keeps_the_valid_ones_in_order_up_to_the_limit():
    assert parse_ids(["3", HUGE, "x", "1", "2"], limit=2) == [3, 1]


@pytest.mark.parametrize(
    "value, expected",
    [("3", 3), ("0", 1), ("-5", 1), (str(10**20), PAGE_MAX), ("x", 1), (None, 1), ("²", 1)],
)
def test_a_page_number_that_makes_no_sense_is_the_first_page(value, expected):
    assert parse_page(value) == expected


def test_a_whole_number_outside_its_bounds_is_none():
    assert parse_int("2026", minimum=2000, maximum=2100) == 2026
    assert parse_int("-3", minimum=-5, maximum=5) == -3
    assert parse_int(str(10**30), minimum=2000, maximum=2100) is None
    assert parse_int("²", minimum=0, maximum=9) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-12-07", date(2026, 12, 7)),
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("2026-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_a_date_outside_the_calendar_the_service_knows_is_none(value, expected):
    assert parse_date(value) == expected


def test_coverage_notice_with_a_device_id_beyond_the_database_shows_no_device(
    client, school, teacher
):
    make_device(school)
    client.force_login(teacher)
    response = client.get(reverse("portal:coverage_notice"), {"school": school.pk, "devices": HUGE})
    assert response.status_code == 200
    assert response.context["notice_items"] == []


def test_suggestions_with_a_device_id_beyond_the_database_still_answer(client, school, teacher):
    client.force_login(teacher)
    response = client.get(
        reverse("portal:kb_suggestions"),
        {"school": school.pk, "devices": HUGE, "subject": "imprimante"},
    )
    assert response.status_code == 200


def test_new_request_with_a_device_id_beyond_the_database_is_a_form_error(client, school, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("portal:new"),
        {
            "school": school.pk,
            "category": "remote_hardware",
            "subject": "Écran noir",
            "description": "Rien ne s'affiche.",
            "devices": HUGE,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["devices"] == [
        f"«\N{NO-BREAK SPACE}{HUGE}\N{NO-BREAK SPACE}» n’est pas une valeur correcte."
    ]


def test_new_request_with_a_device_label_in_unicode_digits_opens_the_form(client, school, teacher):
    client.force_login(teacher)
    response = client.get(reverse("portal:new"), {"device": "²"})
    assert response.status_code == 200


def test_knowledge_base_report_over_years_1_to_9999_is_a_form_error_in_french(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("desk:kb_report"), {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "start": ["Indiquez une date entre le 01/01/1900 et le 31/12/2199."],
        "end": ["Indiquez une date entre le 01/01/1900 et le 31/12/2199."],
    }


def test_knowledge_base_report_over_years_1_to_9999_is_a_form_error_in_german(client, db):
    client.force_login(make_user(role=Role.SUPERVISOR, language="de"))
    response = client.get(reverse("desk:kb_report"), {"start": "0001-01-01", "end": "2026-12-31"})
    assert response.context["form"].errors == {
        "start": ["Bitte geben Sie ein Datum zwischen dem 01.01.1900 und dem 31.12.2199 ein."],
    }


def test_sla_targets_with_an_unknown_policy_are_not_found(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("desk:sla"), {"policy": "abc"})
    assert response.status_code == 404


def test_a_bad_request_is_answered_with_the_house_400_page_in_the_users_language(client):
    response = client.get("/", HTTP_HOST="attacker.example", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Ungültige Eingabe</h1>" in html
    assert "Zurück zur Startseite" in html
