"""Every change to a ticket goes through one of these functions.

The portal, the desk (and later the API, the mail ingester and the phone
webhook) call them, so every channel obeys the same rules and leaves the same
history. Each state change locks the ticket row (`select_for_update`) so two
agents acting at once cannot overwrite each other's change unseen.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import STAFF_ROLES, Language, Role, User
from pupitre.accounts.permissions import check_settings_manager
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, save_recorded, snapshot
from pupitre.core.config_cache import forget
from pupitre.core.errors import DomainError
from pupitre.core.filenames import filename_from_path
from pupitre.core.safe_html import sanitize_html
from pupitre.core.task_queue import enqueue_on_commit
from pupitre.core.validation import check_choice, check_file_sizes
from pupitre.equipment.models import Device
from pupitre.schools.models import MembershipRole, School
from pupitre.schools.queries import check_school_member, school_role
from pupitre.schools.services import member_add

from . import notifications, sla
from .models import (
    ACTIVE_STATUSES,
    EMAIL_ELSEWHERE,
    Attachment,
    Channel,
    EventField,
    Message,
    MessageKind,
    Priority,
    ServiceCategory,
    SlaPolicy,
    SlaState,
    Status,
    SubjectTerm,
    Team,
    Ticket,
    TicketSequence,
)
from .queries import TEAMS, teams
from .subjects import subject_terms, subject_words

MAX_ATTACHMENTS_PER_MESSAGE = 10
SUBJECT_MAX_LENGTH = 200


@dataclass(frozen=True)
class EmailParts:
    """What the mail channel knows of a message beyond its visible text
    (prepared at ingest, stored on the timeline entry). `html_body` is
    sanitised here whoever the caller: only sanitised HTML is stored."""

    message_id: str = ""
    from_address: str = ""
    quoted_text: str = ""
    html_body: str = ""
    unverified_sender: bool = False

    def fields(self) -> dict:
        return {
            "email_message_id": self.message_id[:255],
            "email_from": self.from_address[:254],
            "quoted_text": self.quoted_text,
            "sanitized_html": sanitize_html(self.html_body) if self.html_body else "",
            "unverified_sender": self.unverified_sender,
        }


NO_EMAIL = EmailParts()


def ticket_create(
    *,
    school: School,
    requester: User,
    created_by: User,
    channel: str,
    category: str,
    subject: str,
    description: str,
    devices: Sequence[Device] = (),
    priority: int = Priority.NORMAL,
    language: str | None = None,
    attachments: Sequence = (),
    team: Team | None = None,
    acknowledge: bool = True,
    email: EmailParts = NO_EMAIL,
) -> Ticket:
    """Open a request for `school` on behalf of `requester`.

    `created_by` is the requester on the portal and by email, or the agent
    who logged a phone call or linked a mail to a school. The team is the
    one of the language unless `team` is given. `acknowledge=False` sends no
    "request received" mail (automatic mail must never be answered).
    """
    subject = " ".join(subject.split())
    description = description.strip()
    check_school_member(requester, school)
    if created_by != requester and created_by.role not in STAFF_ROLES:
        raise DomainError(
            _("Only programme staff can open a request on behalf of someone else."),
            code="not_allowed",
        )
    check_choice(channel, Channel, "channel")
    check_choice(category, ServiceCategory, "category")
    _check_priority(priority)
    if not subject:
        raise DomainError(_("Please give the request a subject."), code="required", field="subject")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise DomainError(
            _("The subject is too long (at most %(max)d characters).")
            % {"max": SUBJECT_MAX_LENGTH},
            code="too_long",
            field="subject",
        )
    if not description:
        raise DomainError(_("Please describe the problem."), code="required", field="description")
    foreign = [device for device in devices if device.school_id != school.pk]
    if foreign:
        raise DomainError(
            _("Device %(serial)s does not belong to this school.") % {"serial": foreign[0].serial},
            code="foreign_device",
            field="devices",
        )
    _check_attachments(attachments)
    language = language or school.language
    check_choice(language, Language, "language")

    now = timezone.now()
    with _writing():
        ticket = Ticket(
            number=_next_ticket_number(now),
            school=school,
            requester=requester,
            created_by=created_by,
            channel=channel,
            language=language,
            category=category,
            subject=subject,
            subject_words=subject_words(subject),
            priority=priority,
            status=Status.NEW,
            team_id=team.pk if team else _team_for_language(language),
            created_at=now,
            updated_at=now,
        )
        sla.refresh(ticket, now, events=[])
        ticket.save(force_insert=True)
        SubjectTerm.objects.bulk_create(
            [SubjectTerm(term=term) for term in sorted(subject_terms(subject))],
            ignore_conflicts=True,
        )
        if devices:
            ticket.devices.set(devices)
        # The "opened" event, then the description as the first reply: one
        # INSERT for both.
        _event, message = Message.objects.bulk_create(
            [
                _event_row(ticket, created_by, EventField.CREATED, "", channel, now),
                Message(
                    ticket=ticket,
                    kind=MessageKind.REPLY,
                    author=requester,
                    channel=channel,
                    body=description,
                    created_at=now,
                    **email.fields(),
                ),
            ]
        )
        _store_attachments(message, attachments)
        if acknowledge:
            _notify_after_commit(notifications.RECEIVED, message)
    ticket.first_message = message  # the request's text, for callers that link to it
    return ticket


def ticket_log_phone_call(
    *,
    school: School,
    caller: User | None,
    new_caller: dict | None = None,
    by: User,
    category: str,
    subject: str,
    description: str,
    priority: int = Priority.NORMAL,
    devices: Sequence[Device] = (),
    attachments: Sequence = (),
) -> Ticket:
    """A phone call taken by `by` becomes a request of `school`, from
    `caller` (one of its members) or from someone new, `new_caller`
    (`full_name`, `email`, `phone`), who is added to the school with the
    request: both or neither are written."""
    with transaction.atomic():
        requester = caller or member_add(school=school, by=by, **(new_caller or {}))
        return ticket_create(
            school=school,
            requester=requester,
            created_by=by,
            channel=Channel.PHONE,
            category=category,
            priority=priority,
            subject=subject,
            description=description,
            devices=devices,
            attachments=attachments,
        )


def ticket_reply(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    attachments: Sequence = (),
    channel: str = "",
    email: EmailParts = NO_EMAIL,
    notify: bool = True,
) -> Message:
    """A public reply, by the school or by programme staff.

    `notify=False`: the caller sends its own mail about the reply (an
    on-site report goes to the school with its PDF).

    A reply from the school brings a ticket that waits for it (or that was
    resolved) back to `open`; the first staff reply is the first response
    and takes a `new` ticket to `open`. A staff reply is emailed to the
    requester when the request came by email or they want answers by email.
    """
    body = body.strip()
    if not body and not attachments:
        raise DomainError(_("Please write a message."), code="required", field="body")
    _check_attachments(attachments)
    now = timezone.now()
    with _writing():
        ticket = _lock(ticket)
        if ticket.status == Status.CLOSED:
            raise DomainError(
                _("This request is closed. Please open a new request."), code="closed"
            )
        from_staff = author.role in STAFF_ROLES
        if not from_staff:
            check_school_member(author, ticket.school)
        message = Message.objects.create(
            ticket=ticket,
            kind=MessageKind.REPLY,
            author=author,
            channel=channel or (Channel.PORTAL if not from_staff else ""),
            body=body,
            created_at=now,
            **email.fields(),
        )
        _store_attachments(message, attachments)
        fields = ["updated_at"]
        ticket.updated_at = now
        if from_staff:
            if ticket.first_response_at is None:
                ticket.first_response_at = now
                fields.append("first_response_at")
            if ticket.status == Status.NEW:
                _change_status(ticket, Status.OPEN, author, now, fields)
            if notify and _mails_the_requester(ticket):
                _notify_after_commit(notifications.STAFF_REPLY, message)
        elif ticket.status in (Status.WAITING_FOR_SCHOOL, Status.RESOLVED):
            _change_status(ticket, Status.OPEN, author, now, fields)
        if len(fields) > 1:  # a first response or a new status moves the SLA clocks
            fields.extend(sla.refresh(ticket, now))
        ticket.save(update_fields=fields)
    return message


def may_reply_publicly(ticket: Ticket, user: User | None) -> bool:
    """Who may answer a ticket from outside the screens (by mail) with a
    public reply: programme staff, and, while they are members of the
    ticket's school, its requester, the school's ICT contacts and anyone who
    has already replied on it. Anyone else's answer is kept as an internal
    note for the agents to judge."""
    if user is None:
        return False
    if user.role in STAFF_ROLES:
        return True
    role = school_role(user, ticket.school_id)
    if role is None:
        return False
    if user.pk == ticket.requester_id or role == MembershipRole.ICT_CONTACT:
        return True
    return Message.objects.filter(
        ticket=ticket, kind=MessageKind.REPLY, author=user, unverified_sender=False
    ).exists()


def ticket_add_note(
    *,
    ticket: Ticket,
    author: User | None,
    body: str,
    attachments: Sequence = (),
    email: EmailParts = NO_EMAIL,
) -> Message:
    """An internal note: staff only, never shown to the school.

    The mail channel writes notes without an author (`email.from_address`
    says who sent it): mail from an unverified sender, automatic replies,
    delivery-failure reports."""
    if author is not None or not email.from_address:
        _check_staff(author)
    body = body.strip()
    if not body and not attachments:
        raise DomainError(_("Please write a note."), code="required", field="body")
    _check_attachments(attachments)
    now = timezone.now()
    with _writing():
        ticket = _lock(ticket)
        message = Message.objects.create(
            ticket=ticket,
            kind=MessageKind.NOTE,
            author=author,
            body=body,
            created_at=now,
            channel=Channel.EMAIL if email.from_address else "",
            **email.fields(),
        )
        _store_attachments(message, attachments)
        ticket.updated_at = now
        ticket.save(update_fields=["updated_at"])
    return message


class _Unchanged:
    def __repr__(self):
        return "UNCHANGED"


UNCHANGED = _Unchanged()  # a field `ticket_update` leaves as it is


def ticket_update(
    *,
    ticket: Ticket,
    by: User,
    assignee=UNCHANGED,
    status=UNCHANGED,
    priority=UNCHANGED,
    team=UNCHANGED,
) -> Ticket:
    """Change several of the ticket's assignee, status, priority and team at
    once (the desk's ticket form): one transaction, the ticket locked once,
    one history event per field that changes, none for a field left as it
    is. A refused change refuses them all: nothing is written.

    The rules are those of each field: assignee, priority and team are for
    programme staff; schools may only mark their request solved or reopen a
    resolved one. Assigning a new ticket opens it, unless the same change
    gives it another status.

    `assignee` and `team` may be given by id, as a form offered them: the
    id of a person deactivated or a team deleted since the form was shown is
    refused, as is a person or team given as a row that no longer is there
    or active."""
    if assignee is not UNCHANGED:
        _check_staff(by, field="assignee")
        if isinstance(assignee, User) and (
            assignee.role not in STAFF_ROLES or not assignee.is_active
        ):
            raise DomainError(
                _("Requests can only be assigned to active programme staff."),
                code="invalid_assignee",
                field="assignee",
            )
    if status is not UNCHANGED:
        check_choice(status, Status, "status")
    if priority is not UNCHANGED:
        _check_staff(by, field="priority")
        _check_priority(priority)
    if team is not UNCHANGED:
        _check_staff(by, field="team")
    now = timezone.now()
    with transaction.atomic():
        # Read inside the transaction: what counts is who is active and
        # which teams exist now, not when the caller looked.
        if assignee is not UNCHANGED and assignee is not None:
            assignee = _still_there(
                User.objects.filter(is_active=True, role__in=STAFF_ROLES), assignee, "assignee"
            )
        if team is not UNCHANGED and team is not None:
            team = _still_there(Team.objects.all(), team, "team")
        ticket = _lock(ticket)
        fields = []
        status_event = None
        if status is not UNCHANGED and ticket.status != status:
            _check_status_move(ticket, status, by)
            status_event = _change_status(ticket, status, by, now, fields)
        if assignee is not UNCHANGED and ticket.assignee_id != (assignee.pk if assignee else None):
            old = ticket.assignee
            ticket.assignee = assignee
            fields.append("assignee")
            _record_event(
                ticket, by, EventField.ASSIGNEE, str(old) if old else "", str(assignee or ""), now
            )
            if ticket.status == Status.NEW and assignee is not None:
                _change_status(ticket, Status.OPEN, by, now, fields)
        if priority is not UNCHANGED and ticket.priority != priority:
            old = ticket.priority
            ticket.priority = priority
            fields.append("priority")
            _record_event(ticket, by, EventField.PRIORITY, str(old), str(priority), now)
        if team is not UNCHANGED and ticket.team_id != (team.pk if team else None):
            old = ticket.team
            ticket.team = team
            fields.append("team")
            # By id: the history names the team in its reader's language.
            _record_event(ticket, by, EventField.TEAM, _team_ref(old), _team_ref(team), now)
        if not fields:
            return ticket
        ticket.updated_at = now
        fields.append("updated_at")
        if "status" in fields or "priority" in fields:
            # Waiting for the school stops the clocks, any other move restarts
            # them; new targets count from the ticket's start (the business
            # time already elapsed is kept).
            fields.extend(sla.refresh(ticket, now))
        ticket.save(update_fields=fields)
        if (
            status_event is not None
            and by.role in STAFF_ROLES
            and status in notifications.STATUS_NOTIFICATIONS
            and _mails_the_requester(ticket)
        ):
            _notify_after_commit(notifications.STATUS_NOTIFICATIONS[status], status_event)
    return ticket


def _still_there(rows, value, field: str):
    """The row of `value` (a row or its id) among `rows`, as it is now; a
    choice gone since it was offered is refused as a form refuses a choice
    it does not offer."""
    pk = getattr(value, "pk", value)
    found = rows.filter(pk=pk).first() if isinstance(pk, int) else None
    if found is None:
        raise DomainError(
            _("Select a valid choice. %(value)s is not one of the available choices.")
            % {"value": pk},
            code="invalid_choice",
            field=field,
        )
    return found


def ticket_assign(*, ticket: Ticket, assignee: User | None, by: User) -> Ticket:
    """Give the ticket to `assignee` (None takes it back to the team)."""
    return ticket_update(ticket=ticket, by=by, assignee=assignee)


def ticket_set_status(*, ticket: Ticket, status: str, by: User) -> Ticket:
    """Change the status. Schools may only mark their request solved or
    reopen a resolved one; staff may make any change."""
    return ticket_update(ticket=ticket, by=by, status=status)


def ticket_set_priority(*, ticket: Ticket, priority: int, by: User) -> Ticket:
    return ticket_update(ticket=ticket, by=by, priority=priority)


def ticket_set_team(*, ticket: Ticket, team: Team | None, by: User) -> Ticket:
    return ticket_update(ticket=ticket, by=by, team=team)


def _team_ref(team: Team | None) -> str:
    return str(team.pk) if team else ""


def _check_status_move(ticket: Ticket, status: str, by: User) -> None:
    if by.role in STAFF_ROLES:
        return
    check_school_member(by, ticket.school)
    allowed = (status == Status.RESOLVED and ticket.status in ACTIVE_STATUSES) or (
        status == Status.OPEN and ticket.status == Status.RESOLVED
    )
    if not allowed:
        raise DomainError(
            _("You cannot change this request to that status."),
            code="not_allowed",
            field="status",
        )


def ticket_record_call(*, ticket: Ticket, by: User | None, call_summary: str) -> Message:
    """A phone call about `ticket` in its history (staff only): the phone
    app's summary `direction|outcome|number|started|duration`."""
    with _writing():
        event = _event_row(ticket, by, EventField.CALL, "", call_summary[:200], timezone.now())
        event.save(force_insert=True)
    return event


def ticket_record_delivery_failure(*, ticket_id: int, address: str, reason: str) -> Message:
    """An email to `address` about the ticket could not be delivered (the
    SMTP server refused it, or a delivery-failure report came back): an
    event on the ticket, for staff."""
    now = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket_id)
        return Message.objects.create(
            ticket=ticket,
            kind=MessageKind.EVENT,
            field=EventField.EMAIL,
            old_value=address[:200],
            new_value="failed",
            body=reason[:2000],
            created_at=now,
        )


def ticket_record_email_elsewhere(
    *, ticket: Ticket, by: User, message_id: str, numbers: Sequence[str]
) -> Message:
    """An agent filed on `ticket` an email whose Message-ID the requests
    `numbers` already hold: an event for staff, so that whoever reads the
    history knows the message may be there twice."""
    with _writing():
        event = _event_row(
            ticket, by, EventField.EMAIL, message_id[:200], EMAIL_ELSEWHERE, timezone.now()
        )
        event.body = ", ".join(numbers)
        event.save(force_insert=True)
    return event


def ticket_record_tool_action(
    *,
    ticket: Ticket,
    by: User,
    details: dict,
    before: str = "",
    after: str = "",
) -> Message:
    """An action on one of the programme's management tools (an Odoo
    account reactivated, a password-reset email sent), or its failure, as
    an event of the ticket's history: who, when, state `before` and `after`.
    `details` (which tool, action, account, outcome, the tool's own error
    text under `TOOL_FAULT`) is kept as JSON, so the history names them in
    its reader's language. Staff only, like every event but the status; the
    tool's own error text for administrators only (`queries.timeline_for`)."""
    _check_staff(by)
    now = timezone.now()
    with _writing():
        ticket = _lock(ticket)
        event = Message.objects.create(
            ticket=ticket,
            kind=MessageKind.EVENT,
            author=by,
            field=EventField.TOOL,
            old_value=before[:200],
            new_value=after[:200],
            body=json.dumps(details, ensure_ascii=False, sort_keys=True),
            created_at=now,
        )
        ticket.updated_at = now
        ticket.save(update_fields=["updated_at"])
    return event


def ticket_record_remote_session(
    *, ticket: Ticket | int, by: User | None, action: str, details: dict, at=None
) -> Message:
    """A step of a remote session on one of the ticket's devices (consent
    asked, given or refused, session started or ended, the agent's summary),
    written by `pupitre.remote` in its own transaction: an event for staff.
    `details` (device, tool, name, duration...) are kept as JSON for the
    history to word in its reader's language; `at` is when it happened (an
    imported session's start or end)."""
    with _writing():
        return Message.objects.create(
            ticket_id=ticket if isinstance(ticket, int) else ticket.pk,
            kind=MessageKind.EVENT,
            author=by,
            field=EventField.REMOTE,
            old_value=action[:200],
            new_value=str(details.get("device", ""))[:200],
            body=json.dumps(details, ensure_ascii=False, sort_keys=True),
            created_at=at or timezone.now(),
        )


def ticket_record_intervention(
    *, ticket: Ticket | int, by: User | None, old_value: str, new_value: str, body: str = ""
) -> Message:
    """A change of an on-site intervention of the ticket (planned, confirmed,
    a status step, another time asked): an event in its history, which the
    school sees too. The onsite services call it inside their transaction."""
    now = timezone.now()
    with _writing():
        ticket = _lock(ticket)
        ticket.updated_at = now
        ticket.save(update_fields=["updated_at"])
        event = _event_row(ticket, by, EventField.INTERVENTION, old_value, new_value, now)
        event.body = body
        event.save(force_insert=True)
        return event


def sla_policy_update(
    *, policy: SlaPolicy, first_response_minutes: int, resolution_minutes: int, by: User | None
) -> SlaPolicy:
    """New targets apply to new tickets, and to open tickets when their SLA
    is next recomputed (status or priority change, first response). `by` is
    `None` for the system."""
    if by is not None and by.role not in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        raise DomainError(_("Only supervisors can change the SLA targets."), code="not_allowed")
    if first_response_minutes <= 0 or resolution_minutes <= 0:
        raise DomainError(_("A target must be at least one minute."), code="invalid")
    fields = ("first_response_minutes", "resolution_minutes")
    with transaction.atomic():
        policy = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
        before = snapshot(policy, fields)
        policy.first_response_minutes = first_response_minutes
        policy.resolution_minutes = resolution_minutes
        policy.save(update_fields=fields)
        audit_record(
            by=by,
            kind=ObjectKind.SLA_POLICY,
            object_id=policy.pk,
            label=_sla_label(policy),
            old=before,
            new=snapshot(policy, fields),
        )
        forget(sla.SLA_POLICIES)
    return policy


_TEAM_FIELDS = ("name", "name_de", "name_fr", "name_en", "language")


def team_save(*, team: Team, by: User | None) -> Team:
    """Save a team made or changed in the admin (its names in each
    language, its language), recorded in the settings' history."""
    _check_team_manager(by)
    with transaction.atomic():
        save_recorded(
            team, fields=_TEAM_FIELDS, kind=ObjectKind.TEAM, by=by, label=lambda t: t.localized_name
        )
        forget(TEAMS)
    return team


def team_members_set(*, team: Team, members: Iterable[User], by: User | None) -> Team:
    """Make `members` the team's members (the phone lines of a team ring
    them), recorded in the settings' history: who belonged before and after,
    by email address. An unchanged list records nothing."""
    _check_team_manager(by)
    members = list(members)
    with transaction.atomic():
        # Locked: two administrators saving the same team record their
        # changes one after the other, each with the list it replaced.
        locked = Team.objects.select_for_update().get(pk=team.pk)
        before = _members_text(locked.members.values_list("email", flat=True))
        locked.members.set(members)
        audit_record(
            by=by,
            kind=ObjectKind.TEAM,
            object_id=locked.pk,
            label=locked.localized_name,
            old={"members": before},
            new={"members": _members_text(member.email for member in members)},
        )
    return locked


def _members_text(emails: Iterable[str]) -> str:
    return ", ".join(sorted(emails))


def _check_team_manager(by: User | None) -> None:
    # Teams (their names, who belongs to them) are decided by supervisors
    # and administrators (the system too: `None`).
    check_settings_manager(by, _("Only supervisors and administrators can change the teams."))


def _sla_label(policy: SlaPolicy) -> str:
    # Stored as text in the language of the change, like a ticket's events.
    parts = [policy.get_priority_display(), policy.get_category_display()]
    return " — ".join(str(part) for part in parts if part)


def tickets_sla_check(*, now=None) -> int:
    """Mark the targets that reached their warning (80 %) or due time (100 %),
    write a history event for each and alert the assignee, or the team's
    supervisors when nobody is assigned. Returns the number of changes."""
    now = now or timezone.now()
    reached = Q()
    for name in sla.TARGETS:
        reached |= Q(**{f"sla_{name}_state": SlaState.OK, f"{name}_warn_at__lte": now})
        reached |= Q(
            **{
                f"sla_{name}_state__in": [SlaState.OK, SlaState.WARNING],
                f"{name}_due__lte": now,
            }
        )
    changes = 0
    for pk in list(Ticket.objects.filter(in_queue=1).filter(reached).values_list("pk", flat=True)):
        with transaction.atomic():
            # Locked: an agent's change in the meantime (a reply, a wait)
            # may have stopped or moved the clock; decide on the current row.
            ticket = _lock(pk)
            fields = []
            for name in sla.TARGETS:
                old = getattr(ticket, f"sla_{name}_state")
                due, warn_at = getattr(ticket, f"{name}_due"), getattr(ticket, f"{name}_warn_at")
                if due is not None and due <= now and old in (SlaState.OK, SlaState.WARNING):
                    new = SlaState.BREACHED
                elif warn_at is not None and warn_at <= now and old == SlaState.OK:
                    new = SlaState.WARNING
                else:
                    continue
                setattr(ticket, f"sla_{name}_state", new)
                fields.append(f"sla_{name}_state")
                event = Message.objects.create(
                    ticket=ticket,
                    kind=MessageKind.EVENT,
                    field=EventField.SLA,
                    body=name,
                    old_value=old,
                    new_value=new,
                    created_at=now,
                )
                _alert_after_commit(event)
                changes += 1
            if fields:
                ticket.save(update_fields=fields)
    return changes


def ticket_move_to_school(
    *, ticket: Ticket, school: School, by: User, add_requester: bool = False
) -> Ticket:
    """Give the ticket to another school: a mail linked to the wrong school,
    a call logged for the wrong site's school. The requester must belong to
    the new school (`add_requester` adds them, traced as a phone call's new
    caller is); the old school's devices leave the ticket; the SLA clocks
    follow the new school's service hours."""
    _check_staff(by)
    if school.pk == ticket.school_id:
        return ticket
    now = timezone.now()
    with transaction.atomic():
        ticket = _lock(ticket)
        requester = ticket.requester
        if school_role(requester, school.pk) is None:
            if not add_requester:
                raise DomainError(
                    _(
                        "%(person)s is not a member of “%(school)s”: add them to the school "
                        "with the request, or move it to another school."
                    )
                    % {"person": requester, "school": school},
                    code="not_member",
                    field="add_requester",
                )
            member_add(school=school, full_name=requester.full_name, email=requester.email, by=by)
        old = ticket.school
        ticket.devices.remove(*ticket.devices.exclude(school=school))
        ticket.school = school
        ticket.updated_at = now
        ticket.save(update_fields=["school", "updated_at", *sla.refresh(ticket, now)])
        _record_event(ticket, by, EventField.SCHOOL, old.name, school.name, now)
    return ticket


# Internals ---------------------------------------------------------------


def _next_ticket_number(now) -> str:
    """Next `YYYY-NNNNNN` number. Must run inside the creating transaction:
    the UPDATE locks the year's row until commit, so concurrent requests
    queue up on it and never receive the same number."""
    year = timezone.localtime(now).year
    table = connection.ops.quote_name(TicketSequence._meta.db_table)
    increment = (
        f"UPDATE {table} SET last_number = last_number + 1 WHERE year = %s RETURNING last_number"  # noqa: S608 - the table name is ours
    )
    with connection.cursor() as cursor:
        cursor.execute(increment, [year])
        row = cursor.fetchone()
        if row is None:  # first request of the year
            TicketSequence.objects.bulk_create(
                [TicketSequence(year=year, last_number=0)], ignore_conflicts=True
            )
            cursor.execute(increment, [year])
            row = cursor.fetchone()
    return f"{year}-{row[0]:06d}"


def _writing():
    """The transaction of a service's writes. Inside a caller's transaction
    it adds no savepoint (two round trips to the database, on every mail of
    a batch): a failure then rolls back the caller's transaction or its own
    savepoint. A caller that goes on after a service's error inside its
    transaction wraps the call in `transaction.atomic()`, as the mail
    channel does for each mail."""
    return transaction.atomic(savepoint=False)


def _mails_the_requester(ticket: Ticket) -> bool:
    """Answers and status changes by staff go out by email when the request
    came by email (mail is then the conversation) or the requester wants
    answers by email (the preference on the portal)."""
    return ticket.channel == Channel.EMAIL or ticket.requester.replies_by_email


def _notify_after_commit(kind: str, message: Message) -> None:
    # Imported here: the task module imports the task backend, which needs
    # settings that are only ready once the apps are loaded.
    from .tasks import send_ticket_notification

    enqueue_on_commit(send_ticket_notification, kind, message.pk)


def _alert_after_commit(event: Message) -> None:
    from .tasks import send_sla_alert

    enqueue_on_commit(send_sla_alert, event.pk)


def _team_for_language(language: str) -> int | None:
    """The id of the team of the language (the first created, if several)."""
    return min((team.pk for team in teams() if team.language == language), default=None)


def _lock(ticket: Ticket | int) -> Ticket:
    return (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("assignee", "team", "school", "requester")
        .get(pk=ticket if isinstance(ticket, int) else ticket.pk)
    )


def _change_status(ticket, status, by, now, fields: list[str]) -> Message:
    old = ticket.status
    ticket.status = status
    fields.append("status")
    if status == Status.RESOLVED:
        ticket.resolved_at = now
        fields.append("resolved_at")
    elif status == Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    elif old in (Status.RESOLVED, Status.CLOSED):
        ticket.resolved_at = ticket.closed_at = None
        fields.extend(["resolved_at", "closed_at"])
    return _record_event(ticket, by, EventField.STATUS, old, status, now)


def _record_event(ticket, by, field, old_value, new_value, now) -> Message:
    event = _event_row(ticket, by, field, old_value, new_value, now)
    event.save(force_insert=True)
    return event


def _event_row(ticket, by, field, old_value, new_value, now) -> Message:
    return Message(
        ticket=ticket,
        kind=MessageKind.EVENT,
        author=by,
        field=field,
        old_value=old_value,
        new_value=new_value,
        created_at=now,
    )


def _check_staff(user: User | None, field: str | None = None) -> None:
    if user is None or user.role not in STAFF_ROLES:
        raise DomainError(_("Only programme staff can do this."), code="not_allowed", field=field)


def _check_priority(priority) -> None:
    check_choice(priority, Priority, "priority")


def _check_attachments(files: Iterable) -> None:
    files = list(files)
    if len(files) > MAX_ATTACHMENTS_PER_MESSAGE:
        raise DomainError(
            _("At most %(count)d files can be attached to one message.")
            % {"count": MAX_ATTACHMENTS_PER_MESSAGE},
            code="too_many_files",
            field="attachments",
        )
    check_file_sizes(files, "attachments")


def _store_attachments(message: Message, files: Iterable) -> None:
    for upload in files:
        filename = filename_from_path(upload.name or "")
        upload.name = filename  # stored under it too: the name fits a file system
        Attachment.objects.create(
            message=message,
            file=upload,
            filename=filename,
            size=upload.size,
            content_type=(getattr(upload, "content_type", "") or "application/octet-stream")[:150],
            inline=getattr(upload, "inline", False),
        )
