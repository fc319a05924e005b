"""A reasoning model's thinking: the part of a reply that no grader reads as its answer.

Every form an RFT model writes its reasoning in, inside the reply text, is recognised:

* tags: ``<think>...</think>`` (Qwen3, DeepSeek-R1), ``<thinking>...</thinking>`` (Nova,
  and prompts that ask for it), ``<reasoning>...</reasoning>`` (gpt-oss on Bedrock, which
  prepends its reasoning to the content in these tags, one pair per chunk when streamed; and
  the ``<reasoning>...</reasoning><answer>...</answer>`` prompt format). Letters in any ASCII
  case (``</Thinking>``), nothing else inside the brackets (``< think>``, ``</think >`` and
  ``<think type="x">`` are prose). The three kinds are one family: text up to the furthest
  closing tag of any kind is thinking (so a closing tag whose opening was in the prompt makes
  everything before it thinking, and nested or mixed tags end at the outermost close), and
  an opening tag of any kind after it means the reply was cut off while thinking.
* gpt-oss harmony tokens: ``<|channel|>analysis<|message|>...<|end|><|start|>assistant
  <|channel|>final<|message|>REPLY<|return|>``. The reply is the last ``final`` channel's
  message (ended by ``<|return|>``, ``<|end|>`` or nothing). With no final message, the
  ``commentary`` messages addressed to a tool (``to=functions.NAME``, tool calls) are the
  reply, each read as ``<tool_call>{"name": "NAME", "arguments": BODY}</tool_call>``, the
  form :mod:`rftkit.rewards.tool_call` parses; commentary without a recipient (a preamble)
  is not the reply. No final message and no call: cut off while thinking.
* harmony decoded with its special tokens skipped (common with vLLM):
  ``analysisWe need ...assistantfinalThe answer is 18.``. Only a reply that starts with
  ``analysis`` immediately followed by an ASCII capital letter or digit is read this way
  (an English reply does not start with the lower-case word glued to the next; the analysis
  of gpt-oss starts with a capital, "We need", "The user"): the reply is the text after the
  last ``assistantfinal``; with none (and no closing tag), the reply was cut off while
  thinking. Tool calls in this form cannot be told from their headers: a reply with only a
  call is read as cut off.

A reply that runs on past its turn (the end-of-turn token of a chat template,
``<|im_end|>``, ``<|im_start|>``, ``<|eot_id|>``, ``<|endoftext|>``, ``<end_of_turn>``,
``</s>``, DeepSeek's ``<｜end▁of▁sentence｜>``..., then often a new ``user`` turn) ends at
the first such token: what follows is not its reply. Harmony's own ``<|end|>`` and
``<|start|>`` separate a gpt-oss reply's messages and are read as above.

Tags are recognised wherever they stand, also when a reply merely mentions one in prose: an
answer before a stray ``</think>`` is not read, and a stray ``<think>`` after the answer makes
the reply unpaid. Both err towards never paying a draft.

Standard library only (``re``, already on the Lambda path): this module ships inside every
reward Lambda. Every search is linear: literal searches, a regex match at one position,
and small regexes only on texts of at most 2,048 characters (beyond that, byte searches in
the text's ASCII-lowered bytes); a harmony reply is read from its last 64 messages.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["after_thinking", "may_hold_thinking"]

# Any marker that may start or end thinking, for a short text holding "<" (one regex scan;
# the regex engine tries a few letters at each "<", so long texts use byte searches instead).
_PROBE = re.compile("<[/|tTrRseE\uff5c]").search  # a cheaper first pass: most "<" start "<<"
# End-of-turn tokens of chat templates (ChatML/Qwen, Llama 3, GPT-2 style, Gemma, Llama 2
# and Mistral, DeepSeek): a model that runs on past its turn writes them, then a new turn
# ("<|im_start|>user ...") that is not its reply. Not harmony's <|end|>, <|start|>,
# <|return|>: those separate a gpt-oss reply's own messages (read by _harmony_reply).
_TURN_ENDS = (
    "<|im_end|>",
    "<|im_start|>",
    "<|eot_id|>",
    "<|start_header_id|>",
    "<|endoftext|>",
    "<|end_of_text|>",
    "<end_of_turn>",
    "<start_of_turn>",
    "</s>",
    "<\uff5cend\u2581of\u2581sentence\uff5c>",
    "<\uff5cUser\uff5c>",
)
_TURN_END = re.compile("|".join(re.escape(t) for t in _TURN_ENDS)).search
_TURN_END_NOT_S = re.compile("|".join(re.escape(t) for t in _TURN_ENDS if t != "</s>")).search
# The tokens by a character each holds, for _first_turn_end's memchr tests on long texts.
_TURN_GROUPS = (
    (tuple(t for t in _TURN_ENDS if "|" in t), "|"),
    (tuple(t for t in _TURN_ENDS if "_of_turn>" in t), "_of_turn>"),
    (("</s>",), "</s>"),
    (tuple(t for t in _TURN_ENDS if "\uff5c" in t), "\uff5c"),
)
_TURN_GROUPS_NOT_S = tuple(g for g in _TURN_GROUPS if g[1] != "</s>")  # strikethrough seen
_MARK = re.compile(
    r"<(?:/?(?ai:think|thinking|reasoning)>|\|channel\|>)|"
    + "|".join(re.escape(t) for t in _TURN_ENDS)
).search
_CLOSE_AT = re.compile(r"</(?ai:think|thinking|reasoning)>").match
# Anchored at 0 and greedy: the furthest closing tag, found by one walk back from the end.
_LAST_CLOSE = re.compile(r"(?s:.*)</(?ai:think|thinking|reasoning)>").match
_OPEN = re.compile(r"<(?ai:think|thinking|reasoning)>").search
# Openings _MARK matches, for may_hold_thinking's check of a reply's start.
_OPENERS = frozenset(("<reasoning>", "<|channel|>"))
_SHORT = 2048  # up to this many characters, _MARK's cost is bounded (<= 0.1 ms)
# The closing tags in lower case, for the byte searches on long texts (_last_close_end).
_CLOSINGS = (b"</think>", b"</thinking>", b"</reasoning>")

# Harmony tokens that end a message body (and so start the next header), and the first of
# them in a body found by one search (not a search per token).
_BODY_ENDS = ("<|end|>", "<|return|>", "<|call|>", "<|start|>", "<|channel|>")
_BODY_END = re.compile("|".join(re.escape(t) for t in _BODY_ENDS)).search
# A header word: up to a space (str.isspace, as the pattern's \s) or a "<".
_WORD = re.compile(r"[^\s<]*").match
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
_MAX_HEADER = 400  # a harmony header is a few tokens; only its end is read
_MAX_MESSAGES = 64  # a harmony reply is a few messages; only the last ones are read


def may_hold_thinking(text: str) -> bool:
    """False when ``text`` certainly holds no thinking marker: the callers' cheap pre-check.

    One ``in`` for ``<`` (a byte search) and two string comparisons; a reply with a ``<``
    adds a search for ``think>`` and, without one, a regex scan (byte searches past 2,048
    characters). When it returns True, :func:`after_thinking` decides.

    Example:
        >>> may_hold_thinking("So 5*6 = <<5*6=30>>30.\\n#### 30")
        False
        >>> may_hold_thinking("draft</Reasoning>The answer is 30.")
        True
    """
    if "<" in text:
        if "think>" in text:
            return True  # the common reasoning reply (Qwen3, DeepSeek-R1): one fast search
        # A reply that opens with one of the other tags (two slices: a regex call costs more).
        if text[:10] == "<thinking>" or text[:11] in _OPENERS:
            return True
        if len(text) <= _SHORT:
            p = _PROBE(text)
            if p is not None and _MARK(text, p.start()) is not None:
                return True
        else:
            low = text.encode("ascii", "replace").lower()
            if b"think>" in low or b"thinking>" in low or b"reasoning>" in low:
                return True
            if b"<|channel|>" in low:
                return True
            if _first_turn_end(text) != -1:
                return True
    # "analysis" <= text < "analysit" is text.startswith("analysis") without a method call.
    return "analysis" <= text < "analysit"


def after_thinking(text: str) -> str | None:
    """The reply after a reasoning model's thinking, or None when the thinking never ended.

    Text up to the furthest closing ``</think>``, ``</thinking>`` or ``</reasoning>`` is
    thinking (the opening tag is often in the prompt): an answer, a call or a program drafted
    there is neither the reply's answer nor a second one. An opening tag that no closing tag
    follows means the reply was cut off while thinking: None. gpt-oss harmony replies (with
    or without their special tokens) are read as their final message; see the module
    docstring for every rule. Any other text is returned as it is.

    Example:
        >>> after_thinking("5*6 is 30, or \\\\boxed{31}?</think>The answer is 30.")
        'The answer is 30.'
        >>> after_thinking("<reasoning>30, or 31?</reasoning><answer>30</answer>")
        '<answer>30</answer>'
        >>> after_thinking("<thinking>5*6 = 30, so the answer is 30") is None
        True
        >>> after_thinking("analysisWe need 5*6.assistantfinalThe answer is 30.")
        'The answer is 30.'
        >>> after_thinking("The answer is 30.<|im_end|><|im_start|>user\\nAnd 7*8?")
        'The answer is 30.'
    """
    if "<" in text:
        # A model that ran on past its turn: its reply ends at the first end-of-turn token.
        cut = _first_turn_end(text)
        if cut != -1:
            text = text[:cut]
    if "analysis" <= text < "analysit" and len(text) > 8:
        c = text[8]
        if "A" <= c <= "Z" or "0" <= c <= "9":
            k = text.rfind("assistantfinal")
            if k != -1:
                text = text[k + 14 :]
            elif "<" not in text or _last_close_end(text) == -1:
                return None  # harmony without special tokens, cut off while analysing
    if "<" not in text:
        return text
    # The common cases: the text's last "<" opens a closing tag, so no tag can follow it.
    k = text.rfind("</think>")  # Qwen3, DeepSeek-R1: one search from the end
    if k != -1:
        rest = text[k + 8 :]
        if "<" not in rest:
            return rest
    m = _CLOSE_AT(text, text.rfind("<"))
    if m is not None:
        return text[m.end() :]
    end = _last_close_end(text)
    if end != -1:
        text = text[end:]
    if "<|channel|>" in text:
        reply = _harmony_reply(text)
        if reply is None:
            return None
        text = reply
    return None if "<" in text and _has_open(text) else text


# Two ways to find the tags, one result: a regex on a short text; on a long one, where the
# regex engine's few letters tried at each "<" add up, byte searches in the text's
# ASCII-lowered bytes (text.encode("ascii", "replace") makes one byte per character, so an
# index into them is an index into the text). A test holds them equal.


def _first_turn_end(text: str) -> int:
    """Where the first end-of-turn token starts, or -1.

    ``</s>`` after an ``<s>`` is HTML strikethrough (``<s>20</s> 18``), not Llama 2's end
    of turn (its ``<s>`` opens the prompt, never the reply): then ``</s>`` does not count.
    """
    k = _first_turn_end_of(text, _TURN_END, _TURN_GROUPS)
    if k != -1 and text.startswith("</s>", k):
        opened = text.find("<s>", 0, k)
        if opened != -1:
            return _first_turn_end_of(text, _TURN_END_NOT_S, _TURN_GROUPS_NOT_S)
    return k


def _first_turn_end_of(
    text: str,
    rx: Callable[[str], re.Match[str] | None],
    groups: tuple[tuple[tuple[str, ...], str], ...],
) -> int:
    """The first of some end-of-turn tokens.

    One regex on a short text. On a long one, literal searches, each behind a one-character
    test (memchr) that most texts fail: every token ends with ``>``, the ChatML and Llama
    ones hold ``|``, DeepSeek's ``｜``, so a megabyte of ``<`` costs a few byte scans, not
    a slow literal search per token.
    """
    if len(text) <= _SHORT:
        # Every token holds one of these: most texts hold none, found by four searches that
        # cost less than the pattern's walk to each "<" (memchr for the first two).
        # (A "|" token but <|endoftext|> holds "_": harmony's own "<|...|>" tokens hold none.)
        if (
            ("|" not in text or ("_" not in text and "<|endoftext|>" not in text))
            and "\uff5c" not in text
            and "_of_turn>" not in text
            and "</s>" not in text
        ):
            return -1
        m = rx(text)
        return -1 if m is None else m.start()
    if ">" not in text:
        return -1
    first = -1
    for group, probe in groups:
        if probe not in text:
            continue
        for token in group:
            k = text.find(token)
            if k != -1 and (first == -1 or k < first):
                first = k
    return first


def _last_close_end(text: str) -> int:
    """Where the text after the furthest closing tag starts, or -1 when there is none."""
    if "</" not in text:  # (the pattern's walk back costs more: a harmony reply holds none)
        return -1
    if len(text) <= _SHORT:
        m = _LAST_CLOSE(text)
        return -1 if m is None else m.end()
    return _last_close_end_bytes(text)


def _last_close_end_bytes(text: str) -> int:
    low = text.encode("ascii", "replace").lower()
    end = -1
    for tag in _CLOSINGS:
        k = low.rfind(tag)
        if k != -1 and k + len(tag) > end:
            end = k + len(tag)
    return end


def _has_open(text: str) -> bool:
    """Does the text hold an opening tag?"""
    if len(text) <= _SHORT:
        return _OPEN(text) is not None
    return _has_open_bytes(text)


def _has_open_bytes(text: str) -> bool:
    low = text.encode("ascii", "replace").lower()
    return b"<think>" in low or b"<thinking>" in low or b"<reasoning>" in low


def _harmony_reply(text: str) -> str | None:
    """The reply of a harmony transcript: its last final message, else its tool calls."""
    parts = text.rsplit("<|message|>", _MAX_MESSAGES)
    if len(parts) > 1:
        # The common reply ends with its final message: the last final message is the reply
        # whatever precedes it, so only the last header is read (the loop reads them all).
        last = parts[-1]
        header = parts[0] if len(parts) == 2 else parts[-2]
        if len(parts) > 2:
            m = _BODY_END(header)
            header = header[len(header) if m is None else m.start() :]
        if _header(header[-_MAX_HEADER:])[0] == "final":
            m = _BODY_END(last)
            return last if m is None else last[: m.start()]
    header = parts[0]
    final: str | None = None
    calls: list[str] = []
    for seg in parts[1:]:
        m = _BODY_END(seg)
        cut = len(seg) if m is None else m.start()
        body = seg[:cut]
        channel, recipient = _header(header[-_MAX_HEADER:])
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


def _word(text: str, start: int) -> str:
    """The run of text from ``start`` up to a space or a ``<``."""
    return text[start : _WORD(text, start).end()]  # type: ignore[union-attr]  # (always)


def _header(header: str) -> tuple[str, str]:
    """A harmony message header's channel and the function it calls (``""`` for none)."""
    k = header.rfind("<|channel|>")
    channel = _word(header, k + 11) if k != -1 else ""
    recipient = ""
    t = header.find("to=functions.")  # a call; "to=assistant" is a tool's result
    if t != -1:
        recipient = _word(header, t + 13)
        if not _NAME_CHARS.issuperset(recipient):
            recipient = ""
    return channel, recipient
