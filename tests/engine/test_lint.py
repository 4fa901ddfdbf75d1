"""``lint``: purpose-built unfair scenarios are caught, each at the field it is about; the
bundled library is clean."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from warroom.engine import bundled_ids, load_scenario, resolve
from warroom.engine.lint import errors_in, lint
from warroom.engine.scenario.loader import bundled_root


def _orders(**changes) -> dict:
    data = yaml.safe_load(bundled_root().joinpath("orders-go-quiet.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _sam_fixes_it_when_declared(data: dict) -> dict:
    helper = {"id": "helper-fix", "when": {"action": "declare_incident"}, "action": "add_invoke_permission_iac"}
    data["injects"] = [*data["injects"], {**helper, "target": "fulfil-fn", "by": "Sam (fulfilment team)"}]
    return data


def _muted_message(data: dict) -> dict:
    data["actions"] = {"deny": ["mute_alarm"]}
    data["messages"] = [*data["messages"], {"when": {"action": "mute_alarm"}, "from": "Marcus", "text": "Muted?"}]
    return data


def _late_inject(data: dict) -> dict:
    data["messages"] = [*data["messages"], {"at": "45m", "from": "Marcus", "text": "Too late to matter."}]
    return data


def _typo_in_debrief(data: dict) -> dict:
    data["debrief"] += "\nAfter the fix, run `replay_archived_event` on the bus.\n"
    return data


def _no_fix_allowed(data: dict) -> dict:
    data["actions"] = {"deny": ["add_invoke_permission", "add_invoke_permission_iac", "iac_revert_drift"]}
    return data


def _aws_fixes_it(data: dict) -> dict:
    data = yaml.safe_load(bundled_root().joinpath("drifted-web-tier.yaml").read_text(encoding="utf-8"))
    data["injects"] = [
        {"id": "zone", "at": "3m", "fault": "az_degradation", "target": "web-alb", "params": {"lasts": "4m"}}
    ]
    data["messages"] = []
    return data


def _two_variants(data: dict, **extra: list) -> dict:
    """Two variants of the same incident; the second carries ``extra`` (messages, hints)."""
    data["variants"] = [{"id": "as-written"}, {"id": "night-shift", **extra}]
    return data


def _variant_message_after_the_end(data: dict) -> dict:
    return _two_variants(data, messages=[{"at": "45m", "from": "Marcus", "text": "Too late to matter."}])


def _variant_hint_typo(data: dict) -> dict:
    return _two_variants(data, hints=[{"text": "Archived events can be sent again: replay_archived_event."}])


def _message_typo(data: dict) -> dict:
    data["messages"] = [*data["messages"], {"at": "5m", "from": "Sam", "text": "Try enable_rules on the rule?"}]
    return data


def _hint_after_the_end(data: dict) -> dict:
    data["hints"] = [{"after": "40m", "text": "Too late to help."}]
    return data


def _card_after_the_end(data: dict) -> dict:
    data["deck"] = [
        {"id": "late", "title": "Too late", "messages": [{"at": "31m", "from": "Marcus", "text": "Hello?"}]}
    ]
    return data


BROKEN = {
    "unwinnable": (
        _no_fix_allowed,
        "clock.duration",
        "not winnable: the best plan found leaves lost-permission active",
    ),
    "nothing-wins": (_aws_fixes_it, "injects", "doing nothing wins"),
    "mitigation-wins": (_sam_fixes_it_when_declared, "injects", "mitigation alone scores as resolved"),
    "denied-condition": (
        _muted_message,
        "messages[{last}].when",
        "waits for mute_alarm, which this scenario does not allow",
    ),
    "after-the-end": (_late_inject, "messages[{last}].at", "can never fire: it is due at 2700s"),
    "typo": (_typo_in_debrief, "debrief", "names an action 'replay_archived_event' that does not exist"),
    "variant-after-the-end": (
        _variant_message_after_the_end,
        "variants[1].messages[0].at",
        "this message in variant night-shift can never fire: it is due at 2700s",
    ),
    "variant-hint-typo": (
        _variant_hint_typo,
        "variants[1].hints[0].text",
        "names an action 'replay_archived_event' that does not exist",
    ),
    "message-typo": (_message_typo, "messages[{last}].text", "names an action 'enable_rules' that does not exist"),
    "hint-after-the-end": (_hint_after_the_end, "hints[0].after", "this hint can never be taken"),
    "card-after-the-end": (_card_after_the_end, "deck[0].messages[0].at", "past the time limit (1800s) even if"),
}


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_lint_catches_an_unfair_scenario_at_its_field(tmp_path, case):
    breaking, field, message = BROKEN[case]
    data = breaking(_orders())
    field = field.format(last=len(data["messages"]) - 1)
    path = _write(tmp_path, data)
    errors = errors_in(lint(load_scenario(path), budget=20))
    found = [p for p in errors if message in p.message]
    assert found, [str(p) for p in errors]
    assert found[0].path == field and found[0].file == str(path) and found[0].line > 1


def test_a_typo_gets_a_did_you_mean(tmp_path):
    problems = lint(load_scenario(_write(tmp_path, _typo_in_debrief(_orders()))), budget=20)
    typo = next(p for p in problems if "replay_archived_event'" in p.message)
    assert "replay_archived_events" in typo.hint


def test_missing_par_is_a_warning_not_an_error(tmp_path):
    problems = lint(load_scenario(_write(tmp_path, _orders())), budget=20)
    assert errors_in(problems) == []
    assert [p.severity for p in problems] == ["warning"] and "no par file" in problems[0].message


@pytest.mark.parametrize("scenario_id", bundled_ids())
def test_the_bundled_library_lints_clean(scenario_id):
    assert lint(resolve(scenario_id)) == []
