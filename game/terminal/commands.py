"""The words a player types, as a registry: name → handler, with usage and help text.

Adding a terminal command is one decorated function here; ``help`` and the did-you-mean for
unknown words read the registry. A handler raises :class:`InputError` for a line it cannot
read; the engine's :class:`CommandError` (an unknown action, a wrong target) is shown as the
engine wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.table import Table
from warroom.engine import (
    ACTIONS,
    CancelAction,
    CommandError,
    DeclareResolved,
    PlayCard,
    RequestHint,
    StartAction,
    did_you_mean,
)

from ..errors import Misuse
from ..sessions import check_player, named
from .actions import actions_view
from .dashboard import alarms_view, feed_view, status_view
from .game import TerminalGame
from .parsing import InputError, parse_do, parse_wait, split_words
from .resources import inspect_view, nodes_view
from .story import briefing_view, runbook_view

Handler = Callable[[TerminalGame, list[str]], None]
FEED_DEFAULT = 20
MINUTE = 60


@dataclass(frozen=True)
class TerminalCommand:
    """One word the terminal understands."""

    name: str
    usage: str
    help: str
    run: Handler


COMMANDS: dict[str, TerminalCommand] = {}


def command(usage: str, text: str) -> Callable[[Handler], Handler]:
    """Register a handler under the first word of ``usage``."""

    def register(handler: Handler) -> Handler:
        """Add the handler to :data:`COMMANDS` and give it back unchanged."""
        name = usage.split(maxsplit=1)[0]
        COMMANDS[name] = TerminalCommand(name, usage, text, handler)
        return handler

    return register


def _no_args(words: list[str], usage: str) -> None:
    if words:
        raise InputError(f"{usage} takes no arguments")


def _one_node(words: list[str], usage: str) -> str:
    if len(words) != 1:
        raise InputError(f"usage: {usage}")
    return words[0]


# -- looking ---------------------------------------------------------------------------------
@command("status", "the dashboard: clock, SLO, KPIs, alarms, messages, actions in flight, spend")
def _status(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "status")
    game.screen.show(status_view(game))


@command("alarms", "every CloudWatch alarm and its state")
def _alarms(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "alarms")
    game.screen.show(alarms_view(game.view()))


@command("nodes", "the resources of the architecture")
def _nodes(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "nodes")
    game.screen.show(nodes_view(game.view()))


@command("inspect NODE", "what you know about a resource: config, alarms, findings, actions on it")
def _inspect(game: TerminalGame, words: list[str]) -> None:
    game.screen.show(inspect_view(game, _one_node(words, "inspect NODE")))


@command("actions [NODE]", "the actions you can take (on NODE), with duration, cost, channel and tags")
def _actions(game: TerminalGame, words: list[str]) -> None:
    if len(words) > 1:
        raise InputError("usage: actions [NODE]")
    game.screen.show(actions_view(game, words[0] if words else None))


@command("feed [N]", "the last N feed lines (default 20)")
def _feed(game: TerminalGame, words: list[str]) -> None:
    if len(words) > 1 or (words and not words[0].isdigit()):
        raise InputError("usage: feed [N]   (N a number of lines)")
    game.screen.show(feed_view(game.view(), int(words[0]) if words else FEED_DEFAULT))


@command("briefing", "the incident briefing again")
def _briefing(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "briefing")
    game.screen.show(briefing_view(game.scenario))


@command("runbook", "the team's runbook (it may be out of date)")
def _runbook(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "runbook")
    game.screen.show(runbook_view(game.scenario))


# -- acting ----------------------------------------------------------------------------------
@command("do ACTION [TARGET] [key=value ...]", "start an action; values are JSON or plain text")
def _do(game: TerminalGame, words: list[str]) -> None:
    request = parse_do(words)
    game.submit(StartAction(request.action, request.target, request.params, by=game.player))


@command("wait [DURATION]", "let time pass (90s, 2m); alone: until the next action finishes or the next minute")
def _wait(game: TerminalGame, words: list[str]) -> None:
    ticks = parse_wait(words)
    if ticks is None:
        ticks = _until_something(game)
    game.advance(max(ticks, 1))


def _until_something(game: TerminalGame) -> int:
    """Ticks until the next action in flight completes, or else until the next whole minute."""
    flights = game.view().in_flight
    if flights:
        return min(f.ends for f in flights) - game.tick
    return MINUTE - game.tick % MINUTE


@command("cancel N", "cancel action number N while it is in flight")
def _cancel(game: TerminalGame, words: list[str]) -> None:
    if len(words) != 1 or not words[0].lstrip("#").isdigit():
        raise InputError("usage: cancel N   (the action's number, as in '#3')")
    game.submit(CancelAction(int(words[0].lstrip("#")), by=game.player))


@command("hint", "reveal the next hint (it costs recovery points)")
def _hint(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "hint")
    game.submit(RequestHint(by=game.player))


@command("deck", "the facilitator's cards (a game-master plays them with 'play CARD')")
def _deck(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "deck")
    cards = game.scenario.model.deck
    if not cards:
        game.screen.note("This scenario has no facilitator deck.")
    for card in cards:
        game.screen.note(f"{card.id}: {card.title}")


@command("play CARD", "facilitator: play a card of the deck now (it lands in the recording)")
def _play(game: TerminalGame, words: list[str]) -> None:
    if len(words) != 1:
        raise InputError("usage: play CARD   ('deck' lists the cards)")
    game.submit(PlayCard(words[0]))


@command("as NAME", "act as another responder of the team (commands name who gave them); 'as' alone: who is acting")
def _as(game: TerminalGame, words: list[str]) -> None:
    if not words:
        team = f"; the team: {', '.join(game.roster)}" if game.roster else ""
        game.screen.note(f"Acting as {game.player}{team}.")
        return
    if len(words) != 1:
        raise InputError("usage: as NAME")
    game.player = _responder(game, words[0])
    game.screen.note(f"Now acting as {game.player}: your commands are recorded as theirs.")


def _responder(game: TerminalGame, name: str) -> str:
    """``name`` as one of the team's responders (any usable name when no team was given)."""
    if not game.roster:
        try:
            return check_player(name)
        except Misuse as exc:
            raise InputError(str(exc).replace("--player ", "")) from None
    match = named(game.roster, name)
    if match is None:
        hint = did_you_mean(name, list(game.roster))
        raise InputError(f"{name!r} is not on the team ({', '.join(game.roster)})" + (f"; {hint}" if hint else ""))
    return match


@command("end", "declare the incident over and see the score")
def _end(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "end")
    game.submit(DeclareResolved(by=game.player))


@command("quit", "leave without ending the game (resume it later with --resume)")
def _quit(game: TerminalGame, words: list[str]) -> None:
    _no_args(words, "quit")
    game.stopped = True


@command("help", "this list")
def _help(game: TerminalGame, words: list[str]) -> None:
    table = Table(title="Commands", title_justify="left", show_header=False)
    table.add_column("usage", style="bold")
    table.add_column("what it does")
    for entry in COMMANDS.values():
        table.add_row(entry.usage, entry.help)
    game.screen.show(table)


# -- dispatch --------------------------------------------------------------------------------
def unknown_word(word: str) -> str:
    """The message for a word the terminal does not know, with a did-you-mean."""
    if word in ACTIONS:
        return f"unknown command {word!r}; to start that action type: do {word} ..."
    hint = did_you_mean(word, list(COMMANDS))
    return f"unknown command {word!r}; " + (hint or "type 'help' for the commands")


def execute(game: TerminalGame, line: str) -> None:
    """Run one typed line; problems are printed, never raised."""
    text = line.strip()
    if not text or text.startswith("#"):
        return
    try:
        words = split_words(text)
        entry = COMMANDS.get(words[0].lower())
        if entry is None:
            game.screen.problem(unknown_word(words[0]))
            return
        if game.over and entry.name not in ("help", "quit"):
            game.screen.problem("the game is over")
            return
        entry.run(game, words[1:])
    except (InputError, CommandError) as exc:
        game.screen.problem(str(exc))
