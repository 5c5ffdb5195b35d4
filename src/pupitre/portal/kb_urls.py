"""Reading pages of the knowledge base, under a language prefix (urls.py)."""

from django.urls import path

from . import kb_views

app_name = "kb"
urlpatterns = [
    path("", kb_views.home, name="home"),
    path("search/", kb_views.search_page, name="search"),
    path("kinds/<slug:kind>/", kb_views.kind_list, name="kind"),
    path("categories/<slug:category>/", kb_views.category_list, name="category"),
    path("devices/<int:pk>/", kb_views.device_model, name="device_model"),
    path("articles/<slug:slug>/", kb_views.article, name="article"),
    path("articles/<slug:slug>/feedback/", kb_views.feedback, name="feedback"),
]
