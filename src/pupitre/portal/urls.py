from django.urls import path

from . import devices, kb_views, onsite_views, preference_views, remote, views

app_name = "portal"
urlpatterns = [
    path("", views.request_list, name="requests"),
    path("new/", views.request_new, name="new"),
    path("new/odoo-access/", views.odoo_access_new, name="odoo_access_new"),
    path("requests/<str:number>/", views.request_detail, name="detail"),
    path("requests/<str:number>/reply/", views.request_reply, name="reply"),
    path("requests/<str:number>/status/", views.request_status, name="status"),
    path(
        "requests/<str:number>/consent/<str:session_id>/",
        views.request_consent,
        name="consent",
    ),
    path("settings/", preference_views.preferences, name="preferences"),
    path("new/coverage/", devices.coverage_notice, name="coverage_notice"),
    path("devices/", devices.devices, name="devices"),
    path("remote/", remote.remote, name="remote"),
    path("devices/labels.pdf", devices.labels, name="labels"),
    path("devices/<int:device_id>/", devices.device_detail, name="device"),
    path("extensions/new/", devices.extension_new, name="extension_new"),
    path("extensions/<int:request_id>/", devices.extension_detail, name="extension"),
    path("new/suggestions/", kb_views.suggestions, name="kb_suggestions"),
    path("new/solved/", kb_views.deflect, name="kb_deflect"),
    path("visits/<str:token>/", onsite_views.confirm, name="onsite_confirm"),
]
