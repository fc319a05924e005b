"""The marker forms' shortcuts read exactly as the code they stand in for (issue 14, speed).

:func:`parse_answer` keeps its readings of plain integers by answer text
(``equations._PLAIN_INTS``): a kept reading must be the one a fresh reading gives, in either
mode, whatever texts were read before.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards import equations
from rftkit.rewards.equations import _parse_answer_general, parse_answer
from rftkit.rewards.numbers import ParseResult

_INT_TEXTS = [
    "18",
    "0",
    "07",
    "0018",
    "9999",
    "10000",
    "123456789012",
    "$18$",
    "$18",
    "18$",
    "18.",
    "$18.",
    "18.$",
    " 18 ",
    "$ 18",
    "$$18$$",
    "-5",
    "$-5",
    "-$5",
    "1,234",
    "$1,600$",
    "18 dollars",
    "\u0661\u0668",  # Arabic-Indic digits: not ASCII, never kept
]


def _fresh(text: str, strict: bool) -> ParseResult:
    """parse_answer's reading with nothing kept and nothing to keep."""
    saved, bound = equations._PLAIN_INTS, equations._MAX_PLAIN_INTS
    equations._PLAIN_INTS, equations._MAX_PLAIN_INTS = {}, 0
    try:
        return parse_answer(text, strict=strict)
    finally:
        equations._PLAIN_INTS, equations._MAX_PLAIN_INTS = saved, bound


@pytest.mark.parametrize("text", _INT_TEXTS)
@pytest.mark.parametrize("strict", [False, True])
def test_kept_readings_are_fresh_readings(
    text: str, strict: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(equations, "_PLAIN_INTS", {})
    for other in _INT_TEXTS:  # every reading kept first, in the other mode
        parse_answer(other, strict=not strict)
    assert parse_answer(text, strict=strict) == _fresh(text, strict)


@pytest.mark.parametrize("text", ["18", "$18$", "$18", "18.", "0018", "9999", "10000"])
def test_kept_plain_integers_read_as_the_general_reader_does(text: str) -> None:
    parse_answer(text)
    assert parse_answer(text) == _parse_answer_general(text, False)
    assert parse_answer(text, strict=True) == _parse_answer_general(text, True)


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789$.- ,x", max_size=8), min_size=1, max_size=6),
    st.booleans(),
)
@example(["18", "$18$", "18."], False)
@example(["$18", "18$", "$$18"], True)
def test_kept_readings_hold_for_any_order(texts: list[str], strict: bool) -> None:
    saved = equations._PLAIN_INTS
    equations._PLAIN_INTS = {}
    try:
        kept = [parse_answer(t, strict=strict) for t in texts]
        kept += [parse_answer(t, strict=not strict) for t in texts]
    finally:
        equations._PLAIN_INTS = saved
    fresh = [_fresh(t, strict) for t in texts] + [_fresh(t, not strict) for t in texts]
    assert kept == fresh, texts


def test_kept_readings_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(equations, "_PLAIN_INTS", {})
    monkeypatch.setattr(equations, "_MAX_PLAIN_INTS", 3)
    for i in range(10):
        parse_answer(f"${i}$")
    assert len(equations._PLAIN_INTS) <= 4  # (a text and its digits may go in together)
    assert parse_answer("$7$") == _parse_answer_general("$7$", False)


# -- a reasoning model's thinking (thinking.py): searches in place of per-token loops -------

from rftkit.rewards import thinking  # noqa: E402

_THINK_PIECES = st.sampled_from(
    [
        *thinking._BODY_ENDS,
        *thinking._TURN_ENDS,
        "<|message|>",
        "<|channel|>final",
        "<|channel|>analysis",
        "<s>",
        "</think>",
        "<think>",
        "</Reasoning>",
        "<|",
        "|>",
        "<",
        "|",
        "\uff5c",
        "_of_turn>",
        "_",
        "<thinking>",
        "<Reasoning>",
        "<reasoning",
        "</",
        "s>",
        " to=functions.get",
        "The answer is 18.",
        " ",
        "\t",
        "\u00a0",
        "\u2003",
        "\x1c",
        "\n",
        "x",
    ]
)
_THINK_TEXT = st.lists(_THINK_PIECES, max_size=12).map("".join)


def _body_cut_slow(seg: str) -> int:
    """The first of the harmony body ends in ``seg``, one search per token (as it was)."""
    cut = len(seg)
    for token in thinking._BODY_ENDS:
        k = seg.find(token, 0, cut)
        if k != -1:
            cut = k
    return cut


def _word_slow(text: str, start: int) -> str:
    """thinking._word by a walk (as it was)."""
    end = start
    n = len(text)
    while end < n and not text[end].isspace() and text[end] != "<":
        end += 1
    return text[start:end]


def _turn_end_slow(text: str, rx: object) -> int:
    m = rx(text)  # type: ignore[operator]
    return -1 if m is None else m.start()  # type: ignore[no-any-return]


@settings(max_examples=3000, deadline=None)
@given(_THINK_TEXT, st.integers(0, 40))
@example("<|channel|>analysis", 11)
@example("final\u2003x", 0)
@example("to\x1cx<y", 0)
def test_thinking_searches_find_what_the_walks_found(text: str, start: int) -> None:
    m = thinking._BODY_END(text)
    assert (len(text) if m is None else m.start()) == _body_cut_slow(text), text
    start = min(start, len(text))
    assert thinking._word(text, start) == _word_slow(text, start), (text, start)
    assert thinking._first_turn_end_of(
        text, thinking._TURN_END, thinking._TURN_GROUPS
    ) == _turn_end_slow(text, thinking._TURN_END), text
    assert thinking._first_turn_end_of(
        text, thinking._TURN_END_NOT_S, thinking._TURN_GROUPS_NOT_S
    ) == _turn_end_slow(text, thinking._TURN_END_NOT_S), text
    slow = thinking._LAST_CLOSE(text)
    assert thinking._last_close_end(text) == (-1 if slow is None else slow.end()), text


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        (
            "<|channel|>analysis<|message|>5*6 = 30<|end|><|start|>assistant<|channel|>final"
            "<|message|>The answer is 30.<|return|>",
            "The answer is 30.",
        ),
        (
            "<|channel|>commentary to=functions.add<|message|>{}<|call|>",
            '<tool_call>{"name": "add", "arguments": {}}</tool_call>',
        ),
        ("<|channel|>analysis\u2003x<|message|>30<|end|>", None),
        ("<think>30</think>The answer is 30.<|im_end|><|im_start|>user", "The answer is 30."),
        ("The answer is <s>20</s> 18.", "The answer is <s>20</s> 18."),
        ("draft<end_of_turn>x", "draft"),
        ("a</s>b", "a"),
        ("<\uff5cUser\uff5c>x", ""),
    ],
)
def test_after_thinking_reads_harmony_and_turn_ends_as_before(text: str, reply: str | None) -> None:
    """A few readings the searches above feed (the module's own tests hold the rest)."""
    assert thinking.after_thinking(text) == reply


def _harmony_reply_slow(text: str) -> str | None:
    """thinking._harmony_reply reading every message (as it was)."""
    parts = text.rsplit("<|message|>", thinking._MAX_MESSAGES)
    header = parts[0]
    final: str | None = None
    calls: list[str] = []
    for seg in parts[1:]:
        cut = _body_cut_slow(seg)
        body = seg[:cut]
        channel, recipient = thinking._header(header[-thinking._MAX_HEADER :])
        if channel == "final":
            final = body
        elif channel == "commentary" and recipient:
            calls.append(
                f'<tool_call>{{"name": "{recipient}", "arguments": {body.strip()}}}</tool_call>'
            )
        header = seg[cut:]
    if final is not None:
        return final
    return "\n".join(calls) if calls else None


_HARMONY_PIECES = st.sampled_from(
    [
        "<|channel|>final",
        "<|channel|>analysis",
        "<|channel|>commentary to=functions.add",
        "<|channel|>final ",
        "<|channel|>finale",
        "<|message|>",
        "<|message|>",
        "<|end|>",
        "<|start|>assistant",
        "<|return|>",
        "<|call|>",
        "{}",
        "The answer is 18.",
        "x" * 390,
        " ",
        "<",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_HARMONY_PIECES, max_size=14).map("".join))
@example("<|channel|>final<|message|>18")
@example("<|channel|>analysis<|message|>x<|end|><|start|>assistant<|channel|>final<|message|>18")
@example("<|channel|>final<|message|>18<|end|><|channel|>analysis<|message|>20")
def test_harmony_reply_reads_the_last_final_message_as_the_loop_does(text: str) -> None:
    assert thinking._harmony_reply(text) == _harmony_reply_slow(text), text


def _may_hold_thinking_slow(text: str) -> bool:
    """may_hold_thinking without its shortcuts: a marker _MARK finds, or bare harmony."""
    if len(text) <= thinking._SHORT:
        return thinking._MARK(text) is not None or text.startswith("analysis")
    return thinking.may_hold_thinking(text)  # (long texts: byte searches, held elsewhere)


@settings(max_examples=3000, deadline=None)
@given(_THINK_TEXT)
@example("<thinking>")
@example("<reasoning>x")
@example("<|channel|>analysis")
@example("<|channel|>x_y<|endoftext|>")
def test_may_hold_thinking_is_the_marker_search(text: str) -> None:
    assert thinking.may_hold_thinking(text) == _may_hold_thinking_slow(text), text


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("<thinking>5*6 = 30</thinking>30", True),
        ("<reasoning>30</reasoning><answer>30</answer>", True),
        ("<|channel|>analysis<|message|>30<|end|>", True),
        ("<thinkin>30", False),
        ("<reasonin>30", False),
        ("<|channel>30", False),
        ("<Thinking>30", True),  # (case-insensitive: the regex decides)
        ("<|chan|>30", False),
    ],
)
def test_may_hold_thinking_cases(text: str, held: bool) -> None:
    assert thinking.may_hold_thinking(text) is held
    assert _may_hold_thinking_slow(text) is held


@pytest.mark.parametrize(
    "text",
    [
        "<|channel|>final<|message|>30<|return|>",  # harmony: no "_", no turn end
        "<|channel|>final<|message|>30<|endoftext|>x",
        "a_b|c<|im_end|>x",
        "a|b_c<|eot_id|>",
        "x|y<|end_of_text|>",
        "x|y<end_of_turn>",
        "x|y</s>",
        "x|y<\uff5cUser\uff5c>",
    ],
)
def test_first_turn_end_cases(text: str) -> None:
    for rx, groups in (
        (thinking._TURN_END, thinking._TURN_GROUPS),
        (thinking._TURN_END_NOT_S, thinking._TURN_GROUPS_NOT_S),
    ):
        assert thinking._first_turn_end_of(text, rx, groups) == _turn_end_slow(text, rx), text
