from django.urls import path

from . import account_views as views

app_name = "second_factor"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("check/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("backup-codes/new/", views.backup_codes_new, name="backup_codes_new"),
    path("replace/", views.replace, name="replace"),
]
