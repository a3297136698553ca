"""The switch for the reference paths: which accelerators BRIEFGEN_REFERENCE turns off."""

from __future__ import annotations

import pytest

from briefgen.core.accel import ENV, Accelerators

ALL = ["yaml", "markdown", "jinja", "packer", "fork", "search", "compiled"]


@pytest.mark.parametrize("value", [None, "", "0", " 0 "])
def test_unset_empty_or_zero_leaves_every_accelerator_on(value: str | None) -> None:
    environ = {} if value is None else {ENV: value}
    assert Accelerators.from_environment(environ) == Accelerators()
    assert Accelerators.from_environment(environ).reference() == []


@pytest.mark.parametrize("value", ["1", "all", "ALL"])
def test_one_turns_every_accelerator_off(value: str) -> None:
    assert Accelerators.from_environment({ENV: value}).reference() == ALL


def test_names_turn_off_only_those() -> None:
    on = Accelerators.from_environment({ENV: "markdown, jinja"})
    assert on.reference() == ["markdown", "jinja"]
    assert on.yaml and on.packer and on.fork


def test_an_unknown_name_is_an_error_not_a_silent_fast_path() -> None:
    with pytest.raises(ValueError, match="unknown accelerator mardown"):
        Accelerators.from_environment({ENV: "mardown"})
