from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Role(models.TextChoices):
    SCHOOL = "school", _("School member")
    AGENT = "agent", _("Agent")
    TECHNICIAN = "technician", _("Technician")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset({Role.AGENT, Role.TECHNICIAN, Role.SUPERVISOR, Role.ADMINISTRATOR})
DESK_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMINISTRATOR})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: school staff or programme staff.

    School users belong to schools through `schools.Membership`; whether they
    are the school's ICT contact is a property of that membership.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        blank=True,
        help_text=_("Leave empty to use the school's language (school users)."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SCHOOL)
    replies_by_email = models.BooleanField(
        _("answers by email"),
        default=True,
        help_text=_("Send the helpdesk's answers to my requests by email."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Can sign in to the technical administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_school_user(self) -> bool:
        return self.role == Role.SCHOOL

    @property
    def is_programme_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def works_the_desk(self) -> bool:
        return self.role in DESK_ROLES

    # What a user may see: one predicate per capability, and the queries of
    # each app ask it (docs/architecture.md, "Who sees what"). Technicians see
    # no school's data until the on-site workspace gives them their own
    # interventions.

    @property
    def sees_every_school(self) -> bool:
        """The tickets (with internal notes and their attachments), devices
        and extension requests of every school."""
        return self.role in DESK_ROLES

    @property
    def reads_internal_articles(self) -> bool:
        """The knowledge base's published internal articles and their files."""
        return self.role in DESK_ROLES

    @property
    def reads_tool_faults(self) -> bool:
        """The management tools' own error texts (Odoo's fault: a traceback,
        server paths, logins). Agents and supervisors read the translated
        message only."""
        return self.role == Role.ADMINISTRATOR

    @property
    def configures_the_service(self) -> bool:
        """Supervisors (and administrators) edit calendars and SLA targets."""
        return self.role in (Role.SUPERVISOR, Role.ADMINISTRATOR)


class SecondFactorEventKind(models.TextChoices):
    ENROLLED = "enrolled", _("Authenticator app added")
    REPLACED = "replaced", _("Authenticator app replaced")
    BACKUP_CODES = "backup_codes", _("New backup codes made")
    RESET = "reset", _("Second factor reset by an administrator")


class SecondFactorEvent(models.Model):
    """History of a staff account's second factor: what changed, who, when.

    The devices themselves are django-otp's rows (a TOTP device, a static
    device holding the backup codes); they are replaced, this stays."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="second_factor_events",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SecondFactorEventKind.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("second factor event")
        verbose_name_plural = _("second factor events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user_id} {self.kind}"
