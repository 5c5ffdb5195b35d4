from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pupitre.accounts.models import Language


class SchoolType(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Secondary school")
    SPECIAL_NEEDS = "special_needs", _("Special-needs school")
    # French speakers know it under both names; the German label is
    # "Erwachsenenbildung" (see locale/).
    ADULT_EDUCATION = "adult_education", _("Adult education (social advancement)")
    OTHER = "other", pgettext_lazy("school type", "Other")


class Region(models.TextChoices):
    """Walloon provinces, and the two cantons of the German-speaking Community."""

    BRABANT_WALLON = "brabant_wallon", _("Walloon Brabant")
    HAINAUT = "hainaut", _("Hainaut")
    LIEGE = "liege", _("Liège")
    LUXEMBOURG = "luxembourg", _("Luxembourg")
    NAMUR = "namur", _("Namur")
    EUPEN = "eupen", _("Canton of Eupen")
    SANKT_VITH = "sankt_vith", _("Canton of Sankt Vith")


class School(models.Model):
    official_number = models.CharField(_("official number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[
            (Language.GERMAN, Language.GERMAN.label),
            (Language.FRENCH, Language.FRENCH.label),
        ],
    )
    school_type = models.CharField(_("school type"), max_length=20, choices=SchoolType.choices)
    email = models.EmailField(_("email"), blank=True)
    email_domain = models.CharField(
        _("email domain"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "Domain of the school's addresses, e.g. ecole-namur.be: mail from an unknown "
            "sender of this domain is suggested for this school."
        ),
    )
    calendar = models.ForeignKey(
        "hours.ServiceCalendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("service calendar"),
        help_text=_("Leave empty to follow the school type (adult education: until 21:00)."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("school", "user"),
        related_name="schools",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Site(models.Model):
    """One "implantation" of a school: its own number and address."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="sites", verbose_name=_("school")
    )
    official_number = models.CharField(_("official number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("province or canton"), max_length=20, choices=Region.choices)
    # WGS 84, for the travel estimate between sites and the map links.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["school", "name"]

    def __str__(self):
        return self.name


class PhoneNumber(models.Model):
    """A school's number: its main switchboard, or one site's (a school
    with several sites often has one switchboard each)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="phone_numbers", verbose_name=_("school")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="phone_numbers",
        verbose_name=_("site"),
        help_text=_("The site this number rings at. Empty: the school's main number."),
    )
    number = models.CharField(_("number"), max_length=30, db_index=True)
    label = models.CharField(_("label"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["school", "id"]

    def __str__(self):
        return self.number

    def clean(self):
        super().clean()
        if self.site_id is not None and self.site.school_id != self.school_id:
            raise ValidationError(
                {"site": _("This site belongs to another school.")}, code="other_school"
            )


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Teacher or staff")
    ICT_CONTACT = "ict_contact", _("ICT contact")


class Membership(models.Model):
    """A school user's link to one school. A teacher may work in several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("school")
    )
    role = models.CharField(
        _("role in the school"),
        max_length=20,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )
    # Who linked the person to the school, and when (empty for the rows of
    # the first imports and the demo).
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="membership_unique_user_school")
        ]

    def __str__(self):
        return f"{self.user} @ {self.school}"

    @property
    def is_ict_contact(self) -> bool:
        return self.role == MembershipRole.ICT_CONTACT
