"""Field types whose OpenAPI description says exactly what the API reads."""

from decimal import Decimal
from typing import Annotated

from pydantic import WithJsonSchema

# Pydantic describes a Decimal as any number or any string, so a generated client may send "recorded"; the API
# reads a JSON number or a string written as a number (amounts keep their exact digits as strings).
Amount = Annotated[
    Decimal,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"},
            ]
        }
    ),
]
