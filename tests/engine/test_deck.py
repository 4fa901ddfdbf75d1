"""The facilitator deck: a game-master plays a card at any moment; its messages and injects
are due from then, the play is a command in the recording, and the game replays exactly."""

from __future__ import annotations

import pytest
from warroom.engine import CommandError, PlayCard, Simulation, read_recording, resolve, verify
from warroom.engine import events as ev
from warroom.engine.session import Session

SEED = 7


@pytest.fixture
def canary():
    return resolve("canary-checkout")


def test_a_card_delivers_its_messages_from_the_moment_it_is_played(canary):
    sim = Simulation(canary, SEED)
    sim.advance(400)
    shown = sim.submit(PlayCard("vp-on-the-bridge"))
    assert [e.sender for e in shown if isinstance(e, ev.MessageReceived)] == ["Marcus (VP Engineering)"]
    played = next(e for e in sim.log if isinstance(e, ev.CardPlayed))
    assert (played.tick, played.card, played.by) == (400, "vp-on-the-bridge", "facilitator")
    sim.advance(300)
    nag = [e for e in sim.log if isinstance(e, ev.MessageReceived) and "status page" in e.text]
    assert [e.tick for e in nag] == [700]  # at: 5m after the card, no status update posted


def test_a_card_inject_runs_a_teammates_action(canary):
    sim = Simulation(canary, SEED)
    sim.advance(120)
    sim.submit(PlayCard("surprise-release"))
    started = [e for e in sim.log if isinstance(e, ev.ActionStarted) and e.action == "release_pipeline"]
    assert started and started[0].by == "npc:Dana (checkout team)" and started[0].tick == 120


def test_an_unknown_card_is_refused_with_a_suggestion(canary):
    sim = Simulation(canary, SEED)
    with pytest.raises(CommandError, match="no card 'vp-on-the-brige'; did you mean 'vp-on-the-bridge'"):
        sim.submit(PlayCard("vp-on-the-brige"))


def test_a_played_card_is_recorded_and_replays(canary, tmp_path):
    session = Session.start(canary, SEED, tmp_path / "game.jsonl", "canary-checkout")
    session.advance(300)
    session.submit(PlayCard("surprise-release"))
    session.advance(200)
    session.declare_over()
    recording = read_recording(tmp_path / "game.jsonl")
    assert any(isinstance(c, PlayCard) for _, c, _ in recording.commands)
    assert verify(recording, canary).ok


def test_unplayed_cards_change_nothing(canary):
    plain, dealt = Simulation(canary, SEED), Simulation(canary, SEED)
    plain.advance(600)
    dealt.advance(600)
    assert plain.digest() == dealt.digest()
