"""`python -m bench [--quick] [--only quiz]`: build the data once, run every measurement, print
one table. `--only quiz` reuses the data of an earlier run and measures only the quiz;
`--only renditions` measures only the rendition job, which needs no data."""

import argparse
import os
import platform
import sys
import time
from dataclasses import asdict

from bench import breakdown, data, measure, renditions, report, settings


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small data and short runs for development ({settings.QUICK.fans:,} fans)",
    )
    parser.add_argument(
        "--only",
        choices=["quiz", "renditions"],
        help="on the data of an earlier run, add the quiz if missing and measure it with the"
        " ceiling (results in bench/results/quiz.json)",
    )
    args = parser.parse_args()
    sizes = settings.QUICK if args.quick else settings.FULL
    started = time.perf_counter()
    if args.only == "renditions":
        only_renditions(started)
        return
    app = settings.make_app()
    if args.only == "quiz":
        only_quiz(app, sizes, started)
        return

    say(f"bench: building {sizes.fans:,} fans and {sizes.events:,} events in {settings.DATABASE}")
    built = data.build(app, sizes.fans, sizes.events, sizes.campaigns, say)
    brand_id, first_fan = built["brand_id"], built["first_fan"]

    say("bench: 5 rebuild of every board from the log")
    rebuilt = measure.rebuild_boards(app, brand_id)
    say("bench: 4 export of every consenting fan")
    exported = measure.export_csv(app, brand_id)
    say("bench: 1-3 ceiling, leaderboard read and record() over HTTP")
    # Other work on the machine moves every number: keep how busy it was beside them.
    load_before = os.getloadavg()[0]
    served = measure.http(
        brand_id,
        first_fan,
        sizes.fans,
        sizes.wrk_seconds,
        sizes.warmup_seconds,
        built["quiz_id"],
        built["photo"],
    )
    load_after = os.getloadavg()[0]
    say("bench: where one request's time goes, in process")
    from bench.wsgi import app as bench_app  # importing it builds the app: only now

    costs = breakdown.measure(bench_app, first_fan, sizes.fans, sizes.breakdown_requests)

    results = {
        "mode": "quick" if sizes is settings.QUICK else "full",
        "sizes": asdict(sizes),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "setup": {
            "gunicorn_workers": settings.GUNICORN_WORKERS,
            "wrk_threads": settings.WRK_THREADS,
            "wrk_connections": settings.WRK_CONNECTIONS,
        },
        "data_build_s": built["timings"],
        "rebuild": rebuilt,
        "export": exported,
        "http": served,
        "load_average_1min": {"before_http": load_before, "after_http": load_after},
        "breakdown": costs,
    }
    say("bench: 7 rendition job on a 12-megapixel photo, beside bare Pillow")
    results["renditions"] = renditions.measure()
    results["verdicts"] = report.verdicts(results)
    results["total_s"] = time.perf_counter() - started
    report.save(results, settings.RESULTS / "latest.json")
    print(report.table(results), flush=True)
    say(f"bench: done in {results['total_s']:.0f} s; results in bench/results/latest.json")


def only_quiz(app, sizes: settings.Sizes, started: float) -> None:
    """The quiz measurement alone, on the fans of an earlier run: seconds, not minutes."""
    found = data.existing()
    say(f"bench: quiz on the {found['fans']:,} fans already in {settings.DATABASE}")
    quiz_id = data.create_quiz(app, found["brand_id"])
    data.analyze_quiz()
    say("bench: 1 ceiling and 6 quiz serve + answer over HTTP")
    load_before = os.getloadavg()[0]
    served = measure.quiz_only(
        quiz_id, found["first_fan"], found["fans"], sizes.wrk_seconds, sizes.warmup_seconds
    )
    load_after = os.getloadavg()[0]
    say("bench: where one quiz request's time goes, in process")
    from bench.wsgi import app as bench_app  # importing it builds the app: only now

    costs = breakdown.measure(
        bench_app, found["first_fan"], found["fans"], sizes.breakdown_requests, only_quiz=True
    )
    results = {
        "mode": "quick" if sizes is settings.QUICK else "full",
        "only": "quiz",
        "fans": found["fans"],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "setup": {
            "gunicorn_workers": settings.GUNICORN_WORKERS,
            "wrk_threads": settings.QUIZ_WRK_THREADS,
            "wrk_connections": settings.WRK_CONNECTIONS,
        },
        "http": served,
        "load_average_1min": {"before_http": load_before, "after_http": load_after},
        "breakdown": costs,
    }
    results["verdicts"] = report.verdicts(results)
    results["total_s"] = time.perf_counter() - started
    # Its own file: latest.json keeps the last full table, measured in one run.
    report.save(results, settings.RESULTS / "quiz.json")
    print(report.table(results), flush=True)
    say(f"bench: done in {results['total_s']:.0f} s; results in bench/results/quiz.json")


def only_renditions(started: float) -> None:
    """The rendition job alone: CPU-bound, on its own SQLite database and media folder."""
    say("bench: 7 rendition job on a 12-megapixel photo, beside bare Pillow")
    results = {
        "only": "renditions",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "renditions": renditions.measure(),
    }
    results["verdicts"] = report.verdicts(results)
    results["total_s"] = time.perf_counter() - started
    report.save(results, settings.RESULTS / "renditions.json")
    print(report.table(results), flush=True)
    say(f"bench: done in {results['total_s']:.0f} s; results in bench/results/renditions.json")


if __name__ == "__main__":
    main()
