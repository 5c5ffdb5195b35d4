from django.contrib import admin

from .models import Membership, PhoneNumber, School, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


class PhoneInline(admin.TabularInline):
    model = PhoneNumber
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["official_number", "name", "language", "school_type"]
    list_filter = ["language", "school_type"]
    search_fields = ["official_number", "name"]
    inlines = [SiteInline, PhoneInline, MembershipInline]
