"""Graders: the data model, the registry and the built-in graders (standard library only)."""

from rftkit.rewards.registry import GraderRegistry, grader, load_grader
from rftkit.rewards.types import Metric, Reward, Sample

__all__ = ["GraderRegistry", "Metric", "Reward", "Sample", "grader", "load_grader"]
