from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

YES_NO = [("yes", "Yes"), ("no", "No")]


class JourneyForm(forms.Form):
    """A page of a public journey, laid out with GOV.UK Frontend components.

    Pages with a single question use that question as the page heading, as the GOV.UK
    Design System asks.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*(self._layout_field(name) for name in self.fields))

    @property
    def single_question(self) -> bool:
        return len(self.fields) == 1

    def _layout_field(self, name: str) -> Field:
        widget = self.fields[name].widget
        heading = {"legend_tag": "h1", "legend_size": Size.LARGE} if self.single_question else {}
        label_heading = (
            {"label_tag": "h1", "label_size": Size.LARGE} if self.single_question else {}
        )
        if isinstance(widget, forms.RadioSelect):
            return Field.radios(name, **(heading or {"legend_size": Size.MEDIUM}))
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, **(heading or {"legend_size": Size.MEDIUM}))
        if isinstance(widget, forms.Textarea):
            return Field.textarea(
                name,
                max_characters=self.fields[name].max_length,
                **(label_heading or {"label_size": Size.MEDIUM}),
            )
        return Field.text(name, **(label_heading or {"label_size": Size.SMALL}))
