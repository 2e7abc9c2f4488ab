from django import forms, template

register = template.Library()


@register.filter
def bound(form: forms.Form, name: str) -> forms.BoundField:
    """A form's bound field by name, for templates that are given the name in a variable."""
    return form[name]


@register.filter
def answer_display(bound_field: forms.BoundField) -> str:
    """An answer as the visitor would recognise it: choice labels, not stored values."""
    form = bound_field.form
    value = form.cleaned_data.get(bound_field.name) if form.is_valid() else bound_field.value()
    field = bound_field.field
    choices = dict(getattr(field, "choices", []) or [])
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, list | tuple):
        return "\n".join(str(choices.get(item, item)) for item in value if item not in (None, ""))
    if value in (None, ""):
        return ""
    return str(choices.get(value, value))
