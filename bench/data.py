"""The bench's data: a fresh migrated database, fans and an event log made in SQL."""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import psycopg
import redis
from flask_migrate import upgrade
from sqlalchemy import func, select, text, update

from app.campaigns import lifecycle
from app.engagement.sql import weighted_points
from app.extensions import db
from app.models import Brand, Campaign, EngagementEvent, FanProfile, MediaFile, utcnow
from bench import settings
from games.quiz import questions
from games.quiz.questions import ChoiceDraft, QuestionDraft
from games.quiz.quiz_types import KIND_KEYS

# Core event types with a share of the log: most actions are cheap views inside campaigns.
EVENT_MIX = (
    # type, axis, points, in a campaign, slots out of 20
    ("campaign_viewed", "participation", 1, True, 12),
    ("share_visit", "influence", 2, True, 4),
    ("return_visit", "loyalty", 3, False, 2),
    ("profile_completed", "participation", 5, False, 1),
    ("referral_joined", "influence", 15, False, 1),
)
HISTORY = timedelta(days=90)
# Insert the log in a few big statements, each its own transaction, to keep WAL bursts bounded.
EVENT_BATCHES = 8
LOAD_CONNECTIONS = 2


def recreate_database() -> None:
    """Drop and recreate the bench database; a stale server from a killed run is disconnected."""
    with psycopg.connect(settings.ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {settings.DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {settings.DATABASE}")


def migrate(app) -> None:
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


def flush_redis() -> None:
    # ASYNC: freeing a full run's boards in place blocks every Redis client for seconds.
    redis.Redis.from_url(settings.REDIS_URL).flushdb(asynchronous=True)


def create_brand(app, campaigns: int) -> int:
    """One brand with live campaigns, through the ORM so every default is the app's."""
    with app.app_context():
        brand = Brand(slug=settings.BRAND_SLUG, name="Bench FC")
        db.session.add(brand)
        db.session.flush()
        for number in range(1, campaigns + 1):
            db.session.add(
                Campaign(
                    brand_id=brand.id,
                    kind="bench.campaign",
                    slug=f"campaign-{number}",
                    title=f"Campaign {number}",
                    status="live",
                )
            )
        db.session.commit()
        return brand.id


def load_fans(conn: psycopg.Connection, brand_id: int, fans: int) -> int:
    """Users and their fan profiles, all with marketing consent; returns the first fan id."""
    conn.execute(
        """
        INSERT INTO "user" (email, display_name, created_at)
        SELECT 'fan' || i || '@bench.example', 'Fan ' || i, now() - interval '1 year'
        FROM generate_series(1, %(fans)s) AS i
        """,
        {"fans": fans},
    )
    conn.execute(
        """
        INSERT INTO fan_profile (
            brand_id, user_id, referral_code, joined_at, utm_source, utm_medium,
            marketing_consent, marketing_consent_at, consent_version,
            points, participation, creation, influence, loyalty, score_base,
            streak_days, best_streak, campaigns_played, badges_count, fraud_risk, fraud_flagged
        )
        SELECT %(brand)s, u.id, 'b' || u.id, u.created_at,
               CASE WHEN u.id %% 3 = 0 THEN 'newsletter' END,
               CASE WHEN u.id %% 3 = 0 THEN 'email' END,
               true, u.created_at, 'v1',
               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false
        FROM "user" AS u
        WHERE u.email LIKE '%%@bench.example'
        ORDER BY u.id
        """,
        {"brand": brand_id},
    )
    first, last = conn.execute(
        "SELECT min(id), max(id) FROM fan_profile WHERE brand_id = %s", [brand_id]
    ).fetchone()
    # The load scripts address fans as first + n, so the ids must be one unbroken run.
    assert last - first + 1 == fans, (first, last, fans)
    conn.commit()
    return first


EVENTS_SQL = """
INSERT INTO engagement_event (
    brand_id, fan_id, campaign_id, type, axis, points, capped, idempotency_key, created_at
)
SELECT %(brand)s, fan_id, campaign_id, type, axis, points, false,
       -- Keys numbered in insertion order: the unique index grows at its end.
       'seed-' || lpad((%(lo)s + row_number() OVER (ORDER BY fan_id, e) - 1)::text, 10, '0'),
       created_at
FROM (
    SELECT e,
           -- A squared uniform skews activity towards low ids: the super fans.
           %(first_fan)s + floor(%(fans)s * random() ^ 2)::int AS fan_id,
           CASE WHEN (%(in_campaign)s::bool[])[slot]
                THEN (%(campaigns)s::int[])[1 + floor(random() * %(n_campaigns)s)::int] END
               AS campaign_id,
           (%(types)s::text[])[slot] AS type,
           (%(axes)s::text[])[slot] AS axis,
           (%(points)s::int[])[slot] AS points,
           %(start)s::timestamptz + e * %(step)s::interval AS created_at
    FROM (
        SELECT e, 1 + floor(random() * %(n_slots)s)::int AS slot
        FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS e
    ) AS numbered
) AS generated
-- A batch is one slice of time. Inserting it fan by fan walks the fan-type-time index in
-- order instead of dirtying a random page of it per row: much faster at 10M events.
ORDER BY fan_id, e
"""


def load_events(brand_id: int, first_fan: int, fans: int, events: int, campaigns) -> None:
    """An append-only log over HISTORY, a slice of time per batch; few fans do much, most little."""
    slots = [kind for kind in EVENT_MIX for _ in range(kind[4])]
    end = utcnow()
    common = {
        "brand": brand_id,
        "first_fan": first_fan,
        "fans": fans,
        "in_campaign": [kind[3] for kind in slots],
        "campaigns": campaigns,
        "n_campaigns": len(campaigns),
        "types": [kind[0] for kind in slots],
        "axes": [kind[1] for kind in slots],
        "points": [kind[2] for kind in slots],
        "n_slots": len(slots),
        "start": end - HISTORY,
        "step": HISTORY / events,
    }
    per_batch = -(-events // EVENT_BATCHES)
    batches = [
        (number, {**common, "lo": lo, "hi": min(lo + per_batch - 1, events)})
        for number, lo in enumerate(range(1, events + 1, per_batch), start=1)
    ]
    # Foreign-key checks and five indexes cost more than generating rows: use both cores.
    with ThreadPoolExecutor(max_workers=LOAD_CONNECTIONS) as pool:
        # Iterating the results re-raises the first error of any batch.
        list(pool.map(_insert_events, batches))


def _insert_events(batch) -> None:
    number, params = batch
    with psycopg.connect(settings.POSTGRES_URL) as conn:
        conn.execute("SET synchronous_commit = off")
        # Room to sort the batch in memory for ORDER BY fan_id.
        conn.execute("SET work_mem = '256MB'")
        # A seed per batch: the same log every run, whichever connection takes the batch.
        conn.execute("SELECT setseed(%s)", [number / (EVENT_BATCHES + 1)])
        conn.execute(EVENTS_SQL, params)


def fill_aggregates(app, brand_id: int) -> None:
    """Set each fan's aggregates from the log, as record() would have left them."""
    with app.app_context():
        brand = db.session.get_one(Brand, brand_id)
        event = EngagementEvent
        # One pass over the log hashed in memory beats a sort spilled to disk at 4 MB.
        db.session.execute(text("SET LOCAL work_mem = '512MB'"))

        def axis_sum(axis):
            return func.coalesce(func.sum(event.points).filter(event.axis == axis), 0)

        totals = (
            select(
                event.fan_id,
                func.sum(event.points).label("points"),
                axis_sum("participation").label("participation"),
                axis_sum("influence").label("influence"),
                axis_sum("loyalty").label("loyalty"),
                func.sum(weighted_points(event.points, event.created_at, brand)).label("score"),
                func.max(event.created_at).label("last_at"),
            )
            .where(event.brand_id == brand_id)
            .group_by(event.fan_id)
            .subquery()
        )
        db.session.execute(
            update(FanProfile)
            .where(FanProfile.id == totals.c.fan_id)
            .values(
                points=totals.c.points,
                participation=totals.c.participation,
                influence=totals.c.influence,
                loyalty=totals.c.loyalty,
                score_base=totals.c.score,
                last_active_at=totals.c.last_at,
                last_active_day=func.date(func.timezone(brand.timezone, totals.c.last_at)),
                streak_days=1,
                best_streak=1,
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        db.engine.dispose()


def create_quiz(app, brand_id: int) -> int:
    """The live trivia quiz of the answer-path measurement, built as staff would build it.

    Through games.quiz's own services, so validation and the snapshot rules are the app's own.
    Attempts are unlimited: a fan who finishes starts again, so the load never runs dry.
    Reuses the quiz when it exists (`--only quiz` on the data of an earlier run).
    """
    with app.app_context():
        brand = db.session.get_one(Brand, brand_id)
        found = db.session.scalar(
            select(Campaign.id).where(
                Campaign.brand_id == brand_id, Campaign.slug == settings.QUIZ_SLUG
            )
        )
        if found is not None:
            db.engine.dispose()
            return found
        campaign = lifecycle.create(
            brand, KIND_KEYS["trivia"], title="Bench quiz", slug=settings.QUIZ_SLUG
        )
        # A time limit and a speed bonus: every answer takes the full scoring path.
        campaign.settings = {**campaign.settings, "attempts": "unlimited", "speed_bonus": 50}
        for number in range(1, settings.QUIZ_QUESTIONS + 1):
            right = 1 + number % settings.QUIZ_CHOICES
            rows = tuple(
                ChoiceDraft(None, f"Choice {choice}", correct=choice == right)
                for choice in range(1, settings.QUIZ_CHOICES + 1)
            )
            draft = QuestionDraft(
                f"Bench question {number}?",
                explanation=f"Choice {right} is right.",
                time_limit=30,
                choices=rows,
            )
            questions.save_question(campaign, None, draft)
        lifecycle.set_status(campaign, "live", now=utcnow())
        db.session.commit()
        quiz_id = campaign.id
        db.engine.dispose()
        return quiz_id


def create_photo_contest(app, brand_id: int, first_fan: int) -> dict:
    """The live photo contest of the vote measurement: approved entries by the first fans.

    Rows are made directly (no image files: votes never read them). Post-moderated, one vote
    per entry per fan ever and no daily maximum to speak of, so every vote takes the full path.
    """
    from contests.photo.models import PhotoEntry

    with app.app_context():
        campaign = Campaign(
            brand_id=brand_id,
            kind="contest.photo",
            slug=settings.PHOTO_SLUG,
            title="Bench photo contest",
            status="live",
            settings={"moderation": "post", "vote_rule": "once", "max_votes_per_day": 1000},
        )
        db.session.add(campaign)
        db.session.flush()
        for number in range(settings.PHOTO_ENTRIES):
            media = MediaFile(
                brand_id=brand_id,
                key=f"{number:032x}",
                purpose="contest_photo",
                content_type="image/jpeg",
                width=1,
                height=1,
                byte_size=1,
                sha256="0" * 64,
                phash=number,
            )
            db.session.add(media)
            db.session.flush()
            db.session.add(
                PhotoEntry(
                    campaign_id=campaign.id,
                    fan_id=first_fan + number,
                    media_id=media.id,
                    caption=f"Bench photo {number + 1}",
                    status="approved",
                )
            )
        db.session.commit()
        entries = db.session.scalars(
            select(PhotoEntry.id)
            .where(PhotoEntry.campaign_id == campaign.id)
            .order_by(PhotoEntry.id)
        ).all()
        photo = {"id": campaign.id, "first_entry": entries[0], "entries": len(entries)}
        db.engine.dispose()
        return photo


def analyze_quiz() -> None:
    """Fresh statistics on the quiz tables, which the runs before this one have grown."""
    with psycopg.connect(settings.POSTGRES_URL, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) campaign, quiz_question, quiz_choice, quiz_attempt")
        conn.execute("VACUUM (ANALYZE) quiz_answer")


def existing() -> dict:
    """The brand and fans an earlier run built, for `--only quiz`."""
    with psycopg.connect(settings.POSTGRES_URL) as conn:
        row = conn.execute("SELECT id FROM brand WHERE slug = %s", [settings.BRAND_SLUG]).fetchone()
        if row is None:
            raise SystemExit("bench: no bench data yet; run `python -m bench --quick` first.")
        brand_id = row[0]
        first, last, count = conn.execute(
            "SELECT min(id), max(id), count(*) FROM fan_profile WHERE brand_id = %s", [brand_id]
        ).fetchone()
    if not count or last - first + 1 != count:
        raise SystemExit("bench: the bench fans are not one unbroken run of ids; rebuild them.")
    return {"brand_id": brand_id, "first_fan": first, "fans": count}


def campaign_ids(conn, brand_id: int) -> list[int]:
    rows = conn.execute("SELECT id FROM campaign WHERE brand_id = %s ORDER BY id", [brand_id])
    return [row[0] for row in rows]


def build(app, fans: int, events: int, campaigns: int, say) -> dict:
    """Make the whole data set once; every measurement of the run reuses it."""
    timings = {}
    started = time.perf_counter()
    recreate_database()
    flush_redis()
    migrate(app)
    brand_id = create_brand(app, campaigns)
    timings["schema"] = time.perf_counter() - started
    with psycopg.connect(settings.POSTGRES_URL) as conn:
        # Only the bench's own bulk load may lose its last commits if the server crashes.
        conn.execute("SET synchronous_commit = off")
        mark = time.perf_counter()
        first_fan = load_fans(conn, brand_id, fans)
        timings["fans"] = time.perf_counter() - mark
        say(f"  {fans:,} fans in {timings['fans']:.1f} s")
        campaign_list = campaign_ids(conn, brand_id)
    mark = time.perf_counter()
    load_events(brand_id, first_fan, fans, events, campaign_list)
    timings["events"] = time.perf_counter() - mark
    say(f"  {events:,} events in {timings['events']:.1f} s")
    mark = time.perf_counter()
    fill_aggregates(app, brand_id)
    timings["aggregates"] = time.perf_counter() - mark
    say(f"  fan aggregates in {timings['aggregates']:.1f} s")
    # After the event log, so the seeded events never name the quiz.
    mark = time.perf_counter()
    quiz_id = create_quiz(app, brand_id)
    timings["quiz"] = time.perf_counter() - mark
    mark = time.perf_counter()
    photo = create_photo_contest(app, brand_id, first_fan)
    timings["photo_contest"] = time.perf_counter() - mark
    mark = time.perf_counter()
    with psycopg.connect(settings.POSTGRES_URL, autocommit=True) as conn:
        # Autovacuum may be off: set hint bits and statistics now, not during a measurement.
        conn.execute("VACUUM (ANALYZE)")
    timings["vacuum"] = time.perf_counter() - mark
    say(f"  vacuum and analyze in {timings['vacuum']:.1f} s")
    return {
        "brand_id": brand_id,
        "first_fan": first_fan,
        "quiz_id": quiz_id,
        "photo": photo,
        "timings": timings,
    }


BADGE_RULES = 20


def create_badge_rules(app, brand_id: int) -> int:
    """Twenty active badge rules of mixed kinds, saved as the console saves them (issue #6).

    Thresholds are high enough that few fans earn a badge during the run: what is measured
    is the check each action pays, not the awarding.
    """
    from app.badges.editing import BadgeForm, save_badge

    rule_kinds = [
        {"kind": "count", "event_type": "campaign_viewed", "count": 50},
        {"kind": "count", "event_type": "share_visit", "count": 40},
        {"kind": "points", "threshold": 5_000},
        {"kind": "streak", "days": 30},
        {"kind": "score", "threshold": 2_000},
    ]
    with app.app_context():
        brand = db.session.get_one(Brand, brand_id)
        for number in range(BADGE_RULES):
            rule = dict(rule_kinds[number % len(rule_kinds)])
            for key in ("count", "threshold", "days"):
                if key in rule:
                    rule[key] += number  # twenty distinct rules, not five repeated
            form = BadgeForm(
                name=f"Bench badge {number + 1}",
                slug=f"bench-{number + 1}",
                description="A badge the benchmark checks on every action.",
                conditions=[rule],
            )
            save_badge(brand, None, form)
        db.session.commit()
        db.engine.dispose()
    return BADGE_RULES
