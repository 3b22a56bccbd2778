"""Insert many rows quickly: PostgreSQL COPY, or one prepared statement run many times on SQLite.

For bulk writers inside services (imports of 100,000 rows). The ORM's bulk_create builds a model instance
and converts every field of every row through the field classes; here a caller passes plain tuples in the
order of `fields`, and only the columns whose Python values the database driver cannot take as they are
(UUIDs and dates on SQLite, JSON everywhere) are converted, once per value, by the field itself. Like
bulk_create, no signals are sent and no defaults are filled in: give every column.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models

# Field classes whose Python values both drivers take unchanged.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.FloatField,
)


def _converter(field: models.Field):
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, _PLAIN):
        return None
    if connection.vendor == "postgresql" and isinstance(
        field, models.UUIDField | models.DateField | models.DateTimeField
    ):
        return None  # psycopg adapts these itself, faster than the field would.
    if isinstance(field, models.UUIDField) and not connection.features.has_native_uuid_field:
        return lambda value: None if value is None else value.hex
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return lambda value: None if value is None else value.isoformat()
    last: list = [None, None]

    def convert(value, field=field):
        # Bulk rows share their time stamps: convert each distinct value once.
        if value is None:
            return None
        if value is not last[0]:
            last[:] = [value, field.get_db_prep_save(value, connection)]
        return last[1]

    return convert


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples of values for `fields`, by attribute name such as "person_id") into the
    model's table in the current transaction; return how many were written."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = [by_attname[name] for name in fields]
    converters = [(i, c) for i, f in enumerate(columns) if (c := _converter(f)) is not None]
    table = connection.ops.quote_name(str(meta.db_table))
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in columns)
    count = 0

    def converted():
        nonlocal count
        for row in rows:
            count += 1
            if converters:
                row = list(row)
                for i, convert in converters:
                    row[i] = convert(row[i])
            yield row

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in converted():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", converted())
    return count
