"""The company registry: loading, resolving what users type, suggestions and autocomplete."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.companies import CompanyRegistry
from bot.domain.models import Company
from bot.errors import ConfigError


@pytest.fixture(scope="module")
def registry() -> CompanyRegistry:
    return CompanyRegistry.load()


def test_registry_is_large_and_has_guide_names(registry: CompanyRegistry) -> None:
    assert len(registry) >= 150
    for name in ("Amazon", "Google", "Meta", "OpenAI", "Cursor", "Windsurf", "Safe Superintelligence"):
        assert registry.get(name) is not None
    assert "Thrive" in registry.names() and "Lightspeed" in registry.names()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("aws", "Amazon"),
        ("AMZN", "Amazon"),
        ("amazn", "Amazon"),
        ("  Amazon Web Services ", "Amazon"),
        ("$NVDA", "Nvidia"),
        ("https://www.openai.com/index", "OpenAI"),
        ("DeepMind", "Google"),
        ("alphabet", "Google"),
        ("the ChatGPT maker", "OpenAI"),
        ("Facebook parent", "Meta"),
        ("instagram", "Meta"),
        ("Thrive Capital", "Thrive"),
        ("Lightspeed Venture Partners", "Lightspeed"),
        ("anysphere", "Cursor"),
        ("codeium", "Windsurf"),
        ("character ai", "Character.AI"),
        ("micrsoft", "Microsoft"),
        ("nvida", "Nvidia"),
    ],
)
def test_resolve(registry: CompanyRegistry, text: str, name: str) -> None:
    company = registry.resolve(text)
    assert company is not None and company.name == name


@pytest.mark.parametrize("junk", ["", "   ", "xyzzy", "foo bar", "the", "open", "hello world", "q"])
def test_junk_does_not_resolve(registry: CompanyRegistry, junk: str) -> None:
    assert registry.resolve(junk) is None


def test_unknown_name_gets_suggestions(registry: CompanyRegistry) -> None:
    suggestions = registry.suggest("antropic labs")
    assert "Anthropic" in suggestions and len(suggestions) <= 5
    assert registry.suggest("zzzzqqq") == []


def test_complete(registry: CompanyRegistry) -> None:
    top = registry.complete("")
    assert top[:4] == ["Amazon", "Google", "Meta", "Microsoft"] and len(top) == 25
    assert registry.complete("anth")[0] == "Anthropic"
    assert registry.complete("deep")[0] == "DeepSeek" or "Google" in registry.complete("deep")[:3]
    assert len(registry.complete("a", limit=7)) == 7


def test_by_cik(registry: CompanyRegistry) -> None:
    amazon = registry.by_cik("0001018724")
    assert amazon is not None and amazon.name == "Amazon"
    assert registry.by_cik(320193).name == "Apple"  # type: ignore[union-attr]
    assert registry.by_cik("123") is None


def test_from_companies_and_iteration() -> None:
    reg = CompanyRegistry.from_companies([Company(name="Acme AI", aliases=("Acme",), tickers=("ACME",))])
    assert len(reg) == 1 and [c.name for c in reg] == ["Acme AI"]
    assert reg.resolve("acme").name == "Acme AI"  # type: ignore[union-attr]


def test_duplicate_alias_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "companies.toml"
    path.write_text(
        '[[company]]\nname = "A"\naliases = ["Same"]\n\n[[company]]\nname = "B"\naliases = ["same"]\n'
    )
    with pytest.raises(ConfigError) as err:
        CompanyRegistry.load(path)
    assert str(path) in str(err.value) and "same" in str(err.value).lower() and "\n" not in str(err.value)


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "companies.toml"
    path.write_text("[[company]\nname = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        CompanyRegistry.load(path)
    with pytest.raises(ConfigError, match="not found"):
        CompanyRegistry.load(tmp_path / "missing.toml")
    path.write_text('[[company]]\naliases = ["x"]\n')
    with pytest.raises(ConfigError, match="name"):
        CompanyRegistry.load(path)


def test_exact_does_not_shrink_a_multi_word_name(registry: CompanyRegistry) -> None:
    """A URL is one token: "Figure Technology Solutions" is not Figure AI, "Toyota Research ..." is not ..."""
    assert registry.exact("Figure Technology Solutions") is None
    assert registry.exact("openai.com/blog") is not None
