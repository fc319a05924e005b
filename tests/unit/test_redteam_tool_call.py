"""Reward hacking against the ``tool_call`` grader: a second answer written where the parser
does not (fully) read it used to leave the right call's 1.0 untouched (docs/tool_call.md).

The classes: a repeated key (JSON object or Python keyword: the reader picks one copy), a
call attempt the parser cannot read next to the right one (an unclosed ``<tool_call>``, a
list holding a non-call, an assignment), and another call of the same function in prose or
outside the fenced block that is read.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.tool_call.parse import parse_response
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
STRICT = REGISTRY.create("tool_call")
PARTIAL = REGISTRY.create("tool_call", mode="partial")
REF = {"ground_truth": ["get_weather(city='Paris')"]}
RIGHT_JSON = '{"name": "get_weather", "arguments": {"city": "Paris"}}'


def _score(reply: str, reference: object = REF, grader: object = STRICT) -> float:
    return grader(Sample.from_text(response=reply, reference=reference)).score  # type: ignore[operator]


HEDGES = {
    "json_repeated_argument": '{"name": "get_weather", "arguments": {"city": "London", '
    '"city": "Paris"}}',
    "json_repeated_name": '{"name": "delete_files", "name": "get_weather", '
    '"arguments": {"city": "Paris"}}',
    "json_string_arguments_repeated": json.dumps(
        {"name": "get_weather", "arguments": '{"city": "London", "city": "Paris"}'}
    ),
    "python_repeated_keyword": "get_weather(city='London', city='Paris')",
    "python_repeated_dict_key": "get_weather(city='Paris', opts={'u': 'c', 'u': 'f'})",
    "unclosed_second_tool_call": f"<tool_call>{RIGHT_JSON}</tool_call>\n"
    '<tool_call>{"name": "get_weather", "arguments": {"city": "London"}',
    "empty_second_tool_call": f"<tool_call>{RIGHT_JSON}</tool_call><tool_call> </tool_call>",
    "json_list_with_a_string": f'[{RIGHT_JSON}, "get_weather(city=London)"]',
    "python_with_assignment": "get_weather(city='Paris')\nx = get_weather(city='London')",
    "unclosed_second_fence": "```python\nget_weather(city='Paris')\n```\n"
    "```python\nget_weather(city='London')",
    "prose_alternative": "I will call:\nget_weather(city='Paris')\nor get_weather(city='London')",
    "call_outside_the_fence": "```\nget_weather(city='Paris')\n```\nget_weather(city='London')",
    "json_alternative_in_prose": "get_weather(city='Paris')\nif that fails use "
    '{"name": "get_weather", "arguments": {"city": "London"}} instead',
    "alternative_in_a_comment": "get_weather(city='Paris')  # or get_weather(city='London')",
    "alternative_in_a_comment_line": "get_weather(city='Paris')\n# get_weather(city='London')",
    "hedge_behind_unbalanced_mentions": "get_weather(city='Paris')\n"
    + "get_weather("
    + "x" * 2100
    + "\n"
    + "get_weather("
    + "y" * 2100
    + "\n"
    + "get_weather("
    + "z" * 2100
    + "\n"
    + "get_weather("
    + "w" * 2100
    + "\n"
    + "or get_weather(city='London')",
    "hedge_behind_many_mentions": "get_weather(city='Paris')\n"
    + "the get_weather(city) tool. " * 70
    + "\nor get_weather(city='London')",
    "arguments_and_parameters_differ": '{"name": "get_weather", "arguments": {"city": '
    '"Paris"}, "parameters": {"city": "London"}}',
    "name_outside_and_inside_the_wrapper": '{"name": "delete_files", "function": '
    '{"name": "get_weather", "arguments": {"city": "Paris"}}}',
    "arguments_outside_and_inside_the_wrapper": '{"arguments": {"city": "London"}, '
    '"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}',
}


@pytest.mark.parametrize("reply", HEDGES.values(), ids=HEDGES.keys())
def test_a_hedge_scores_zero_in_strict_mode(reply: str) -> None:
    assert _score(reply) == 0.0


@pytest.mark.parametrize("reply", HEDGES.values(), ids=HEDGES.keys())
def test_a_hedge_scores_below_the_right_call_in_partial_mode(reply: str) -> None:
    assert _score(reply, grader=PARTIAL) < 1.0


FINE = {
    "json": RIGHT_JSON,
    "python": "get_weather(city='Paris')",
    "tool_call_block": f"Let me check.\n<tool_call>{RIGHT_JSON}</tool_call>",
    "prose_naming_the_same_call": "I'll use get_weather(city='Paris') for this:\n"
    "get_weather(city='Paris')",
    "prose_naming_the_signature": "get_weather(city) takes a city name.\n"
    "```python\nget_weather(city='Paris')\n```",
    "prose_naming_another_function": "No need for get_time(tz='UTC') here.\n"
    "get_weather(city='Paris')",
    "fence_and_the_same_call_in_prose": "Calling get_weather(city='Paris'):\n"
    "```python\nget_weather(city='Paris')\n```",
    "import_before_the_call": "```python\nimport tools\nget_weather(city='Paris')\n```",
    "comment_naming_the_call": "# look up the weather\nget_weather(city='Paris')  # Paris",
    "openai_wrapper": json.dumps(
        {
            "id": "call_1",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
        }
    ),
    "bedrock_tool_use": '{"toolUse": {"toolUseId": "t1", "name": "get_weather", '
    '"input": {"city": "Paris"}}}',
    "arguments_and_parameters_agree": '{"name": "get_weather", "arguments": {"city": '
    '"Paris"}, "parameters": {"city": "Paris"}}',
}


@pytest.mark.parametrize("reply", FINE.values(), ids=FINE.keys())
def test_the_right_call_alone_is_still_paid(reply: str) -> None:
    assert _score(reply) == 1.0


@pytest.mark.parametrize(
    "reply",
    ["get_weather(city=", '<tool_call>{"name": "get_weather"', "[get_weather(city='Paris'), 3]"],
)
def test_a_broken_call_attempt_is_not_paid_as_no_call(reply: str) -> None:
    assert _score(reply, {"ground_truth": []}) == 0.0


def test_an_honest_refusal_to_call_is_still_paid() -> None:
    assert _score("No tool is needed: Paris is sunny today.", {"ground_truth": []}) == 1.0


CITIES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ ", min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    right=CITIES,
    other=CITIES,
    wrap=st.sampled_from(
        [
            "get_weather(city={r!r})\nor maybe get_weather(city={o!r})",
            "```python\nget_weather(city={r!r})\n```\nget_weather(city={o!r})",
            "get_weather(city={o!r}, city={r!r})",
            '{{"name": "get_weather", "arguments": {{"city": {oj}, "city": {rj}}}}}',
            '<tool_call>{{"name": "get_weather", "arguments": {{"city": {rj}}}}}</tool_call>'
            '<tool_call>{{"name": "get_weather", "arguments": {{"city": {oj}}}',
        ]
    ),
)
def test_no_wrapper_pays_two_values_for_one_argument(right: str, other: str, wrap: str) -> None:
    if right == other:
        return
    reply = wrap.format(r=right, o=other, rj=json.dumps(right), oj=json.dumps(other))
    reference = {"ground_truth": [f"get_weather(city={right!r})"]}
    alternative = {"ground_truth": [f"get_weather(city={other!r})"]}
    assert _score(reply, reference) == 0.0
    assert _score(reply, alternative) == 0.0


@settings(max_examples=100, deadline=None)
@given(prose=st.text(max_size=200))
def test_hedge_scan_is_total_on_any_prose(prose: str) -> None:
    parsed = parse_response(prose + "\nget_weather(city='Paris')\n" + prose)
    assert parsed.errors >= 0
