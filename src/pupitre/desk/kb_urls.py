from django.urls import path

from . import kb_views

# Included in desk/urls.py (namespace "desk").
urlpatterns = [
    path("kb/", kb_views.article_list, name="kb_articles"),
    path("kb/new/", kb_views.article_new, name="kb_new"),
    path("kb/preview/", kb_views.preview, name="kb_preview"),
    path("kb/report/", kb_views.report, name="kb_report"),
    path("kb/<int:pk>/", kb_views.article_edit, name="kb_edit"),
    path("kb/<int:pk>/status/", kb_views.article_status, name="kb_status"),
    path("kb/<int:pk>/history/", kb_views.history, name="kb_history"),
    path("kb/files/<int:pk>/remove/", kb_views.file_remove, name="kb_file_remove"),
    path("tickets/<str:number>/kb/", kb_views.ticket_picker, name="kb_picker"),
]
