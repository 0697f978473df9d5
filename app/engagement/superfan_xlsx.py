"""The super-fan export as an XLSX workbook, written row by row."""

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from app.engagement.superfan_columns import HEADERS
from app.engagement.superfans import Counted


def write_xlsx(rows, out: BinaryIO) -> int:
    """An XLSX workbook of raw rows written row by row (openpyxl's write-only mode).

    Text goes in as string cells, which a spreadsheet never evaluates: "=1+1" stays those
    four characters, with no apostrophe shown (a CSV has no cell types, so it needs one).
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Super fans")
    sheet.append(HEADERS)
    counted = Counted(rows)
    for row in counted:
        sheet.append([_text_cell(sheet, cell) if isinstance(cell, str) else cell for cell in row])
    book.save(out)
    return counted.count


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl reads a leading "=" as a formula; a string cell is never one.
    cell.data_type = "s"
    return cell
