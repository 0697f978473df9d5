"""Leaderboards read straight from the database: the embedded default, and Redis's fallback."""

from sqlalchemy import and_, func, or_, select

from app.engagement.boards import Board, Standing, period_bounds
from app.extensions import db
from app.models import Brand, CampaignParticipation, EngagementEvent, FanProfile


def _values(board: Board):
    """A subquery of (fan_id, value) for every fan on the board: positive, not held out."""
    eligible = and_(FanProfile.brand_id == board.brand_id, FanProfile.fraud_flagged.is_(False))
    if board.scope in ("all", "score"):
        column = FanProfile.points if board.scope == "all" else FanProfile.score_base
        query = select(FanProfile.id.label("fan_id"), column.label("value")).where(
            eligible, column > 0
        )
    elif board.scope == "campaign":
        query = (
            select(CampaignParticipation.fan_id, CampaignParticipation.points.label("value"))
            .join(FanProfile, FanProfile.id == CampaignParticipation.fan_id)
            .where(eligible, CampaignParticipation.campaign_id == int(board.period))
            .where(CampaignParticipation.points > 0)
        )
    else:
        start, end = period_bounds(board, db.session.get(Brand, board.brand_id))
        total = func.sum(EngagementEvent.points)
        query = (
            select(EngagementEvent.fan_id, total.label("value"))
            .join(FanProfile, FanProfile.id == EngagementEvent.fan_id)
            .where(eligible, EngagementEvent.brand_id == board.brand_id)
            .where(EngagementEvent.created_at >= start, EngagementEvent.created_at < end)
            .group_by(EngagementEvent.fan_id)
            .having(total > 0)
        )
    return query.subquery()


class SQLBoards:
    """The leaderboard interface over SQL; ties go to the lower fan id, as on Redis."""

    def top(self, board: Board, limit: int, offset: int = 0) -> list[Standing]:
        values = _values(board)
        rows = db.session.execute(
            select(values.c.fan_id, values.c.value)
            .order_by(values.c.value.desc(), values.c.fan_id)
            .limit(limit)
            .offset(offset)
        )
        return [Standing(fan_id, offset + i + 1, value) for i, (fan_id, value) in enumerate(rows)]

    def standing(self, board: Board, fan_id: int) -> Standing | None:
        values = _values(board)
        value = db.session.scalar(select(values.c.value).where(values.c.fan_id == fan_id))
        if value is None:
            return None
        ahead = db.session.scalar(
            select(func.count()).where(
                or_(
                    values.c.value > value,
                    and_(values.c.value == value, values.c.fan_id < fan_id),
                )
            )
        )
        return Standing(fan_id, ahead + 1, value)

    def top_and_around(
        self, board: Board, fan_id: int, limit: int, radius: int
    ) -> tuple[list[Standing], list[Standing]]:
        """top(board, limit), and the fan with up to `radius` fans either side ([] if absent)."""
        mine = self.standing(board, fan_id)
        if mine is None:
            return self.top(board, limit), []
        first = max(mine.rank - 1 - radius, 0)
        return self.top(board, limit), self.top(board, mine.rank - first + radius, first)

    def size(self, board: Board) -> int:
        return db.session.scalar(select(func.count()).select_from(_values(board)))

    def apply(self, increments) -> None:
        """Nothing to do: the aggregates changed in the action's own transaction."""
