"""A school's sites with their own switchboard: a call from a site's number
is matched to the school and the site, shown with the site on the panel and
in the call log; a number is given only to a site of its own school."""

import pytest
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.phone.models import Call, MatchedBy
from pupitre.schools.models import PhoneNumber, Site

from ..audit.admin_forms import unchanged_post
from ..factories import make_school, make_team, make_user
from .panel_data import make_call, make_line
from .test_webhook import new_call


@pytest.fixture
def administrator(db):
    return make_user(
        role=Role.ADMINISTRATOR, name="Admin Istrateur", is_staff=True, is_superuser=True
    )


def second_site(school, name="Implantation de Velaine") -> Site:
    return Site.objects.create(
        school=school,
        official_number=f"V{school.pk:05d}",
        name=name,
        street="Rue de Velaine 41",
        postal_code="5100",
        city="Jambes",
        region="namur",
    )


def test_a_call_from_a_sites_switchboard_names_the_school_and_the_site(pbx):
    school = make_school(name="École communale de Jambes")
    velaine = second_site(school)
    PhoneNumber.objects.create(school=school, number="081 30 62 17", label="Direction")
    PhoneNumber.objects.create(school=school, site=velaine, number="081 30 62 40")
    pbx.send(new_call("s1", "081306240"))
    pbx.send(new_call("s2", "+3281306217"))
    from_site = Call.objects.get(call_id="s1")
    assert (from_site.school, from_site.site, from_site.matched_by) == (
        school,
        velaine,
        MatchedBy.SCHOOL,
    )
    main = Call.objects.get(call_id="s2")
    assert (main.school, main.site) == (school, None)


def test_a_number_given_to_the_school_and_a_site_is_the_schools(pbx):
    school = make_school()
    PhoneNumber.objects.create(school=school, site=second_site(school), number="081 30 62 40")
    PhoneNumber.objects.create(school=school, number="081306240")
    pbx.send(new_call("s3", "081306240"))
    assert Call.objects.get(call_id="s3").site is None


def test_the_panel_and_the_call_log_show_the_site(client, agent_fr):
    team = make_team("fr")
    team.members.add(agent_fr)
    school = make_school(name="École communale de Jambes")
    make_call(make_line(team), school=school, site=second_site(school))
    client.force_login(agent_fr)
    panel = client.get("/desk/phone/live/").content.decode()
    assert "École communale de Jambes" in panel
    assert "· Implantation de Velaine" in panel
    log = client.get(reverse("desk:phone_calls")).content.decode()
    assert "Implantation de Velaine" in log


@pytest.mark.django_db
def test_the_admin_offers_only_the_schools_sites_and_refuses_another(client, administrator):
    school, other = make_school(), make_school()
    own, foreign = second_site(school), second_site(other, name="Ailleurs")
    url = reverse("admin:schools_school_change", args=[school.pk])
    client.force_login(administrator)
    response = client.get(url)
    page = response.content.decode()
    assert own.name in page and "Ailleurs" not in page
    data = unchanged_post(response)
    total = int(data["phone_numbers-TOTAL_FORMS"])
    new_row = {
        "phone_numbers-TOTAL_FORMS": str(total + 1),
        f"phone_numbers-{total}-number": "081 30 62 40",
        f"phone_numbers-{total}-school": school.pk,
    }
    refused = client.post(url, data | new_row | {f"phone_numbers-{total}-site": foreign.pk})
    assert refused.status_code == 200
    assert not PhoneNumber.objects.filter(number="081 30 62 40").exists()
    assert (
        client.post(url, data | new_row | {f"phone_numbers-{total}-site": own.pk}).status_code
        == 302
    )
    assert PhoneNumber.objects.get(number="081 30 62 40").site == own


@pytest.mark.django_db
def test_a_site_of_another_school_is_refused_by_the_model():
    from django.core.exceptions import ValidationError

    school, other = make_school(), make_school()
    number = PhoneNumber(school=school, site=second_site(other), number="081 30 62 40")
    with pytest.raises(ValidationError) as refused:
        number.full_clean()
    assert "site" in refused.value.message_dict
