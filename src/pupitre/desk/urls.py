from django.urls import path

from . import devices, history, mail_views, onsite, settings_views, staff, views
from .kb_urls import urlpatterns as kb_urlpatterns
from .technician_urls import urlpatterns as technician_urlpatterns

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("tickets/<str:number>/", views.ticket_detail, name="ticket"),
    path("tickets/<str:number>/message/", views.ticket_message, name="message"),
    path("tickets/<str:number>/update/", views.ticket_update, name="update"),
    path("tickets/<str:number>/school/", views.ticket_move, name="move"),
    path("tickets/<str:number>/visits/new/", onsite.intervention_new, name="intervention_new"),
    path("visits/<str:pk>/", onsite.intervention_detail, name="intervention"),
    path("visits/<str:pk>/times/", onsite.intervention_new_times, name="intervention_times"),
    path("visits/<str:pk>/cancel/", onsite.intervention_cancel, name="intervention_cancel"),
    path("visits/<str:pk>/assign/", onsite.intervention_assign, name="intervention_assign"),
    path("reports/onsite/", onsite.onsite_report, name="onsite_report"),
    path("sites/<str:site_id>/visits/", onsite.site_visits, name="site_visits"),
    path("sites/<str:site_id>/visits/hours/", onsite.site_hours, name="site_hours"),
    path("sites/<str:site_id>/visits/closed/", onsite.site_no_visit, name="site_no_visit"),
    path("technicians/absences/", onsite.technician_absences, name="technician_absences"),
    path("phone/", views.phone_call, name="phone"),
    path("calendars/", settings_views.calendars, name="calendars"),
    path("calendars/<slug:code>/", settings_views.calendar_detail, name="calendar"),
    path("calendars/<slug:code>/hours/", settings_views.calendar_hours, name="calendar_hours"),
    path("calendars/<slug:code>/days/", settings_views.calendar_day_add, name="calendar_day_add"),
    path(
        "calendars/<slug:code>/days/remove/",
        settings_views.calendar_day_remove,
        name="calendar_day_remove",
    ),
    path(
        "calendars/<slug:code>/generate/",
        settings_views.calendar_generate,
        name="calendar_generate",
    ),
    path("sla/", settings_views.sla_policies, name="sla"),
    path("settings/history/", history.settings_history, name="settings_history"),
    path("mail/", mail_views.triage, name="mail_triage"),
    path("mail/problems/", mail_views.problems, name="mail_problems"),
    path("mail/<int:pk>/", mail_views.mail_detail, name="mail"),
    path("mail/<int:pk>/link/", mail_views.mail_link, name="mail_link"),
    path("mail/<int:pk>/attach/", mail_views.mail_attach, name="mail_attach"),
    path("mail/<int:pk>/release/", mail_views.mail_release, name="mail_release"),
    path("mail/<int:pk>/retry/", mail_views.mail_retry, name="mail_retry"),
    path("mail/<int:pk>/discard/", mail_views.mail_discard, name="mail_discard"),
    path("mail/<int:pk>/raw/", mail_views.mail_raw, name="mail_raw"),
    path("mail/mailboxes/", mail_views.mailboxes, name="mailboxes"),
    path("mail/mailboxes/new/", mail_views.mailbox_edit, name="mailbox_new"),
    path("mail/mailboxes/<int:pk>/", mail_views.mailbox_edit, name="mailbox"),
    path("devices/", devices.devices, name="devices"),
    path("devices/<int:device_id>/", devices.device_detail, name="device"),
    path("devices/upcoming/", devices.upcoming, name="upcoming"),
    path("devices/policy/", devices.coverage_policy, name="coverage_policy"),
    path("devices/imports/", devices.imports, name="imports"),
    path("devices/imports/<int:import_id>/apply/", devices.import_apply, name="import_apply"),
    path("schools/<int:school_id>/labels.pdf", devices.school_labels, name="school_labels"),
    path("extensions/", devices.extensions, name="extensions"),
    path("extensions/new/", devices.extension_new, name="extension_new"),
    path("extensions/<int:request_id>/", devices.extension_detail, name="extension"),
    path("extensions/<int:request_id>/decide/", devices.extension_decide, name="extension_decide"),
    path("staff/second-factor/", staff.second_factors, name="second_factors"),
    path(
        "staff/<int:user_id>/second-factor/reset/",
        staff.second_factor_reset,
        name="second_factor_reset",
    ),
]
urlpatterns += kb_urlpatterns
urlpatterns += technician_urlpatterns
