"""Scenario loading: safe YAML, located errors (``file:line:col``), confinement, and fuzzing.

Every problem a scenario author can make is reported as a :class:`ScenarioError` whose
problems name the file, the line and column of the offending text, the field path and —
for unknown names — a did-you-mean. Nothing else may escape the loader, whatever the input.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from warroom.engine import CommandError, LoadedScenario, ScenarioError, load_scenario
from warroom.engine.scenario.safeyaml import MAX_BYTES, MAX_VALUES

from .kit import BUNDLED, KITCHEN_SINK, fuzz_settings

BASE = """\
id: loader-test
title: Loader test
summary: Small.
difficulty: intro
domains: [sdlc]
briefing: Keep it up.
architecture:
  nodes:
    - {id: api, type: api_gateway}
    - id: fn
      type: lambda_function
      config: {resource_policy: [{principal: apigateway.amazonaws.com}]}
    - {id: fn2, type: lambda_function}
  edges:
    - api calls fn
traffic:
  - {entry: api, rate: 5}
debrief: Done.
"""


def load_text(tmp_path: Path, text: str, name: str = "scenario.yaml") -> LoadedScenario:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def problems_of(tmp_path: Path, text: str) -> list[Any]:
    with pytest.raises(ScenarioError) as info:
        load_text(tmp_path, text)
    return info.value.problems


def test_the_base_scenario_loads(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, BASE)
    assert loaded.id == "loader-test"
    assert [n.id for n in loaded.architecture.nodes] == ["api", "fn", "fn2"]


# (name, (old, new) edit of BASE, text the problem must point at, words in the message, words in the hint)
LOCATED = [
    ("yaml syntax", ("title: Loader test", "title: Loader: test"), ": test", "YAML syntax", "indentation"),
    ("bad indentation", ("summary: Small.", "  summary: Small."), ": Small.", "YAML syntax", ""),
    (
        "duplicate key",
        ("summary: Small.", "summary: Small.\ntitle: Again"),
        "title: Again",
        "duplicate key 'title'",
        "",
    ),
    (
        "python tag",
        ("title: Loader test", "title: !!python/object/apply:os.system ['echo owned']"),
        "!!python",
        "is not allowed",
        "plain mappings",
    ),
    ("custom tag", ("summary: Small.", "summary: !include other.yaml"), "!include", "is not allowed", ""),
    (
        "unknown field",
        ("summary: Small.", "summary: Small.\nbreifing: typo"),
        "breifing",
        "unknown field",
        "'briefing'",
    ),
    (
        "unknown nested field",
        ("      type: lambda_function", "      type: lambda_function\n      confg: {}"),
        "confg",
        "unknown field 'confg'",
        "'config'",
    ),
    (
        "unknown config key",
        ("config: {resource_policy", "config: {reserved_concurency: 5, resource_policy"),
        "reserved_concurency",
        "unknown field 'reserved_concurency'",
        "'reserved_concurrency'",
    ),
    (
        "unknown resource type",
        ("{id: fn2, type: lambda_function}", "{id: fn2, type: lamda_function}"),
        "lamda_function",
        "unknown resource type 'lamda_function'",
        "'lambda_function'",
    ),
    ("dangling edge", ("- api calls fn\n", "- api calls fn3\n"), "api calls fn3", "unknown node 'fn3'", "'fn'"),
    (
        "illegal edge kind",
        ("- api calls fn\n", "- api calls fn\n    - fn routes fn2\n"),
        "fn routes fn2",
        "a lambda_function cannot send 'routes' edges",
        "lambda_function sends: calls",
    ),
    (
        "receiver refuses the kind",
        ("- api calls fn\n", "- api calls fn\n    - fn writes fn2\n"),
        "fn writes fn2",
        "a lambda_function cannot receive 'writes' edges",
        "lambda_function receives: calls",
    ),
    (
        "sync call cycle",
        ("- api calls fn\n", "- api calls fn\n    - fn calls fn2\n    - fn2 calls fn\n"),
        "fn calls fn2",
        "synchronous calls form a loop: fn → fn2 → fn",
        "triggers",
    ),
    ("self edge", ("- api calls fn\n", "- api calls fn\n    - fn calls fn\n"), "fn calls fn\n", "to itself", ""),
    (
        "duplicate id",
        ("{id: fn2, type: lambda_function}", "{id: fn, type: lambda_function}"),
        "fn, type: lambda_function}",
        "duplicate node id 'fn'",
        "first defined as node #2",
    ),
    (
        "bad duration",
        ("debrief: Done.", "debrief: Done.\nclock: {duration: 5 minutes}"),
        "5 minutes",
        "is not a duration",
        "",
    ),
    (
        "unknown edge kind",
        ("- api calls fn\n", "- api invokes fn\n"),
        "api invokes fn",
        "unknown edge kind 'invokes'",
        "",
    ),
    (
        "unknown fault",
        ("debrief: Done.", "debrief: Done.\ninjects:\n  - {fault: canary_regresion, target: fn}"),
        "canary_regresion",
        "unknown fault type 'canary_regresion'",
        "'canary_regression'",
    ),
    (
        "unknown action",
        ("debrief: Done.", "debrief: Done.\ninjects:\n  - {action: shift_alais, target: fn}"),
        "shift_alais",
        "unknown action type 'shift_alais'",
        "'shift_alias'",
    ),
    (
        "fault on the wrong type",
        ("debrief: Done.", "debrief: Done.\ninjects:\n  - {fault: sqs_poison_message, target: fn}"),
        "fn}",
        "sqs_poison_message cannot target fn (lambda_function)",
        "it targets: sqs_queue",
    ),
    (
        "unknown inject target",
        ("debrief: Done.", "debrief: Done.\ninjects:\n  - {fault: dynamodb_hot_partition, target: tabel}"),
        "tabel",
        "unknown resource 'tabel'",
        "",
    ),
    (
        "bad fault parameter",
        (
            "debrief: Done.",
            "debrief: Done.\ninjects:\n"
            "  - {fault: lambda_concurrency_exhaustion, target: fn, params: {invocations: -5}}",
        ),
        "-5}",
        "greater than 0",
        "",
    ),
    (
        "entry that takes no traffic",
        ("{entry: api, rate: 5}", "{entry: fn, rate: 5}"),
        "fn, rate",
        "cannot take outside traffic",
        "",
    ),
    (
        "more than one document",
        ("debrief: Done.\n", "debrief: Done.\n---\nid: again\n"),
        "id: again",
        "more than one YAML document",
        "",
    ),
    (
        "auto scaling group without zones",
        (
            "{id: fn2, type: lambda_function}",
            "{id: fn2, type: lambda_function}\n"
            "    - {id: g, type: autoscaling_group, config: {availability_zones: []}}",
        ),
        "[]}}",
        "at least 1 item",
        "",
    ),
    (
        "malformed numeric filter",
        (
            "{id: fn2, type: lambda_function}",
            "{id: fn2, type: lambda_function}\n"
            "    - {id: r, type: eventbridge_rule, config: {pattern: {detail: {n: [{numeric: 5}]}}}}",
        ),
        "{detail: {n:",
        "numeric in detail.n must be an array",
        "",
    ),
    (
        "invalid event pattern",
        (
            "{id: fn2, type: lambda_function}",
            "{id: fn2, type: lambda_function}\n    - {id: r, type: eventbridge_rule, config: {pattern: {source: s}}}",
        ),
        "{source: s}",
        "Event pattern is not valid",
        "",
    ),
]


def position(text: str, anchor: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of ``anchor`` in ``text``."""
    offset = text.index(anchor)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize(
    ("edit", "anchor", "message", "hint"), [case[1:] for case in LOCATED], ids=[case[0] for case in LOCATED]
)
def test_problems_are_located(tmp_path: Path, edit: tuple[str, str], anchor: str, message: str, hint: str) -> None:
    old, new = edit
    assert old in BASE
    text = BASE.replace(old, new, 1)
    problems = problems_of(tmp_path, text)
    assert all(p.file == str(tmp_path / "scenario.yaml") for p in problems)
    wanted = [p for p in problems if message in p.message]
    assert wanted, [str(p) for p in problems]
    first = wanted[0]
    line, col = position(text, anchor)
    assert (first.line, first.col) == (line, col), str(first)
    assert hint in first.hint, str(first)
    assert str(first).startswith(f"{tmp_path / 'scenario.yaml'}:{line}:{col}: error: ")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = BASE.replace("difficulty: intro", "difficulty: impossible").replace("rate: 5", "rate: -5")
    problems = problems_of(tmp_path, text)
    assert {p.path for p in problems} >= {"difficulty", "traffic[0].rate"}
    assert [(p.line, p.col) for p in problems] == sorted((p.line, p.col) for p in problems)


def test_a_missing_required_field_names_the_field(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, BASE.replace("debrief: Done.\n", ""))
    assert any(p.message == "missing required field 'debrief'" for p in problems)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["a: &a [" + ", ".join(['"lol"'] * width) + "]"]
    previous = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_fails_fast_without_eating_memory(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        problems = problems_of(tmp_path, billion_laughs())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"expands to more than {MAX_VALUES} values" in problems[0].message
    assert "alias" in problems[0].hint
    assert peak < 128 * 2**20  # 9**9 strings would be gigabytes


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "x: &x\n  - y: *x\n"])
def test_a_recursive_alias_is_refused(tmp_path: Path, text: str) -> None:
    problems = problems_of(tmp_path, text)
    assert "nesting deeper than" in problems[0].message
    assert (problems[0].line, problems[0].col) >= (1, 1)


def test_plain_anchors_and_merge_keys_still_work(tmp_path: Path) -> None:
    text = BASE.replace(
        "    - {id: fn2, type: lambda_function}",
        "    - &fn2 {id: fn2, type: lambda_function, config: {memory_mb: 256}}\n    - {<<: *fn2, id: fn3}",
    )
    loaded = load_text(tmp_path, text)
    fn3 = next(n for n in loaded.architecture.nodes if n.id == "fn3")
    assert fn3.config == {"memory_mb": 256}


def test_files_over_a_mebibyte_are_refused(tmp_path: Path) -> None:
    text = BASE + "# " + "x" * MAX_BYTES + "\n"
    problems = problems_of(tmp_path, text)
    assert (problems[0].line, problems[0].col) == (1, 1)
    assert f"the limit is {MAX_BYTES}" in problems[0].message


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_bytes(BASE.encode() + b"\nbroken: \xff\xfe\n")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(path)


@pytest.mark.parametrize("text", ["", "just a string\n", "- a list\n", "42\n"])
def test_a_scenario_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    problems = problems_of(tmp_path, text)
    assert "mapping of fields" in problems[0].message


def test_a_missing_file_is_a_located_problem(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")


# -- architecture references --------------------------------------------------------------------
ARCH_ONLY = yaml.safe_dump(yaml.safe_load(BASE)["architecture"])


def with_reference(reference: str) -> str:
    data = yaml.safe_load(BASE)
    data["architecture"] = reference
    return yaml.safe_dump(data, sort_keys=False)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A scenario folder (with an architecture below it) and a folder outside it."""
    inside, outside = tmp_path / "scenarios", tmp_path / "elsewhere"
    (inside / "architectures").mkdir(parents=True)
    (inside / "nested").mkdir()
    outside.mkdir()
    for place in (inside / "architectures" / "house.yaml", inside / "nested" / "arch.yaml", outside / "arch.yaml"):
        place.write_text(ARCH_ONLY, encoding="utf-8")
    return inside, outside


@pytest.mark.parametrize("reference", ["house", "nested/arch.yaml", "./nested/arch.yaml", "serverless-shop"])
def test_architecture_references_inside_the_folder_load(folders: tuple[Path, Path], reference: str) -> None:
    inside, _ = folders
    if reference == "serverless-shop":  # a bundled shared architecture; the bundled traffic entry must exist
        text = with_reference(reference).replace("entry: api", "entry: shop-api")
    else:
        text = with_reference(reference)
    loaded = load_text(inside, text)
    assert loaded.architecture.nodes


@pytest.mark.parametrize(
    "reference", ["../elsewhere/arch.yaml", "nested/../../elsewhere/arch.yaml", "ABSOLUTE", "link.yaml"]
)
def test_architecture_references_leaving_the_folder_are_refused(folders: tuple[Path, Path], reference: str) -> None:
    inside, outside = folders
    if reference == "ABSOLUTE":
        reference = str(outside / "arch.yaml")
    if reference == "link.yaml":
        os.symlink(outside / "arch.yaml", inside / "link.yaml")
    text = with_reference(reference)
    with pytest.raises(ScenarioError) as info:
        load_text(inside, text)
    problem = info.value.problems[0]
    assert "outside the scenario's folder" in problem.message
    assert problem.path == "architecture"
    line, col = position(text, "architecture: ")
    assert (problem.line, problem.col) == (line, col + len("architecture: "))


def test_an_unknown_architecture_name_lists_the_bundled_ones(folders: tuple[Path, Path]) -> None:
    inside, _ = folders
    with pytest.raises(ScenarioError) as info:
        load_text(inside, with_reference("no-such-place"))
    assert "no shared architecture called 'no-such-place'" in str(info.value)
    assert "serverless-shop" in info.value.problems[0].hint


def test_problems_in_an_included_architecture_point_into_that_file(folders: tuple[Path, Path]) -> None:
    inside, _ = folders
    broken = ARCH_ONLY.replace("type: lambda_function", "type: lambda_functoin", 1)
    (inside / "nested" / "arch.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_text(inside, with_reference("nested/arch.yaml"))
    problem = info.value.problems[0]
    assert problem.file.endswith("nested/arch.yaml")
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "lambda_functoin" in x)) + 1
    assert problem.line == line
    assert "did you mean 'lambda_function'" in problem.hint


def test_an_alarm_that_can_never_see_data_is_a_warning_not_an_error(tmp_path: Path) -> None:
    text = BASE.replace(
        "    - {id: fn2, type: lambda_function}",
        "    - {id: fn2, type: lambda_function}\n"
        "    - {id: fn-errors, type: cloudwatch_alarm, config: {metric: Error, threshold: 1}}",
    ).replace("- api calls fn\n", "- api calls fn\n    - fn-errors monitors fn\n")
    loaded = load_text(tmp_path, text)
    (warning,) = loaded.warnings
    assert warning.severity == "warning"
    assert "publishes no metric 'Error'" in warning.message
    assert "did you mean 'Errors'" in warning.hint
    assert (warning.line, warning.col) == position(text, "Error, threshold")


# -- fuzzing -------------------------------------------------------------------------------------
SOURCES = {
    "scenario": (BUNDLED / "canary-checkout.yaml").read_text(encoding="utf-8"),
    "architecture": (BUNDLED / "architectures" / "serverless-shop.yaml").read_text(encoding="utf-8"),
    "kitchen": KITCHEN_SINK.read_text(encoding="utf-8"),
}
YAML_CHARS = st.sampled_from([*":-[]{}&*!|>'\"#%@`?,\t \n\\", "\x00", "\u2028", "\ufeff", "é", "0", "-1", "null"])


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "architectures").mkdir()
    return folder


def load_pair(folder: Path, scenario_text: str | bytes, arch_text: str | bytes, arch_name: str) -> None:
    """Write a scenario and its shared architecture and load them; only ScenarioError may come out."""
    for path, text in ((folder / "scenario.yaml", scenario_text), (folder / "architectures" / arch_name, arch_text)):
        path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    try:
        load_scenario(folder / "scenario.yaml")
    except ScenarioError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert problem.message


@st.composite
def text_edits(draw: Any, text: str) -> str:
    """Random character edits, line deletions, duplications and swaps of a YAML text."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["char", "delete", "duplicate", "swap", "indent", "insert"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "char" and lines[i]:
            j = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + draw(YAML_CHARS) + lines[i][j + 1 :]
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            k = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[k] = lines[k], lines[i]
        elif kind == "indent":
            lines[i] = draw(st.sampled_from(["  ", " ", "\t", ""])) + lines[i].lstrip(" ")
        else:
            lines.insert(i, draw(st.text(max_size=30)) + "\n")
    return "".join(lines)


@fuzz_settings(250)
@given(data=st.data(), which=st.sampled_from(["scenario", "architecture"]))
def test_text_mutations_of_bundled_files_only_raise_scenario_errors(
    fuzz_dir: Path, data: st.DataObject, which: str
) -> None:
    scenario_text, arch_text = SOURCES["scenario"], SOURCES["architecture"]
    if which == "scenario":
        scenario_text = data.draw(text_edits(scenario_text))
    else:
        arch_text = data.draw(text_edits(arch_text))
    load_pair(fuzz_dir, scenario_text, arch_text, "serverless-shop.yaml")


@fuzz_settings(150)
@given(data=st.data(), which=st.sampled_from(["scenario", "architecture"]))
def test_byte_mutations_only_raise_scenario_errors(fuzz_dir: Path, data: st.DataObject, which: str) -> None:
    raw = bytearray(SOURCES[which].encode())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    scenario_text: str | bytes = bytes(raw) if which == "scenario" else SOURCES["scenario"]
    arch_text: str | bytes = bytes(raw) if which == "architecture" else SOURCES["architecture"]
    load_pair(fuzz_dir, scenario_text, arch_text, "serverless-shop.yaml")


JSONISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        st.sampled_from(["checkout-fn", "shop-api", "orders-bus", "5m", "0s", "-1m", "calls", "routes", "live"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


@st.composite
def structure_edits(draw: Any, data: Any) -> Any:
    """Random edits of parsed YAML: replace, delete, duplicate or retype values at random paths."""
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:] or paths))
        if not path:
            return draw(JSONISH)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        kind = draw(st.sampled_from(["replace", "delete", "duplicate", "rename", "stringify"]))
        if kind == "replace":
            parent[key] = draw(JSONISH)
        elif kind == "delete":
            del parent[key]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key])))
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = parent.pop(key)
        elif kind == "stringify":
            parent[key] = str(parent[key])
    return data


@fuzz_settings(150)
@given(data=st.data(), which=st.sampled_from(["scenario", "architecture", "kitchen"]))
def test_structure_mutations_only_raise_scenario_errors(fuzz_dir: Path, data: st.DataObject, which: str) -> None:
    scenario_data = yaml.safe_load(SOURCES["scenario"])
    arch_text = SOURCES["architecture"]
    if which == "scenario":
        scenario_text = yaml.safe_dump(data.draw(structure_edits(scenario_data)), allow_unicode=True)
    else:
        source = SOURCES["architecture" if which == "architecture" else "kitchen"]
        arch_text = yaml.safe_dump(data.draw(structure_edits(yaml.safe_load(source))), allow_unicode=True)
        if which == "kitchen":
            scenario_data["traffic"] = [{"entry": "dns", "rate": 10}, {"entry": "api", "rate": 5}]
            scenario_data["injects"] = []
            scenario_data["business"]["kpis"] = []
        scenario_text = yaml.safe_dump(scenario_data)
    load_pair(fuzz_dir, scenario_text, arch_text, "serverless-shop.yaml")


def test_the_fuzz_corpus_is_valid_to_start_with(fuzz_dir: Path) -> None:
    shutil.copy(BUNDLED / "architectures" / "serverless-shop.yaml", fuzz_dir / "architectures" / "serverless-shop.yaml")
    (fuzz_dir / "scenario.yaml").write_text(SOURCES["scenario"], encoding="utf-8")
    assert load_scenario(fuzz_dir / "scenario.yaml").id == "canary-checkout"


def _mutations(value: Any) -> Any:
    """Values of the same JSON type as ``value`` (and some of another), to try in its place."""
    if isinstance(value, bool):
        return st.sampled_from([not value, None, 0])
    if isinstance(value, int):
        return st.one_of(st.sampled_from([0, 1, -1, 10**6]), st.integers(-5, 5000), st.none())
    if isinstance(value, float):
        return st.one_of(st.sampled_from([0.0, 1e-9, 1e9, -1.0]), st.floats(0, 1e4), st.none())
    if isinstance(value, str):
        ids = [n["id"] for n in yaml.safe_load(SOURCES["kitchen"])["nodes"]]
        return st.one_of(st.sampled_from([*ids, "", "none", "*", "0.0.0.0/0", "5m"]), st.text(max_size=8))
    if isinstance(value, list):
        return st.one_of(st.just([]), st.just(value[:1]), st.just(value + value), st.none())
    if isinstance(value, dict):
        return st.one_of(st.just({}), st.none(), st.just(dict(list(value.items())[:1])))
    return st.none()


@st.composite
def kitchen_mutants(draw: Any) -> dict[str, Any]:
    """The kitchen sink with a few node settings changed to values of (mostly) the right type."""
    arch = yaml.safe_load(SOURCES["kitchen"])
    for _ in range(draw(st.integers(1, 4))):
        node = draw(st.sampled_from(arch["nodes"]))
        config = node.setdefault("config", {})
        defaults = _defaults(node["type"])
        key = draw(st.sampled_from(sorted(defaults)))
        current = config.get(key, defaults[key])
        config[key] = draw(_mutations(current)) if current is not None else draw(st.sampled_from([None, "x", 1]))
    return arch


def _defaults(type_id: str) -> dict[str, Any]:
    """Every configuration field of a resource type with its default (None when required)."""
    from warroom.engine.resources import RESOURCES

    fields = RESOURCES.get(type_id).Config.model_fields
    defaults = {
        name: None if field.is_required() else field.get_default(call_default_factory=True)
        for name, field in fields.items()
    }
    return json.loads(json.dumps(defaults, default=lambda o: o.model_dump(mode="json"))) or {"_": None}


@fuzz_settings(30)
@given(arch=kitchen_mutants(), seed=st.integers(0, 100))
def test_a_mutated_architecture_that_loads_also_plays(arch: dict[str, Any], seed: int) -> None:
    """Whatever passes validation must not crash the simulation (several such crashes were found)."""
    from warroom.engine import Simulation, StartAction

    from .kit import TABLE, kitchen_scenario, load

    try:
        scenario = load(kitchen_scenario(architecture=arch))
    except ScenarioError:
        return
    sim = Simulation(scenario, seed)
    sim.advance(120)
    for action, (target, params) in list(TABLE.items())[seed % 7 :: 7]:
        with contextlib.suppress(CommandError):  # refused commands are fine, exceptions are not
            sim.submit(StartAction(action, target, params))
        sim.advance(20)
    sim.advance(300)
