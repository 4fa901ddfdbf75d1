"""The alert cues a replay sounds as it plays forward: the play screen's (an alarm going off, a
message or ticket, an action done, five minutes left), for the events of the ticks just played.

Only playing forward sounds. Scrubbing, jumping to a moment or stepping, in either direction,
is silent — even on the moment landed on: a player who drags along the track or presses
``.`` to hop between moments is looking, and a cue on every hop would be noise (a drag lands
on dozens of ticks a second), while playing on from there sounds what comes next. A frame
that covers several events (at 32× a second holds 32 ticks) sounds each kind of cue once.
After the team declared the incident over the game was theirs no longer: the run-out is
silent, as it was when they played.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from warroom.engine import Event
from warroom.engine import events as ev

from ..play.state import CUES, URGENT


def cue_of(event: Event) -> str | None:
    """The cue the play screen sounds for ``event``, if any."""
    if isinstance(event, ev.AlarmStateChanged):
        return "alarm" if event.new == "ALARM" else None
    return CUES.get(type(event))


class CueTrack:
    """A game's cues by tick, to read the ones between two moments (see the module docstring)."""

    def __init__(self, log: Sequence[Event], ended_at: int, duration: int) -> None:
        cued = [(event.tick, cue) for event in log if event.tick <= ended_at and (cue := cue_of(event))]
        urgent = duration - URGENT
        if 0 < urgent <= ended_at:
            cued.append((urgent, "urgent"))
        cued.sort(key=lambda pair: pair[0])
        self._ticks = [tick for tick, _ in cued]
        self._cues = [cue for _, cue in cued]

    def between(self, after: int, upto: int) -> list[str]:
        """The cues of the ticks after ``after`` up to ``upto``, each kind once, in order."""
        if upto <= after:
            return []
        first, last = bisect.bisect_right(self._ticks, after), bisect.bisect_right(self._ticks, upto)
        return list(dict.fromkeys(self._cues[first:last]))
