"""``rftkit.integrations.openrlhf``: the ``.py`` reward_func form and the protocol helpers.

The file form is loaded and called exactly as OpenRLHF's current code does, in
``openrlhf/utils/agent.py``: ``SingleTurnAgentExecutor.__init__`` loads the file with
``importlib.util.spec_from_file_location("reward_func", path)`` + ``exec_module`` and takes
``reward_module.reward_func``; ``_fetch_rewards_via_func`` calls it positionally as
``reward_func(queries, prompts, labels)`` with one-element lists in a worker thread
(``asyncio.to_thread``); ``execute`` reads ``rewards``, ``scores`` and ``extra_logs``.
OpenRLHF itself (torch, vLLM) is not imported.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rftkit.integrations.openrlhf as openrlhf_module
from rftkit.errors import UsageError
from rftkit.harness import make_handler
from rftkit.integrations.openrlhf import (
    ProtocolError,
    grade_openrlhf,
    parse_request,
    response_text,
)

PATH = Path(openrlhf_module.__file__)
PROMPT = "Question: 3 boxes of 12 eggs?\nAnswer: "


def load_like_openrlhf() -> Any:
    """SingleTurnAgentExecutor.__init__: the module from the file path, named reward_func."""
    spec = importlib.util.spec_from_file_location("reward_func", str(PATH))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reward_func


async def call_like_openrlhf(fn: Any, query: str, prompt: str, label: Any) -> Any:
    """_fetch_rewards_via_func: one-element lists, positionally, in a thread."""
    results = await asyncio.gather(asyncio.to_thread(fn, [query], [prompt], [label]))
    return results[0]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("RFTKIT_GRADER", "gsm8k")
    monkeypatch.delenv("RFTKIT_GRADER_ARGS", raising=False)
    monkeypatch.delenv("RFTKIT_TIMEOUT", raising=False)
    monkeypatch.delenv("RFTKIT_ON_PROMPT_MISMATCH", raising=False)
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("reply", "label", "score"),
    [("3 * 12 = 36\n#### 36", "36", 1.0), ("#### 35", "36", 0.0), ("no number", "36", 0.0)],
)
def test_reward_func_as_openrlhf_loads_and_calls_it(
    env: pytest.MonkeyPatch, reply: str, label: str, score: float
) -> None:
    fn = load_like_openrlhf()
    info = asyncio.run(call_like_openrlhf(fn, PROMPT + reply, PROMPT, label))
    assert info["rewards"] == [score]
    # agent.py: scores = rewards_info.get("scores") or rewards_info.get("rewards")
    assert (info.get("scores") or info.get("rewards")) == [score]
    assert info["extra_logs"]["error"] == [0.0]
    assert all(len(v) == 1 for v in info["extra_logs"].values())


def test_reward_func_gives_the_lambda_handlers_scores_for_a_batch(env: pytest.MonkeyPatch) -> None:
    replies = ["#### 36", "#### 3", "\\boxed{36}", "thirty-six", ""]
    fn = load_like_openrlhf()
    info = fn([PROMPT + r for r in replies], [PROMPT] * 5, ["36"] * 5)
    handler = make_handler("gsm8k", log_sink=lambda line: None)
    event = [
        {
            "id": str(i),
            "messages": [
                {"role": "user", "content": PROMPT},
                {"role": "assistant", "content": r},
            ],
            "reference_answer": "36",
        }
        for i, r in enumerate(replies)
    ]
    assert info["rewards"] == [r["aggregate_reward_score"] for r in handler(event)]


def test_grader_arguments_come_from_the_environment(env: pytest.MonkeyPatch) -> None:
    env.setenv("RFTKIT_GRADER", "numeric")
    env.setenv("RFTKIT_GRADER_ARGS", json.dumps({"rel_tol": 0.1}))
    fn = load_like_openrlhf()
    assert fn(["p 3.3"], ["p "], ["3.14"])["rewards"] == [1.0]
    env.setenv("RFTKIT_GRADER_ARGS", json.dumps({"rel_tol": 0.0}))
    assert load_like_openrlhf()(["p 3.3"], ["p "], ["3.14"])["rewards"] == [0.0]


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("RFTKIT_GRADER", "", "RFTKIT_GRADER is not set"),
        ("RFTKIT_GRADER_ARGS", "{", "not valid JSON"),
        ("RFTKIT_GRADER_ARGS", "[1]", "must be a JSON object"),
        ("RFTKIT_TIMEOUT", "soon", "RFTKIT_TIMEOUT"),
        ("RFTKIT_TIMEOUT", "-1", "RFTKIT_TIMEOUT"),
        ("RFTKIT_TIMEOUT", "inf", "RFTKIT_TIMEOUT"),
        ("RFTKIT_ON_PROMPT_MISMATCH", "sometimes", "on_mismatch"),
    ],
)
def test_bad_configuration_is_a_clear_usage_error(
    env: pytest.MonkeyPatch, var: str, value: str, message: str
) -> None:
    env.setenv(var, value)
    with pytest.raises(UsageError, match=message):
        load_like_openrlhf()(["p #### 1"], ["p "], ["1"])


def test_tensors_when_torch_is_loaded(env: pytest.MonkeyPatch) -> None:
    """Inside OpenRLHF torch is always imported; older releases torch.cat the values."""
    made: list[list[float]] = []

    def tensor(values: list[float]) -> tuple[str, list[float]]:
        made.append(values)
        return ("tensor", values)

    env.setitem(sys.modules, "torch", types.SimpleNamespace(tensor=tensor))
    info = load_like_openrlhf()(["p #### 1", "p #### 2"], ["p ", "p "], ["1", "1"])
    assert info["rewards"] == ("tensor", [1.0, 0.0])
    assert info["scores"] == ("tensor", [1.0, 0.0])
    assert info["extra_logs"]["error"] == ("tensor", [0.0, 0.0])
    assert len(made) == 2 + len(info["extra_logs"])


def test_extra_keyword_arguments_are_accepted(env: pytest.MonkeyPatch) -> None:
    info = load_like_openrlhf()(["p #### 1"], ["p "], ["1"], metas=[{"x": 1}])
    assert info["rewards"] == [1.0]


def test_mismatched_lengths_raise_in_the_file_form(env: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="same length"):
        load_like_openrlhf()(["a", "b"], ["a"], ["1", "2"])


def test_grade_openrlhf_rejects_an_unknown_mismatch_mode() -> None:
    handler = make_handler("gsm8k", log_sink=lambda line: None)
    with pytest.raises(UsageError):
        grade_openrlhf(handler, ["a"], ["a"], ["1"], on_mismatch="maybe")


# -- properties of the protocol helpers ---------------------------------------------------------


@given(st.text(max_size=50), st.text(max_size=50))
def test_the_response_is_exactly_what_follows_the_prompt(prompt: str, reply: str) -> None:
    assert response_text(prompt + reply, prompt) == reply
    assert response_text(reply, None) == reply


@given(st.text(max_size=30), st.text(min_size=1, max_size=30))
def test_a_query_not_starting_with_its_prompt_has_no_response(query: str, prompt: str) -> None:
    expected = query[len(prompt) :] if query.startswith(prompt) else None
    assert response_text(query, prompt) == expected


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
_bodies = _json | st.fixed_dictionaries(
    {},
    optional={
        "query": _json | st.lists(st.text(max_size=5), max_size=4),
        "prompts": _json | st.lists(st.text(max_size=5), max_size=4),
        "labels": _json,
    },
)


@settings(max_examples=300, deadline=None)
@given(_bodies)
def test_any_json_body_is_parsed_or_refused_with_a_protocol_error(body: Any) -> None:
    try:
        queries, prompts, labels = parse_request(body, max_batch=3)
    except ProtocolError as exc:
        assert str(exc)
        return
    assert all(isinstance(q, str) for q in queries)
    assert len(queries) <= 3
    assert len(labels) == len(queries)
    assert prompts is None or len(prompts) == len(queries)
