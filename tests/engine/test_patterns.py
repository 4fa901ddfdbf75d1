"""EventBridge event patterns: validation and matching as the service documents them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from warroom.engine.patterns import matches, pattern_problem

from .kit import fuzz_settings

ORDER = {
    "source": "com.shop.checkout",
    "detail-type": "OrderPlaced",
    "account": "123456789012",
    "detail": {
        "orderId": "o-123",
        "total": 42.5,
        "items": 3,
        "currency": "EUR",
        "tags": ["gift", "express"],
        "customer": {"tier": "gold", "country": "DE"},
        "coupon": None,
    },
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"source": ["com.shop.checkout"]}, True),
        ({"source": ["com.shop.catalog"]}, False),
        ({"source": ["com.shop.catalog", "com.shop.checkout"]}, True),
        ({"source": ["com.shop.checkout"], "detail-type": ["OrderShipped"]}, False),
        # prefix / suffix
        ({"source": [{"prefix": "com.shop."}]}, True),
        ({"source": [{"prefix": "com.bank."}]}, False),
        ({"detail-type": [{"suffix": "Placed"}]}, True),
        ({"detail-type": [{"suffix": "Shipped"}]}, False),
        # anything-but: a value, a list, a prefix
        ({"detail": {"currency": [{"anything-but": "USD"}]}}, True),
        ({"detail": {"currency": [{"anything-but": ["USD", "EUR"]}]}}, False),
        ({"source": [{"anything-but": {"prefix": "com.shop"}}]}, False),
        ({"detail": {"missing": [{"anything-but": "x"}]}}, False),
        # numeric ranges
        ({"detail": {"total": [{"numeric": [">", 40, "<=", 50]}]}}, True),
        ({"detail": {"total": [{"numeric": [">", 50]}]}}, False),
        ({"detail": {"items": [{"numeric": ["=", 3]}]}}, True),
        ({"detail": {"currency": [{"numeric": [">", 0]}]}}, False),
        # exists
        ({"detail": {"orderId": [{"exists": True}]}}, True),
        ({"detail": {"refund": [{"exists": True}]}}, False),
        ({"detail": {"refund": [{"exists": False}]}}, True),
        ({"detail": {"orderId": [{"exists": False}]}}, False),
        # null is a value to match
        ({"detail": {"coupon": [None]}}, True),
        # equals-ignore-case, wildcard
        ({"detail": {"currency": [{"equals-ignore-case": "eur"}]}}, True),
        ({"source": [{"wildcard": "com.*.checkout"}]}, True),
        ({"source": [{"wildcard": "com.*.catalog"}]}, False),
        # $or of sub-patterns
        ({"$or": [{"source": ["nope"]}, {"detail": {"items": [3]}}]}, True),
        ({"$or": [{"source": ["nope"]}, {"detail": {"items": [4]}}]}, False),
        ({"source": ["com.shop.checkout"], "$or": [{"detail": {"currency": ["USD"]}}, {"account": ["1"]}]}, False),
        # nested detail, several levels
        ({"detail": {"customer": {"tier": ["gold"]}}}, True),
        ({"detail": {"customer": {"tier": ["silver"]}}}, False),
        ({"detail": {"currency": {"code": ["EUR"]}}}, False),  # a scalar is not an object
        # arrays in events: any element may match
        ({"detail": {"tags": ["express"]}}, True),
        ({"detail": {"tags": ["overnight"]}}, False),
        ({"detail": {"tags": [{"prefix": "gi"}]}}, True),
        # an empty pattern matches nothing (EventBridge rejects it)
        ({}, False),
    ],
)
def test_matches(pattern: dict[str, Any], expected: bool) -> None:
    assert matches(pattern, ORDER) is expected


@pytest.mark.parametrize(
    "pattern",
    [
        {},
        [],
        "source",
        {"source": "com.shop"},
        {"source": []},
        {"source": [{"prefix": "a", "suffix": "b"}]},
        {"source": [{"startswith": "a"}]},
        {"$or": []},
        {"$or": [{}]},
        {"detail": {"x": {}}},
    ],
)
def test_invalid_patterns_are_refused(pattern: Any) -> None:
    problem = pattern_problem(pattern)
    assert problem is not None
    assert problem.startswith("Event pattern is not valid")


@pytest.mark.parametrize(
    "pattern",
    [{}, {"source": "com.shop.checkout"}, {"source": [{"prefix": "com", "suffix": "out"}]}, {"$or": {"source": ["x"]}}],
)
def test_invalid_patterns_match_nothing(pattern: dict[str, Any]) -> None:
    assert matches(pattern, ORDER) is False


@pytest.mark.parametrize(
    "pattern", [{"source": ["a"]}, {"detail": {"x": [{"numeric": [">", 1]}]}}, {"$or": [{"a": [1]}]}]
)
def test_valid_patterns_pass_validation(pattern: dict[str, Any]) -> None:
    assert pattern_problem(pattern) is None


# -- properties --------------------------------------------------------------------------------
KEYS = st.sampled_from(["source", "detail-type", "id", "region", "state", "size", "tags", "flag"])
STRINGS = st.text(alphabet="abcXYZ.-", min_size=1, max_size=6)
NUMBERS = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
SCALARS = st.one_of(STRINGS, NUMBERS, st.booleans(), st.none())
LEAVES = st.one_of(SCALARS, st.lists(st.one_of(STRINGS, NUMBERS), min_size=1, max_size=4))
EVENTS = st.recursive(
    st.dictionaries(KEYS, LEAVES, min_size=1, max_size=5),
    lambda children: st.dictionaries(KEYS, st.one_of(LEAVES, children), min_size=1, max_size=4),
    max_leaves=12,
)


def _filter_for(value: Any, draw: Any) -> Any:
    """A leaf rule that ``value`` (one scalar from the event) satisfies."""
    options: list[Any] = [value]
    if isinstance(value, str):
        cut = draw(st.integers(0, len(value)))
        options += [
            {"prefix": value[:cut]},
            {"suffix": value[cut:]},
            {"equals-ignore-case": value.swapcase()},
            {"wildcard": "*"},
            {"anything-but": value + "~"},
        ]
    if isinstance(value, int | float) and not isinstance(value, bool):
        options += [{"numeric": [">=", value]}, {"numeric": ["<=", value, ">", value - 1]}, {"numeric": ["=", value]}]
    options.append({"exists": True})
    return draw(st.sampled_from(options))


@st.composite
def pattern_from(draw: Any, event: dict[str, Any]) -> dict[str, Any]:
    """A non-empty pattern built only from what ``event`` contains."""
    keys = draw(st.lists(st.sampled_from(sorted(event)), min_size=1, unique=True))
    pattern: dict[str, Any] = {}
    for key in keys:
        value = event[key]
        if isinstance(value, dict):
            pattern[key] = draw(pattern_from(value))
        elif isinstance(value, list):
            pattern[key] = [_filter_for(draw(st.sampled_from(value)), draw)]
        else:
            pattern[key] = [_filter_for(value, draw)]
    if draw(st.booleans()):
        pattern = {"$or": [pattern, {"no-such-field": ["x"]}]}
    return pattern


@fuzz_settings(400)
@given(data=st.data(), event=EVENTS)
def test_a_pattern_built_from_an_event_matches_it(data: st.DataObject, event: dict[str, Any]) -> None:
    pattern = data.draw(pattern_from(event))
    assert pattern_problem(pattern) is None
    assert matches(pattern, event), (pattern, event)


PATTERN_LEAVES = st.lists(
    st.one_of(
        SCALARS,
        st.builds(lambda s: {"prefix": s}, STRINGS),
        st.builds(lambda n: {"numeric": [">", n]}, NUMBERS),
        st.builds(lambda b: {"exists": b}, st.booleans()),
        st.builds(lambda s: {"anything-but": s}, STRINGS),
    ),
    min_size=1,
    max_size=3,
)
PATTERNS = st.recursive(
    st.dictionaries(KEYS, PATTERN_LEAVES, min_size=1, max_size=3),
    lambda children: st.dictionaries(KEYS, st.one_of(PATTERN_LEAVES, children), min_size=1, max_size=3),
    max_leaves=8,
)


def _value_at(event: Any, key: str) -> list[Any]:
    value = event.get(key) if isinstance(event, dict) else None
    return value if isinstance(value, list) else [value]


@fuzz_settings(300)
@given(data=st.data(), pattern=PATTERNS, event=EVENTS, literal=STRINGS)
def test_adding_a_non_matching_literal_changes_nothing(
    data: st.DataObject, pattern: dict[str, Any], event: dict[str, Any], literal: str
) -> None:
    leaves = sorted(k for k, v in pattern.items() if isinstance(v, list))
    assume(leaves)
    key = data.draw(st.sampled_from(leaves))
    assume(literal not in _value_at(event, key))
    widened = {**pattern, key: [*pattern[key], literal]}
    assert matches(widened, event) == matches(pattern, event)


@fuzz_settings(400)
@given(pattern=PATTERNS, event=EVENTS, key=KEYS, leaf=PATTERN_LEAVES)
def test_more_fields_never_match_more(pattern: dict[str, Any], event: dict[str, Any], key: str, leaf: list) -> None:
    assume(key not in pattern)
    narrowed = {**pattern, key: leaf}
    assert not (matches(narrowed, event) and not matches(pattern, event))


@fuzz_settings(200)
@given(pattern=PATTERNS, event=EVENTS)
def test_or_of_one_alternative_is_the_alternative(pattern: dict[str, Any], event: dict[str, Any]) -> None:
    assert matches({"$or": [pattern]}, event) == matches(pattern, event)


FILTERS = {"prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "wildcard", "$or"}
JSON = st.recursive(
    st.one_of(SCALARS, st.sampled_from(["<", ">=", "=", "prefix"])),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(KEYS, st.sampled_from(sorted(FILTERS))), children, max_size=3),
    ),
    max_leaves=10,
)
ANY_LEAF = st.lists(st.one_of(SCALARS, st.dictionaries(st.sampled_from(sorted(FILTERS)), JSON, min_size=1, max_size=1)))
ANY_PATTERN = st.recursive(
    st.dictionaries(st.one_of(KEYS, st.just("$or")), ANY_LEAF, max_size=3),
    lambda children: st.dictionaries(
        st.one_of(KEYS, st.just("$or")), st.one_of(ANY_LEAF, children, st.lists(children, max_size=2)), max_size=3
    ),
    max_leaves=8,
)


# Events that hold a value under every key a pattern can name, so filters always get a value.
FULL_EVENTS = st.fixed_dictionaries({key: st.one_of(LEAVES, EVENTS) for key in KEYS.elements})


@fuzz_settings(800)
@given(pattern=ANY_PATTERN, event=st.one_of(EVENTS, FULL_EVENTS))
def test_a_pattern_that_passes_validation_can_always_be_evaluated(
    pattern: dict[str, Any], event: dict[str, Any]
) -> None:
    if pattern_problem(pattern) is None:
        assert matches(pattern, event) in (True, False)


@pytest.mark.parametrize("numeric", [5, [], [">"], ["~", 1], [">", "x"], [">", True], [">", 1, "<"]])
def test_malformed_numeric_filters_are_refused(numeric: Any) -> None:
    assert "numeric" in (pattern_problem({"detail": {"total": [{"numeric": numeric}]}}) or "")
