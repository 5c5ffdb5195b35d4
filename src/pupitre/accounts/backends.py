"""Sign-in by email and password (Django's ModelBackend), with the signed-in
person read from the shared cache on each request instead of the database.

Every page of the desk and the portal reads the user behind the session; the
cached copy is forgotten whenever the user row is saved or deleted
(accounts/apps.py), so a changed password, a deactivated account or a new
role takes effect at the next request. (A bulk `update()` on users sends no
signal: code that uses one must call `forget_user`.)"""

from django.contrib.auth.backends import ModelBackend

from pupitre.core.config_cache import cached, forget


def _cache_name(user_id) -> str:
    return f"user:{user_id}"


def forget_user(user_id) -> None:
    forget(_cache_name(user_id))


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        return cached(
            _cache_name(user_id), lambda: super(CachedModelBackend, self).get_user(user_id)
        )
