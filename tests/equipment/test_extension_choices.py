"""The devices the extension form offers are exactly those the service
accepts: one rule (`coverage.may_ask_extension`) for both."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pupitre.core.errors import DomainError
from pupitre.equipment.models import CoverageExtension, ExtensionRequest
from pupitre.equipment.queries import extensible_devices
from pupitre.equipment.services import extension_request

from ..factories import make_device

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        timezone.datetime(2026, 12, 1, 10, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield


devices = st.lists(
    st.fixed_dictionaries(
        {
            "provenance": st.sampled_from(["market_central", "other"]),
            "funding": st.sampled_from(["wallonia_programme", "own_funds", "other"]),
            "status": st.sampled_from(["in_service", "in_service", "retired", "lost", "replaced"]),
            "delivery_date": st.none() | st.dates(date(2012, 1, 1), date(2027, 6, 30)),
            # An approved extension: days after today it starts and how long it lasts.
            "extension": st.none() | st.tuples(st.integers(-2000, 400), st.integers(0, 800)),
        }
    ),
    min_size=1,
    max_size=8,
)


def accepted(ict_contact, school, device) -> bool:
    try:
        with transaction.atomic():
            extension_request(
                by=ict_contact,
                school=school,
                devices=[device],
                reason="Encore utilisé",
                requested_end=TODAY + timedelta(days=400),
            )
            transaction.set_rollback(True)
    except DomainError as refusal:
        assert refusal.code == "not_extensible"
        return False
    return True


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(facts=devices)
def test_the_devices_offered_are_exactly_those_the_service_accepts(ict_contact, school, facts):
    with transaction.atomic():
        earlier = ExtensionRequest.objects.create(
            school=school,
            requested_by=ict_contact,
            reason="x",
            requested_end=TODAY,
            created_at=timezone.now(),
        )
        made = []
        for values in facts:
            values = dict(values)
            extension = values.pop("extension")
            device = make_device(school, **values)
            if extension is not None:
                start = TODAY + timedelta(days=extension[0])
                CoverageExtension.objects.create(
                    device=device,
                    request=earlier,
                    start=start,
                    end=start + timedelta(days=extension[1]),
                )
            made.append(device)
        offered = {device.pk for device in extensible_devices(school.pk)}
        assert offered == {d.pk for d in made if accepted(ict_contact, school, d)}
        transaction.set_rollback(True)


def test_devices_the_programme_never_covered_are_not_offered(ict_contact, school):
    own_purchase = make_device(
        school, provenance="other", funding="own_funds", delivery_date=date(2016, 1, 1)
    )
    elsewhere = make_device(school, provenance="other", delivery_date=date(2016, 1, 1))
    in_programme = make_device(school, delivery_date=date(2025, 1, 1))
    own_funds_market = make_device(school, funding="own_funds", delivery_date=date(2016, 1, 1))
    ended = make_device(school, delivery_date=date(2016, 1, 1))
    assert set(extensible_devices(school.pk)) == {own_funds_market, ended}
    for device in (own_purchase, elsewhere, in_programme):
        assert not accepted(ict_contact, school, device)
