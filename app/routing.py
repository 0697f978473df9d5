"""Ids in addresses: a number no id column can hold names no row, so it never reaches a view."""

from werkzeug.routing import IntegerConverter

# The largest INTEGER, the type of every id an address carries. Beyond it the database fails
# (OverflowError on SQLite, "integer out of range" on PostgreSQL) instead of finding nothing.
MAX_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every route: 1 to MAX_ID, anything else is a 404 like an unknown id."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app) -> None:
    # Before any blueprint: a rule takes its converter when it is added to the map.
    app.url_map.converters["int"] = RowIdConverter
