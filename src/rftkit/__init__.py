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
from rftkit.rewards.types import Grader, GraderSpec, Metric, Reward, Sample

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
