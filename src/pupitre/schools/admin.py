from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Role

from .models import Membership, PhoneNumber, School, Site
from .services import (
    membership_add,
    membership_remove,
    membership_set_role,
    school_save,
    school_sites_and_numbers_recorded,
)


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


class PhoneInline(admin.TabularInline):
    model = PhoneNumber
    extra = 0
    fields = ["number", "label", "site"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        site = formset.form.base_fields["site"]
        # Only this school's sites (saved ones: a new school has none yet).
        site.queryset = site.queryset.filter(school=obj) if obj else site.queryset.none()
        return formset


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user is not None and user.role != Role.SCHOOL:
            raise forms.ValidationError(
                _("Only school users can be members of a school."), code="not_school"
            )
        return user


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    """The school and its memberships change through `schools.services`,
    which records every change of its details (its service calendar among
    them) and every addition, role change and removal of a member in the
    settings' history."""

    list_display = ["official_number", "name", "language", "school_type"]
    list_filter = ["language", "school_type"]
    search_fields = ["official_number", "name"]
    inlines = [SiteInline, PhoneInline, MembershipInline]

    def save_model(self, request, obj, form, change):
        school_save(school=obj, by=request.user)  # recorded in the settings' history

    def save_formset(self, request, form, formset, change):
        if formset.model in (Site, PhoneNumber):
            with school_sites_and_numbers_recorded(school=form.instance, by=request.user):
                return super().save_formset(request, form, formset, change)
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        # What the admin's own history message lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for member_form in formset.forms:
            membership = member_form.instance
            if member_form in formset.deleted_forms:
                if membership.pk is not None:
                    membership_remove(membership=membership, by=request.user)
                    formset.deleted_objects.append(membership)
            elif not member_form.has_changed():
                continue
            elif membership.pk is None:
                formset.new_objects.append(membership)
                membership_add(
                    school=form.instance,
                    user=membership.user,
                    role=membership.role,
                    by=request.user,
                )
            else:
                formset.changed_objects.append((membership, member_form.changed_data))
                stored = Membership.objects.get(pk=membership.pk)
                if stored.user_id != membership.user_id:
                    # Another person on the same row: one leaves, one joins.
                    membership_remove(membership=stored, by=request.user)
                    membership_add(
                        school=form.instance,
                        user=membership.user,
                        role=membership.role,
                        by=request.user,
                    )
                else:
                    membership_set_role(membership=stored, role=membership.role, by=request.user)
