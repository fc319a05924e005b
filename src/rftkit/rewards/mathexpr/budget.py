"""The ``math`` grader's worker process: :mod:`rftkit.rewards.worker`, under its old name.

The worker that bounds the sympy stages was generalised into :mod:`rftkit.rewards.worker`
(which the harness also uses to put a hard time limit on any grader). This module keeps the
names it always had: ``Worker(memory_mb=..., preload=("sympy",))`` starts a fresh interpreter
that imports sympy once and forks a worker from it, and ``Worker.call(func, *args,
timeout=...)`` returns an :class:`Outcome`.
"""

from __future__ import annotations

from rftkit.rewards.worker import Outcome, Status, Worker

__all__ = ["Outcome", "Status", "Worker"]
