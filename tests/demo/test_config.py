"""The demo's settings: read once, the same after a trip through the environment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from negosim.demo.config import DemoConfig


def test_settings_survive_the_environment_and_an_unset_folder_is_none():
    config = DemoConfig("x.yaml", 7, Path("out/here"), True, 12.5, False, (("conflict.p", 0.35), ("rounds", 9)))
    assert DemoConfig.from_environ(config.environ()) == config
    back = DemoConfig.from_environ(dataclasses.replace(config, out=None).environ())
    assert back.out is None and back.compared == {"conflict.p": 0.35, "rounds": 9}
    assert DemoConfig.from_environ({}) == DemoConfig()


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DemoConfig().seed = 3  # type: ignore[misc]


def test_configure_is_read_by_the_next_page(tmp_path):
    from negosim.demo import server
    from negosim.demo.config import settings

    was = settings()
    try:
        server.configure("a.yaml", seed=4, out=tmp_path, klass=True, timer=30, pick=False, compare={"rounds": 5})
        assert settings() == DemoConfig("a.yaml", 4, tmp_path, True, 30.0, False, (("rounds", 5),))
    finally:
        server.use(was)
    assert settings() == was
