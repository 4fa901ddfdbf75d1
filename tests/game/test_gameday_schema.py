"""``warroom schema --gameday``: the committed game-day schema is fresh."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_gameday_schema_is_fresh(cli):
    ran = cli("schema", "--gameday")
    assert ran.code == 0
    assert ran.out == (DOCS / "gameday.schema.json").read_text(encoding="utf-8"), (
        "docs/gameday.schema.json is stale: run 'warroom schema --gameday -o docs/gameday.schema.json'"
    )
