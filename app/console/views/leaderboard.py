"""The brand's leaderboards: the top 100 fans by display name."""

from flask import render_template, request

from app.console.access import brand_blueprint, current_brand, requires
from app.console.services.leaderboard import BOARDS, standings

bp = brand_blueprint("console_leaderboard", __name__, "/leaderboard")


@bp.get("/")
@requires("read")
def index():
    key = request.args.get("board", "all")
    if key not in BOARDS:
        key = "all"
    return render_template(
        "console/leaderboard.html", boards=BOARDS, key=key, rows=standings(current_brand(), key)
    )
