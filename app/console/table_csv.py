"""A console table (headers and rows) as a CSV download, with the exports' injection-safe writer."""

import io

from flask import Response

from app.exports.datasets import write_csv


def csv_download(filename: str, headers, rows) -> Response:
    out = io.BytesIO()
    write_csv(out, headers, rows)
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
