from django.contrib import admin

from pupitre.config_cache import ForgetOnChange

from .models import ClosedDay, ClosedPeriod, OpeningInterval, ServiceCalendar
from .queries import SERVICE_CALENDARS
from .services import revision_bump


class OpeningIntervalInline(admin.TabularInline):
    model = OpeningInterval
    extra = 0


class ClosedPeriodInline(admin.TabularInline):
    model = ClosedPeriod
    extra = 0


@admin.register(ServiceCalendar)
class ServiceCalendarAdmin(ForgetOnChange, admin.ModelAdmin):
    list_display = ["code", "name", "time_zone", "revision"]
    readonly_fields = ["revision"]
    cached_as = (SERVICE_CALENDARS,)
    inlines = [OpeningIntervalInline, ClosedPeriodInline]

    def save_related(self, request, form, formsets, change):
        # Edits made here bypass services.py: bump the revision all the same
        # so that cached calendars are rebuilt.
        super().save_related(request, form, formsets, change)
        revision_bump(form.instance.pk)


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "calendar", "kind", "name_de", "name_fr"]
    list_filter = ["calendar", "kind"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        revision_bump(obj.calendar_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        revision_bump(obj.calendar_id)

    def delete_queryset(self, request, queryset):
        calendar_ids = set(queryset.values_list("calendar_id", flat=True))
        super().delete_queryset(request, queryset)
        for calendar_id in calendar_ids:
            revision_bump(calendar_id)
