"""Every exception rftkit raises, in one tree.

::

    RftkitError                  base of everything below; never raised itself
    ├── UsageError               the user asked for something that cannot be done (CLI exit 2)
    │   ├── GraderNotFoundError  unknown grader name or path; suggests the closest names
    │   ├── GraderArgsError      bad arguments for a grader factory
    │   ├── ConfigError          a bad key or value in [tool.rftkit] / rftkit.toml
    │   └── DatasetError         a dataset file that cannot be read or prepared
    ├── PluginError              an installed plugin is broken; names its distribution
    ├── GraderDefinitionError    a @grader factory whose signature cannot be baked into a spec
    ├── GraderError              a grader raised or returned something that is not a score
    ├── ContractError            a malformed Bedrock event or response; carries the JSON path
    ├── RuntimeClientError       the local Lambda runtime could not run a bundle
    ├── BuildError               a Lambda bundle cannot be built or fails its checks
    ├── DeployError              AWS refused or failed a deploy step
    └── JobError                 an RFT job request failed or the job failed

Every error carries an optional ``hint``: one line telling the user what to do next. The CLI
prints ``error: <message>`` and ``hint: <hint>`` and exits 2 for :class:`UsageError` and
its kin, never a traceback.
"""

from __future__ import annotations

__all__ = [
    "BuildError",
    "ConfigError",
    "ContractError",
    "DatasetError",
    "DeployError",
    "GraderArgsError",
    "GraderDefinitionError",
    "GraderError",
    "GraderNotFoundError",
    "JobError",
    "PluginError",
    "RftkitError",
    "RuntimeClientError",
    "UsageError",
]


class RftkitError(Exception):
    """Base class of every rftkit error.

    Example:
        >>> str(RftkitError("boom", hint="try again"))
        'boom'
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(RftkitError):
    """The user asked for something that cannot be done as asked."""


class GraderNotFoundError(UsageError):
    """No grader by that name or path; ``suggestions`` holds the closest known names."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None) -> None:
        self.suggestions = list(suggestions or [])
        hint = None
        if self.suggestions:
            hint = "did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message, hint=hint)


class GraderArgsError(UsageError):
    """Arguments that the grader factory does not accept or cannot serialise."""


class ConfigError(UsageError):
    """A bad key or value in the project configuration."""


class DatasetError(UsageError):
    """A dataset file that cannot be read or prepared."""


class PluginError(RftkitError):
    """An installed grader plugin failed to load; ``distribution`` names its package."""

    def __init__(self, message: str, *, distribution: str | None = None) -> None:
        self.distribution = distribution
        super().__init__(
            message,
            hint=(
                f"reinstall or remove the distribution {distribution!r}" if distribution else None
            ),
        )


class GraderDefinitionError(RftkitError):
    """A ``@grader`` factory whose signature cannot be recorded as a spec."""


class GraderError(RftkitError):
    """A grader raised, or returned something that is not a finite score."""


class ContractError(RftkitError):
    """A malformed Bedrock reward event or response.

    ``path`` is the JSON path of the offending field, e.g. ``$[3].messages``.
    """

    def __init__(self, message: str, *, path: str = "$", hint: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}", hint=hint)


class RuntimeClientError(RftkitError):
    """The local Lambda runtime could not start or run a bundle."""


class BuildError(RftkitError):
    """A Lambda bundle could not be built, or it failed a pre-ship check."""


class DeployError(RftkitError):
    """A deploy step failed."""


class JobError(RftkitError):
    """An RFT job request failed, or the job itself failed."""
