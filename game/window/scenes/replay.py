"""The replay viewer: a recorded game on the play screen, read-only, driven by a timeline.

The screen is the play scene's (top bar, diagram, panel, feed) at the moment the scrubber
shows; nothing can be done to the game. Below it the scrubber: play / pause (Space), speed
1×–32× (+ / -), the previous / next moment worth seeing (, / .), ten seconds back or on
(Left / Right), the start and the end (Home / End), and each game's marked moments (click
one, or click or drag on the track). T shows the truth beside what the team could see; K
forks a new game from this moment (the play scene takes over, recording a new game that
names this one as its parent); C compares with par (again: back to one game). With two
games the screen shows them side by side at the same moment. Esc leaves for the title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import LoadedScenario, Session, format_clock
from warroom.engine.planned import par_recording

from ...paths import default_recording
from ..canvas import Canvas, Hotspot
from ..diagram.view import DiagramView
from ..layout import split_top
from ..play.screen import GameScreen
from ..replay.compare import draw_compare
from ..replay.scrubber import Lanes, Track, draw_scrubber, scrubber_height
from ..replay.state import Game, ReplayState

STEP = 10  # seconds, Left / Right
READ_ONLY = "Nothing can be done in a replay. Fork it (K) to take over from this moment."


class Replay(GameScreen):
    """One recorded game (or two, compared), watched."""

    name = "replay"

    def startup(self, data: dict[str, Any]) -> None:
        self.scenario: LoadedScenario = data["scenario"]
        self.states = [ReplayState(game, self.scenario) for game in data["games"]]
        self.state = self.states[0]
        self.open_screen()
        self.views = [self.view] + [DiagramView() for _ in self.states[1:]]
        self.notice = ""
        self.dragging = False

    # -- input ----------------------------------------------------------------------------
    def actions(self) -> dict[str, Callable[[], None]]:
        return {
            "play": self.state.toggle_play,
            "prev": lambda: self.jump(-1),
            "next": lambda: self.jump(1),
            "slower": lambda: self.state.change_speed(-1),
            "faster": lambda: self.state.change_speed(1),
            "truth": self.toggle_truth,
            "fork": self.fork,
            "par": self.compare_with_par,
        }

    def keys(self) -> dict[int, Callable[[], None]]:
        act = self.actions()
        return {
            **self.screen_keys(),
            pygame.K_SPACE: act["play"],
            pygame.K_COMMA: act["prev"],
            pygame.K_PERIOD: act["next"],
            pygame.K_LEFT: lambda: self.seek(self.state.tick - STEP),
            pygame.K_RIGHT: lambda: self.seek(self.state.tick + STEP),
            pygame.K_HOME: lambda: self.seek(0),
            pygame.K_END: lambda: self.seek(self.horizon),
            pygame.K_MINUS: act["slower"],
            pygame.K_KP_MINUS: act["slower"],
            pygame.K_PLUS: act["faster"],
            pygame.K_EQUALS: act["faster"],
            pygame.K_KP_PLUS: act["faster"],
            pygame.K_t: act["truth"],
            pygame.K_k: act["fork"],
            pygame.K_c: act["par"],
            pygame.K_ESCAPE: lambda: self.go("title"),
        }

    def clicked(self, spot: Hotspot, button: int) -> None:
        handlers: dict[str, Callable[[Any], None]] = {**self.screen_clicks(), "moment": self.seek}
        handler = handlers.get(spot.action)
        if handler is not None:
            handler(spot.payload)
        else:
            super().clicked(spot, button)

    def handle_event(self, event: pygame.event.Event) -> None:
        track: Track | None = self.app.log.notes.get("replay_track")
        if track is not None and self._scrub(event, track):
            return
        super().handle_event(event)

    def _scrub(self, event: pygame.event.Event, track: Track) -> bool:
        """Click or drag on the track to move the cursor; True when the event was used."""
        pressed = event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        if pressed and track.rect.inflate(0, 8).collidepoint(event.pos):
            self.dragging = True
        elif event.type == pygame.MOUSEBUTTONUP and self.dragging:
            self.dragging = False
            return True
        elif not (event.type == pygame.MOUSEMOTION and self.dragging):
            return False
        self.seek(track.tick_at(event.pos[0]))
        return True

    # -- the moment shown -------------------------------------------------------------------
    @property
    def horizon(self) -> int:
        """The last tick of the longest game shown."""
        return max(state.end for state in self.states)

    def seek(self, tick: int) -> None:
        """Show every game at ``tick``."""
        self.notice = ""
        for state in self.states:
            state.seek(tick)

    def jump(self, step: int) -> None:
        """The previous or next moment worth seeing, in any game shown."""
        moments = sorted({t for state in self.states for t in state.moments()} | {0, self.horizon})
        now = self.state.tick
        later, earlier = [t for t in moments if t > now], [t for t in moments if t < now]
        self.seek((later[0] if later else now) if step > 0 else (earlier[-1] if earlier else now))

    def toggle_truth(self) -> None:
        """Show or hide how every resource really was."""
        for state in self.states:
            state.show_truth = not state.show_truth

    def update(self, dt_ms: int) -> None:
        self.state.advance_wall(dt_ms)
        for state in self.states[1:]:
            state.seek(self.state.tick)

    # -- fork and compare ---------------------------------------------------------------------
    def fork(self) -> None:
        """Take over at the moment shown: a new, recorded game continues from exactly here."""
        game = self.state.game
        seed = int(game.recording.header.get("seed", 1))
        record = self.app.launch.record or default_recording(self.scenario.id, seed)
        try:
            session = Session.fork(self.scenario, game.recording, self.state.tick, record, {"front_end": "window"})
        except (ValueError, OSError) as exc:
            self.notice = str(exc)
            return
        self.go("play", scenario=self.scenario, session=session)

    def compare_with_par(self) -> None:
        """Put par's plan, played on this game's seed, beside the game (or take it away again)."""
        if len(self.states) > 1:
            del self.states[1:], self.views[1:]
            return
        header = self.state.game.recording.header
        recording = par_recording(self.scenario, int(header.get("seed", 1)), header.get("variant"))
        if recording is None:
            self.notice = "No fresh par is stored for this scenario (warroom solve --write stores one)."
            return
        other = ReplayState(Game.of(recording, self.scenario), self.scenario)
        other.seek(self.state.tick)
        other.show_truth = self.state.show_truth
        self.states.append(other)
        self.views.append(DiagramView())

    # -- drawing ------------------------------------------------------------------------------
    def status(self) -> str:
        """The clock and the speed, for the scrubber's right end."""
        state = self.state
        return f"{format_clock(state.tick)} / {format_clock(self.horizon)}  ×{state.speed}"

    def buttons(self) -> list[tuple[str, str]]:
        """The scrubber's buttons, each naming its key."""
        state = self.state
        return [
            ("|< [,]", "prev"),
            ("Pause [Space]" if state.playing else "Play [Space]", "play"),
            ("[.] >|", "next"),
            ("slower [-]", "slower"),
            ("faster [+]", "faster"),
            (f"Truth {'on' if state.show_truth else 'off'} [T]", "truth"),
            ("Fork from here [K]", "fork"),
            ("One game [C]" if len(self.states) > 1 else "Compare with par [C]", "par"),
        ]

    def draw(self, canvas: Canvas) -> None:
        canvas.surface.fill(canvas.theme.palette.background)
        whole = canvas.rect
        body, bar = split_top(whole, whole.height - scrubber_height(canvas, len(self.states)))
        if len(self.states) > 1:
            draw_compare(canvas, body, self.states, self.views, self.feed_filter)
        else:
            self.draw_screen(canvas, body, [], truth=self.state.truth(), no_actions=READ_ONLY)
        if self.notice:
            self.draw_notice(canvas, body, self.notice)
        lanes = [Lanes(s.game.name, s.game.markers, s.game.timeline.final.ended_at or s.end) for s in self.states]
        track = draw_scrubber(canvas, bar, self.buttons(), self.status(), lanes, self.horizon, self.state.tick)
        canvas.log.notes["replay_track"] = track
