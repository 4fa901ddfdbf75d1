"""docs/authoring.md, followed mechanically: its complete scenario validates, solves, lints clean
and plays to the end as its transcript shows; its deliberate mistakes give the errors it pastes;
every ``warroom`` command it shows exists and parses."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from warroom.engine import load_scenario
from warroom.game.cli import build_parser
from warroom.game.subcommands import SUBCOMMANDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
FENCE = re.compile(r"^[ \t]*```(\w*)[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.M | re.S)
INLINE = re.compile(r"`([^`\n]+)`")
MARKER = re.compile(r"^# file: (\S+)$")
MENTION = re.compile(r"(?<![\w./-])warroom\s+([a-z][a-z-]*)")
TYPED = re.compile(r"^\[\d\d:\d\d\] > (.*)$")
FEED = re.compile(r"^\[\d\d:\d\d\] ")


@dataclass(frozen=True)
class Block:
    lang: str
    text: str


def blocks() -> list[Block]:
    """The fenced code blocks of the tutorial, in order (indented ones too, de-indented)."""
    found = []
    for match in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        lines = match.group(2).splitlines()
        indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
        found.append(Block(match.group(1), "\n".join(x[indent:] for x in lines) + "\n"))
    return found


def files() -> dict[str, str]:
    """The files the tutorial asks for in full: yaml blocks whose first line is ``# file: NAME``."""
    named = {}
    for block in blocks():
        first = block.text.splitlines()[0]
        marker = MARKER.match(first)
        if block.lang == "yaml" and marker:
            named[marker.group(1)] = block.text
    return named


def commands(block: Block) -> list[list[str]]:
    """The ``$ warroom ...`` lines of a console block, as argument lists (without ``warroom``)."""
    return [shlex.split(line[2:])[1:] for line in block.text.splitlines() if line.startswith("$ warroom ")]


def write_files(folder: Path) -> Path:
    """Write the tutorial's files into ``folder``; return the scenario."""
    named = files()
    for name, text in named.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "missed-the-bus.yaml"


def apply(diff: str, text: str) -> str:
    """Apply a one-hunk diff block (``-``, ``+`` and context lines) to ``text``."""
    lines = diff.splitlines()
    old = "".join(x[1:] + "\n" for x in lines if x[:1] in ("-", " "))
    new = "".join(x[1:] + "\n" for x in lines if x[:1] in ("+", " "))
    assert text.count(old) == 1, f"the diff's lines are not found once in the scenario:\n{old}"
    return text.replace(old, new)


def mistakes() -> list[tuple[str, list[str], list[str]]]:
    """Each deliberate mistake: the diff, the command the next console block runs, the errors it shows."""
    found, pending = [], None
    for block in blocks():
        if block.lang == "diff":
            pending = block.text
        elif block.lang == "console" and pending is not None:
            (args,) = commands(block)
            errors = [x for x in block.text.splitlines() if ": error: " in x]
            found.append((pending, args, errors))
            pending = None
    return found


def session() -> tuple[list[str], list[str]]:
    """The terminal game of step 5: its arguments and its transcript."""
    block = next(b for b in blocks() if b.lang == "console" and "Game over at" in b.text)
    (args,) = commands(block)
    return args, block.text.splitlines()


def test_the_tutorial_has_its_scenario_two_mistakes_and_a_session():
    assert list(files()) == ["missed-the-bus.yaml"]
    assert len(mistakes()) == 2
    args, transcript = session()
    assert args[:2] == ["play", "missed-the-bus.yaml"] and "--clock" in args
    assert [TYPED.match(x).group(1) for x in transcript if TYPED.match(x)][-1] == "end"


def test_the_complete_scenario_validates_solves_lints_clean_and_plays_as_shown(warroom, tmp_path):
    scenario = write_files(tmp_path)
    name = scenario.name

    ran = warroom("validate", name)
    assert (ran.code, ran.err) == (0, ""), ran.err
    assert ran.out.startswith(f"ok: {name}")

    ran = warroom("solve", name, "--write")
    assert ran.code == 0, ran.err
    assert "par written to par/missed-the-bus.json" in ran.out
    assert ran.out.count("; resolved") == 2  # both variants
    assert (tmp_path / "par" / "missed-the-bus.json").is_file()

    ran = warroom("lint", name)
    assert (ran.code, ran.err) == (0, ""), ran.err
    assert "warning" not in ran.out

    args, transcript = session()
    typed = [m.group(1) for m in map(TYPED.match, transcript) if m]
    ran = warroom(*args, stdin="\n".join(typed) + "\n")
    assert ran.code == 0, ran.err
    assert "Game over at 13:00." in ran.out and "Outcome: resolved" in ran.out
    played = [x for x in ran.out.splitlines() if FEED.match(x)]
    shown = [x for x in transcript if FEED.match(x)]
    assert [x for x in played if x in shown] == shown, "the transcript in step 5 is not what the game prints"
    assert (tmp_path / "game.jsonl").is_file()


@pytest.mark.parametrize("index", [0, 1], ids=["validate-typo", "lint-denied-action"])
def test_each_deliberate_mistake_gives_the_errors_the_tutorial_shows(warroom, tmp_path, index):
    scenario = write_files(tmp_path)
    diff, args, errors = mistakes()[index]
    scenario.write_text(apply(diff, scenario.read_text(encoding="utf-8")), encoding="utf-8")
    ran = warroom(*args)
    assert ran.code == 1
    assert errors and [x for x in ran.err.splitlines() if ": error: " in x] == errors


def test_every_warroom_command_the_tutorial_shows_exists_and_parses(capsys):
    text = DOC.read_text(encoding="utf-8")
    prose = FENCE.sub("", text)
    code = [b.text for b in blocks()] + INLINE.findall(prose)
    named = {m.group(1) for snippet in code for m in MENTION.finditer(snippet)}
    real = {module.NAME for module in SUBCOMMANDS}
    assert named <= real, f"not subcommands: {sorted(named - real)}"
    assert {"new", "validate", "lint", "solve", "play", "replay", "catalog", "schema"} <= named

    parser = build_parser()
    for block in blocks():
        for args in commands(block):
            try:
                parser.parse_args(args)
            except SystemExit as exc:  # argparse refused it
                pytest.fail(f"warroom {shlex.join(args)}: {capsys.readouterr().err.strip()} ({exc.code})")


def test_the_extends_example_extends_the_tutorials_architecture(warroom, tmp_path):
    """Step 2's ``extends:`` example, put in the complete scenario, validates: the node it
    changes and the alarm it adds are in the game."""
    (example,) = [b.text for b in blocks() if b.lang == "yaml" and b.text.startswith("architecture:\n  extends:")]
    scenario = write_files(tmp_path)
    text = scenario.read_text(encoding="utf-8")
    assert text.count("\narchitecture: serverless-shop\n") == 1
    scenario.write_text(text.replace("\narchitecture: serverless-shop\n", "\n" + example), encoding="utf-8")
    ran = warroom("validate", scenario.name)
    assert (ran.code, ran.err) == (0, ""), ran.err
    nodes = {n.id: n for n in load_scenario(scenario).architecture.nodes}
    assert nodes["fulfil-fn"].config["memory_mb"] == 1024 and nodes["fulfil-errors"].type == "cloudwatch_alarm"
