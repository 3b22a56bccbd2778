"""Django's own form messages that our pages show, listed so that `make messages` keeps them in our catalogue.

Django ships no Lao translation, so these appeared in English on Lao pages ("This field is required.");
a project catalogue takes precedence over Django's, so translating them here fixes every form at once (the
Thai ones follow Django's own Thai catalogue). Never imported: read by makemessages only.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
]
