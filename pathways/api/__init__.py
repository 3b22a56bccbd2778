"""The API's contract (problems, paging, tokens, limits, idempotency, sync); the API itself is in v1.py.

An unknown query parameter is refused (422, extra_forbidden) instead of ignored: a misspelt filter
(?provinve=LA-SV) would otherwise answer with the whole list, as if it had been applied. Text holding the NUL
character is refused (422, string_nul) wherever it comes (query, path, form; the JSON body in v1's parser):
PostgreSQL cannot store it and the request would fail. django-ninja builds each operation's parameters on
`Query._model`, `Path._model` and `Form._model`; every app's api.py imports this package before it declares an
operation, so they all get the strict models.
"""

from ninja.errors import ValidationError as RequestInvalid
from ninja.params import models as ninja_params


class NulInText(Exception):
    """Text the database cannot store: well formed by the schema, refused as data (422 invalid_data)."""

    def __init__(self, errors: list[dict]):
        super().__init__("NUL character in text")
        self.errors = errors


def refuse_nul(data, location: tuple) -> None:
    """Raise NulInText if any text in `data` (a JSON value or a QueryDict) holds the NUL character."""
    found: list[tuple] = []

    def walk(value, loc: tuple) -> None:
        if isinstance(value, str):
            if "\x00" in value:
                found.append(loc)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, loc)
                walk(item, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))

    if hasattr(data, "lists"):  # a QueryDict: a parameter sent once is located by its name alone
        data = {key: values[0] if len(values) == 1 else values for key, values in data.lists()}
    walk(data, location)
    if found:
        raise NulInText([{"type": "string_nul", "loc": loc, "msg": "NUL character"} for loc in found])


class StrictQueryModel(ninja_params.QueryModel):
    @classmethod
    def get_request_data(cls, request, api, path_params):
        known = set(getattr(cls, "__ninja_flatten_map__", None) or cls.model_fields)
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise RequestInvalid(
                [
                    {
                        "type": "extra_forbidden",
                        "loc": ("query", name),
                        "msg": "Extra inputs are not permitted",
                    }
                    for name in unknown
                ]
            )
        refuse_nul(request.GET, ("query",))
        return super().get_request_data(request, api, path_params)


class StrictPathModel(ninja_params.PathModel):
    @classmethod
    def get_request_data(cls, request, api, path_params):
        refuse_nul(path_params, ("path",))
        return super().get_request_data(request, api, path_params)


class StrictFormModel(ninja_params.FormModel):
    @classmethod
    def get_request_data(cls, request, api, path_params):
        refuse_nul(request.POST, ("form",))
        return super().get_request_data(request, api, path_params)


ninja_params.Query._model = StrictQueryModel
ninja_params.Path._model = StrictPathModel
ninja_params.Form._model = StrictFormModel
