"""Project configuration: ``[tool.rftkit]`` in pyproject.toml, or an ``rftkit.toml`` file.

A configured project deploys with a bare ``rftkit deploy``; command-line flags override the
file. The same keys live in either place (``rftkit.toml`` has them at its top level)::

    [tool.rftkit]
    grader = "my_project.answer_match"     # a grader name, module:attr or file.py:attr
    args = { marker = "####" }             # the grader factory's arguments

    [tool.rftkit.build]
    python = "3.12"                        # 3.12, 3.13 or 3.14
    arch = "x86_64"                        # x86_64 or arm64
    out_dir = "dist"
    requirements = []                      # extra PEP 508 requirements to bundle
    package_data = ["data/*.json"]         # data files of a grader package folder to ship

    [tool.rftkit.deploy]
    function_name = "my-project-grader"
    region = "us-east-1"
    memory = 512                           # MB, 128-10240
    timeout = 300                          # seconds, 1-900
    alias = "live"
    role_arn = "arn:aws:iam::123456789012:role/my-role"   # optional; default: rftkit manages one
    allow_bedrock_resource_policy = false
    smoke = true
    environment = { LOG_LEVEL = "INFO" }
    tags = { team = "ml" }

Validation is strict (pydantic, no unknown keys, no type coercion): an error is a
:class:`~rftkit.errors.ConfigError` naming the file and the key path, e.g.
``pyproject.toml: tool.rftkit.deploy.memory: Input should be less than or equal to 10240``.

Where it is found: from the current directory upwards, the first ``rftkit.toml``, or the first
``pyproject.toml`` holding a ``[tool.rftkit]`` table. The search stops at the first directory
with a ``pyproject.toml`` (the project root). Defining both in one directory is an error.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rftkit.errors import ConfigError

__all__ = [
    "BuildConfig",
    "DeployConfig",
    "LoadedConfig",
    "ProjectConfig",
    "find_config",
    "load_config",
    "parse_config",
]

PYPROJECT = "pyproject.toml"
RFTKIT_TOML = "rftkit.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BuildConfig(_Strict):
    """``[tool.rftkit.build]``: how the Lambda bundle is built."""

    python: Literal["3.12", "3.13", "3.14"] = "3.12"
    arch: Literal["x86_64", "arm64"] = "x86_64"
    out_dir: str = Field(default="dist", min_length=1)
    requirements: list[str] = Field(default_factory=list)
    package_data: list[str] = Field(default_factory=list)
    """Globs, relative to the grader's package folder, of data files to ship with it (only
    Python modules ship otherwise; an installed distribution ships what its RECORD lists)."""

    @field_validator("package_data")
    @classmethod
    def _relative_globs(cls, value: list[str]) -> list[str]:
        for pattern in value:
            parts = pattern.strip("/").split("/")
            if not pattern.strip("/ ") or pattern.startswith("/") or ".." in parts:
                raise ValueError(f"{pattern!r} must be a glob inside the package, e.g. data/*")
        return value


class DeployConfig(_Strict):
    """``[tool.rftkit.deploy]``: where and how the function is deployed."""

    function_name: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
    region: str | None = Field(default=None, pattern=r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
    endpoint_url: str | None = Field(default=None, pattern=r"^https?://")
    role_arn: str | None = Field(default=None, pattern=r"^arn:aws[a-zA-Z-]*:iam::\d{12}:role/")
    role_name: str | None = Field(default=None, pattern=r"^[\w+=,.@-]{1,64}$")
    memory: int = Field(default=512, ge=128, le=10240)
    timeout: int = Field(default=300, ge=1, le=900)
    alias: str = Field(default="live", pattern=r"^[A-Za-z0-9_-]{1,128}$")
    allow_bedrock_resource_policy: bool = False
    smoke: bool = True
    description: str | None = Field(default=None, max_length=256)
    environment: dict[str, str] = Field(default_factory=dict)
    tags: dict[str, str] = Field(default_factory=dict)

    @field_validator("alias")
    @classmethod
    def _alias_not_a_version(cls, value: str) -> str:
        if value.isdigit():
            raise ValueError("an alias name cannot be only digits (that is a version number)")
        return value


class ProjectConfig(_Strict):
    """The whole ``[tool.rftkit]`` table.

    ``harness`` and ``job`` are reserved for the commands of those names, which validate
    their own keys.

    Example:
        >>> ProjectConfig().deploy.memory
        512
    """

    grader: str | None = Field(default=None, min_length=1)
    args: dict[str, Any] = Field(default_factory=dict)
    build: BuildConfig = BuildConfig()
    deploy: DeployConfig = DeployConfig()
    harness: dict[str, Any] = Field(default_factory=dict)
    job: dict[str, Any] = Field(default_factory=dict)


_SECTIONS: dict[tuple[str, ...], type[BaseModel]] = {
    (): ProjectConfig,
    ("build",): BuildConfig,
    ("deploy",): DeployConfig,
}


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    """A validated configuration and where it came from.

    Attributes:
        config: the settings (defaults when no file was found).
        path: the file read, or None.
        prefix: the key path of the table inside the file (``tool.rftkit`` or empty).
    """

    config: ProjectConfig
    path: Path | None = None
    prefix: str = ""

    def resolve(self, value: str) -> Path:
        """A path from the file, relative to the file's directory.

        Example:
            >>> LoadedConfig(ProjectConfig(), Path("/p/pyproject.toml")).resolve("dist")
            PosixPath('/p/dist')
        """
        p = Path(value)
        if p.is_absolute() or self.path is None:
            return p
        return self.path.parent / p

    def grader_ref(self) -> str | None:
        """The configured grader; a ``file.py:attr`` path is made relative to the file."""
        ref = self.config.grader
        if ref is None or self.path is None:
            return ref
        path, sep, attr = ref.rpartition(":")
        if sep and (path.endswith(".py") or "/" in path) and not Path(path).is_absolute():
            return f"{self.resolve(path)}:{attr}"
        return ref


def _format_error(err: Mapping[str, Any], prefix: str) -> tuple[str, str | None]:
    loc = tuple(str(part) for part in err.get("loc", ()))
    key = ".".join(p for p in (prefix, *loc) if p)
    hint = None
    if err.get("type") == "extra_forbidden" and loc:
        section = _SECTIONS.get(loc[:-1])
        if section is not None:
            close = difflib.get_close_matches(loc[-1], list(section.model_fields), n=3)
            if close:
                hint = "did you mean " + " or ".join(close) + "?"
        return f"{key}: unknown key", hint
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if err.get("type") in {"model_type", "dict_type"}:
        msg = "should be a table"
    return f"{key}: {msg}", hint


def parse_config(
    data: Mapping[str, Any], *, source: str = "configuration", prefix: str = ""
) -> ProjectConfig:
    """Validate a configuration table.

    Args:
        data: the table (``[tool.rftkit]`` or the whole ``rftkit.toml``).
        source: the file name for messages.
        prefix: the table's key path for messages.

    Raises:
        ConfigError: naming the first bad key (and how many more there are).

    Example:
        >>> parse_config({"deploy": {"memory": 1024}}).deploy.memory
        1024
        >>> parse_config({"deploy": {"memroy": 1}}, prefix="tool.rftkit")
        Traceback (most recent call last):
        ...
        rftkit.errors.ConfigError: configuration: tool.rftkit.deploy.memroy: unknown key
    """
    try:
        return ProjectConfig.model_validate(dict(data))
    except ValidationError as exc:
        errors = exc.errors()
        first, hint = _format_error(errors[0], prefix)
        message = f"{source}: {first}"
        if len(errors) > 1:
            others = [_format_error(e, prefix)[0] for e in errors[1:]]
            message += f" (and {len(others)} more: " + "; ".join(others) + ")"
        raise ConfigError(message, hint=hint) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _tool_table(data: Mapping[str, Any], path: Path) -> Mapping[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, Mapping) or "rftkit" not in tool:
        return None
    table = tool["rftkit"]
    if not isinstance(table, Mapping):
        raise ConfigError(f"{path}: tool.rftkit must be a table")
    return table


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the current directory).

    Example:
        >>> find_config(Path("/")) is None
        True
    """
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        rftkit_toml = directory / RFTKIT_TOML
        pyproject = directory / PYPROJECT
        if rftkit_toml.is_file():
            if pyproject.is_file() and _tool_table(_read_toml(pyproject), pyproject) is not None:
                raise ConfigError(
                    f"both {rftkit_toml} and [tool.rftkit] in {pyproject} configure rftkit",
                    hint="keep one of them",
                )
            return rftkit_toml
        if pyproject.is_file():
            has_table = _tool_table(_read_toml(pyproject), pyproject) is not None
            return pyproject if has_table else None
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> LoadedConfig:
    """Read and validate the project configuration.

    Args:
        path: a configuration file to read (``pyproject.toml`` or any other TOML file);
            None searches from ``start`` upwards (see :func:`find_config`).
        start: where the search begins (default: the current directory).

    Returns:
        The validated configuration; all defaults when no file applies.

    Raises:
        ConfigError: unreadable TOML, or a bad key or value (named by its path).

    Example:
        >>> load_config(start=Path("/")).config.deploy.alias
        'live'
    """
    if path is None:
        path = find_config(start)
        if path is None:
            return LoadedConfig(ProjectConfig())
    elif not path.is_file():
        raise ConfigError(f"no such configuration file: {path}")
    data = _read_toml(path)
    if path.name == PYPROJECT:
        table = _tool_table(data, path)
        if table is None:
            return LoadedConfig(ProjectConfig(), path, "tool.rftkit")
        return LoadedConfig(
            parse_config(table, source=str(path), prefix="tool.rftkit"), path, "tool.rftkit"
        )
    return LoadedConfig(parse_config(data, source=str(path)), path, "")
