"""`briefgen COMMAND --help` explains every argument a user can give."""

from __future__ import annotations

import argparse

import pytest

from briefgen.commands.cli import parser


def commands() -> dict[str, argparse.ArgumentParser]:
    """Each command's own parser, by name."""
    for action in parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("briefgen has no commands")


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_argument_has_a_help_text(name: str) -> None:
    """An argument without help shows in --help as a bare name, such as `--people [NAME ...]`."""
    bare = [action.option_strings or action.dest for action in commands()[name]._actions
            if not action.help]
    assert bare == [], f"briefgen {name} --help: no help text for {bare}"
