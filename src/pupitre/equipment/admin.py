from django.contrib import admin

from .models import Device, DeviceModel


@admin.register(DeviceModel)
class DeviceModelAdmin(admin.ModelAdmin):
    list_display = ["manufacturer", "name", "category"]
    list_filter = ["category"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["serial", "asset_tag", "model", "school", "provenance", "status"]
    list_filter = ["provenance", "funding", "status", "model__category"]
    search_fields = ["serial", "asset_tag"]
    raw_id_fields = ["school", "site"]
