"""``warroom show``: an architecture file on its own — the window's grouped diagram with a
resource's configuration and edges, or an outline by stack where no window can open."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pygame
import pytest
import yaml
from warroom.engine import load_architecture
from warroom.game.window.app import App
from warroom.game.window.screenshots import estate

from .window import SCALES, SIZES, MakeApp, click, press, texts, unreadable

STACKS = 6


@pytest.fixture(scope="module")
def estate_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The render benchmark's 150 resources in six stacks over two Regions, as an architecture file."""
    spec = estate().model.architecture
    path = tmp_path_factory.mktemp("estate") / "estate.yaml"
    data = spec.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def shown(make_app: MakeApp, estate_file: Path) -> App:
    return make_app("architecture", {"architecture": load_architecture(estate_file)})


def nodes_drawn(app: App) -> set[str]:
    return {s.payload for s in app.log.hotspots if s.action == "node"}


def groups_drawn(app: App) -> set[str]:
    return {s.payload for s in app.log.hotspots if s.action == "group" and s.label == s.payload}


def test_a_large_file_opens_with_its_stacks_collapsed_and_says_what_it_holds(shown: App) -> None:
    assert nodes_drawn(shown) == set() and len(groups_drawn(shown)) == STACKS
    assert "150 resources, " in " ".join(texts(shown)) and f"{STACKS} stacks" in " ".join(texts(shown))
    assert unreadable(shown) == []


def test_clicking_a_resource_shows_its_stack_configuration_and_edges(shown: App) -> None:
    press(shown, pygame.K_g)  # expand every group
    assert len(nodes_drawn(shown)) == 150
    click(shown, "svc0001-api")
    text = " ".join(texts(shown))
    assert "svc0001-api" in text and "stack svc0001-stack" in text
    assert "Configuration" in text and "Edges" in text and "encrypts_with -> svc0001-cert" in text  # the font has no →
    assert unreadable(shown) == []


def test_a_header_click_collapses_one_group(shown: App) -> None:
    press(shown, pygame.K_g)
    click(shown, "header us-west-2/svc0002-stack")
    assert groups_drawn(shown) == {"us-west-2/svc0002-stack"}
    click(shown, "us-west-2/svc0002-stack")
    assert groups_drawn(shown) == set()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
def test_a_bundled_architecture_is_readable(make_app: MakeApp, size: tuple[int, int], scale: float) -> None:
    source = files("warroom.scenarios") / "architectures" / "clickstream-pipeline.yaml"
    app = make_app("architecture", {"architecture": load_architecture(source)}, size=size, scale=scale)
    assert nodes_drawn(app), "a small architecture opens expanded"
    click(app, sorted(nodes_drawn(app))[0])
    assert unreadable(app) == []


def test_esc_closes_the_window(shown: App) -> None:
    press(shown, pygame.K_ESCAPE)
    assert not shown.running


def test_the_outline_groups_resources_by_stack_and_type(cli, estate_file: Path) -> None:
    ran = cli("show", str(estate_file), "--text")
    assert ran.code == 0, ran.err
    assert "estate: 150 resources" in ran.out and f"{STACKS} stacks" in ran.out
    assert "svc0001-stack (us-east-1) — 18 resources" in ran.out and "cloudformation_stack: svc0001-stack" in ran.out


def test_without_a_display_the_outline_is_printed(warroom, tmp_path: Path) -> None:
    env = {"SDL_VIDEODRIVER": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    ran = warroom("show", "serverless-shop", env=env)
    assert ran.code == 0, ran.err
    assert "no window" in ran.err and "printing the outline" in ran.err
    assert "serverless-shop: " in ran.out


def test_a_broken_file_is_located_without_a_traceback(cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("nodes:\n  - {id: api, type: api_gatway}\n", encoding="utf-8")
    ran = cli("show", str(broken), "--text")
    assert ran.code == 1 and "broken.yaml:2:" in ran.err and "Traceback" not in ran.err


def test_no_such_architecture_is_misuse_with_a_did_you_mean(cli) -> None:
    ran = cli("show", "serverles-shop", "--text")
    assert (
        ran.code == 2 and "no shared architecture called 'serverles-shop'; did you mean 'serverless-shop'?" in ran.err
    )
