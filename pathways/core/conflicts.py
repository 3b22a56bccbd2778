"""Refusals caused by another write that got there first, told apart from refusals of the data itself."""

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """The data was fine, but the record changed under the request (merged a moment ago by someone else, or
    registered by a request sent at the same time): the API answers 409 with `code` (an entry of its problem
    catalogue) instead of 422; pages show the message like any refusal, since it is a ValidationError."""

    def __init__(self, message, *, code: str):
        super().__init__(message, code=code)
        self.problem_code = code
