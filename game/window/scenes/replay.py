"""The replay viewer: a recorded game on the play screen, read-only, driven by a timeline.

The screen is the play scene's (top bar, diagram, panel, feed) at the moment the scrubber
shows; nothing can be done to the game. Below it the scrubber: play / pause (Space), speed
1×–32× (+ / -), the previous / next moment worth seeing (, / .), ten seconds back or on
(Left / Right), the start and the end (Home / End), and each game's marked moments (click
one, or click or drag on the track). T shows the truth beside what the team could see; K
forks a new game from this moment (the play scene takes over, recording a new game that
names the game it came from as its parent); C compares with par (again: back to one game).
Playing forward sounds the play screen's alert cues; moving the cursor any other way is
silent (see :mod:`..replay.cues`).

With two games the screen shows them side by side at the same moment (:mod:`..replay.compare`):
the diagrams pan, zoom and fit (F) together, a resource selected on either side is selected on
both, each side's panel saying what that game's team saw of it. A click on a side, or S,
focuses it: K forks the focused game (par's plan too) and its cues are the ones heard.
Esc leaves for the title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import LoadedScenario, Session, format_clock
from warroom.engine.planned import par_recording

from ...paths import default_recording
from ..canvas import Canvas, Hotspot
from ..layout import split_top
from ..play.screen import GameScreen
from ..replay.compare import READ_ONLY, Look, Side, draw_compare
from ..replay.scrubber import Lanes, Track, draw_scrubber, scrubber_height
from ..replay.state import Game, ReplayState

STEP = 10  # seconds, Left / Right
CAMERA_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL)


class Replay(GameScreen):
    """One recorded game (or two, compared), watched."""

    name = "replay"

    def startup(self, data: dict[str, Any]) -> None:
        self.scenario: LoadedScenario = data["scenario"]
        states = [ReplayState(game, self.scenario) for game in data["games"]]
        self.state = states[0]
        self.open_screen()
        self.sides = [Side.of(states[0], self.view)] + [Side.of(state) for state in states[1:]]
        self.focus = 0  # the side a fork takes over and whose cues sound
        self.notice = ""
        self.dragging = False
        self.panning: Side | None = None  # the side whose diagram is being dragged (compared games)

    @property
    def states(self) -> list[ReplayState]:
        """The games shown, the first driving the clock."""
        return [side.state for side in self.sides]

    @property
    def compared(self) -> bool:
        """Whether two games are side by side."""
        return len(self.sides) > 1

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
            "side": lambda: self.set_focus((self.focus + 1) % len(self.sides)),
        }

    def keys(self) -> dict[int, Callable[[], None]]:
        act = self.actions()
        keys = {
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
            pygame.K_s: act["side"],
            pygame.K_ESCAPE: lambda: self.go("title"),
        }
        if self.compared:
            keys[pygame.K_f] = self.fit_all
        return keys

    def clicked(self, spot: Hotspot, button: int) -> None:
        self._focus_at(spot.rect.center)
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
        if self.compared and event.type in CAMERA_EVENTS:
            if event.type == pygame.MOUSEBUTTONDOWN:
                self._focus_at(event.pos)
            if self._move_cameras(event):
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

    def _move_cameras(self, event: pygame.event.Event) -> bool:
        """Pan (drag) or zoom (wheel) the compared diagrams together: the event, where it happened
        on one side, happens at the same place on every side, so a resource stays at the same
        spot on both. True when the event was used."""
        pos = getattr(event, "pos", None) or pygame.mouse.get_pos()
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL):
            source = next((side for side in self.sides if side.diagram.collidepoint(pos)), None)
            if event.type == pygame.MOUSEBUTTONDOWN:
                self.panning = source
        else:
            source = self.panning
            if event.type == pygame.MOUSEBUTTONUP:
                self.panning = None
        if source is None:
            return False
        used = False
        for side in self.sides:
            shifted = (pos[0] + side.diagram.x - source.diagram.x, pos[1] + side.diagram.y - source.diagram.y)
            used = (
                side.view.handle_event(pygame.event.Event(event.type, {**event.dict, "pos": shifted}), side.diagram)
                or used
            )
        return used

    def scroll(self, pos: tuple[int, int], step: int) -> None:
        """Scroll the part under ``pos`` (with two games: that side's panel or feed)."""
        if not self.compared:
            super().scroll(pos, step)
            return
        for side in self.sides:
            side.scroll(pos, step)

    def selection_changed(self) -> None:
        for side in self.sides:
            side.scrolls["panel"] = 0

    def set_filter(self, name: str) -> None:
        super().set_filter(name)
        for side in self.sides:
            side.scrolls["feed"] = 0

    def _focus_at(self, pos: tuple[int, int]) -> None:
        side = next((n for n, side in enumerate(self.sides) if side.column.collidepoint(pos)), None)
        if self.compared and side is not None:
            self.set_focus(side)

    def set_focus(self, side: int) -> None:
        """Focus a side: a fork takes it over, and its cues are the ones that sound."""
        self.focus = min(max(side, 0), len(self.sides) - 1)

    def fit_all(self) -> None:
        """Show each compared diagram whole (F)."""
        for side in self.sides:
            side.view.fit(side.diagram)

    # -- the moment shown -------------------------------------------------------------------
    @property
    def horizon(self) -> int:
        """The last tick of the longest game shown."""
        return max(state.end for state in self.states)

    def seek(self, tick: int) -> None:
        """Show every game at ``tick`` (silently: see :mod:`..replay.cues`)."""
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
        start, playing = self.state.tick, self.state.playing
        self.state.advance_wall(dt_ms)
        for state in self.states[1:]:
            state.seek(self.state.tick)
        if playing:
            for cue in self.sides[self.focus].state.game.cues.between(start, self.state.tick):
                self.app.sounds.play(cue)

    # -- fork and compare ---------------------------------------------------------------------
    def fork(self) -> None:
        """Take over the focused game at the moment shown: a new, recorded game continues from
        exactly here, played by this window's player."""
        game = self.sides[self.focus].state.game
        seed = int(game.recording.header.get("seed", 1))
        record = self.app.launch.record or default_recording(self.scenario.id, seed)
        labels = {"front_end": "window", "player": self.app.launch.player}
        try:
            session = Session.fork(self.scenario, game.recording, self.state.tick, record, labels)
        except (ValueError, OSError) as exc:
            self.notice = f"{game.name}: {exc}"
            return
        self.go("play", scenario=self.scenario, session=session)

    def compare_with_par(self) -> None:
        """Put par's plan, played on this game's seed, beside the game (or take it away again)."""
        if self.compared:
            del self.sides[1:]
            self.focus = 0
            return
        header = self.state.game.recording.header
        recording = par_recording(self.scenario, int(header.get("seed", 1)), header.get("variant"))
        if recording is None:
            self.notice = "No fresh par is stored for this scenario (warroom solve --write stores one)."
            return
        other = ReplayState(Game.of(recording, self.scenario), self.scenario)
        other.seek(self.state.tick)
        other.show_truth = self.state.show_truth
        self.sides.append(Side.of(other))

    # -- drawing ------------------------------------------------------------------------------
    def status(self) -> str:
        """The clock and the speed, for the scrubber's right end."""
        state = self.state
        return f"{format_clock(state.tick)} / {format_clock(self.horizon)}  ×{state.speed}"

    def buttons(self) -> list[tuple[str, str]]:
        """The scrubber's buttons, each naming its key."""
        state = self.state
        buttons = [
            ("|< [,]", "prev"),
            ("Pause [Space]" if state.playing else "Play [Space]", "play"),
            ("[.] >|", "next"),
            ("slower [-]", "slower"),
            ("faster [+]", "faster"),
            (f"Truth {'on' if state.show_truth else 'off'} [T]", "truth"),
        ]
        if not self.compared:
            return [*buttons, ("Fork from here [K]", "fork"), ("Compare with par [C]", "par")]
        focused = self.sides[self.focus].state.game.name
        return [*buttons, (f"Fork {focused} [K]", "fork"), ("Other side [S]", "side"), ("One game [C]", "par")]

    def draw(self, canvas: Canvas) -> None:
        canvas.surface.fill(canvas.theme.palette.background)
        whole = canvas.rect
        body, bar = split_top(whole, whole.height - scrubber_height(canvas, len(self.sides)))
        if self.compared:
            draw_compare(canvas, body, self.sides, Look(self.selected, self.tab, self.feed_filter), self.focus)
            focused = self.sides[self.focus]
            canvas.log.notes.update(diagram=focused.diagram, panel=focused.panel, feed=focused.feed)
        else:
            self.draw_screen(canvas, body, [], truth=self.state.truth(), no_actions=READ_ONLY)
        if self.notice:
            self.draw_notice(canvas, body, self.notice)
        lanes = [Lanes(s.game.name, s.game.markers, s.game.ended_at) for s in self.states]
        track = draw_scrubber(canvas, bar, self.buttons(), self.status(), lanes, self.horizon, self.state.tick)
        canvas.log.notes["replay_track"] = track
