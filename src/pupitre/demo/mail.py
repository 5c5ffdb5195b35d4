"""Demo data of the email channel, made by the real pipeline.

Two mailboxes (a German and a French address) that are not connected to a
server: they are inactive, with a placeholder host. To read a real mailbox,
an administrator opens Email → Mailboxes, enters the IMAP server, user and
password (or app password) and ticks "active"; `make run` then polls it
every minute and watches it with IDLE.

Then a few mails go through `pupitre.mail.services` exactly as fetched mail
would: a German request with a quoted history, a signature and HTML, a
French answer to an email request, a reply from an address that is not a
participant (an "unverified sender" note), mail from unknown senders (one
of a school's domain, suggested for it) waiting in triage, and a message
that cannot be read (a "mail problem").
"""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

from pupitre.mail import services
from pupitre.mail.models import InboundMail, Mailbox, Security
from pupitre.schools.models import School
from pupitre.tickets.models import Team

from . import data

PLACEHOLDER_HOST = "imap.example.org"


def build(builder) -> None:
    for school in School.objects.exclude(email=""):
        school.email_domain = school.email.rsplit("@", 1)[1].lower()
        school.save(update_fields=["email_domain"])
    german = services.mailbox_save(mailbox=Mailbox(
        name="Digitale Schule — Hilfe", address="hilfe@digitale-schule.example",
        host=PLACEHOLDER_HOST, username="hilfe", security=Security.TLS, language="de",
        team=Team.objects.filter(name=data.TEAM_SUPPORT_DE).first(), is_active=False,
    ), password="", by=None)  # fmt: skip
    french = services.mailbox_save(mailbox=Mailbox(
        name="École numérique — Support", address="support@ecole-numerique.example",
        host=PLACEHOLDER_HOST, username="support", security=Security.TLS, language="fr",
        team=Team.objects.filter(name=data.TEAM_SUPPORT_FR).first(), is_active=False,
    ), password="", by=None)  # fmt: skip
    teacher_de = builder.logins["teacher.de@demo.pupitre.be"]
    teacher_fr = builder.logins["teacher.fr@demo.pupitre.be"]

    _ingest(german, _mail(
        teacher_de, german.address, "Whiteboard in Raum 12 bleibt schwarz",
        "Guten Tag,\n\nseit heute Morgen bleibt das interaktive Whiteboard in Raum 12 "
        "schwarz, obwohl die Kontrollleuchte grün ist. Ein Neustart hat nicht geholfen.\n\n"
        "Mit freundlichen Grüßen\nAnna Mertes\n--\nAnna Mertes\nLehrerin, Klasse 4b\n"
        "Tel. 087 00 00 00\n\n"
        "Am 2. März schrieb Lukas Hilgers:\n> Anna, melde das bitte direkt beim Helpdesk.\n"
        "> Gruß, Lukas\n",
        html="<p>Guten Tag,</p><p>seit heute Morgen bleibt das <b>interaktive Whiteboard</b> "
        "in Raum 12 schwarz, obwohl die Kontrollleuchte grün ist.</p>",
    ))  # fmt: skip
    request = _ingest(french, _mail(
        teacher_fr, french.address, "Imprimante du secrétariat hors ligne",
        "Bonjour,\n\nl'imprimante du secrétariat apparaît hors ligne sur tous les postes "
        "depuis la coupure de courant d'hier.\n\nBien à vous,\nSophie Lambert",
    ))  # fmt: skip
    ticket = request.ticket
    _ingest(french, _mail(
        teacher_fr, french.address, f"Re: [{ticket.number}] Imprimante du secrétariat",
        "J'ai redémarré l'imprimante comme demandé : elle est toujours hors ligne.\n\n"
        f"Le {format_datetime(timezone.now())}, Support École numérique a écrit :\n"
        "> Bonjour, pouvez-vous redémarrer l'imprimante et nous dire si elle revient ?\n"
        "> Cordialement, le helpdesk\n",
        in_reply_to=request.message_id,
    ))  # fmt: skip
    _ingest(french, _raw(
        "Garage Dumont <contact@garage-dumont.example>", french.address,
        f"Re: [{ticket.number}] Imprimante du secrétariat",
        "Bonjour, je crois que ce message ne m'était pas destiné.",
    ))  # fmt: skip
    school = School.objects.filter(language=data.FR).exclude(email_domain="").order_by("pk")[1]
    _ingest(french, _raw(
        f"Paul Leroy <p.leroy@{school.email_domain}>", french.address,
        "Accès au portail pour la nouvelle professeure",
        "Bonjour, une nouvelle collègue arrive lundi : comment obtient-elle un accès ?",
    ))  # fmt: skip
    _ingest(german, _raw(
        "Michael Krings <m.krings@mail.example>", german.address, "Frage zum Tablet-Koffer",
        "Guten Tag, wie lade ich die Tablets im Koffer am besten über Nacht?",
    ))  # fmt: skip
    _ingest(
        german, b"Dies ist keine E-Mail: der Relay hat eine abgeschnittene Datei geliefert.\r\n"
    )


def _mail(user, to, subject, body, *, html=None, in_reply_to=None) -> bytes:
    return _raw(f"{user.full_name} <{user.email}>", to, subject, body, html=html,
                in_reply_to=in_reply_to)  # fmt: skip


def _raw(sender, to, subject, body, *, html=None, in_reply_to=None) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(timezone.now())
    mail["Message-ID"] = make_msgid(domain="demo.pupitre.be")
    if in_reply_to:
        mail["In-Reply-To"] = f"<{in_reply_to}>"
    mail.set_content(body)
    if html:
        mail.add_alternative(html, subtype="html")
    return mail.as_bytes()


def _ingest(mailbox, raw: bytes) -> InboundMail:
    services.inbound_store(raw=raw, mailbox=mailbox)
    services.inbound_process_pending()
    return InboundMail.objects.get(message_id=services.message_id_of(raw))
