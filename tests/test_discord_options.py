"""Reading the neutral command table's usage lines into Discord options."""

from __future__ import annotations

from bot.chat.discord.options import shape_of
from handlers import COMMANDS


def test_shapes_of_the_contract_commands() -> None:
    shapes = {name: shape_of(command) for name, command in COMMANDS.items()}
    assert [(o.name, o.required) for o in shapes["subscribe"].options] == [("company", True), ("kind", False)]
    assert shapes["subscribe"].options[1].literals == ("talent", "investment", "all")
    assert shapes["subscribe"].options[1].closed and not shapes["unsubscribe"].options[0].closed
    assert [(o.name, o.required) for o in shapes["talent"].options] == [("company", False)]
    assert shapes["unsubscribe"].options[0].literals == ("all",)
    assert [(o.name, o.required) for o in shapes["digest"].options] == [("setting", True)]
    assert shapes["digest"].options[0].literals == ("off", "now")
    assert shapes["talentbot"].subcommand == "help" and shapes["talentbot"].options == ()
    assert shapes["subscriptions"].options == () and shapes["subscriptions"].subcommand is None
