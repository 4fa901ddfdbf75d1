"""Projector mode (``warroom gameday run``): a facilitated game-day on one screen.

* :mod:`.day` — the day's state, kept in its recordings and its leaderboard (never in the window);
* :mod:`.motion` — the leaderboard's easing rows and counting points;
* the scenes: :mod:`.lobby` (teams, rounds, the standing rule), :mod:`.turn` (the hand-over card),
  :mod:`.play` (a team's game through the round's session, and its pause menu), :mod:`.console`
  (the facilitator's truth and deck), :mod:`.leaderboard` (between rounds), :mod:`.podium` (the end).

Importing the package registers its scenes (and the window's own, which they lead to).
"""

from .. import scenes  # noqa: F401  (the window's scenes: settings, from the pause menu)
from . import console, leaderboard, lobby, play, podium, turn  # noqa: F401  (registers the scenes)
