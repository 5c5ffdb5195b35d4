from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from .desk import technician
from .portal import kb_views
from .portal.kb_sitemaps import ArticleSitemap
from .web import account_views, cti, views
from .web.account_forms import PasswordResetRequestForm, SignInForm
from .web.middleware import second_factor_exempt

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("accounts/logout/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/second-factor/", include("pupitre.web.account_urls")),
    path(
        "accounts/password/",
        account_views.PasswordResetView.as_view(
            form_class=PasswordResetRequestForm,
            template_name="accounts/password_reset_form.html",
            subject_template_name="email/password_reset_subject.txt",
            email_template_name="email/password_reset.txt",
            html_email_template_name="email/password_reset.html",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("contact/", views.contact, name="contact"),
    path("d/<str:code>", views.device_label, name="device_label"),
    path("calendar/<str:token>.ics", technician.feed, name="onsite_feed"),
    path("language/", views.switch_language, name="switch_language"),
    path(
        "attachments/<int:attachment_id>/<str:filename>",
        views.download_attachment,
        name="attachment",
    ),
    path("kb/files/<int:file_id>/<str:filename>", kb_views.download_file, name="kb_file"),
    path("sitemap.xml", sitemap, {"sitemaps": {"kb": ArticleSitemap}}, name="sitemap"),
    path("phone/cti/<str:token>/", cti.cti_event, name="phone_cti"),
    path("portal/", include("pupitre.portal.urls")),
    path("desk/", include("pupitre.desk.urls")),
    path("admin/", admin.site.urls),
]
# The knowledge base's reading pages carry their language: /de/kb/…, /fr/kb/…
urlpatterns += i18n_patterns(path("kb/", include("pupitre.portal.kb_urls")))

handler400 = "pupitre.web.views.error_400"
handler403 = "pupitre.web.views.error_403"
handler404 = "pupitre.web.views.error_404"
handler500 = "pupitre.web.views.error_500"
