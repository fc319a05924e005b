"""rftkit: reward functions for Amazon Bedrock reinforcement fine-tuning.

The top level is deliberately light (standard library only) because it is imported by every
reward Lambda built with rftkit.

Example:
    >>> import rftkit
    >>> grader = rftkit.load_grader("gsm8k")
    >>> grader(rftkit.Sample.from_text(response="... so 36 eggs.\\n#### 36", reference="36")).score
    1.0
"""

from rftkit.errors import RftkitError
from rftkit.rewards.registry import (
    BoundGrader,
    GraderFactory,
    GraderRegistry,
    default_registry,
    grader,
    load_grader,
    load_spec,
)
from rftkit.rewards.types import GraderSpec, Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from rftkit.rewards.protocols import Grader as Grader

__version__ = "0.1.0"

__all__ = [
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


def __getattr__(name: str) -> object:
    # ``Grader`` needs ``typing``, which a reward Lambda never loads: import it on first use.
    if name == "Grader":
        from rftkit.rewards.protocols import Grader

        globals()[name] = Grader
        return Grader
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
