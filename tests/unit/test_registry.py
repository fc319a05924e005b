"""The grader registry: @grader, specs, names, paths, entry points and broken plugins."""

from __future__ import annotations

import sys
import textwrap
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import rftkit
from rftkit.errors import (
    GraderArgsError,
    GraderDefinitionError,
    GraderNotFoundError,
    PluginError,
)
from rftkit.rewards import registry as registry_mod
from rftkit.rewards.registry import BUILTINS, GraderFactory, GraderRegistry, grader
from rftkit.rewards.types import GraderSpec, Reward, Sample

REPO = Path(__file__).resolve().parents[2]


def _contains(word: str = "yes", bonus: float = 0.0) -> Any:
    """Full reward when the reply contains a word."""
    return lambda sample: float(word in sample.completion) + bonus


def test_decorator_records_given_arguments_as_spec(registry: GraderRegistry) -> None:
    factory = grader(name="contains", registry=registry)(_contains)
    g = factory(word="ok")
    assert g.spec == GraderSpec("contains", f"{__name__}:_contains", {"word": "ok"})


def test_spec_round_trips_through_json_and_recreates_the_grader(
    registry: GraderRegistry,
) -> None:
    factory = grader(name="contains", registry=registry)(_contains)
    spec = factory(word="ok", bonus=0.5).spec
    again = registry.load_spec(GraderSpec.from_json(spec.to_json()))
    assert again(Sample.from_text(response="ok then")).score == 1.5
    assert again.spec == spec


def test_description_defaults_to_first_docstring_line(registry: GraderRegistry) -> None:
    factory = grader(registry=registry)(_contains)
    assert factory.description == "Full reward when the reply contains a word."
    assert factory.name == "_contains"


@pytest.mark.parametrize(
    "source",
    [
        "def f(*args):\n    return lambda s: 1.0",
        "def f(**kwargs):\n    return lambda s: 1.0",
        "def f(a, /):\n    return lambda s: 1.0",
        "def f(a=object()):\n    return lambda s: 1.0",
    ],
    ids=["var-positional", "var-keyword", "positional-only", "unserialisable-default"],
)
def test_factory_signature_is_checked_at_decoration(source: str) -> None:
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # test input written here, not model output
    with pytest.raises(GraderDefinitionError):
        grader(register=False)(namespace["f"])


def test_unknown_argument_is_a_clear_error_with_suggestion(registry: GraderRegistry) -> None:
    factory = grader(name="contains", registry=registry)(_contains)
    with pytest.raises(GraderArgsError) as info:
        factory(wrod="x")
    assert "wrod" in info.value.message
    assert info.value.hint is not None and "word" in info.value.hint


def test_unserialisable_argument_is_refused(registry: GraderRegistry) -> None:
    factory = grader(name="contains", registry=registry)(_contains)
    with pytest.raises(GraderArgsError, match="JSON"):
        factory(word=object())


def test_tuple_argument_is_normalised_to_what_a_lambda_reads(registry: GraderRegistry) -> None:
    factory = grader(name="contains", registry=registry)(_contains)
    # The spec must hold what json.loads gives back inside the Lambda.
    assert factory(word=("a", "b")).spec.args == {"word": ["a", "b"]}


def test_grader_returning_float_is_normalised_to_reward(registry: GraderRegistry) -> None:
    g = grader(name="contains", registry=registry)(_contains)()
    result = g(Sample.from_text(response="yes"))
    assert isinstance(result, Reward)
    assert result.score == 1.0


def test_unknown_name_suggests_closest(registry: GraderRegistry) -> None:
    with pytest.raises(GraderNotFoundError) as info:
        registry.get("gsm8")
    assert "gsm8k" in info.value.suggestions


def test_names_lists_builtins_without_importing_them(registry: GraderRegistry) -> None:
    for module in ("rftkit.rewards.builtin.judge", "rftkit.rewards.builtin.math"):
        sys.modules.pop(module, None)
    names = registry.names()
    assert set(BUILTINS) <= set(names)


def test_file_path_reference_loads_factory(tmp_path: Path, registry: GraderRegistry) -> None:
    path = tmp_path / "my_graders.py"
    path.write_text(
        textwrap.dedent(
            """
            from rftkit import grader

            @grader(register=False)
            def shouting(min_len: int = 1):
                return lambda sample: float(sample.completion.isupper())
            """
        )
    )
    g = registry.create(f"{path}:shouting", min_len=2)
    assert g(Sample.from_text(response="HELLO")).score == 1.0
    assert g.spec.target == f"{path}:shouting"
    assert g.spec.args == {"min_len": 2}


def test_plain_undecorated_factory_in_file_is_accepted(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    path = tmp_path / "plain.py"
    path.write_text("def factory(x: int = 1):\n    return lambda sample: float(x)\n")
    assert registry.create(f"{path}:factory", x=1)(Sample.from_text(response="")).score == 1.0


def test_missing_file_is_not_found(tmp_path: Path, registry: GraderRegistry) -> None:
    with pytest.raises(GraderNotFoundError, match="no such grader file"):
        registry.get(f"{tmp_path}/nope.py:factory")


def test_missing_attribute_in_file_suggests_names(tmp_path: Path, registry: GraderRegistry) -> None:
    path = tmp_path / "g.py"
    path.write_text("def factory():\n    return lambda sample: 1.0\n")
    with pytest.raises(GraderNotFoundError) as info:
        registry.get(f"{path}:factroy")
    assert "factory" in info.value.suggestions


def test_file_that_fails_to_import_is_a_plugin_error(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    path = tmp_path / "broken.py"
    path.write_text("raise RuntimeError('kaboom')\n")
    with pytest.raises(PluginError, match="kaboom"):
        registry.get(f"{path}:factory")


def test_module_reference_loads_factory(registry: GraderRegistry) -> None:
    factory = registry.get(f"{__name__}:_contains")
    assert isinstance(factory, GraderFactory)


class _FakeDist:
    def __init__(self, name: str) -> None:
        self.name = name


def _entry_point(name: str, value: str, dist: str) -> metadata.EntryPoint:
    ep = metadata.EntryPoint(name=name, value=value, group=registry_mod.GRADER_ENTRY_POINT_GROUP)
    # EntryPoint is immutable; the registry only reads .dist.name.
    object.__setattr__(ep, "dist", _FakeDist(dist))
    return ep


def _with_entry_points(
    monkeypatch: pytest.MonkeyPatch, eps: list[metadata.EntryPoint]
) -> GraderRegistry:
    monkeypatch.setattr(metadata, "entry_points", lambda group: eps)
    return GraderRegistry(builtins=False)


def test_entry_point_is_loaded_lazily_under_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _with_entry_points(
        monkeypatch, [_entry_point("contains_plugin", f"{__name__}:_contains", "acme-graders")]
    )
    assert "contains_plugin" in reg.names()
    g = reg.create("contains_plugin", word="hi")
    assert g.spec.name == "contains_plugin"
    assert g(Sample.from_text(response="hi")).score == 1.0


def test_broken_plugin_error_names_its_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _with_entry_points(
        monkeypatch, [_entry_point("broken", "acme_missing_module:factory", "acme-graders")]
    )
    with pytest.raises(PluginError) as info:
        reg.get("broken")
    assert info.value.distribution == "acme-graders"
    assert "acme-graders" in info.value.message


def test_check_reports_every_broken_plugin_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _with_entry_points(
        monkeypatch,
        [
            _entry_point("broken_one", "acme_missing_one:f", "acme-one"),
            _entry_point("broken_two", "acme_missing_two:f", "acme-two"),
            _entry_point("fine", f"{__name__}:_contains", "acme-fine"),
        ],
    )
    failures = {info.name: info.distribution for info in reg.check()}
    assert failures == {"broken_one": "acme-one", "broken_two": "acme-two"}


def test_entry_point_to_non_factory_is_a_plugin_error(monkeypatch: pytest.MonkeyPatch) -> None:
    reg = _with_entry_points(monkeypatch, [_entry_point("bad", "sys:maxsize", "acme-bad")])
    with pytest.raises(PluginError, match="acme-bad"):
        reg.get("bad")


def test_name_taken_by_other_factory_is_refused_without_replace(
    registry: GraderRegistry,
) -> None:
    grader(name="dup", registry=registry)(_contains)

    def other() -> Any:
        return lambda sample: 0.0

    with pytest.raises(GraderDefinitionError, match="taken"):
        registry.register(grader(name="dup", register=False)(other))


def test_pyproject_entry_points_match_builtin_table() -> None:
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    declared = data["project"]["entry-points"]["rftkit.graders"]
    assert declared == BUILTINS


def test_load_grader_is_the_public_way_in() -> None:
    g = rftkit.load_grader(f"{__name__}:_contains", word="x")
    assert g(rftkit.Sample.from_text(response="x", reference=None)).score == 1.0


def test_public_api_is_locked() -> None:
    # Other tools build on these names: adding one is a decision, removing one a break.
    assert sorted(rftkit.__all__) == [
        "BoundGrader",
        "Grader",
        "GraderFactory",
        "GraderRegistry",
        "GraderSpec",
        "Metric",
        "Reward",
        "RftkitError",
        "Sample",
        "__version__",
        "default_registry",
        "grader",
        "load_grader",
        "load_spec",
    ]
    for name in rftkit.__all__:
        assert hasattr(rftkit, name)
