"""Form pieces every app shares."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO 8601 (yyyy-mm-dd), whatever the interface language
    writes dates as: in Thai, Django would render 30/11/2026, which a date input shows as empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
