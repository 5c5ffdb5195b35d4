"""Demo requests to reopen Odoo access, as the portal's ICT contacts ask
them: one French (an archived account of the demonstration Odoo), one
German (an active account that needs a new password)."""

from pupitre.accounts.models import User
from pupitre.schools.models import MembershipRole
from pupitre.tools.services import odoo_access_request_create

REQUESTS = (
    ("ict.fr@demo.pupitre.be", "m.lambert@ecole-athenee-namur.be", ""),
    (
        "ict.de@demo.pupitre.be",
        "j.schmitz@rs-eupen.be",
        "Herr Schmitz hat sein Passwort vergessen und ist seit Montag gesperrt.",
    ),
)


def load_odoo_requests() -> int:
    """The requests, from each ICT contact's first school; how many."""
    made = 0
    for email, account, note in REQUESTS:
        contact = User.objects.filter(email=email).first()
        membership = (
            contact.memberships.filter(role=MembershipRole.ICT_CONTACT)
            .select_related("school")
            .order_by("school__name")
            .first()
            if contact
            else None
        )
        if membership is None:
            continue
        odoo_access_request_create(school=membership.school, account=account, note=note, by=contact)
        made += 1
    return made
