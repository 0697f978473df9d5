"""Run one super-fan CSV export in this process and print its rows, time and peak memory."""

import json
import sys
import time

from sqlalchemy import select

from app.engagement import superfan_export
from app.extensions import db
from app.models import Brand
from bench import settings


def rss_mb(field: str) -> float:
    """A memory line of /proc/self/status (VmRSS now, VmHWM the peak), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise LookupError(field)


def main(out_path: str) -> None:
    app = settings.make_app()
    with app.app_context():
        brand = db.session.scalar(select(Brand).where(Brand.slug == settings.BRAND_SLUG))
        before = rss_mb("VmRSS")
        started = time.perf_counter()
        with open(out_path, "wb") as out:
            rows = superfan_export.export(brand, out, actor="bench")
        seconds = time.perf_counter() - started
        db.session.commit()
    json.dump(
        {
            "rows": rows,
            "seconds": seconds,
            "rss_before_mb": before,
            # VmHWM, not ru_maxrss: Linux carries the forking parent's peak into the child's
            # ru_maxrss across exec, so only VmHWM is this process's own peak.
            "peak_rss_mb": rss_mb("VmHWM"),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/dev/null")
