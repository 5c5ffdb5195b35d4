from django.contrib import admin

from .models import (
    CoveragePolicy,
    Device,
    DeviceImport,
    DeviceModel,
    ExtensionEvent,
    ExtensionRequest,
)


class ShownOnly:
    """Changed only through the desk, whose services keep the history: an
    extension is approved with its coverage, a policy change is recorded."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeviceModel)
class DeviceModelAdmin(admin.ModelAdmin):
    list_display = ["manufacturer", "name", "category"]
    list_filter = ["category"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["serial", "asset_tag", "model", "school", "provenance", "status", "remote_tool"]
    list_filter = ["provenance", "funding", "status", "model__category"]
    search_fields = ["serial", "asset_tag"]
    raw_id_fields = ["school", "site"]


@admin.register(CoveragePolicy)
class CoveragePolicyAdmin(ShownOnly, admin.ModelAdmin):
    list_display = ["transfer_years", "assistance_years", "notice_days", "updated_at"]


class ExtensionEventInline(ShownOnly, admin.TabularInline):
    model = ExtensionEvent
    extra = 0
    readonly_fields = ["kind", "by", "note", "end", "created_at"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ShownOnly, admin.ModelAdmin):
    list_display = ["school", "requested_by", "requested_end", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["school", "devices", "requested_by", "decided_by"]
    inlines = [ExtensionEventInline]


@admin.register(DeviceImport)
class DeviceImportAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "uploaded_by",
        "created_at",
        "status",
        "created",
        "updated",
        "unchanged",
        "rejected",
    ]
    list_filter = ["status"]
