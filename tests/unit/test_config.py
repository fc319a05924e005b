"""Project configuration: where it is found, what it accepts, how errors name the key."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from rftkit.errors import ConfigError
from rftkit.packaging.config import (
    LoadedConfig,
    ProjectConfig,
    find_config,
    load_config,
    parse_config,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


PYPROJECT = """\
    [project]
    name = "demo"

    [tool.rftkit]
    grader = "gsm8k"
    args = { strict = true }

    [tool.rftkit.build]
    python = "3.13"
    arch = "arm64"

    [tool.rftkit.deploy]
    function_name = "demo-grader"
    region = "us-west-2"
    memory = 1024
    environment = { LOG_LEVEL = "INFO" }
    """


def test_pyproject_table_is_read_and_validated(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", PYPROJECT)
    loaded = load_config(start=tmp_path)
    cfg = loaded.config
    assert loaded.path == tmp_path / "pyproject.toml"
    assert (cfg.grader, cfg.args) == ("gsm8k", {"strict": True})
    assert (cfg.build.python, cfg.build.arch) == ("3.13", "arm64")
    assert (cfg.deploy.function_name, cfg.deploy.region, cfg.deploy.memory) == (
        "demo-grader",
        "us-west-2",
        1024,
    )
    assert cfg.deploy.environment == {"LOG_LEVEL": "INFO"}


def test_unset_keys_take_the_documented_defaults() -> None:
    cfg = ProjectConfig()
    assert (cfg.deploy.memory, cfg.deploy.timeout, cfg.deploy.alias) == (512, 300, "live")
    assert (cfg.build.python, cfg.build.arch) == ("3.12", "x86_64")
    assert cfg.deploy.smoke is True
    assert cfg.deploy.allow_bedrock_resource_policy is False


def test_rftkit_toml_holds_the_keys_at_top_level(tmp_path: Path) -> None:
    write(tmp_path / "rftkit.toml", '[deploy]\nfunction_name = "f"\n')
    loaded = load_config(start=tmp_path)
    assert loaded.config.deploy.function_name == "f"
    assert loaded.prefix == ""


def test_search_walks_up_from_a_subdirectory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", PYPROJECT)
    sub = tmp_path / "src" / "pkg"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "pyproject.toml"


def test_search_stops_at_a_project_without_rftkit_config(tmp_path: Path) -> None:
    write(tmp_path / "rftkit.toml", '[deploy]\nfunction_name = "outer"\n')
    write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "inner") is None
    assert load_config(start=tmp_path / "inner").config == ProjectConfig()


def test_both_files_in_one_directory_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", PYPROJECT)
    write(tmp_path / "rftkit.toml", "")
    with pytest.raises(ConfigError, match="both"):
        find_config(tmp_path)


def test_explicit_path_is_read_even_outside_the_search(tmp_path: Path) -> None:
    path = write(tmp_path / "elsewhere" / "team.toml", "[deploy]\nmemory = 2048\n")
    assert load_config(path).config.deploy.memory == 2048


def test_missing_explicit_path_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.toml")


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "rftkit.toml", "[deploy\n")
    with pytest.raises(ConfigError, match="not valid TOML") as info:
        load_config(path)
    assert str(path) in info.value.message


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"deploy": {"memory": 99999}}, "tool.rftkit.deploy.memory"),
        ({"deploy": {"memory": 64}}, "tool.rftkit.deploy.memory"),
        ({"deploy": {"memory": "512"}}, "tool.rftkit.deploy.memory"),
        ({"deploy": {"memory": True}}, "tool.rftkit.deploy.memory"),
        ({"deploy": {"timeout": 901}}, "tool.rftkit.deploy.timeout"),
        ({"deploy": {"function_name": "has space"}}, "tool.rftkit.deploy.function_name"),
        ({"deploy": {"region": "Mars"}}, "tool.rftkit.deploy.region"),
        ({"deploy": {"role_arn": "arn:aws:s3:::bucket"}}, "tool.rftkit.deploy.role_arn"),
        ({"deploy": {"alias": "42"}}, "tool.rftkit.deploy.alias"),
        ({"deploy": {"environment": {"A": 1}}}, "tool.rftkit.deploy.environment.A"),
        ({"deploy": {"smoke": "no"}}, "tool.rftkit.deploy.smoke"),
        ({"deploy": 3}, "tool.rftkit.deploy"),
        ({"build": {"python": "3.10"}}, "tool.rftkit.build.python"),
        ({"build": {"arch": "aarch64"}}, "tool.rftkit.build.arch"),
        ({"build": {"requirements": "sympy"}}, "tool.rftkit.build.requirements"),
        ({"grader": ""}, "tool.rftkit.grader"),
        ({"args": []}, "tool.rftkit.args"),
    ],
)
def test_bad_value_error_names_its_key_path(table: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(table, source="pyproject.toml", prefix="tool.rftkit")
    assert info.value.message.startswith(f"pyproject.toml: {key}: ")


@pytest.mark.parametrize(
    ("table", "key", "hint"),
    [
        ({"deploy": {"memroy": 1}}, "tool.rftkit.deploy.memroy", "memory"),
        ({"biuld": {}}, "tool.rftkit.biuld", "build"),
        ({"build": {"archs": "arm64"}}, "tool.rftkit.build.archs", "arch"),
    ],
)
def test_unknown_key_is_an_error_suggesting_the_closest(
    table: dict[str, Any], key: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(table, source="pyproject.toml", prefix="tool.rftkit")
    assert info.value.message == f"pyproject.toml: {key}: unknown key"
    assert info.value.hint is not None
    assert hint in info.value.hint


def test_every_bad_key_is_reported_not_only_the_first() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config({"deploy": {"memory": 1, "timeout": 0}})
    assert "deploy.memory" in info.value.message
    assert "and 1 more: deploy.timeout" in info.value.message


def test_bad_key_in_a_file_is_named_with_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.rftkit.deploy]\nmemory = 99999\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool.rftkit.deploy.memory: "):
        load_config(start=tmp_path)


def test_relative_paths_resolve_against_the_config_directory(tmp_path: Path) -> None:
    write(tmp_path / "rftkit.toml", 'grader = "graders/mine.py:score"\n')
    loaded = load_config(start=tmp_path / ".")
    assert loaded.grader_ref() == f"{tmp_path.resolve()}/graders/mine.py:score"
    assert loaded.resolve("dist") == tmp_path.resolve() / "dist"


@pytest.mark.parametrize("ref", ["gsm8k", "my_pkg.graders:score", "/abs/file.py:score"])
def test_names_and_module_targets_are_not_treated_as_paths(ref: str) -> None:
    loaded = LoadedConfig(ProjectConfig(grader=ref), Path("/proj/rftkit.toml"))
    assert loaded.grader_ref() == ref


# -- flags over configuration (rftkit deploy) ---------------------------------------------------


def deploy_flags(*argv: str) -> Any:
    import argparse

    from rftkit.cli import deploy

    parser = argparse.ArgumentParser()
    deploy.register(parser.add_subparsers())
    return parser.parse_args(["deploy", *argv])


def loaded_from(tmp_path: Path) -> LoadedConfig:
    write(tmp_path / "pyproject.toml", PYPROJECT)
    return load_config(start=tmp_path)


def test_configured_values_apply_when_no_flag_is_given(tmp_path: Path) -> None:
    from rftkit.cli.deploy import resolve_settings

    s = resolve_settings(deploy_flags(), loaded_from(tmp_path))
    assert (s.grader, s.args, s.function_name, s.region) == (
        "gsm8k",
        {"strict": True},
        "demo-grader",
        "us-west-2",
    )
    assert (s.memory, s.timeout, s.python, s.arch, s.smoke) == (1024, 300, "3.13", "arm64", True)
    assert s.out_dir == tmp_path.resolve() / "dist"


def test_flags_override_the_configuration(tmp_path: Path) -> None:
    from rftkit.cli.deploy import resolve_settings

    ns = deploy_flags(
        "--function-name", "other", "--memory", "256", "--arch", "x86_64", "--no-smoke",
        "--allow-bedrock-resource-policy", "--region", "eu-west-1", "--alias", "prod",
    )  # fmt: skip
    s = resolve_settings(ns, loaded_from(tmp_path))
    assert (s.function_name, s.memory, s.arch, s.region, s.alias) == (
        "other",
        256,
        "x86_64",
        "eu-west-1",
        "prod",
    )
    assert (s.smoke, s.bedrock_resource_policy) == (False, True)


def test_configured_args_do_not_follow_a_different_grader(tmp_path: Path) -> None:
    from rftkit.cli.deploy import resolve_settings

    s = resolve_settings(deploy_flags("--grader", "numeric"), loaded_from(tmp_path))
    assert (s.grader, s.args) == ("numeric", {})


def test_args_flag_replaces_the_configured_args(tmp_path: Path) -> None:
    from rftkit.cli.deploy import resolve_settings

    s = resolve_settings(deploy_flags("--args", '{"strict": false}'), loaded_from(tmp_path))
    assert s.args == {"strict": False}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--function-name", "f"], "no grader given"),
        (["--grader", "gsm8k"], "no function name"),
        (["--grader", "gsm8k", "--function-name", "f", "--args", "{"], "not valid JSON"),
        (["--grader", "gsm8k", "--function-name", "f", "--args", "[1]"], "a JSON object"),
    ],
)
def test_missing_or_bad_deploy_settings_are_usage_errors(argv: list[str], message: str) -> None:
    from rftkit.cli.deploy import resolve_settings
    from rftkit.errors import UsageError

    with pytest.raises(UsageError, match=message):
        resolve_settings(deploy_flags(*argv), LoadedConfig(ProjectConfig()))
