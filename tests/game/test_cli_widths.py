"""Listings fit the terminal: at 80 to 120 columns no line is wider than the terminal, no id is
cut, and the columns left out to make room are named, with where to find them."""

from __future__ import annotations

import re

import pytest
from warroom.engine import ACTIONS, CONDUCT_RULES, FAULTS, RESOURCES, STATE_RULES, bundled_architectures, bundled_ids

IDS = {
    ("catalog", "--kind", "resources"): RESOURCES.ids,
    ("catalog", "--kind", "faults"): FAULTS.ids,
    ("catalog", "--kind", "actions"): ACTIONS.ids,
    ("catalog", "--kind", "rules"): lambda: [r.id for r in (*STATE_RULES, *CONDUCT_RULES)],
    ("list",): bundled_ids,
    ("list", "--architectures"): bundled_architectures,
}
WIDTHS = (80, 100, 120)
NOTE = re.compile(r"\(left out at \d+ columns: [^)]*\)")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", list(IDS), ids=" ".join)
def test_tables_fit_the_terminal_and_keep_ids_whole(cli, monkeypatch, args, width):
    monkeypatch.setenv("COLUMNS", str(width))
    ran = cli(*args)
    assert (ran.code, ran.err) == (0, "")
    lines = ran.out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    first_cells = {line.split("│")[1].strip() for line in lines if line.startswith("│")}
    assert set(IDS[args]()) <= first_cells


@pytest.mark.parametrize(
    ("width", "notes"),
    [
        (
            80,
            [
                "(left out at 80 columns: AWS type, metrics; see --kind resources --json)",
                "(left out at 80 columns: family, parameters; see --kind faults --json)",
                "(left out at 80 columns: family, channel, cost, tags; see --kind actions --json)",
                "(left out at 80 columns: kind, severity, AWS Config rule, applies to; see --kind rules --json)",
            ],
        ),
        (
            120,
            [
                "(left out at 120 columns: AWS type; see --kind resources --json)",
                "(left out at 120 columns: cost; see --kind actions --json)",
                "(left out at 120 columns: AWS Config rule; see --kind rules --json)",
            ],
        ),
        (200, []),
    ],
)
def test_the_catalog_names_the_columns_it_left_out(cli, monkeypatch, width, notes):
    monkeypatch.setenv("COLUMNS", str(width))
    ran = cli("catalog")
    assert ran.code == 0
    text = " ".join(ran.out.split())  # a note longer than the terminal wraps
    assert NOTE.findall(text) == notes


def test_fault_rows_give_the_first_sentence(cli, monkeypatch):
    """The table gives each fault's first sentence; the JSON and the reference have the rest."""
    monkeypatch.setenv("COLUMNS", "200")
    ran = cli("catalog", "--kind", "faults")
    row = " ".join(line.split("│")[-2].strip() for line in ran.out.splitlines() if "│" in line)
    assert "instances there answer slowly or not at all." in row
    assert "Active until AWS recovers" not in row


def test_plain_output_is_120_columns(warroom):
    """Piped to a file without COLUMNS, tables are laid out for 120 columns."""
    ran = warroom("catalog", "--kind", "actions")
    assert ran.code == 0
    assert max(len(line) for line in ran.out.splitlines()) == 120
    assert "(left out at 120 columns: cost; see --kind actions --json)" in ran.out
