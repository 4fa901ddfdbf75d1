"""Game-days: several teams play the same pinned rounds; their recordings are judged and ranked.

* :mod:`.models` — the ``gameday.yaml`` format (pydantic, strict keys);
* :mod:`.loader` — safe YAML, schema and reference checks, every problem located;
* :mod:`.checks` — teams, standing and rounds make sense against the scenarios they name;
* :mod:`.rounds` — a round as played: the scenario pinned, the facilitator's injects;
* :mod:`.schema` — the published JSON Schema.
"""

from .loader import LoadedGameDay, load_gameday
from .models import FacilitatorInject, GameDay, Round, Standing, Team
from .rounds import FACILITATOR, HEADER_KEY, PlannedRound, as_played, as_recorded, resolve_scenario
from .schema import gameday_schema

__all__ = [
    "FACILITATOR",
    "HEADER_KEY",
    "FacilitatorInject",
    "GameDay",
    "LoadedGameDay",
    "PlannedRound",
    "Round",
    "Standing",
    "Team",
    "as_played",
    "as_recorded",
    "gameday_schema",
    "load_gameday",
    "resolve_scenario",
]
