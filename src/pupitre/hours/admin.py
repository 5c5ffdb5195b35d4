from django.contrib import admin

from .models import ClosedDay, ClosedPeriod, OpeningInterval, ServiceCalendar


class OpeningIntervalInline(admin.TabularInline):
    model = OpeningInterval
    extra = 0


class ClosedPeriodInline(admin.TabularInline):
    model = ClosedPeriod
    extra = 0


@admin.register(ServiceCalendar)
class ServiceCalendarAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "time_zone", "revision"]
    readonly_fields = ["revision"]
    inlines = [OpeningIntervalInline, ClosedPeriodInline]

    def save_related(self, request, form, formsets, change):
        # Edits made here bypass services.py: bump the revision all the same
        # so that cached calendars are rebuilt.
        super().save_related(request, form, formsets, change)
        from django.db.models import F

        ServiceCalendar.objects.filter(pk=form.instance.pk).update(revision=F("revision") + 1)


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "calendar", "kind", "name_de", "name_fr"]
    list_filter = ["calendar", "kind"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from django.db.models import F

        ServiceCalendar.objects.filter(pk=obj.calendar_id).update(revision=F("revision") + 1)
