from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import SecondFactorEvent, User
from .services import ACCESS_FIELDS, may_change_access, user_set_access


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """The role and the admin-site flags change through `user_set_access`
    (on record in the settings' history); read-only for whoever may not."""

    ordering = ["email"]
    list_display = ["email", "full_name", "role", "language", "is_active"]
    list_filter = ["role", "language", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "phone", "language", "role"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "language", "password1", "password2"]}),
    ]

    def has_add_permission(self, request):
        # A new account is given its role: only by whoever may give one.
        return may_change_access(request.user) and super().has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not may_change_access(request.user):
            readonly += ACCESS_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        wanted = {name: getattr(obj, name) for name in ACCESS_FIELDS}
        if change:
            # The other fields are saved as they are; the access only
            # through the service, which compares with the stored row.
            stored = User.objects.get(pk=obj.pk)
            for name in ACCESS_FIELDS:
                setattr(obj, name, getattr(stored, name))
            super().save_model(request, obj, form, change)
            if not any(name in form.changed_data for name in ACCESS_FIELDS):
                return
        user_set_access(user=obj, by=request.user, **wanted)


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(admin.ModelAdmin):
    """The trace of second-factor changes, read only (resets are made from the
    desk's page "Second factors of the staff accounts")."""

    list_display = ["created_at", "user", "kind", "by"]
    list_filter = ["kind"]
    search_fields = ["user__email", "user__full_name", "by__email"]
    list_select_related = ["user", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
