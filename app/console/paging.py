"""Long console lists one page at a time: ?page= read and bounded, the total counted, links kept."""

from dataclasses import dataclass
from math import ceil

from flask import request, url_for
from sqlalchemy import Select, func, select

from app.extensions import db

PAGE_SIZE = 50
# Far past any real list; a bigger number in the address is read as the last page.
MAX_PAGE = 100_000
SEARCH_MAX_LENGTH = 100


@dataclass(frozen=True)
class Page:
    """One page of a list: its items, its 1-based number, the page size and the whole count."""

    items: list
    number: int
    size: int
    total: int
    # Query arguments the page links leave out: a "jump to" that chose this page.
    without: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first(self) -> int:
        """The position (1-based) in the whole list of the page's first item, 0 when empty."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    def url(self, number: int, **changes) -> str:
        """This page's address with another page number; other query arguments kept."""
        args = {k: v for k, v in request.args.items() if k not in self.without}
        args.update(changes)
        args["page"] = number
        return url_for(request.endpoint, **(request.view_args or {}), **args)


def requested_page(name: str = "page") -> int:
    """The page number asked for: 1 when missing, not a number or below 1; bounded above."""
    raw = request.args.get(name, "")
    number = int(raw) if raw.isdigit() else 1
    return min(max(number, 1), MAX_PAGE)


def bounded_number(total: int, *, size: int = PAGE_SIZE, number: int | None = None) -> int:
    """The page to show of a list of `total` items: asked for (or ?page=), at most the last."""
    wanted = requested_page() if number is None else number
    return min(max(wanted, 1), max(1, ceil(total / size)))


def page_holding(position: int, size: int = PAGE_SIZE) -> int:
    """The page on which the item at `position` (1-based: a rank, a row) is shown."""
    return max(1, ceil(max(position, 1) / size))


def search_text(name: str = "q") -> str:
    """The search box's text, stripped and cut to a sane length."""
    return request.args.get(name, "").strip()[:SEARCH_MAX_LENGTH]


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its own % and _ taken literally (escape "\\")."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def paginate(statement: Select, *, size: int = PAGE_SIZE, number: int | None = None) -> Page:
    """Run an ordered SELECT for one page: scalars when it selects one thing, rows otherwise.

    A page past the end shows the last page, so a link kept after rows went away still works.
    """
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    number = bounded_number(total, size=size, number=number)
    limited = statement.limit(size).offset((number - 1) * size)
    if len(statement.column_descriptions) == 1:
        items = list(db.session.scalars(limited).all())
    else:
        items = list(db.session.execute(limited).all())
    return Page(items=items, number=number, size=size, total=total)


def page_of(items: list, *, size: int = PAGE_SIZE, number: int | None = None) -> Page:
    """One page of a list already in memory (a board read from Redis, a computed ranking)."""
    number = bounded_number(len(items), size=size, number=number)
    start = (number - 1) * size
    return Page(items=items[start : start + size], number=number, size=size, total=len(items))
