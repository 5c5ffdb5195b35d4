"""The queue's text filter: accents and case do not matter, a typo finds the
subject it resembles (in German as in French), the number still matches, and
the filtered queue runs the same number of queries at any size."""

import pytest
from django.urls import reverse

from pupitre.tickets.models import SubjectTerm, Ticket

from ..factories import make_member, make_ticket
from ..querycount import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects(teacher, german_teacher):
    made = {}
    for requester, subject in (
        (teacher, "Le projecteur de la salle 12 ne s'allume plus"),
        (teacher, "Projecteurs du 2e étage : lampe à changer"),
        (teacher, "L'écran tactile ne répond plus"),
        (teacher, "Question sur Odoo"),
        (german_teacher, "Beamer defekt"),
        (german_teacher, "Projektor im Raum 3 zeigt kein Bild"),
        (german_teacher, "Tafel reagiert nicht"),
    ):
        made[subject] = make_ticket(requester, subject=subject)
    return made


def found(client, agent, text):
    client.force_login(agent)
    html = client.get(reverse("desk:queue"), {"q": text}).content.decode()
    return {subject for subject in Ticket.objects.values_list("subject", flat=True)
            if subject.replace("'", "&#x27;") in html}  # fmt: skip


def test_projektor_finds_the_projecteur_tickets_and_the_projektor_one(client, agent_fr, subjects):
    assert found(client, agent_fr, "projektor") == {
        "Le projecteur de la salle 12 ne s'allume plus",
        "Projecteurs du 2e étage : lampe à changer",
        "Projektor im Raum 3 zeigt kein Bild",
    }


@pytest.mark.parametrize("text", ["ecran", "ÉCRAN", "ecran tactile", "Ecran tactil"])
def test_accents_and_case_do_not_matter(client, agent_fr, subjects, text):
    assert found(client, agent_fr, text) == {"L'écran tactile ne répond plus"}


@pytest.mark.parametrize(
    "typo, subject",
    [
        ("Bemaer", "Beamer defekt"),
        ("tafle", "Tafel reagiert nicht"),
        ("projecteru salle", "Le projecteur de la salle 12 ne s'allume plus"),
        ("qeustion odoo", "Question sur Odoo"),
    ],
)
def test_a_typo_finds_the_ticket_in_german_as_in_french(client, agent_fr, subjects, typo, subject):
    assert found(client, agent_fr, typo) == {subject}


def test_part_of_a_word_still_matches(client, agent_fr, subjects):
    assert found(client, agent_fr, "jecteur") == {
        "Le projecteur de la salle 12 ne s'allume plus",
        "Projecteurs du 2e étage : lampe à changer",
    }


def test_the_number_still_matches(client, agent_fr, subjects):
    ticket = subjects["Question sur Odoo"]
    assert found(client, agent_fr, ticket.number) == {"Question sur Odoo"}


def test_a_word_nothing_resembles_finds_nothing(client, agent_fr, subjects):
    assert found(client, agent_fr, "zzzqqqxx") == set()


def test_the_vocabulary_holds_the_folded_words_of_the_subjects(subjects):
    terms = set(SubjectTerm.objects.values_list("term", flat=True))
    assert {"projecteur", "ecran", "tactile", "beamer", "projektor", "etage"} <= terms
    assert not {"12", "le", "3"} & terms
    ticket = subjects["L'écran tactile ne répond plus"]
    ticket.refresh_from_db()
    assert ticket.subject_words == " l ecran tactile ne repond plus "


def test_the_filtered_queue_runs_a_constant_number_of_queries(client, agent_fr, school):
    teachers = [make_member(school) for _ in range(5)]
    client.force_login(agent_fr)
    words = ["projecteur", "écran", "tablette", "imprimante", "Beamer", "Drucker"]

    def grow_to(total):
        for i in range(Ticket.objects.count(), total):
            make_ticket(teachers[i % 5], subject=f"{words[i % 6]} {i} en panne")
        return count_queries(client, reverse("desk:queue"), {"q": "projektor panne"})

    at_10, at_200 = grow_to(10), grow_to(200)
    assert at_10 == at_200
    assert at_200 <= 9
