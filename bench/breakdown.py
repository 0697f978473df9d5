"""Where one request's time goes, in process: wall, Python CPU and SQL statements per endpoint.

Measured one request at a time through the test client, so it shows what the app itself
costs, apart from gunicorn, wrk and the other processes sharing the machine's cores.
"""

import time

from sqlalchemy import event

from app.extensions import db

WARMUP = 20


def _requests(first_fan: int, fans: int):
    """(name, method, path for request i, headers for request i) of each bench endpoint."""

    def fan(i: int) -> int:
        # Another walk than the wrk scripts', so these fans have not acted yet today.
        return first_fan + (fans // 4 + i * 104729) % fans

    return (
        ("ceiling", "GET", lambda i: "/bench/bare", lambda i: {}),
        ("leaderboard", "GET", lambda i: f"/bench/fans/{fan(i)}/leaderboard", lambda i: {}),
        (
            "record",
            "POST",
            lambda i: f"/bench/fans/{fan(i)}/actions",
            lambda i: {"Idempotency-Key": f"breakdown-{i}"},
        ),
    )


def measure(app, first_fan: int, fans: int, count: int, only_quiz: bool = False) -> dict:
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements = 0

    def one_statement(*_args):
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", one_statement)
    results = {}
    try:
        endpoints = _requests(first_fan, fans)
        # The ceiling's cost is what the quiz's is compared with.
        for name, method, path, headers in endpoints[:1] if only_quiz else endpoints:
            for i in range(count, count + WARMUP):
                client.open(path(i), method=method, headers=headers(i))
            statements = 0
            wall, cpu = time.perf_counter(), time.process_time()
            for i in range(count):
                response = client.open(path(i), method=method, headers=headers(i))
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: {response.status_code} {response.text[:200]}")
            results[name] = {
                "wall_ms": (time.perf_counter() - wall) * 1000 / count,
                "cpu_ms": (time.process_time() - cpu) * 1000 / count,
                "sql_statements": statements / count,
            }
        results |= _quiz(client, first_fan, fans, count, lambda: statements)
    finally:
        event.remove(engine, "before_cursor_execute", one_statement)
    return results


def _quiz(client, first_fan: int, fans: int, count: int, statements) -> dict:
    """Fans serve and answer the bench quiz, a whole attempt each: each step's cost apart."""
    spent = {name: [0.0, 0.0, 0] for name in ("quiz next", "quiz answer")}
    # Another walk than the wrk script's and the other rows': fans that are not mid-attempt.
    walk = iter(range(fans))
    fan = first_fan + (fans // 8 + next(walk) * 15485863) % fans

    def timed(name: str, path: str, measured: bool, **kwargs):
        before = statements()
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post(path, **kwargs)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {response.status_code} {response.text[:200]}")
        if measured:
            spent[name][0] += time.perf_counter() - wall
            spent[name][1] += time.process_time() - cpu
            spent[name][2] += statements() - before
        return response.json

    for i in range(count + WARMUP):
        measured = i >= WARMUP
        question = timed("quiz next", f"/bench/quiz/fans/{fan}/next", measured)["question"]
        choice = question["choices"][i % len(question["choices"])]["id"]
        judged = timed(
            "quiz answer",
            f"/bench/quiz/fans/{fan}/answer/{question['question_id']}",
            measured,
            json={"choice_ids": [choice]},
        )
        if judged["finished"]:
            fan = first_fan + (fans // 8 + next(walk) * 15485863) % fans
    return {
        name: {
            "wall_ms": wall * 1000 / count,
            "cpu_ms": cpu * 1000 / count,
            "sql_statements": sql / count,
        }
        for name, (wall, cpu, sql) in spent.items()
    }
