"""The console's rules, one module per feature; views call them, they flush, views commit."""

from sqlalchemy import select

from app.extensions import db
from app.models import Brand


class Invalid(Exception):
    """Input the console refuses: a message per form field, shown next to the field."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))
        self.problems = problems


def lock_brand(brand_id: int) -> None:
    """Serialise changes to one brand's members or versions (a PostgreSQL row lock).

    SQLite ignores FOR UPDATE, but it lets only one writer in at a time anyway.
    """
    db.session.execute(select(Brand.id).where(Brand.id == brand_id).with_for_update())
