"""The photo contest: fans submit photos, moderators decide, fans vote, winners are chosen."""
