"""The terminal game's output: feed lines stamped with the incident clock, views and notes.

Visible events become one feed line each (the engine's :func:`describe_event`), coloured
by kind on a terminal; an investigation's findings follow its line, indented, because they
are what the player paid time for.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, RenderableType
from rich.text import Text
from warroom.engine import Event, describe_event, format_clock

_STYLES: dict[str, str] = {
    "AlarmStateChanged": "bold red",
    "MessageReceived": "cyan",
    "TicketOpened": "yellow",
    "ActionCompleted": "green",
    "ActionFailed": "red",
    "ActionRejected": "red",
    "DeploymentStatusChanged": "magenta",
    "ConfigComplianceChanged": "yellow",
    "HintShown": "blue",
    "GameEnded": "bold",
}


def stamp(tick: int) -> str:
    """The incident clock as feed lines show it: ``[09:30]``."""
    return f"[{format_clock(tick)}]"


def event_text(event: Event) -> Text:
    """One event as a stamped, styled feed line, with any findings below it."""
    name = type(event).__name__
    style = _STYLES.get(name, "")
    if name == "AlarmStateChanged" and getattr(event, "new", "") == "OK":
        style = "green"
    line = Text(f"{stamp(event.tick)} ", style="dim")
    line.append(describe_event(event), style=style)
    for finding in getattr(event, "findings", ()):
        line.append(f"\n    {finding.title}", style="bold")
        for detail in finding.lines:
            line.append(f"\n      {detail}")
    return line


class Screen:
    """Where the terminal game writes.

    ``echo`` repeats typed commands (for scripted input, so a transcript reads like a
    session). With a realtime clock a prompt may be showing when an event arrives: the
    event starts on a fresh line and :attr:`printed` tells the loop to show the prompt again.
    """

    def __init__(self, console: Console, *, echo: bool) -> None:
        self.console = console
        self.echo = echo
        self.printed = 0
        self._prompt_open = False

    def _print(self, renderable: RenderableType, *, line: bool = False) -> None:
        """Print; a single ``line`` is never broken by the console (paths stay whole)."""
        if self._prompt_open:
            self.console.print()
            self._prompt_open = False
        self.console.print(renderable, soft_wrap=line)
        self.printed += 1

    def events(self, events: Iterable[Event]) -> None:
        """Print visible events as feed lines."""
        for event in events:
            if event.visible:
                self._print(event_text(event), line=True)

    def show(self, renderable: RenderableType) -> None:
        """Print a view (a table, a panel, some text)."""
        self._print(renderable)

    def note(self, text: str) -> None:
        """Print a plain line."""
        self._print(Text(text), line=True)

    def problem(self, text: str) -> None:
        """Print a refusal or a usage message (never a traceback)."""
        self._print(Text(text, style="red"), line=True)

    def typed(self, tick: int, line: str) -> None:
        """Repeat a command read from a script."""
        if self.echo:
            self._print(Text(f"{stamp(tick)} > {line.rstrip()}", style="bold"), line=True)

    def prompt(self, tick: int) -> None:
        """Show the prompt (realtime play) and leave the cursor after it."""
        self.console.print(Text(f"{stamp(tick)} > ", style="bold"), end="")
        self.console.file.flush()
        self._prompt_open = True

    def line_entered(self) -> None:
        """The player pressed Enter: the terminal has moved to a new line already."""
        self._prompt_open = False
