"""The whole loop on the canary scenario: scripted fixes lead to the scores they should."""

from scripted import RIGHT


def test_right_fix_resolves_and_beats_doing_nothing(load, play):
    scenario = load("canary-checkout")
    right = play(scenario, RIGHT["canary-checkout"])
    nothing = play(scenario, [])
    assert right.card.resolved
    assert right.card.recovery >= 80
    assert nothing.card.recovery < right.card.recovery - 40
