"""The whole loop on the canary scenario: scripted fixes lead to the scores they should."""

RIGHT = [
    (540, "describe_deployment", "checkout-dg", {}),
    (600, "pipeline_revert", "shop-pipeline", {}),
    (600, "declare_incident", None, {}),
    (640, "post_status_update", None, {}),
    (1121, "fix_alarm_iac", "checkout-errors", {"qualifier": "live", "treat_missing_data": "breaching"}),
    (1400, "end", None, {}),
]


def test_right_fix_resolves_and_beats_doing_nothing(load, play):
    scenario = load("canary-checkout")
    right = play(scenario, RIGHT)
    nothing = play(scenario, [])
    assert right.card.resolved
    assert right.card.recovery >= 80
    assert nothing.card.recovery < right.card.recovery - 40
