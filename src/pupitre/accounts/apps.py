from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pupitre.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from .models import User

        post_save.connect(forget_cached_user, sender=User, dispatch_uid="forget-user")
        post_delete.connect(forget_cached_user, sender=User, dispatch_uid="forget-user-del")
        for model in (TOTPDevice, StaticDevice):
            post_save.connect(forget_otp_device, sender=model, dispatch_uid=f"forget-{model}")
            post_delete.connect(forget_otp_device, sender=model, dispatch_uid=f"forget-{model}-del")


def forget_otp_device(sender, instance, **kwargs):
    """The cached copy of CachedOTPMiddleware goes with every change."""
    from pupitre.core.config_cache import forget

    from .queries import has_authenticator_cache_name, otp_device_cache_name

    forget(
        otp_device_cache_name(instance.persistent_id),
        has_authenticator_cache_name(instance.user_id),
    )


def forget_cached_user(sender, instance, **kwargs):
    """The copy of CachedModelBackend, and the staff names of the assignee
    choices, go with every change to a user."""
    from pupitre.core.config_cache import forget

    from .backends import forget_user
    from .queries import STAFF_NAMES

    forget_user(instance.pk)
    forget(STAFF_NAMES)
