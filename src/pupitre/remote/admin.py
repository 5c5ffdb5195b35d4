from django.contrib import admin
from django.db import models

from pupitre.core.config_cache import ForgetOnChange

from .models import MeshCentralServer, RemoteComputer, SchoolDeviceGroup
from .queries import MESHCENTRAL_SERVER
from .services import SERVER_FIELDS, meshcentral_server_save


@admin.register(MeshCentralServer)
class MeshCentralServerAdmin(ForgetOnChange, admin.ModelAdmin):
    """The server's address, service account and consent policy; its
    secrets stay in the environment. Saved through the service, so every
    change is in the settings' history."""

    cached_as = (MESHCENTRAL_SERVER,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "username", "active"]
    fields = SERVER_FIELDS

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in SERVER_FIELDS}
        saved = meshcentral_server_save(by=request.user, server=obj if change else None, **values)
        obj.pk = saved.pk


@admin.register(SchoolDeviceGroup)
class SchoolDeviceGroupAdmin(admin.ModelAdmin):
    """Shown only: groups are made by Pupitre in MeshCentral."""

    list_display = ["name", "school", "mesh_id", "consent", "invite_expires_at"]
    readonly_fields = [f.name for f in SchoolDeviceGroup._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RemoteComputer)
class RemoteComputerAdmin(admin.ModelAdmin):
    """Shown only: the sync writes them; agents link them in the desk."""

    list_display = ["name", "school", "host_name", "online", "last_seen", "device", "matched_by"]
    list_filter = ["online", "matched_by"]
    search_fields = ["name", "host_name", "serial", "node_id"]
    readonly_fields = [f.name for f in RemoteComputer._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
