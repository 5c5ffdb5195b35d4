"""Hostile text and HTML in every value the busiest pages show: the desk
queue, the desk ticket page and the portal's request page. Whatever a
school, a sender or an administrator typed is shown as text; the HTML of a
message is sanitised, whoever handed it to the ticket services."""

import html
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.tickets import services
from pupitre.tickets.models import Message, Team
from pupitre.tickets.services import EmailParts

from .factories import make_device, make_member, make_school, make_ticket, make_user

# Each payload carries a marker of its own, so that a failure names the field.
SCHOOL = 'Athénée <script>alert("school")</script> "><img src=x onerror=alert(11)>'
SUBJECT = "Projecteur <script>alert('subject')</script> {{ request.user }} %s %(x)s"
REQUESTER = 'Marie "><img src=x onerror=alert(12)> Dupont'
AGENT = "Agent <script>alert('agent')</script> Lemaire"
TEAM = 'Support <b>FR</b> "><svg onload=alert(13)>'
SERIAL = '"><img src=x onerror=alert(14)>'
ASSET = "<script>alert('asset')</script>"
DESCRIPTION = (
    "Le projecteur ne démarre plus.\n"
    "<script>alert('description')</script> \"><img src=x onerror=alert(15)>\n\n"
    "Voir javascript:alert(16) et {{ settings.SECRET_KEY }} ou %s."
)
MAIL_TEXT = "Bonjour, voici la capture <script>alert('mail')</script>"
MAIL_HTML = (
    "<p>Bonjour, voici <b>la capture</b>.</p>"
    "<script>alert('html')</script>"
    '<a href="javascript:alert(17)">le lien</a>'
    '<img src=x onerror="alert(18)">'
    '<p onclick="alert(19)" style="background:url(https://tracker.example/x.png)">fin</p>'
    '"><iframe src="https://evil.example/"></iframe>'
)

# Text shown escaped: the markup of each payload as text, never as markup.
TEXTS = [SCHOOL, SUBJECT, REQUESTER, AGENT, TEAM, SERIAL, ASSET]


@pytest.fixture
def hostile(db):
    school = make_school(name=SCHOOL)
    requester = make_member(school, ict_contact=True, name=REQUESTER)
    agent = make_user(role=Role.AGENT, name=AGENT)
    team = Team.objects.create(name=TEAM, language="fr")
    device = make_device(school, serial=SERIAL, asset_tag=ASSET)
    ticket = make_ticket(
        requester, subject=SUBJECT, description=DESCRIPTION, devices=[device], team=team
    )
    # An unassigned one shows its team in the queue; this one its agent.
    make_ticket(requester, subject=SUBJECT, description=DESCRIPTION, team=team)
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
    # HTML from a caller other than the mail parser: not sanitised before.
    services.ticket_reply(
        ticket=ticket,
        author=requester,
        body=MAIL_TEXT,
        email=EmailParts(
            message_id="<hostile@example.org>",
            from_address=requester.email,
            quoted_text="> <script>alert('quoted')</script>",
            html_body=MAIL_HTML,
        ),
    )
    return ticket, requester, agent


class _Elements(HTMLParser):
    """The elements of a page as a browser reads them, and the text of its scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)


def assert_nothing_runs(page: str) -> None:
    """No element, attribute or script of the payloads became markup."""
    parsed = _Elements()
    parsed.feed(page)
    assert not any("alert" in script for script in parsed.scripts)
    for tag, attrs in parsed.elements:
        assert tag not in ("iframe", "svg"), (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), (tag, attrs)
        assert attrs.get("src") != "x", (tag, attrs)
        assert "tracker.example" not in str(attrs) or "data-remote-src" in attrs, (tag, attrs)
    # Nothing of the team's name became markup either.
    assert "<b>FR</b>" not in page


def assert_shown_as_text(page: str, values) -> None:
    for value in values:
        assert html.escape(value) in page, value


def test_desk_queue_shows_hostile_subjects_schools_names_and_teams_as_text(client, hostile):
    ticket, _, agent = hostile
    client.force_login(agent)
    page = client.get(reverse("desk:queue")).content.decode()
    assert page.count(html.escape(SUBJECT)) == 2
    assert_shown_as_text(page, [SCHOOL, AGENT, TEAM])
    assert f'href="/desk/tickets/{ticket.number}/"' in page
    assert_nothing_runs(page)


def test_desk_ticket_page_shows_hostile_text_as_text_and_sanitised_html(client, hostile):
    ticket, _, agent = hostile
    client.force_login(agent)
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert_shown_as_text(page, TEXTS)
    # The description, as escaped paragraphs (a blank line apart).
    assert (
        "<p>Le projecteur ne démarre plus.<br>&lt;script&gt;alert(&#x27;description&#x27;)"
        "&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(15)&gt;</p>\n\n"
        "<p>Voir javascript:alert(16) et {{ settings.SECRET_KEY }} ou %s.</p>"
    ) in page
    assert html.escape(MAIL_TEXT) in page
    assert "&gt; &lt;script&gt;alert(&#x27;quoted&#x27;)&lt;/script&gt;" in page
    # The formatted text keeps its words and harmless markup, nothing else.
    assert "<p>Bonjour, voici <b>la capture</b>.</p>" in page
    assert "le lien</a>" in page and "<p>fin</p>" in page
    # The assignment event names the agent, as text.
    assert html.escape(f"Assigned to {AGENT}.") in page or html.escape(AGENT) in page
    assert_nothing_runs(page)


def test_portal_request_page_shows_hostile_text_as_text_and_sanitised_html(client, hostile):
    ticket, requester, _ = hostile
    client.force_login(requester)
    page = client.get(reverse("portal:detail", args=[ticket.number])).content.decode()
    assert_shown_as_text(page, [SUBJECT, REQUESTER, SERIAL, MAIL_TEXT])
    assert "Voir javascript:alert(16) et {{ settings.SECRET_KEY }} ou %s." in page
    assert "<p>Bonjour, voici <b>la capture</b>.</p>" in page
    assert_nothing_runs(page)


def test_ticket_services_store_only_sanitised_html_whoever_the_caller(hostile):
    ticket, _, _ = hostile
    stored = Message.objects.get(ticket=ticket, email_message_id="<hostile@example.org>")
    assert stored.sanitized_html == (
        "<p>Bonjour, voici <b>la capture</b>.</p>"
        '<a rel="noopener noreferrer nofollow">le lien</a><img><p>fin</p>"&gt;'
    )
    assert stored.body == MAIL_TEXT
