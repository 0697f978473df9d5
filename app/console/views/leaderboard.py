"""The brand's leaderboards, a page at a time: find a fan by name, jump to a fan or a rank."""

from flask import render_template, request

from app.console.access import brand_blueprint, current_brand, requires
from app.console.paging import PAGE_SIZE, Page, bounded_number, page_holding, search_text
from app.console.services import leaderboard as services

bp = brand_blueprint("console_leaderboard", __name__, "/leaderboard")


def _number_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


@bp.get("/")
@requires("read")
def index():
    brand = current_brand()
    key = request.args.get("board", "all")
    if key not in services.BOARDS:
        key = "all"
    total = services.board_size(brand, key)
    fan_id, rank = _number_arg("fan"), _number_arg("rank")
    # A fan or a rank to show: the page that holds it, that row marked.
    marked = services.rank_of(brand, key, fan_id) if fan_id else None
    marked = marked or (min(rank, total) if rank else None)
    number = page_holding(marked) if marked else None
    number = bounded_number(total, number=number)
    rows = services.standings(brand, key, PAGE_SIZE, (number - 1) * PAGE_SIZE)
    q = search_text()
    return render_template(
        "console/leaderboard.html",
        boards=services.BOARDS,
        key=key,
        page=Page(rows, number, PAGE_SIZE, total, without=("fan", "rank")),
        marked=marked,
        marked_fan=fan_id if marked else None,
        fan_missing=bool(fan_id) and marked is None,
        q=q,
        found=services.find_fans(brand, key, q) if q else None,
    )
