from django.urls import path

from . import preference_views, views

app_name = "portal"
urlpatterns = [
    path("", views.request_list, name="requests"),
    path("new/", views.request_new, name="new"),
    path("requests/<str:number>/", views.request_detail, name="detail"),
    path("requests/<str:number>/reply/", views.request_reply, name="reply"),
    path("requests/<str:number>/status/", views.request_status, name="status"),
    path("settings/", preference_views.preferences, name="preferences"),
]
