"""Changes a user makes to their own account."""

from pupitre.accounts.models import User


def user_set_replies_by_email(*, user: User, replies_by_email: bool) -> User:
    """Whether the helpdesk's answers to the user's requests made on the
    portal (or by phone) are also sent by email; answers to a request made
    by email always are."""
    if user.replies_by_email != replies_by_email:
        user.replies_by_email = replies_by_email
        user.save(update_fields=["replies_by_email"])
    return user
