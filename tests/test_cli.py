"""The `superfan` commands as an operator or marketer types them."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import cli
from app.engagement import record
from app.extensions import db
from tests.factories import make_brand, make_fan

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def brand(app):
    brand = make_brand("acme", name="Acme")
    for name in ("Ann", "Bob", "Cy"):
        record(make_fan(brand, name), "game_played")
    db.session.commit()
    return brand


@pytest.fixture
def out_dir(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_export_to_a_file(run, brand, out_dir):
    target = out_dir / "fans.csv"
    result = run("superfans", "export", "--brand", "acme", "--top", "2", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert "Exported 2 super fans of acme" in result.output
    rows = list(csv.DictReader(target.open(newline="", encoding="utf-8")))
    assert [r["rank"] for r in rows] == ["1", "2"]
    assert list(out_dir.iterdir()) == [target]


def test_export_xlsx_needs_an_output_file(run, brand):
    result = run("superfans", "export", "--brand", "acme", "--format", "xlsx")
    assert result.exit_code == 1
    assert "XLSX is binary: give --output FILE." in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--brand", "nope"], "No brand with slug 'nope' (known brands: acme)."),
        (["--brand", "acme", "--since", "2026-13-01"], "'2026-13-01' does not match the format"),
        (["--brand", "acme", "--top", "0"], "0 is not in the range x>=1"),
        (["--brand", "acme", "--top", "ten"], "'ten' is not a valid integer"),
        (["--brand", "acme", "--format", "pdf"], "'pdf' is not one of 'csv', 'xlsx'"),
    ],
)
def test_bad_input_is_one_clear_line(run, brand, args, message):
    result = run("superfans", "export", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_nobody_to_export_leaves_no_file(run, app, out_dir):
    make_fan(make_brand("quiet", name="Quiet"), consent=False)
    db.session.commit()
    target = out_dir / "fans.csv"
    result = run("superfans", "export", "--brand", "quiet", "--output", str(target))
    assert result.exit_code == 1
    assert "No fan of Quiet can be exported" in result.output
    assert list(out_dir.iterdir()) == []


def test_export_into_a_missing_folder(run, brand, tmp_path):
    result = run(
        "superfans", "export", "--brand", "acme", "--output", str(tmp_path / "no" / "f.csv")
    )
    assert result.exit_code == 1
    assert "No such folder" in result.output


def test_leaderboards_rebuild(run, brand):
    assert run("leaderboards", "rebuild").output.strip() == "acme: all 3, score 3"
    result = run("leaderboards", "rebuild", "--brand", "nope")
    assert result.exit_code == 1 and "No brand with slug 'nope'" in result.output


def test_worker_without_redis_says_why(run):
    result = run("worker", "--burst")
    assert result.exit_code == 1
    assert "REDIS_URL is not set" in result.output


def superfan(instance: Path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["SUPERFAN_INSTANCE_PATH"] = str(instance)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fresh_install_upgrade_and_demo_twice_changes_nothing(tmp_path):
    """What `make run` does on a new machine: no environment variable needed."""
    assert superfan(tmp_path, "db", "upgrade").returncode == 0
    first = superfan(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "owner@demo.superfan.test / superfan-demo" in first.stdout
    assert (tmp_path / "secret_key").exists()
    export = superfan(tmp_path, "superfans", "export", "--brand", "demo")
    assert export.returncode == 0, export.stderr
    second = superfan(tmp_path, "demo")
    assert "already loaded" in second.stdout
    again = superfan(tmp_path, "superfans", "export", "--brand", "demo")
    rows = list(csv.DictReader(export.stdout.splitlines()))
    assert len(rows) > 150  # a few hundred fans, most with marketing consent
    # Running the demo again changed no fan, point or rank (scores decay between runs).
    drop_score = [{k: v for k, v in r.items() if k != "engagement_score"} for r in rows]
    again_rows = list(csv.DictReader(again.stdout.splitlines()))
    assert drop_score == [
        {k: v for k, v in r.items() if k != "engagement_score"} for r in again_rows
    ]
