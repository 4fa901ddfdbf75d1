"""Reading typed lines: words, parameter values and durations."""

from __future__ import annotations

import pytest
from warroom.game.terminal.parsing import InputError, parse_do, parse_value, parse_wait, split_words


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("do describe_alarm checkout-errors", ["do", "describe_alarm", "checkout-errors"]),
        ('do post_status_update text="We are on it"', ["do", "post_status_update", 'text="We are on it"']),
        ('do x t services=["lambda", "s3"]', ["do", "x", "t", 'services=["lambda", "s3"]']),
        ("do x t text='single quoted words'", ["do", "x", "t", "text='single quoted words'"]),
        ("   wait    90s  ", ["wait", "90s"]),
    ],
)
def test_split_words(line, words):
    assert split_words(line) == words


@pytest.mark.parametrize("line", ['do x text="open', "do x a=[1, 2"])
def test_split_words_unclosed(line):
    with pytest.raises(InputError, match="unclosed"):
        split_words(line)


@pytest.mark.parametrize(
    ("text", "schema", "value"),
    [
        ("42", None, 42),
        ("true", None, True),
        ("plain", None, "plain"),
        ('"quoted"', None, "quoted"),
        ("'41'", None, "41"),
        ("[1, 2]", None, [1, 2]),
        ("41", {"type": "string"}, "41"),  # a string parameter keeps digits as text
        ("41", {"anyOf": [{"type": "string"}, {"type": "null"}]}, "41"),
        ("0.5", {"type": "number"}, 0.5),
        ("3", {"type": "number"}, 3),
    ],
)
def test_parse_value(text, schema, value):
    assert parse_value(text, schema) == value


def test_parse_do_types_values_by_the_action():
    request = parse_do(["shift_alias", "checkout-fn", "version=41", "percent=0.5"])
    assert (request.action, request.target) == ("shift_alias", "checkout-fn")
    assert request.params == {"version": "41", "percent": 0.5}


def test_parse_do_without_target():
    request = parse_do(["post_status_update", 'text="We are on it"'])
    assert request.target is None
    assert request.params == {"text": "We are on it"}


@pytest.mark.parametrize("words", [[], ["x", "t", "stray"], ["x", "=1"]])
def test_parse_do_refuses(words):
    with pytest.raises(InputError):
        parse_do(words)


@pytest.mark.parametrize(
    ("words", "ticks"), [(["90s"], 90), (["2m"], 120), (["1m", "30s"], 90), (["45"], 45), ([], None)]
)
def test_parse_wait(words, ticks):
    assert parse_wait(words) == ticks


@pytest.mark.parametrize("words", [["soon"], ["0s"]])
def test_parse_wait_refuses(words):
    with pytest.raises(InputError):
        parse_wait(words)
