"""Read a neutral `Command`'s usage line into Discord option specs.

`/subscribe <company> [talent|investment|all]` with options ("company", "kind") gives a required
`company` and an optional `kind`; bare words after the name (`/talentbot help`) become a
subcommand, so Discord shows exactly `/talentbot help`.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.base import Command

DESCRIPTIONS = {
    "company": "Company name, alias or ticker (e.g. amazon, AMZN)",
    "kind": "What to follow: talent, investment or all",
    "setting": "HH:MM [timezone], off, or now",
}


@dataclass(frozen=True)
class OptionSpec:
    name: str
    required: bool
    description: str
    literals: tuple[str, ...] = ()  # fixed words the usage allows besides a value: `<company|all>` → all
    closed: bool = False  # only those words are valid (`[talent|investment|all]`): Discord choices


@dataclass(frozen=True)
class Shape:
    options: tuple[OptionSpec, ...]
    subcommand: str | None  # "help" for `/talentbot help`


def _groups(usage: str) -> tuple[list[str], list[str]]:
    """Top-level bracket groups (`<…>`, `[…]`) and the bare words before them, after the name."""
    parts = usage.split(None, 1)
    rest = parts[1] if len(parts) > 1 else ""
    first = min((i for i in (rest.find("<"), rest.find("[")) if i >= 0), default=len(rest))
    words = rest[:first].split()
    groups: list[str] = []
    depth, current = 0, ""
    for char in rest[first:]:
        if char in "<[":
            depth += 1
        if depth:
            current += char
        if char in ">]" and depth:
            depth -= 1
            if depth == 0:
                groups.append(current)
                current = ""
    return groups, words


def shape_of(command: Command) -> Shape:
    groups, words = _groups(command.usage)
    specs = []
    for index, name in enumerate(command.options):
        group = groups[index] if index < len(groups) else ""
        alternatives = group[1:-1].split("|") if group else []
        literals = tuple(a for a in alternatives if a.isalpha() and a.islower() and a != name)
        closed = bool(literals) and len(literals) == len(alternatives)
        specs.append(OptionSpec(name, group.startswith("<"), DESCRIPTIONS.get(name, name), literals, closed))
    return Shape(options=tuple(specs), subcommand=words[0] if words and not command.options else None)
