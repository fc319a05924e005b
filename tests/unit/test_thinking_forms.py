"""Every form a reasoning model writes its thinking in is read as thinking by every grader.

Forms (rftkit.rewards.thinking): ``<think>``, ``<thinking>`` (Nova, prompted formats),
``<reasoning>`` (gpt-oss on Bedrock, one pair per chunk when streamed; the GRPO
``<reasoning>...<answer>`` format), letters in any case, mixed and nested tags, a closing tag
whose opening was in the prompt, gpt-oss harmony with its special tokens and decoded without
them. For each wrapper W, thinking T and reply R: grading W(T, R) is grading R, and a
wrapper opened and never closed is a reply cut off while thinking (no answer, no call, no
program; flag ``unclosed_thinking``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor
from rftkit.rewards.thinking import after_thinking

_HARMONY_ANALYSIS = "<|channel|>analysis<|message|>"
_HARMONY_FINAL = "<|end|><|start|>assistant<|channel|>final<|message|>"


def _stream(t: str, r: str) -> str:
    """Bedrock gpt-oss streamed: one <reasoning> pair per chunk, then the content."""
    chunks = [line + "\n" for line in t.split("\n")]  # a chunk per line
    return "".join(f"<reasoning>{c}</reasoning>" for c in chunks) + r


# Each wrapper: (thinking, reply) -> the whole reply text.
WRAPPERS: dict[str, Callable[[str, str], str]] = {
    "think": lambda t, r: f"<think>\n{t}\n</think>\n\n{r}",
    "think_opened_in_prompt": lambda t, r: f"{t}\n</think>\n\n{r}",
    "thinking": lambda t, r: f"<thinking>\n{t}\n</thinking>\n{r}",
    "thinking_any_case": lambda t, r: f"<Thinking>{t}</THINKING>{r}",
    "reasoning": lambda t, r: f"<reasoning>{t}</reasoning>{r}",
    "reasoning_opened_in_prompt": lambda t, r: f"{t}</reasoning>\n{r}",
    "reasoning_streamed": _stream,
    "nested_mixed": lambda t, r: f"<think><reasoning>{t}</reasoning>\n</think>{r}",
    "harmony": lambda t, r: f"{_HARMONY_ANALYSIS}{t}{_HARMONY_FINAL}{r}<|return|>",
    "harmony_end": lambda t, r: f"{_HARMONY_ANALYSIS}{t}{_HARMONY_FINAL}{r}<|end|>",
    "harmony_unterminated": lambda t, r: f"{_HARMONY_ANALYSIS}{t}{_HARMONY_FINAL}{r}",
    "harmony_no_special_tokens": lambda t, r: f"analysisWe need {t}assistantfinal{r}",
}
# Each: thinking -> a reply cut off while thinking.
CUT_OFF: dict[str, Callable[[str], str]] = {
    "think": lambda t: f"<think>\n{t}",
    "thinking": lambda t: f"<thinking>{t}",
    "thinking_any_case": lambda t: f"<THINKING>\n{t}",
    "reasoning": lambda t: f"<reasoning>{t}",
    "reasoning_streamed": lambda t: f"<reasoning>So</reasoning><reasoning> 5*6 {t}",
    "opened_after_a_close": lambda t: f"<reasoning>a</reasoning>The answer is 30.<thinking>{t}",
    "harmony": lambda t: f"{_HARMONY_ANALYSIS}{t}",
    "harmony_ended": lambda t: f"{_HARMONY_ANALYSIS}{t}<|end|>",
    "harmony_no_special_tokens": lambda t: f"analysisWe need {t}",
}
assert set(CUT_OFF) >= {"think", "thinking", "reasoning", "harmony", "harmony_no_special_tokens"}

TEXT_GRADERS = ("gsm8k", "numeric", "format", "exact_match", "math")

_DRAFTS = [
    "5*6 = 30, or is it 31?",
    "\\boxed{31}",
    "#### 31",
    "#### 30",
    "The answer is 31.",
    "<answer>31</answer>",
    "**31**",
    "A: 31",
    "<<5*6=31>>",
    "<think>",
    "<Reasoning>",
    "Final Answer: The final answer is 31. I hope it is correct.",
    "\n",
]
_REPLIES = [
    "#### 30",
    "So 5*6 = 30.\n#### 30",
    "The answer is 30.",
    "The answer is \\boxed{30}.",
    "She has 30 apples.",
    "She has 31 apples.",
    "**30**",
    "<answer>30</answer>",
    "<answer>\n30\n</answer>",
    "30",
    "30 or 31?",
    "",
]
_CLOSING = ("</think>", "</thinking>", "</reasoning>", "<|", "assistantfinal")


def _thought() -> st.SearchStrategy[str]:
    """Thinking text: drafts and arbitrary text with tag characters, never a closing marker."""
    piece = st.one_of(st.sampled_from(_DRAFTS), st.text(alphabet="ab 31<>/|#\\{}\n", max_size=12))
    return st.lists(piece, max_size=5).map(" ".join)


def _no_closing(t: str) -> bool:
    low = t.lower()
    return not any(c in low for c in _CLOSING)


def _result(name: str, reply: str) -> tuple[object, ...]:
    r = rftkit.load_grader(name)(Sample.from_text(response=reply, reference="30"))
    answer = r.answer.strip() if name == "exact_match" and r.answer else r.answer
    return (r.score, answer, r.rule, r.errors)  # exact_match: the reply as written, spaces kept


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(WRAPPERS)), _thought(), st.sampled_from(_REPLIES))
def test_a_reply_after_any_thinking_scores_as_the_reply_alone(
    wrapper: str, thought: str, reply: str
) -> None:
    assume(_no_closing(thought))
    text = WRAPPERS[wrapper](thought, reply)
    assert (after_thinking(text) or "").strip() == reply.strip(), (wrapper, text)
    for name in TEXT_GRADERS:
        assert _result(name, text) == _result(name, reply), (name, wrapper, text)
    ext = Extractor()  # the fast paths read it as the general path does
    assert ext(text) == ext.general(text), text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(CUT_OFF)), _thought(), st.sampled_from(_REPLIES))
def test_any_thinking_never_closed_is_a_reply_cut_off(
    wrapper: str, thought: str, reply: str
) -> None:
    assume(_no_closing(thought))
    text = CUT_OFF[wrapper](f"{thought} {reply}")
    assert after_thinking(text) is None, text
    ext = Extractor()
    for found in (ext(text), ext.general(text)):
        assert found.answer is None and "unclosed_thinking" in found.flags, text
    for name in TEXT_GRADERS:
        score, answer, _, errors = _result(name, text)
        assert (score, answer) == (0.0, None) and "unclosed_thinking" in errors, (name, text)


# -- tables: one row per wrapper, each grader -------------------------------------------------


# A reply each grader pays (states 30, the reference; for format: in the '#### N' form) and
# one it does not pay.
_PAID = {
    "gsm8k": ("So 5*6 = 30.\n#### 30", "So 5*6 = 31.\n#### 31"),
    "numeric": ("The answer is 30.", "The answer is 31."),
    "format": ("5*6 = 30\n#### 30", ""),  # no reply at all: no form
    "exact_match": ("30", "31"),
    "math": ("So it is $\\boxed{30}$.", "So it is $\\boxed{31}$."),
}


@pytest.mark.parametrize("wrapper", sorted(WRAPPERS))
@pytest.mark.parametrize("name", TEXT_GRADERS)
def test_a_draft_in_the_thinking_is_never_paid(wrapper: str, name: str) -> None:
    wrap = WRAPPERS[wrapper]
    right, wrong = _PAID[name]
    assert _result(name, wrap(wrong, right))[0] == _result(name, right)[0] > 0.5
    assert _result(name, wrap(right, wrong))[0] == _result(name, wrong)[0] < 0.5


@pytest.mark.parametrize("wrapper", sorted(CUT_OFF))
@pytest.mark.parametrize("name", TEXT_GRADERS)
def test_a_right_answer_while_thinking_is_not_paid(wrapper: str, name: str) -> None:
    score, answer, _, errors = _result(name, CUT_OFF[wrapper]("So the answer is 30.\n#### 30"))
    assert (score, answer) == (0.0, None) and "unclosed_thinking" in errors


_CALL = "get_weather(city='Paris')"


def _tool(reply: str, reference: list[str]) -> tuple[float, tuple[str, ...]]:
    r = rftkit.load_grader("tool_call")(Sample.from_text(response=reply, reference=reference))
    return r.score, r.errors


@pytest.mark.parametrize("wrapper", sorted(WRAPPERS))
def test_tool_call_reads_the_calls_after_any_thinking(wrapper: str) -> None:
    wrap = WRAPPERS[wrapper]
    assert _tool(wrap(_CALL, _CALL), [_CALL])[0] == 1.0  # the call in the reply
    assert _tool(wrap(_CALL, "I am not sure."), [_CALL])[0] == 0.0  # only in the thinking
    assert _tool(wrap(_CALL, "I am not sure."), [])[0] == 1.0  # no call made, none expected


@pytest.mark.parametrize("wrapper", sorted(CUT_OFF))
def test_tool_call_cut_off_while_thinking_decides_nothing(wrapper: str) -> None:
    for reference in ([_CALL], []):
        score, errors = _tool(CUT_OFF[wrapper](_CALL), reference)
        assert score == 0.0 and "unclosed_thinking" in errors, reference


_DRAFT_PROGRAM = "```python\nprint(1)\n```"
_PROGRAM = "```python\nprint(2)\n```"


@pytest.mark.parametrize("wrapper", sorted(WRAPPERS))
def test_code_reads_the_program_after_any_thinking(wrapper: str) -> None:
    from rftkit.rewards.code.spec import extract_program

    text = WRAPPERS[wrapper](_DRAFT_PROGRAM, _PROGRAM)
    assert extract_program(text) == extract_program(_PROGRAM) == ("print(2)\n", "python")
    assert extract_program(WRAPPERS[wrapper](_DRAFT_PROGRAM, "No code."))[0] is None


@pytest.mark.parametrize("wrapper", sorted(CUT_OFF))
def test_code_cut_off_while_thinking_has_no_program(wrapper: str) -> None:
    from rftkit.rewards.code.spec import extract_program

    assert extract_program(CUT_OFF[wrapper](_DRAFT_PROGRAM)) == (None, "unclosed_thinking")


def test_the_code_grader_runs_the_program_after_the_thinking_only() -> None:
    grade = rftkit.load_grader("code")
    ref = {"test_cases": [{"input": "", "output": "2\n"}]}
    paid = grade(
        Sample.from_text(response=WRAPPERS["harmony"](_DRAFT_PROGRAM, _PROGRAM), reference=ref)
    )
    assert paid.score == 1.0, paid
    for wrapper in ("reasoning", "harmony", "harmony_no_special_tokens"):
        drafted = WRAPPERS[wrapper](_PROGRAM, "Done.")
        assert grade(Sample.from_text(response=drafted, reference=ref)).score == 0.0, wrapper
    cut = grade(Sample.from_text(response=CUT_OFF["reasoning"](_PROGRAM), reference=ref))
    assert cut.score == 0.0 and "unclosed_thinking" in cut.errors


# -- gpt-oss harmony: channels ----------------------------------------------------------------


_ANALYSIS = "<|channel|>analysis<|message|>The user wants the weather in Paris.<|end|>"


@pytest.mark.parametrize(
    ("reply", "paid"),
    [
        # A call: the commentary channel addressed to a function, after the analysis.
        (
            f"{_ANALYSIS}<|start|>assistant<|channel|>commentary to=functions.get_weather"
            ' <|constrain|>json<|message|>{"city": "Paris"}<|call|>',
            True,
        ),
        # The recipient in the role part of the header, as harmony also allows.
        (
            f"{_ANALYSIS}<|start|>assistant to=functions.get_weather<|channel|>commentary json"
            '<|message|>{"city": "Paris"}<|call|>',
            True,
        ),
        # The wrong arguments, or a recipient that is not a plain name: not the call.
        (
            f"{_ANALYSIS}<|start|>assistant<|channel|>commentary to=functions.get_weather"
            '<|message|>{"city": "Lyon"}<|call|>',
            False,
        ),
        (
            f'{_ANALYSIS}<|start|>assistant<|channel|>commentary to=functions.get"weather'
            '<|message|>{"city": "Paris"}<|call|>',
            False,
        ),
        # A tool's result (addressed to the assistant) is no call, nor is a built-in tool.
        (
            f"{_ANALYSIS}<|start|>functions.get_weather to=assistant<|channel|>commentary"
            '<|message|>{"city": "Paris"}<|end|>',
            False,
        ),
        (
            f"{_ANALYSIS}<|start|>assistant<|channel|>commentary to=browser.search"
            '<|message|>{"city": "Paris"}<|call|>',
            False,
        ),
        # The call drafted in the analysis, then a final message without it.
        (
            "<|channel|>analysis<|message|>get_weather(city='Paris')<|end|>"
            "<|start|>assistant<|channel|>final<|message|>I cannot tell.<|return|>",
            False,
        ),
    ],
)
def test_tool_call_reads_harmony_commentary_calls(reply: str, paid: bool) -> None:
    assert (_tool(reply, [_CALL])[0] == 1.0) is paid


def test_a_harmony_reply_without_a_final_message_or_a_call_was_cut_off() -> None:
    preamble = f"{_ANALYSIS}<|start|>assistant<|channel|>commentary<|message|>Let me look.<|end|>"
    assert after_thinking(preamble) is None  # a preamble is not the reply
    score, errors = _tool(preamble, [])
    assert score == 0.0 and "unclosed_thinking" in errors
    # Without special tokens a call cannot be told from its header: no decision either.
    stripped = (
        "analysisWe need the weather."
        'assistantcommentary to=functions.get_weather json{"city": "Paris"}'
    )
    score, errors = _tool(stripped, [_CALL])
    assert score == 0.0 and "unclosed_thinking" in errors


def test_harmony_reads_the_last_final_message_only() -> None:
    text = (
        f"{_ANALYSIS}<|start|>assistant<|channel|>commentary to=functions.f<|message|>{{}}<|call|>"
        "<|start|>assistant<|channel|>final<|message|>It is 30.<|return|>trailing"
    )
    assert after_thinking(text) == "It is 30."


# -- decisions: what is and is not a marker ---------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "paid"),
    [
        # Without special tokens, only "analysis" glued to a capital or a digit is harmony.
        ("analysisWe need 5*6 = 31, #### 31?assistantfinal#### 30", True),
        ("analysisWe need 5*6. The answer is 31.assistantfinalThe answer is 30.", True),
        ("analysisWe need 5*6. The answer is 30.", False),  # no final: cut off
        ("analysis: 5*6 = 30. The answer is 30.", True),  # prose, read as written
        ("analysis of the problem: the answer is 30.", True),
        ("Analysis: the answer is 30.", True),
        # A closing tag decides even when the text starts like harmony.
        ("analysisWe need 5*6 #### 31</reasoning>The answer is 30.", True),
        # Tags with anything inside the brackets are prose.
        ("<reasoning type='x'>#### 31</reasoning >The answer is 30.", False),
        # Stray tags in prose err towards paying nothing rather than a draft.
        ("The answer is 30. I did not need <reasoning> tags.", False),
        ("The answer is 30, no </reasoning> needed.", False),
        # Nested: the outermost close ends the thinking.
        ("<reasoning>a <think>#### 31</think> b #### 31</reasoning>The answer is 30.", True),
        # Tags in any case.
        ("<REASONING>#### 31</Reasoning>The answer is 30.", True),
        ("<reasoning>\n#### 30\n</REASONING>\nThe answer is 31.", False),
        ("<reasoning>\nThe answer is 30.\n</Reasoning>\nI am not sure.", False),
    ],
)
def test_markers_are_read_by_the_documented_rules(reply: str, paid: bool) -> None:
    reward = rftkit.load_grader("gsm8k")(Sample.from_text(response=reply, reference="30"))
    assert (reward.metric("correct") == 1.0) is paid, reward


def test_the_grpo_reasoning_answer_format_reads_the_answer_tag() -> None:
    found = Extractor()("<reasoning>\n5*6 = 30, maybe 31?\n</reasoning>\n<answer>\n30\n</answer>")
    assert (found.answer, found.rule, found.rejected) == ("30", "answer_tag", None)
    # An answer tag drafted in the reasoning is neither the answer nor a second one.
    drafted = "<reasoning>Maybe <answer>31</answer>? No.</reasoning>\n<answer>30</answer>"
    found = Extractor()(drafted)
    assert (found.answer, found.rule, found.rejected) == ("30", "answer_tag", None)


# -- the pre-check and the two ways to find tags ------------------------------------------------

_FRAGMENTS = [
    "<think>", "</think>", "<Thinking>", "</THINKING>", "<reasoning>", "</reasoning>",
    "<|channel|>", "analysis", "final", "commentary", "<|message|>", "<|end|>", "<|return|>",
    "<|start|>", "assistant", "assistantfinal", "We", "to=functions.f", "{}", "<<5*6=30>>",
    "<", ">", "/", "|", "k", "#### 30", "The answer is 30.", " ", "\n", "\u212a", "\u0130",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12), st.sampled_from([0, 3000]))
def test_the_pre_check_never_skips_a_marker(pieces: list[str], pad: int) -> None:
    from rftkit.rewards.thinking import (
        _LAST_CLOSE,
        _OPEN,
        _has_open_bytes,
        _last_close_end_bytes,
        may_hold_thinking,
    )

    for text in ("".join(pieces) + "x" * pad, "x" * pad + "".join(pieces)):
        if not may_hold_thinking(text):
            assert after_thinking(text) == text, text
        # The regex (short texts) and the byte searches (long texts) find the same tags.
        m = _LAST_CLOSE(text)
        assert (-1 if m is None else m.end()) == _last_close_end_bytes(text), text
        assert (_OPEN(text) is not None) == _has_open_bytes(text), text


_CALL_REPLIES = [
    _CALL,
    f"I will call it.\n{_CALL}",
    '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>',
    "get_weather(city='Lyon')",
    "No tool is needed.",
    "",
]
_PROGRAM_REPLIES = [_PROGRAM, "print(3)", "Here:\n```\nprint(4)\n```", "No code.", ""]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(WRAPPERS)),
    _thought(),
    st.sampled_from(_CALL_REPLIES),
    st.sampled_from(_PROGRAM_REPLIES),
)
def test_calls_and_programs_after_any_thinking_are_read_as_the_reply_alone(
    wrapper: str, thought: str, call_reply: str, program_reply: str
) -> None:
    from rftkit.rewards.code.spec import extract_program

    assume(_no_closing(thought))
    for reference in ([_CALL], []):
        text = WRAPPERS[wrapper](f"{thought} {_CALL}", call_reply)
        assert _tool(text, reference) == _tool(call_reply, reference), (wrapper, text)

    def program(reply: str) -> tuple[str | None, str]:
        found, kind = extract_program(reply)  # a whole-reply program: spaces around it kept
        return (found.strip() if found is not None else None), kind

    text = WRAPPERS[wrapper](f"{thought}\n{_DRAFT_PROGRAM}", program_reply)
    assert program(text) == program(program_reply), (wrapper, text)
