"""Django form fields rendered as KERN UX form components (web/_field.html): the widget gets
the KERN class of its kind and points at its hint and error with aria-describedby."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.utils.safestring import SafeString

register = template.Library()

CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@register.filter
def kern_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, CHOICE_WIDGETS):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        return "select"
    return "input"


CLASSES = {
    "check": "kern-form-check__checkbox",
    "select": "kern-form-input__select",
    "input": "kern-form-input__input",
}


@register.filter
def kern_widget(field: forms.BoundField) -> SafeString:
    kind = kern_kind(field)
    css = CLASSES.get(kind, "kern-form-input__input")
    if field.errors:
        css += " kern-form-input__input--error" if kind == "input" else ""
        css += " kern-form-input__select--error" if kind == "select" else ""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs: dict[str, str | bool] = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def kern_option(option: BoundWidget) -> SafeString:
    """One checkbox or radio of a choice field with its KERN class (rendered like
    ``BoundWidget.tag``, by the widget's own template)."""
    kind = "radio" if option.data.get("type") == "radio" else "checkbox"
    attrs = {**option.data["attrs"], "class": f"kern-form-check__{kind}"}
    context = {"widget": {**option.data, "attrs": attrs, "wrap_label": False}}
    widget: Any = option.parent_widget  # Django renders a BoundWidget with the private _render
    return widget._render(option.template_name, context, option.renderer)
