"""What an export can hold: a Dataset counts its rows and writes them, telling its progress."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from flask_babel import ngettext

from app.engagement.superfan_columns import neutralise
from app.models import Brand, Campaign

# Told how many rows are written so far, as they are written (app.exports.progress).
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Scope:
    """What one export is of: the brand, the campaign (None for a brand-wide list), the file
    format and the filters the export log keeps (JSON)."""

    brand: Brand
    campaign: Campaign | None
    fmt: str = "csv"
    filters: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """What the export is of, in words: the campaign's title, else the brand's name."""
        return self.campaign.title if self.campaign is not None else self.brand.name


class NothingToExport(Exception):
    """Nothing may be exported any more; `message` (lazy) says why, in the asker's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _rows_sentence(count: int, fmt: str) -> str:
    return ngettext(
        "Your export holds %(num)d row (%(format)s).",
        "Your export holds %(num)d rows (%(format)s).",
        count,
        format=fmt.upper(),
    )


@dataclass(frozen=True)
class Dataset:
    """One list staff can export: the core's (super fans, winners) or a kind's
    (CampaignKind.export_datasets).

    Texts are lazy_gettext strings, formatted with `name` (Scope.name) and `brand`:
    `label` names the list in the export log ("Answers"), `title` heads the export's page
    ("Answers to %(name)s"), `subject` is the ready email's ("Your export of the answers
    to %(name)s is ready").
    """

    key: str
    label: str
    title: str
    subject: str
    # How many rows the export would have, without writing any (decides "at once or job").
    count: Callable[[Scope], int]
    # Writes every row to the binary file and returns how many; may raise NothingToExport.
    write: Callable[[Scope, BinaryIO, Progress | None], int]
    formats: tuple[str, ...] = ("csv",)
    # Whether the list belongs to one campaign (the kinds' lists do).
    per_campaign: bool = True
    # The email's sentence about the file's rows, told (count, format).
    rows_sentence: Callable[[int, str], str] = _rows_sentence

    def words(self, text, scope: Scope) -> str:
        return str(text) % {"name": scope.name, "brand": scope.brand.name}


def write_csv(
    out: BinaryIO,
    headers: Iterable[str],
    rows: Iterable[Iterable],
    progress: Progress | None = None,
    *,
    excel_bom: bool = False,
) -> int:
    """RFC 4180 CSV in UTF-8 of `rows` under `headers`, every text cell made inert for
    spreadsheets; `progress` hears the count after each row. Returns the rows written."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if excel_bom else "utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([neutralise(str(cell)) for cell in headers])
    written = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        written += 1
        if progress is not None:
            progress(written)
    text.flush()
    text.detach()
    return written
