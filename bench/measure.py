"""Each measurement of issue #2, beside the limit it is compared with."""

import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql

from app.engagement import superfans
from app.engagement.rebuild import rebuild
from app.extensions import db
from app.models import Brand, EngagementEvent, utcnow
from bench import data, server, settings


def rebuild_boards(app, brand_id: int) -> dict:
    """rebuild(brand) on Redis, beside the bare per-fan aggregate it cannot beat."""
    with psycopg.connect(settings.POSTGRES_URL) as conn:
        started = time.perf_counter()
        rows = conn.execute(
            "SELECT fan_id, sum(points) FROM engagement_event WHERE brand_id = %s GROUP BY fan_id",
            [brand_id],
        ).fetchall()
        bare = time.perf_counter() - started
    with app.app_context():
        brand = db.session.get_one(Brand, brand_id)
        events = db.session.scalar(select(func.count()).select_from(EngagementEvent))
        started = time.perf_counter()
        counts = rebuild(brand)
        seconds = time.perf_counter() - started
        db.session.commit()
        db.engine.dispose()
    return {
        "events": events,
        "fans_aggregated": len(rows),
        "bare_aggregate_s": bare,
        "rebuild_s": seconds,
        "boards": len(counts),
        "board_members": sum(counts.values()),
    }


def export_csv(app, brand_id: int) -> dict:
    """superfan_export.export to /dev/null in a child process, beside COPY of the same query."""
    with app.app_context():
        query = superfans.exportable_fans(db.session.get_one(Brand, brand_id))
        sql = str(
            query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
        )
        db.engine.dispose()
    with psycopg.connect(settings.POSTGRES_URL) as conn, conn.cursor() as cursor:
        started = time.perf_counter()
        copied = 0
        with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                copied += bytes(block).count(b"\n")
        copy_s = time.perf_counter() - started
    child = subprocess.run(
        [sys.executable, "-m", "bench.export_child", "/dev/null"],
        cwd=settings.ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(child.stdout)
    return {
        **result,
        "rows_per_s": result["rows"] / result["seconds"],
        "copy_rows": copied,
        "copy_s": copy_s,
        "copy_rows_per_s": copied / copy_s,
    }


def http(
    brand_id: int,
    first_fan: int,
    fans: int,
    seconds: int,
    warmup: int,
    quiz_id: int,
    photo: dict | None = None,
) -> dict:
    """The ceiling, the leaderboard read, record(), the quiz and the photo vote, one after
    another on one server."""
    wrk_path = server.ensure_wrk()
    settings.RESULTS.mkdir(parents=True, exist_ok=True)
    results = {}
    with server.gunicorn(settings.RESULTS / "gunicorn.log") as base:
        # Warm every endpoint first: connection pools, imports and caches are not the subject.
        server.wrk(wrk_path, base + "/bench/bare", warmup)
        results["ceiling"] = server.wrk(wrk_path, base + "/bench/bare", seconds)

        fan_range = (first_fan, fans)
        for name, method in (("read", "GET"), ("write", "POST")):
            floor = (*fan_range, method, f"/bench/floor/{name}/", "")
            server.wrk(wrk_path, base, warmup, "floor.lua", floor)
            results[f"floor_{name}"] = server.wrk(wrk_path, base, seconds, "floor.lua", floor)
        server.wrk(wrk_path, base, warmup, "leaderboard.lua", fan_range)
        results["leaderboard"] = server.wrk(wrk_path, base, seconds, "leaderboard.lua", fan_range)

        with tempfile.TemporaryDirectory(prefix="superfan-bench-") as keys_dir:
            server.wrk(wrk_path, base, warmup, "record.lua", (*fan_range, "warmup", keys_dir, 0))
            run, run_started = uuid.uuid4().hex[:12], utcnow()
            results["record"] = server.wrk(
                wrk_path, base, seconds, "record.lua", (*fan_range, run, keys_dir, fans // 2)
            )
            # Let requests still in flight when wrk stopped finish before counting.
            time.sleep(2)
            record = results["record"]
            record["check"] = check_record(
                brand_id, run, run_started, Path(keys_dir), record["requests"] - record["non_2xx"]
            )

            # Issue #6: the same writes again once 20 badge rules are checked after each one.
            data.create_badge_rules(settings.make_app(), brand_id)
            server.wrk(wrk_path, base, warmup, "record.lua", (*fan_range, "warm2", keys_dir, 0))
            run = uuid.uuid4().hex[:12]
            results["record_badges"] = server.wrk(
                wrk_path, base, seconds, "record.lua", (*fan_range, run, keys_dir, fans // 4)
            )

        results["quiz"] = quiz(wrk_path, base, quiz_id, first_fan, fans, seconds, warmup)
        if photo is not None:
            results["vote"] = vote(wrk_path, base, photo, first_fan, fans, seconds, warmup)
    return results


def quiz_only(quiz_id: int, first_fan: int, fans: int, seconds: int, warmup: int) -> dict:
    """`--only quiz`: the ceiling of this run and the quiz answer path, on one server."""
    wrk_path = server.ensure_wrk()
    settings.RESULTS.mkdir(parents=True, exist_ok=True)
    with server.gunicorn(settings.RESULTS / "gunicorn.log") as base:
        server.wrk(wrk_path, base + "/bench/bare", warmup)
        ceiling = server.wrk(wrk_path, base + "/bench/bare", seconds)
        return {
            "ceiling": ceiling,
            "quiz": quiz(wrk_path, base, quiz_id, first_fan, fans, seconds, warmup),
        }


def quiz(
    wrk_path: str, base: str, quiz_id: int, first_fan: int, fans: int, seconds: int, warmup: int
) -> dict:
    """Fans served a question and answering it, over HTTP; then every answer wrk saw accepted
    is looked for in the database, and no (attempt, question) may be answered twice."""
    threads = settings.QUIZ_WRK_THREADS
    with tempfile.TemporaryDirectory(prefix="superfan-bench-quiz-") as logs:
        warm, measured = Path(logs) / "warmup", Path(logs) / "run"
        warm.mkdir()
        measured.mkdir()
        # The warm-up and the run walk the fans from other places, so they play other fans.
        server.wrk(
            wrk_path, base, warmup, "quiz.lua", (first_fan, fans, warm, fans // 4, threads), threads
        )
        # Let the warm-up's last requests commit before the run's answers are counted from now.
        time.sleep(1)
        run_started = utcnow()
        result = server.wrk(
            wrk_path,
            base,
            seconds,
            "quiz.lua",
            (first_fan, fans, measured, 3 * fans // 4, threads),
            threads,
        )
        # Let requests still in flight when wrk stopped finish before counting.
        time.sleep(2)
        result["check"] = check_quiz(
            quiz_id, run_started, measured, result["requests"] - result["non_2xx"]
        )
    return result


def check_quiz(quiz_id: int, since: datetime, logs: Path, wrk_2xx: int) -> dict:
    """Answers wrk saw accepted against answers stored since the run began, and doubles."""
    answered, served, refused = [], 0, Counter()
    for path in logs.glob("quiz-*.log"):
        for line in path.read_text().splitlines():
            kind, *rest = line.split()
            if kind == "answer":
                answered.append((int(rest[0]), int(rest[1])))
            elif kind == "serve":
                served += 1
            elif kind == "refused":
                refused[" ".join(rest)] += 1
    seen = set(answered)
    with psycopg.connect(settings.POSTGRES_URL) as conn:
        stored = set(
            conn.execute(
                "SELECT a.attempt_id, a.question_id FROM quiz_answer AS a"
                " JOIN quiz_attempt AS t ON t.id = a.attempt_id"
                " WHERE t.campaign_id = %s AND a.answered_at >= %s",
                [quiz_id, since],
            ).fetchall()
        )
        # The unique constraint forbids it; counted anyway, over every attempt of the quiz.
        doubled_rows = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM quiz_answer AS a"
            " JOIN quiz_attempt AS t ON t.id = a.attempt_id WHERE t.campaign_id = %s"
            " GROUP BY a.attempt_id, a.question_id HAVING count(*) > 1) AS doubled",
            [quiz_id],
        ).fetchone()[0]
        attempts = conn.execute(
            "SELECT count(*), count(finished_at) FROM quiz_attempt"
            " WHERE campaign_id = %s AND started_at >= %s",
            [quiz_id, since],
        ).fetchone()
    lost = seen - stored
    # wrk drops the requests in flight when its time is up; the server still commits them.
    in_flight = stored - seen
    doubled_2xx = len(answered) - len(seen)
    return {
        "wrk_2xx": wrk_2xx,
        "serves_2xx": served,
        "answers_2xx": len(answered),
        "answers_stored": len(stored),
        "lost": len(lost),
        "stored_unanswered": len(in_flight),
        "doubled_2xx": doubled_2xx,
        "doubled_rows": doubled_rows,
        "refused": dict(refused),
        "attempts_started": attempts[0],
        "attempts_finished": attempts[1],
        "ok": served + len(answered) == wrk_2xx
        and not lost
        and not doubled_2xx
        and not doubled_rows
        and len(in_flight) <= settings.WRK_CONNECTIONS,
    }


def vote(
    wrk_path: str, base: str, photo: dict, first_fan: int, fans: int, seconds: int, warmup: int
) -> dict:
    """Fans voting for photo contest entries over HTTP; then every vote wrk saw accepted is
    looked for in photo_vote, and no fan may have voted twice for one entry."""
    threads = settings.QUIZ_WRK_THREADS
    entries = (photo["first_entry"], photo["entries"])
    with tempfile.TemporaryDirectory(prefix="superfan-bench-vote-") as logs:
        warm, measured = Path(logs) / "warmup", Path(logs) / "run"
        warm.mkdir()
        measured.mkdir()
        server.wrk(
            wrk_path,
            base,
            warmup,
            "vote.lua",
            (first_fan, fans, warm, fans // 8, threads, *entries),
            threads,
        )
        time.sleep(1)
        run_started = utcnow()
        result = server.wrk(
            wrk_path,
            base,
            seconds,
            "vote.lua",
            (first_fan, fans, measured, 5 * fans // 8, threads, *entries),
            threads,
        )
        # Let requests still in flight when wrk stopped finish before counting.
        time.sleep(2)
        result["check"] = check_votes(
            photo["id"], run_started, measured, result["requests"] - result["non_2xx"]
        )
    return result


def check_votes(campaign_id: int, since: datetime, logs: Path, wrk_2xx: int) -> dict:
    """Votes wrk saw accepted against vote rows stored since the run began, and doubles."""
    accepted, refused = [], Counter()
    for path in logs.glob("vote-*.log"):
        for line in path.read_text().splitlines():
            kind, *rest = line.split()
            if kind == "vote":
                accepted.append((int(rest[0]), int(rest[1])))
            else:
                refused[" ".join(rest)] += 1
    seen = set(accepted)
    with psycopg.connect(settings.POSTGRES_URL) as conn:
        stored = set(
            conn.execute(
                "SELECT fan_id, entry_id FROM photo_vote"
                " WHERE campaign_id = %s AND created_at >= %s",
                [campaign_id, since],
            ).fetchall()
        )
        doubled_rows = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM photo_vote WHERE campaign_id = %s"
            " GROUP BY fan_id, entry_id, period HAVING count(*) > 1) AS doubled",
            [campaign_id],
        ).fetchone()[0]
        counted = conn.execute(
            "SELECT (SELECT coalesce(sum(vote_count), 0) FROM photo_entry WHERE campaign_id = %s),"
            " (SELECT count(*) FROM photo_vote WHERE campaign_id = %s)",
            [campaign_id, campaign_id],
        ).fetchone()
    lost = seen - stored
    in_flight = stored - seen
    return {
        "wrk_2xx": wrk_2xx,
        "accepted": len(accepted),
        "stored": len(stored),
        "lost": len(lost),
        "stored_unanswered": len(in_flight),
        "doubled_2xx": len(accepted) - len(seen),
        "doubled_rows": doubled_rows,
        "vote_count_sum": counted[0],
        "vote_rows": counted[1],
        "refused": dict(refused),
        "ok": len(accepted) == wrk_2xx
        and not lost
        and len(accepted) == len(seen)
        and not doubled_rows
        and counted[0] == counted[1]
        and len(in_flight) <= settings.WRK_CONNECTIONS,
    }


def check_record(brand_id: int, run: str, since: datetime, keys_dir: Path, wrk_2xx: int) -> dict:
    """Every action wrk saw accepted is stored, and every stored one was sent by this run."""
    accepted = set()
    for path in keys_dir.glob("accepted-*.jsonl"):
        accepted.update(json.loads(line)["key"] for line in path.read_text().splitlines() if line)
    with psycopg.connect(settings.POSTGRES_URL) as conn:
        stored = {
            key
            for (key,) in conn.execute(
                # The time bound lets the brand-time index skip the millions of older events.
                "SELECT idempotency_key FROM engagement_event"
                " WHERE brand_id = %s AND created_at >= %s AND idempotency_key LIKE %s",
                [brand_id, since - timedelta(minutes=1), run + "-%"],
            )
        }
    lost = accepted - stored
    # wrk drops the requests in flight when its time is up; the server still commits them.
    in_flight = stored - accepted
    return {
        "wrk_2xx": wrk_2xx,
        "accepted": len(accepted),
        "stored": len(stored),
        "lost": len(lost),
        "stored_unanswered": len(in_flight),
        "ok": len(accepted) == wrk_2xx and not lost and len(in_flight) <= settings.WRK_CONNECTIONS,
    }
