"""The photo contest's published winners for the console's winners page."""

from app.campaigns import WinnerRow
from app.models import Campaign
from contests.photo import winners as standings


def winners(campaign: Campaign) -> list[WinnerRow]:
    """The published winners in rank order; the public gallery shows the entry, not the fan."""
    return [
        WinnerRow(
            ref=f"entry:{entry.id}",
            public_code=f"#{winner.rank}",
            fan_id=entry.fan_id,
            prize=f"#{winner.rank}",
        )
        for winner, entry, _author in standings.published(campaign)
    ]
