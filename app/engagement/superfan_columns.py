"""The super-fan export's columns, defined once: each one's header, its cell as Python makes
it (superfan_rows, for the csv module and XLSX) and the same cell as PostgreSQL text (COPY).

The two ways must give the same bytes in a CSV: each kind of cell below keeps them side by
side. Python reads each cell from the values a column `reads`, in COLUMNS order.
"""

from collections.abc import Callable

from sqlalchemy import Text, and_, case, cast, func, literal

from app.engagement.sql import iso_utc
from app.models import FanProfile, User
from app.models.people import describe_join_source

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
RANK_ORDER = (FanProfile.score_base.desc(), FanProfile.id)
JOIN_SOURCE_FIELDS = (
    FanProfile.referred_by_id,
    FanProfile.utm_source,
    FanProfile.utm_medium,
    FanProfile.utm_campaign,
)

# A cell in Python from the selected row and the fan's rank.
CellReader = Callable[[tuple, int], object]


def neutralise(cell):
    """Make a text cell inert in spreadsheets; numbers and dates pass unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def engagement_score(score_base: float, divisor: float) -> float:
    """The decayed score to the cent, rounded exactly as PostgreSQL's COPY path rounds it.

    Plain float arithmetic, ties to even, the same in both: round() of a float8 in
    PostgreSQL is rint(), as Python's round().
    """
    return round(score_base / divisor * 100) / 100


class Column:
    """One column: its header and what it reads. Itself a number as stored, the same both ways;
    the kinds below change how their cell is made."""

    def __init__(self, header: str, source=None):
        self.header = header
        self.source = source

    @property
    def reads(self) -> tuple:
        return (self.source,)

    def reader(self, at: int, divisor: float, safe) -> CellReader:
        """The cell in Python; `at` is where this column's values start in the row."""
        return lambda row, rank: row[at]

    def text(self, divisor: float):
        """The cell as PostgreSQL writes it in a CSV: NULL for an empty field."""
        return self.source


class Rank(Column):
    """1 for the best fan: rows come in rank order, COPY numbers them by the same order."""

    reads = ()

    def reader(self, at, divisor, safe):
        return lambda row, rank: rank

    def text(self, divisor):
        return func.row_number().over(order_by=RANK_ORDER)


class FanText(Column):
    """Text a fan typed: neutralised in a CSV (`safe`), as it is in an XLSX."""

    def reader(self, at, divisor, safe):
        return lambda row, rank: safe(row[at])

    def text(self, divisor):
        # neutralise(), and NULL for "", which the csv module writes as an empty field too.
        formula = func.substr(self.source, 1, 1).in_(FORMULA_TRIGGERS)
        return func.nullif(case((formula, literal("'") + self.source), else_=self.source), "")


class Score(Column):
    """engagement_score() of the score's base, decayed to the export's moment."""

    def reader(self, at, divisor, safe):
        return lambda row, rank: engagement_score(row[at], divisor)

    def text(self, divisor):
        # float8 printed shortest, as Python's repr, which adds ".0" to whole numbers (both
        # switch to exponents only beyond any reachable score).
        score = func.round(self.source / divisor * 100) / 100
        return case((score == func.trunc(score), cast(score, Text) + ".0"), else_=cast(score, Text))


class Moment(Column):
    """A UTC instant as ISO 8601 text, empty when there is none."""

    @property
    def reads(self):
        return (iso_utc(self.source),)

    def reader(self, at, divisor, safe):
        return lambda row, rank: row[at] or ""

    def text(self, divisor):
        return iso_utc(self.source)


class JoinSource(Column):
    """describe_join_source(): referral, utm:source/medium/campaign or direct."""

    reads = JOIN_SOURCE_FIELDS

    def reader(self, at, divisor, safe):
        # UTM tags arrive in URLs, so this label goes through neutralise too.
        end = at + len(JOIN_SOURCE_FIELDS)
        return lambda row, rank: safe(describe_join_source(*row[at:end]))

    def text(self, divisor):
        referred_by, source, medium, campaign = JOIN_SOURCE_FIELDS
        tags = func.concat_ws(
            "/",
            func.nullif(source, ""),
            func.nullif(medium, ""),
            func.nullif(campaign, ""),
            type_=Text,
        )
        referred = and_(referred_by.is_not(None), referred_by != 0)
        # It starts with r, u or d: no formula to neutralise.
        return case((referred, "referral"), (tags != "", literal("utm:") + tags), else_="direct")


COLUMNS = (
    Rank("rank"),
    FanText("display_name", User.display_name),
    FanText("email", User.email),
    Score("engagement_score", FanProfile.score_base),
    Column("participation", FanProfile.participation),
    Column("creation", FanProfile.creation),
    Column("influence", FanProfile.influence),
    Column("loyalty", FanProfile.loyalty),
    Column("points", FanProfile.points),
    Column("badges", FanProfile.badges_count),
    Column("campaigns_played", FanProfile.campaigns_played),
    Moment("last_active", FanProfile.last_active_at),
    JoinSource("join_source"),
    Moment("consent_date", FanProfile.marketing_consent_at),
    # Found again in the console: the fans page searches by this id.
    Column("fan_id", FanProfile.id),
)
HEADERS = tuple(column.header for column in COLUMNS)


def python_reads() -> tuple:
    """What the Python way selects, every column's values one after another."""
    return tuple(value for column in COLUMNS for value in column.reads)


def row_maker(divisor: float, safe) -> Callable[[tuple, int], tuple]:
    """A function from one selected row (python_reads()) and its rank to the export's cells."""
    readers = []
    at = 0
    for column in COLUMNS:
        readers.append(column.reader(at, divisor, safe))
        at += len(column.reads)
    return lambda row, rank: tuple(read(row, rank) for read in readers)


def sql_texts(divisor: float) -> tuple:
    """Every cell as PostgreSQL text, in COLUMNS order."""
    return tuple(column.text(divisor) for column in COLUMNS)
