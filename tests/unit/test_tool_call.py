"""The ``tool_call`` grader: reference forms, reply forms, strict and partial scores, traps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.tool_call import parse_reference, parse_response, values_equal
from rftkit.rewards.types import Reward, Sample

REGISTRY = GraderRegistry(entry_points=False)
STRICT = REGISTRY.create("tool_call")
PARTIAL = REGISTRY.create("tool_call", mode="partial")

WEATHER = "get_weather(city='Paris', unit='celsius')"
AWS_REF: dict[str, Any] = {"ground_truth": [WEATHER]}
OPENAI_REF = [{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}]
OPENAI_REF_STR_ARGS = [
    {"name": "get_weather", "arguments": json.dumps({"city": "Paris", "unit": "celsius"})}
]
BFCL_REF = [{"get_weather": {"city": ["Paris", "paris"], "unit": ["celsius", ""]}}]
TWO_REF = {"ground_truth": [WEATHER, "get_time(tz='Europe/Paris')"]}


def grade(reply: str, reference: Any, g: Any = STRICT) -> Reward:
    return g(Sample.from_text(response=reply, reference=reference))  # type: ignore[no-any-return]


# -- every reply form against every reference form, right answer -> 1.0 ----------------------

REPLIES_RIGHT = {
    "python": WEATHER,
    "python_double_quotes": 'get_weather(city="Paris", unit="celsius")',
    "python_reordered": "get_weather(unit='celsius', city='Paris')",
    "python_list": "[get_weather(city='Paris', unit='celsius')]",
    "python_in_prose": f"Sure, I will look that up.\n{WEATHER}\n",
    "python_fenced": f"```python\n{WEATHER}\n```",
    "json_object": '{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}',
    "json_parameters": '{"name": "get_weather", "parameters": '
    '{"unit": "celsius", "city": "Paris"}}',
    "json_list": '[{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}]',
    "json_string_arguments": json.dumps(
        {"name": "get_weather", "arguments": json.dumps({"city": "Paris", "unit": "celsius"})}
    ),
    "json_fenced": '```json\n{"name": "get_weather", "arguments": {"city": "Paris", '
    '"unit": "celsius"}}\n```',
    "hermes": '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", '
    '"unit": "celsius"}}\n</tool_call>',
    "hermes_after_think": "<think>maybe get_time(tz='x')</think>\n<tool_call>"
    '{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}</tool_call>',
    "hermes_python": f"<tool_call>{WEATHER}</tool_call>",
}
REFERENCES = {
    "aws": AWS_REF,
    "aws_bare_list": [WEATHER],
    "aws_json_string": json.dumps(AWS_REF),
    "openai": OPENAI_REF,
    "openai_string_args": OPENAI_REF_STR_ARGS,
    "openai_single_object": OPENAI_REF[0],
    "bfcl": BFCL_REF,
    "bfcl_json_string": json.dumps(BFCL_REF),
    "plain_string": WEATHER,
}


@pytest.mark.parametrize("reply", REPLIES_RIGHT.values(), ids=list(REPLIES_RIGHT))
@pytest.mark.parametrize("reference", REFERENCES.values(), ids=list(REFERENCES))
def test_every_reply_form_scores_1_against_every_reference_form(reply: str, reference: Any) -> None:
    r = grade(reply, reference)
    assert r.score == 1.0, r.explanation
    assert grade(reply, reference, PARTIAL).score == 1.0
    assert r.metric("name_match") == r.metric("arg_recall") == r.metric("value_accuracy") == 1.0
    assert r.metric("calls_expected") == r.metric("calls_predicted") == 1.0


# -- wrong replies and traps: strict 0, partial as the AWS weights say ------------------------

# (reply, partial score) against AWS_REF; strict is 0 for all of them.
WRONG = {
    "wrong_value": ("get_weather(city='Rome', unit='celsius')", 0.83),
    "wrong_name": ("get_forecast(city='Paris', unit='celsius')", 0.67),
    "missing_arg": ("get_weather(city='Paris')", 0.33 + 0.33 / 2 + 0.34 / 2),
    "extra_arg_stuffing": (
        "get_weather(city='Paris', unit='celsius', country='FR')",
        0.33 + 0.33 * 2 / 3 + 0.34 * 2 / 3,
    ),
    "list_where_one_expected": ("get_weather(city=['Paris', 'Rome'], unit='celsius')", 0.83),
    "number_as_string_type": ("get_weather(city='Paris', unit=1)", 0.83),
    "no_call_prose": ("The weather in Paris is nice.", 0.0),
    "call_in_comment": (f"# {WEATHER}", 0.0),
    "call_in_string": (json.dumps(WEATHER), 0.0),
    "call_inside_print": (f'print("{WEATHER}")', 0.0),
    "call_mentioned_in_prose": (f"I would call {WEATHER} here.", 0.0),
    "import_os_system": ("__import__('os').system('rm -rf /')", 0.0),
    "spray_twice": (f"{WEATHER}\n{WEATHER}", 0.5),
    "spray_every_function": (
        f"{WEATHER}\nget_time(tz='Europe/Paris')\nget_news(city='Paris')\nsearch(q='Paris')",
        0.25,
    ),
    "kwargs_splat": ("get_weather(**{'city': 'Paris', 'unit': 'celsius'})", 0.33),
    "expression_value": ("get_weather(city='Par' + 'is', unit='celsius')", 0.83),
    "empty": ("", 0.0),
    "broken_python": ("get_weather(city='Paris', unit='celsius'", 0.0),
    "unclosed_tool_call": ('<tool_call>{"name": "get_weather"', 0.0),
    "tool_call_wrapping_prose": ("<tool_call>I'd call the weather tool</tool_call>", 0.0),
    "possible_answer_form_wrong": ('{"get_weather": {"city": "Lyon", "unit": "celsius"}}', 0.83),
}


@pytest.mark.parametrize(("reply", "partial"), WRONG.values(), ids=list(WRONG))
def test_wrong_replies_and_traps(reply: str, partial: float) -> None:
    assert grade(reply, AWS_REF).score == 0.0
    assert grade(reply, AWS_REF, PARTIAL).score == pytest.approx(partial, abs=1e-6)


def test_parse_errors_are_counted_and_flagged() -> None:
    r = grade("get_weather(city='Paris', unit='celsius'", AWS_REF)
    assert r.metric("parse_errors") == 1.0
    assert "parse_error" in r.errors
    assert "no_calls" in grade("nothing here", AWS_REF).errors


# -- parallel calls ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        f"{WEATHER}\nget_time(tz='Europe/Paris')",
        f"get_time(tz='Europe/Paris')\n{WEATHER}",
        f"[get_time(tz='Europe/Paris'), {WEATHER}]",
        f"get_time(tz='Europe/Paris'); {WEATHER}",
        '<tool_call>{"name": "get_time", "arguments": {"tz": "Europe/Paris"}}</tool_call>\n'
        '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}'
        "</tool_call>",
    ],
)
def test_parallel_calls_match_in_any_order(reply: str) -> None:
    assert grade(reply, TWO_REF).score == 1.0


def test_one_of_two_parallel_calls_is_half_in_partial_and_zero_in_strict() -> None:
    assert grade(WEATHER, TWO_REF).score == 0.0
    r = grade(WEATHER, TWO_REF, PARTIAL)
    assert r.score == pytest.approx(0.5)
    assert r.metric("name_match") == 0.5
    assert r.metric("calls_expected") == 2.0 and r.metric("calls_predicted") == 1.0


def test_same_function_twice_pairs_each_call_with_its_match() -> None:
    ref = ["f(a=1)", "f(a=2)"]
    assert grade("f(a=2)\nf(a=1)", ref).score == 1.0
    assert grade("f(a=1)\nf(a=1)", ref).score == 0.0
    assert grade("f(a=1)\nf(a=1)", ref, PARTIAL).score == pytest.approx((1 + 0.66) / 2)


def test_optimal_pairing_beats_greedy() -> None:
    # Greedy would pair f(a=1,b=1) with the first expected call and lose the second one.
    ref = ["f(a=1, b=2)", "f(a=1, b=1)"]
    assert grade("f(a=1, b=1)\nf(a=1, b=2)", ref).score == 1.0


def test_no_call_expected() -> None:
    assert grade("I cannot help with that.", []).score == 1.0
    assert grade(WEATHER, []).score == 0.0
    assert grade(WEATHER, {"ground_truth": []}, PARTIAL).score == 0.0


# -- values: numbers as numbers, types kept, possible answers ---------------------------------

VALUE_CASES = [
    ("f(x=2)", "f(x=2.0)", True),
    ("f(x=2.5)", "f(x=2.50)", True),
    ("f(x=-3)", "f(x=-3.0)", True),
    ("f(x=1)", "f(x=True)", False),
    ("f(x=0)", "f(x=False)", False),
    ("f(x='2')", "f(x=2)", False),
    ("f(x=None)", "f(x=None)", True),
    ("f(x=[1, 2])", "f(x=[2, 1])", False),
    ("f(x=[1, 2])", "f(x=(1, 2))", True),
    ("f(x={'a': 1})", "f(x={'a': 1.0})", True),
    ("f(x={'a': 1})", "f(x={'a': 1, 'b': 2})", False),
    ("f(x=g(y=1))", "f(x=g(y=1))", True),
    ("f(x=g(y=1))", "f(x=g(y=2))", False),
    ("f(x='Paris')", "f(x='paris')", False),
    ("m.f(x=1)", "m.f(x=1)", True),
    ("m.f(x=1)", "f(x=1)", False),
]


@pytest.mark.parametrize(("ref", "reply", "same"), VALUE_CASES)
def test_values_compare_by_value_and_type(ref: str, reply: str, same: bool) -> None:
    assert grade(reply, [ref]).score == (1.0 if same else 0.0)


def test_ignore_case_folds_strings_only() -> None:
    g = REGISTRY.create("tool_call", ignore_case=True)
    assert grade("f(x=' paris')", ["f(x='Paris')"], g).score == 1.0
    assert grade("f(x='Paris')", ["f(x='Paris')"], g).score == 1.0
    assert grade("f(x=1)", ["f(x='1')"], g).score == 0.0


def test_bfcl_possible_answers_and_optional_parameters() -> None:
    assert grade("get_weather(city='paris')", BFCL_REF).score == 1.0  # unit optional
    assert grade("get_weather(city='paris', unit='')", BFCL_REF).score == 1.0
    assert grade("get_weather(unit='celsius')", BFCL_REF).score == 0.0  # city required
    assert grade("get_weather(city='PARIS')", BFCL_REF).score == 0.0
    assert grade("get_weather(city='Paris', unit='kelvin')", BFCL_REF).score == 0.0
    # A list of values is not one of the acceptable values.
    assert grade("get_weather(city=['Paris', 'paris'])", BFCL_REF).score == 0.0
    nums = [{"f": {"n": [3, 3.0], "m": [[1, 2]]}}]
    assert grade("f(n=3.0, m=[1, 2])", nums).score == 1.0
    assert grade("f(n=3, m=[1])", nums).score == 0.0


def test_values_equal_table() -> None:
    assert values_equal(1, 1.0) and not values_equal(1, "1") and not values_equal(True, 1)
    assert not values_equal(float("nan"), float("nan"))


# -- where the reply and the reference come from ----------------------------------------------


def _sample(message: dict[str, Any], **meta: Any) -> Sample:
    return Sample(
        "s1",
        [{"role": "user", "content": "Weather in Paris?"}, message],
        meta.pop("ref", None),
        meta,
    )


def test_tool_calls_on_the_message_are_read() -> None:
    msg = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "arguments": '{"city": "Paris", "unit": "celsius"}',
                },
            }
        ],
    }
    assert STRICT(_sample(msg, ref=AWS_REF)).score == 1.0


def test_bedrock_tool_use_blocks_are_read() -> None:
    msg = {
        "role": "assistant",
        "content": [
            {"text": "Let me check."},
            {
                "toolUse": {
                    "toolUseId": "t1",
                    "name": "get_weather",
                    "input": {"city": "Paris", "unit": "celsius"},
                }
            },
        ],
    }
    assert STRICT(_sample(msg, ref=AWS_REF)).score == 1.0


def test_ground_truth_in_metadata_is_read_first() -> None:
    msg = {"role": "assistant", "content": WEATHER}
    assert STRICT(_sample(msg, ground_truth=[WEATHER], ref="other(x=1)")).score == 1.0
    assert STRICT(_sample(msg, ref=AWS_REF)).score == 1.0


def test_through_the_contract_parser() -> None:
    from rftkit.harness.contract import parse_event

    event = [
        {
            "id": "r1",
            "messages": [
                {"role": "user", "content": "Weather?"},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "type": "function",
                            "function": {
                                "name": "get_weather",
                                "arguments": '{"city": "Paris", "unit": "celsius"}',
                            },
                        }
                    ],
                },
            ],
            "metadata": {"reference_answer": AWS_REF},
        },
        {
            "id": "r2",
            "messages": [{"role": "assistant", "content": WEATHER}],
            "ground_truth": [WEATHER],
        },
    ]
    samples = parse_event(event).samples
    assert [STRICT(s).score for s in samples] == [1.0, 1.0]


# -- bad references and arguments -------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        None,
        42,
        "this is not a call",
        ["f(x="],
        [42],
        {"ground_truth": 7},
        [{"name": 3}],
        "[1, 2]",
        "f(x=1 + 2)",
        "x = f(a=1)",
        [{"f": {"a": [{"b": set}]}}],
        "f(*a)",
        {"get_weather": {"city": ["Paris"]}},
        {"schema": {"type": "object"}},
    ],
)
def test_unusable_reference_is_a_grader_error(reference: Any) -> None:
    with pytest.raises(GraderError):
        grade(WEATHER, reference)


@pytest.mark.parametrize(
    "args",
    [
        {"mode": "lenient"},
        {"max_calls": 0},
        {"max_calls": True},
        {"ignore_case": "yes"},
        {"max_chars": -1},
    ],
)
def test_bad_arguments_are_refused(args: dict[str, Any]) -> None:
    with pytest.raises(GraderArgsError):
        REGISTRY.create("tool_call", **args)


def test_too_many_calls_scores_zero_and_says_so() -> None:
    g = REGISTRY.create("tool_call", mode="partial", max_calls=3)
    r = grade("\n".join([WEATHER] * 4), AWS_REF, g)
    assert r.score == 0.0 and "too_many_calls" in r.errors


def test_overlong_reply_is_not_parsed() -> None:
    g = REGISTRY.create("tool_call", max_chars=100)
    r = grade(WEATHER + " " * 200, AWS_REF, g)
    assert r.score == 0.0 and r.metric("parse_errors") == 1.0


# -- the parser on its own --------------------------------------------------------------------


def test_parse_response_never_evaluates() -> None:
    calls = parse_response("f(x=__import__('os').getcwd())").calls
    assert len(calls) == 1 and calls[0].name == "f"
    assert repr(calls[0].args["x"]) == "<invalid>"


def test_nesting_beyond_the_limit_is_invalid_not_an_error() -> None:
    deep = "f(x=" + "[" * 11 + "1" + "]" * 11 + ")"
    deeper = "f(x=" + "[" * 30 + "1" + "]" * 30 + ")"
    assert grade(deep, [deep]).score == 1.0
    assert grade(deeper, [deep]).score == 0.0
    with pytest.raises(GraderError):
        grade(deep, "f(x=" + "[" * 300 + "1" + "]" * 300 + ")")


def test_reference_forms_parse_to_the_same_calls() -> None:
    forms = [parse_reference(r) for r in (AWS_REF, OPENAI_REF, OPENAI_REF_STR_ARGS)]
    assert {repr(f) for f in forms} == {repr(forms[0])}


def test_a_call_whose_arguments_do_not_parse_is_a_parse_error() -> None:
    r = grade('{"name": "get_weather", "arguments": "{city: Paris"}', AWS_REF, PARTIAL)
    assert r.metric("parse_errors") == 1.0 and "parse_error" in r.errors
    assert r.score == pytest.approx(0.33)


@pytest.mark.parametrize(
    "reply",
    ['get_weather(city="a\\`b")', 'search(q="\\d+")\nsearch(q="x")', '[f(x="\\`")]'],
)
def test_model_text_with_invalid_escapes_prints_no_compiler_warning(reply: str) -> None:
    import warnings

    from rftkit.rewards.tool_call.parse import _parse

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        trees = [_parse(reply, "exec"), _parse(reply.split("\n", maxsplit=1)[0], "eval")]
    assert [str(w.message) for w in seen] == []
    assert all(tree is not None for tree in trees)  # the text still parses
