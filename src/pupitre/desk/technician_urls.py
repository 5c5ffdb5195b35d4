from django.urls import path

from . import technician

urlpatterns = [
    path("today/", technician.today, name="today"),
    path("today/<str:intervention_id>/step/", technician.step, name="intervention_step"),
    path("today/<str:intervention_id>/report/", technician.report, name="intervention_report"),
    path("calendar/", technician.calendar, name="technician_calendar"),
]
