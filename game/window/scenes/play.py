"""The play screen: the architecture diagram, the selected resource's panel, the feed and the top
bar, against the clock.

Keys: click a node to select it; 1–9 run the n-th action of the panel (a form opens when it
has parameters); I / A switch the panel's tabs; PgUp / PgDn (or the wheel) scroll it; Space
or Esc pause (a true freeze); F fit the diagram; R show or hide relation edges; Tab cycle the
feed filter; E end the incident;
+ / - change speed in practice mode. The game is recorded as it goes; leaving the screen
any way at all checkpoints the recording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import ActionOption, Session, options_for
from warroom.engine.solver.par import par_card

from ... import autopilot
from ...paths import default_recording
from ...played import played_game
from ...sessions import leave, team_labels
from ..canvas import Canvas, Hotspot
from ..layout import inset
from ..play.form import ParamForm
from ..play.screen import GameScreen
from ..play.state import PlayState
from ..settings import SPEEDS


class Play(GameScreen):
    """One incident, played."""

    name = "play"

    def startup(self, data: dict[str, Any]) -> None:
        launch = self.app.launch
        scenario = data["scenario"]
        session = data.get("session")
        if session is None:
            seed = int(data.get("seed", launch.seed))
            record = launch.record or default_recording(scenario.id, seed)
            session = Session.start(
                scenario,
                seed,
                record,
                data.get("reference", scenario.id),
                team_labels(launch.player, launch.roster, "window"),
                variant=launch.variant if launch.variant in scenario.model.variant_ids() else None,
            )
        plan = None
        if launch.autopilot:
            sim = session.sim
            plan, _ = autopilot.plan_for(sim.scenario, sim.seed, sim.variant)
        self.state = PlayState(
            session,
            scenario,
            self.app.sounds,
            speed=self.app.settings.practice_speed,
            player=launch.player,
            team=launch.roster,
            autopilot=plan,
        )
        self.open_screen()
        self.form: ParamForm | None = None
        self.menu: list[ActionOption] = []
        self._menu_key: tuple[Any, ...] = ()
        self.finished = False
        self.earlier_seconds: float = data.get("earlier_seconds", 0.0)  # a resumed game's earlier sittings
        self.hint_armed = False  # H pressed once: the next H takes the hint (it costs points)

    @property
    def sittings(self) -> float:
        """The wall time of every sitting of this game so far, pauses excluded."""
        return self.earlier_seconds + self.state.played_ms / 1000

    # -- derived views (cached by tick) --------------------------------------------------
    def options(self) -> list[ActionOption]:
        """The action menu for the selection (recomputed when the selection or the game moves)."""
        key = (self.selected, self.state.sim.tick, len(self.state.sim.log))
        if key != self._menu_key:
            self._menu_key = key
            self.menu = options_for(self.state.sim, self.selected)
        return self.menu

    # -- input ----------------------------------------------------------------------------
    def keys(self) -> dict[int, Callable[[], None]]:
        return {
            **self.screen_keys(),
            pygame.K_SPACE: self.pause,
            pygame.K_ESCAPE: self.pause,
            pygame.K_e: lambda: self.pause(ending=True),
            pygame.K_w: self.switch_responder,
            pygame.K_h: self.hint,
            pygame.K_PLUS: lambda: self.change_speed(1),
            pygame.K_EQUALS: lambda: self.change_speed(1),
            pygame.K_KP_PLUS: lambda: self.change_speed(1),
            pygame.K_MINUS: lambda: self.change_speed(-1),
            pygame.K_KP_MINUS: lambda: self.change_speed(-1),
            **{pygame.K_1 + n: lambda n=n: self.choose(n) for n in range(9)},
        }

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key != pygame.K_h:
            self.hint_armed = False
        if self.form is not None and event.type in (pygame.KEYDOWN, pygame.TEXTINPUT):
            verdict = self.form.handle_key(event)
            if verdict == "run":
                self.run_form()
            elif verdict == "close":
                self.close_form()
            return
        super().handle_event(event)

    def clicked(self, spot: Hotspot, button: int) -> None:
        handlers: dict[str, Callable[[Any], None]] = {
            **self.screen_clicks(),
            "choose": self.choose,
            "cancel": self.state.cancel,
            "run": lambda _: self.run_form(),
            "close-form": lambda _: self.close_form(),
            "field": self.click_field,
        }
        handler = handlers.get(spot.action)
        if handler is not None:
            handler(spot.payload)

    def selection_changed(self) -> None:
        self.close_form()

    def hint(self) -> None:
        """H says what the next hint costs; H again takes it (so nobody pays for one by accident)."""
        hint = self.state.sim.next_hint()
        if self.hint_armed or hint is None:
            self.hint_armed = False
            self.state.request_hint()  # with no hint available, the engine says why
            return
        self.hint_armed = True
        self.state.notice = f"A hint costs {hint.cost} recovery points: press H again to take it"

    def switch_responder(self) -> None:
        """Act as the team's next responder: the commands that follow are recorded as theirs."""
        team = self.state.team
        if not team:
            self.state.notice = "One responder: start with --player ana,ben,... to play as a team"
            return
        at = team.index(self.state.player) if self.state.player in team else -1
        self.state.player = team[(at + 1) % len(team)]
        self.state.notice = f"Now acting as {self.state.player}"

    def change_speed(self, step: int) -> None:
        """Faster or slower, only where the scenario allows it (practice mode)."""
        if not self.state.scenario.model.clock.practice:
            self.state.notice = "This scenario runs in real time (speed changes are for practice scenarios)."
            return
        index = SPEEDS.index(self.state.speed) if self.state.speed in SPEEDS else 0
        self.state.speed = SPEEDS[min(max(index + step, 0), len(SPEEDS) - 1)]

    def choose(self, index: int) -> None:
        """Run the n-th action of the menu, or open its form when it takes parameters."""
        self.tab = "actions" if self.selected is None else self.tab
        options = self.options()
        if not 0 <= index < len(options):
            return
        option = options[index]
        if option.action.Params.model_fields:
            self.form = ParamForm.open(option.action, option.target)
            self.tab = "actions"
            pygame.key.start_text_input()
            return
        self.state.start(option.action.id, option.target, {})

    def click_field(self, index: int) -> None:
        """Focus a form field (and cycle it, for a choice)."""
        if self.form is not None:
            if self.form.focus == index:
                self.form.cycle(index)
            self.form.focus = index

    def run_form(self) -> None:
        """Start the form's action with its parameters (the form stays open if the engine refuses)."""
        if self.form is None:
            return
        error = self.state.start(self.form.action.id, self.form.target, self.form.values())
        if error:
            self.form.error = error
        else:
            self.close_form()

    def close_form(self) -> None:
        """Close the parameter form."""
        if self.form is not None:
            self.form = None
            pygame.key.stop_text_input()

    def pause(self, **data: Any) -> None:
        """Freeze the game and open the pause menu."""
        self.state.paused = True
        self.push("pause", **data)

    def resumed(self, data: dict[str, Any]) -> None:
        self.state.paused = False
        if data.get("end"):
            self.state.end()
        elif data.get("quit"):
            self.go("title")

    # -- time -----------------------------------------------------------------------------
    def update(self, dt_ms: int) -> None:
        self.state.advance_wall(dt_ms)
        if self.state.over and not self.finished:
            self.finished = True
            sim, card = self.state.sim, self.state.session.score()
            self.go(
                "debrief",
                scenario=sim.as_played(),
                card=card,
                par=par_card(sim.scenario, sim.seed, sim.variant),
                events=list(sim.log),
                recording=self.state.session.path,
                played=played_game(
                    sim,
                    card,
                    player=self.state.player,
                    autopilot=self.app.launch.autopilot,
                    front_end="window",
                    recording=self.state.session.path,
                    wall_seconds=self.sittings,
                ),
            )

    def cleanup(self) -> None:
        self.close_form()
        if not self.finished:
            leave(self.state.session, self.sittings)
        self.state.close()

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: Canvas) -> None:
        theme = canvas.theme
        canvas.surface.fill(theme.palette.background)
        chosen = None
        if self.form is not None:
            chosen = next((i for i, o in enumerate(self.options()) if o.action is self.form.action), None)
        diagram, panel = self.draw_screen(canvas, canvas.rect, self.options(), chosen=chosen)
        if self.form is not None:
            area = inset(panel, theme.space())
            height = min(area.height, area.height * 3 // 4)
            self.form.draw(canvas, pygame.Rect(area.x, area.bottom - height, area.width, height))
        if self.state.notice:
            self.draw_notice(canvas, diagram, self.state.notice)
