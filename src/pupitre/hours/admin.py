"""Calendars in the admin: every change goes through `hours.services`, which
records it in the settings' history. Opening hours and closed days are
edited in the desk (Hours and SLA) and only shown here; closed periods, the
name and the time zone are edited here, through the services."""

from django.contrib import admin

from pupitre.core.translated_names import TranslatedNameAdminForm

from .models import ClosedDay, ClosedPeriod, OpeningInterval, ServiceCalendar
from .services import calendar_rename, closed_period_remove, closed_period_save


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OpeningIntervalInline(ReadOnlyInline):
    model = OpeningInterval


class ClosedPeriodInline(admin.TabularInline):
    model = ClosedPeriod
    extra = 0


@admin.register(ServiceCalendar)
class ServiceCalendarAdmin(admin.ModelAdmin):
    form = TranslatedNameAdminForm
    list_display = ["code", "name_de", "name_fr", "name_en", "time_zone", "revision"]
    fields = ["code", "name_de", "name_fr", "name_en", "time_zone", "revision"]
    readonly_fields = ["code", "revision"]
    inlines = [OpeningIntervalInline, ClosedPeriodInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        calendar_rename(
            calendar=obj,
            names={"de": obj.name_de, "fr": obj.name_fr, "en": obj.name_en},
            time_zone=obj.time_zone,
            by=request.user,
        )

    def save_formset(self, request, form, formset, change):
        # What the admin's own history message lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not ClosedPeriod:
            return
        for period_form in formset.forms:
            period = period_form.instance
            if period_form in formset.deleted_forms:
                if period.pk is not None:
                    closed_period_remove(period=period, by=request.user)
                    formset.deleted_objects.append(period)
            elif period_form.has_changed():
                if period.pk is None:
                    formset.new_objects.append(period)
                else:
                    formset.changed_objects.append((period, period_form.changed_data))
                closed_period_save(
                    period=period,
                    starts_at=period.starts_at,
                    ends_at=period.ends_at,
                    reason=period.reason,
                    by=request.user,
                )


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    """Shown only: closed days are edited in the desk (Hours and SLA)."""

    list_display = ["date", "calendar", "kind", "name_de", "name_fr"]
    list_filter = ["calendar", "kind"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
