from django.contrib import admin

from pupitre.core.config_cache import ForgetOnChange
from pupitre.core.translated_names import TranslatedNameAdminForm

from .models import Attachment, Message, SlaPolicy, Team, Ticket
from .queries import TEAMS
from .services import team_members_set, team_save


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    """Shown only: the targets are changed in the desk (Hours and SLA), where
    the change is recorded in the settings' history."""

    list_display = ["priority", "category", "first_response_minutes", "resolution_minutes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ForgetOnChange, admin.ModelAdmin):
    cached_as = (TEAMS,)
    form = TranslatedNameAdminForm
    list_display = ["name", "name_de", "name_fr", "name_en", "language"]
    fields = ["name", "name_de", "name_fr", "name_en", "language", "members"]
    filter_horizontal = ["members"]

    def save_model(self, request, obj, form, change):
        team_save(team=obj, by=request.user)  # recorded in the settings' history

    def save_related(self, request, form, formsets, change):
        # The members through the service, recorded in the settings' history
        # (the form's own save_m2m would change them unrecorded).
        team_members_set(team=form.instance, members=form.cleaned_data["members"], by=request.user)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["kind", "author", "field", "old_value", "new_value", "created_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-mostly: tickets are changed through the desk so that every change
    goes through the services and leaves history."""

    list_display = ["number", "subject", "school", "status", "priority", "assignee"]
    list_filter = ["status", "priority", "channel", "language"]
    search_fields = ["number", "subject"]
    readonly_fields = [f.name for f in Ticket._meta.fields]
    raw_id_fields = ["devices"]
    inlines = [MessageInline]

    def has_add_permission(self, request):
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "size", "content_type"]
    raw_id_fields = ["message"]
