"""``warroom gameday init``: a commented, valid game-day file drawn from the bundled library.

Round 1 is the first bundled scenario with a facilitator deck (its first card is played a
third of the way in), round 2 the first intermediate scenario after it; four teams with
placeholder roles; the standing sums the rounds. Every field is explained in a comment and
the other bundled scenarios are listed at the end, so a facilitator edits rather than writes.
"""

from __future__ import annotations

from warroom.engine import format_duration, load_bundled
from warroom.engine.scenario.library import Entry, catalog

TEAMS = ("blue", "red", "green", "gold")
ROLES = ("incident commander", "investigator", "communications")


def _pick(entries: list[Entry]) -> tuple[Entry, Entry]:
    with_deck = next(e for e in entries if load_bundled(e.id).model.deck)
    second = next(e for e in entries if e.id != with_deck.id and e.difficulty == "intermediate")
    return with_deck, second


def scaffold() -> str:
    """The text of a new game-day file (it loads without a problem: a test checks it)."""
    entries = catalog()
    first, second = _pick(entries)
    deck = load_bundled(first.id).model.deck
    inject_at = format_duration((first.minutes * 60 // 3) // 60 * 60)
    teams = "\n".join(f"  - name: {name}\n    members: [{', '.join(ROLES)}]" for name in TEAMS)
    others = "\n".join(f"#   {e.id:<24} {e.difficulty:<12} {e.minutes:>3} min  {e.title}" for e in entries)
    return f"""\
# A warroom game-day: every team plays the same rounds, pinned to the same seed, time limit
# and rules; 'warroom gameday score' re-simulates their recordings and ranks them.
# Check this file with:  warroom gameday validate gameday.yaml
# Editors complete it with the schema:  warroom schema --gameday -o gameday.schema.json
title: Incident-response game-day
description: >-
  Two incidents, four teams. Each team plays every round on its own machine with
  'warroom play --gameday gameday.yaml --team NAME --round N' and hands in its recording.

# Teams: the name is what 'warroom play --team' takes; members are people or roles, and
# '--player NAME' says which member is typing (the report names who made each decisive command).
teams:
{teams}

# Rounds: a bundled scenario id (see 'warroom list') or a .yaml path beside this file.
rounds:
  - scenario: {first.id}   # {first.title}
    seed: 7                # every team plays the same seed (it also picks the variant)
    # variant: ID          # force a variant instead of the seed's pick
    time_limit: {format_duration(first.minutes * 60)}         # overrides the scenario's time limit
    hints: forbidden       # allowed | forbidden
    speed_changes: forbidden   # allowed | forbidden (only practice play changes speed)
    injects:               # the facilitator's cards, dealt at these game times in every team's game
      - at: {inject_at}
        card: {deck[0].id}   # {deck[0].title}
  - scenario: {second.id}   # {second.title}
    seed: 7
    hints: allowed

# The standing: combine is sum | average | best-of (with best_of: N); ties are broken in
# this order: most-resolved, earliest-detection, fewest-compliance-hits, lowest-cost.
standing:
  combine: sum
  tie_breakers: [most-resolved, earliest-detection, fewest-compliance-hits]

# The bundled scenarios:
{others}
"""
