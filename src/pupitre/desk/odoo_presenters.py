"""What the Odoo panel shows, prepared in the agent's language."""

from dataclasses import dataclass

from pupitre.tools.models import AccountState, OdooActionKind, OdooActionOutcome
from pupitre.web.presenters import DateText, label_of


@dataclass(frozen=True)
class AccountView:
    id: int
    name: str
    login: str
    email: str
    active: bool
    state: str
    state_label: str
    last_login_iso: str
    last_login: str
    companies: str
    groups: str


def account_view(account) -> AccountView:
    """An `OdooAccount` of the client, its facts as text."""
    date_text = DateText()
    last = account.last_sign_in
    last_iso, last_text = date_text(last) if last else ("", "")
    state = AccountState.ACTIVE if account.active else AccountState.ARCHIVED
    return AccountView(
        id=account.id,
        name=account.name or "",
        login=account.login or "",
        email=account.email or "",
        active=bool(account.active),
        state=state,
        state_label=str(label_of(AccountState, state)),
        last_login_iso=last_iso,
        last_login=last_text,
        companies=", ".join(account.companies),
        groups=", ".join(account.groups),
    )


@dataclass(frozen=True)
class ActionRow:
    when_iso: str
    when: str
    by: str
    action: str
    login: str
    outcome: str
    outcome_label: str
    before: str
    after: str


def action_rows(actions) -> list[ActionRow]:
    date_text = DateText()
    rows = []
    for action in actions:
        when_iso, when = date_text(action.started_at)
        rows.append(
            ActionRow(
                when_iso=when_iso,
                when=when,
                by=action.by.full_name,
                action=str(label_of(OdooActionKind, action.kind)),
                login=action.odoo_login or str(action.odoo_user_id),
                outcome=action.outcome,
                outcome_label=str(label_of(OdooActionOutcome, action.outcome)),
                before=str(label_of(AccountState, action.state_before))
                if action.state_before
                else "",
                after=str(label_of(AccountState, action.state_after)) if action.state_after else "",
            )
        )
    return rows
