"""The `rig` parser: every command is found by its name, and one command loads alone."""

from __future__ import annotations

import argparse

import pytest

from rig.cli import build_parser, command_loaders


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


@pytest.mark.parametrize("name", sorted(command_loaders()))
def test_a_command_module_registers_the_command_it_is_named_for(name):
    assert name in _commands(build_parser(name))


def test_without_a_known_command_first_the_parser_has_every_command():
    every = _commands(build_parser())
    assert set(command_loaders()) <= every and "show" in every  # run_cmd's second command
    assert _commands(build_parser("show")) == every  # not a module's name: everything loads


def test_one_command_loads_alone():
    assert _commands(build_parser("sim")) == {"sim"}
