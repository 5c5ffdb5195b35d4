"""The data an admin change page would post back unchanged, to edit in tests."""

from django.forms import MultiWidget


def unchanged_post(response) -> dict:
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_fields(formset.management_form))
        forms.extend(formset.forms)
    for form in forms:
        data.update(_fields(form))
    return data


def _fields(form) -> dict:
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else value
    return data
