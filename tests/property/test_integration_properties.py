"""Hostile rows through the trainer adapters: one result per completion, never an exception.

TRL sums the list it gets back per completion, verl appends every key per sample: a missing
entry or a key that comes and goes would misalign a whole batch.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.integrations import verl
from rftkit.integrations.trl import reward_func

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.binary(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
messages = st.lists(
    st.fixed_dictionaries({"role": st.sampled_from(["assistant", "user", 3]), "content": values}),
    max_size=3,
)
completions = st.one_of(st.text(max_size=60), messages, values)

GSM8K = reward_func("gsm8k")


@SETTINGS
@given(
    completions=st.lists(completions, max_size=5),
    prompts=st.lists(values, max_size=5),
    references=values,
)
def test_trl_gives_one_float_or_none_per_completion(
    completions: list[Any], prompts: list[Any], references: Any
) -> None:
    metrics: list[tuple[str, float]] = []
    out = GSM8K(
        prompts=prompts,
        completions=completions,
        completion_ids=None,
        reference_answer=references,
        log_metric=lambda name, value: metrics.append((name, value)),
        log_extra=lambda column, vals: None,
    )
    assert len(out) == len(completions)
    assert all(v is None or (type(v) is float and math.isfinite(v)) for v in out)
    assert all(math.isfinite(v) for _, v in metrics)


@SETTINGS
@given(rows=st.lists(st.tuples(values, values, values), min_size=1, max_size=5))
def test_verl_keys_are_the_same_for_every_sample(rows: list[tuple[Any, Any, Any]]) -> None:
    verl._KEYS.clear()
    results = [
        verl.compute_score("ds", solution, truth, extra, grader="gsm8k")
        for solution, truth, extra in rows
    ]
    assert len({tuple(r) for r in results}) == 1
    assert all(type(v) is float and math.isfinite(v) for r in results for v in r.values())
