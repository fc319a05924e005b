"""Clock times and durations in the final sentence (issue 14; docs/graders.md "Clock times").

* A time of day (``8:30``, ``6:48 pm``, ``7:00 a.m.``, ``8:30:15``) is one value, never its
  hours or its minutes: beside the answer it is context, alone it reads as its hour only
  when on the hour (GSM8K's ``#### 7`` for ``7:00 pm``), else ``clock_time``.
* An equation of clock times holds when it holds in minutes or in hours.
* A duration in two units restated in one with the same value is one quantity.
* A time never pays a hedge: joined to a number by a hedge it is a second answer.

Each case's reading before this change (main) is in its comment.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.clock_times import clock_spans, has_clock
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import scan
from tests.prose import assert_reads_as_general
from tests.prose import paid as _paid
from tests.prose import read as _read

NOW_PAID = [
    # (reply, reference)                                                 # main read
    ("The movie is 38 minutes long and ends at 8:30.", "38"),  # 30
    ("He spent 38 minutes, finishing at 6:48 pm.", "38"),  # 48
    ("So it takes her 38 minutes, from 6:10 to 6:48.", "38"),  # 48
    ("He arrives 38 minutes late, at 8:30.", "38"),  # 30
    ("So it costs $4.50 at 4:30.", "4.5"),  # 30
    ("So 6:48 - 6:10 = 38, at 6:50.", "38"),  # multiple_answers
    ("So she waits 38 minutes, until 6:48 a.m.", "38"),  # 48
    ("Thus, 6:07 AM is 7 minutes after 6:00 AM.", "7"),  # 0
    ("It ends at 8:30:15 after 45 minutes.", "45"),  # 45
    # clock arithmetic: holds in minutes
    ("From 6:10 to 6:48 is 6:48-6:10=38 minutes.", "38"),  # multiple_answers
    ("So that means the time until sunset is 6:48-6:10=38 minutes.", "38"),  # multiple
    ("So 9:00 - 7:30 = 90 minutes.", "90"),  # multiple_answers
    ("So 9:00 - 7:30 = 1:30 = 90 minutes.", "90"),  # multiple_answers
    ("1:30 = 90 minutes.", "90"),  # multiple_answers
    ("Delaney was 8:20 a.m. - 8:00 a.m. = 20 minutes late.", "20"),  # 20
    ("From 11:30 am to 1:15 pm is 1:15 pm - 11:30 am = 105 minutes.", "105"),  # 105
    # ... or in hours, as written or on a 24-hour clock
    ("So 9:00 - 7:30 = 1.5 hours.", "1.5"),  # multiple_answers
    ("His flight took 10:00-00:00 = 10 hours.", "10"),  # multiple_answers
    ("So she won't be able to eat until 4+3 = 7:00 pm.", "7"),  # 7 (the ":" cut it)
    ("The latest she can start is 18 - 8 = 10:00 am.", "10"),  # 10
    ("So the latest they can leave is 8-3 = 5:00 pm.", "5"),  # 5
    ("So she starts at 6:00 pm - 8 = 10:00.", "10"),  # multiple_answers (18 - 8)
    # a time alone, on the hour: its hour (GSM8K writes "#### 7")
    ("She will eat dinner at 7:00 pm.", "7"),  # 0
    ("Mark should leave his home at 9:00 a.m.", "9"),  # 0
    ("Time: 7:00", "7"),  # 0
    # ... and so in an answer container
    ("#### 7:00", "7"),  # several_numbers
    ("So she eats at **7:00 pm**.", "7"),  # several_numbers
    ("The answer is 7:00 p.m.", "7"),  # several_numbers
    ("A: 7:00", "7"),  # several_numbers
    ("The answer is 4 + 3 = 7:00 pm.", "7"),  # several_numbers
    ("#### 6:48 - 6:10 = 38", "38"),  # multiple_answers
    ("#### 9:00 - 7:30 = 1:30 = 90", "90"),  # multiple_answers
    ("\\boxed{7:00}", "7"),  # several_numbers
    ("#### 7:00\n#### 7", "7"),  # multiple_answers
    # a duration in two units restated in one, with the same value
    ("So he has 1 hour and 20 minutes left, which is 80 minutes.", "80"),  # multiple
    ("He has 80 minutes left, which is 1 hour and 20 minutes.", "80"),  # several_numbers
    ("It takes 2 hours and 30 minutes, or 150 minutes.", "150"),  # multiple_answers
    ("It takes 2 hours and 30 minutes, i.e. 2.5 hours.", "2.5"),  # multiple_answers
    ("She is 5 feet 6 inches tall, which is 66 inches.", "66"),  # multiple_answers
    ("She is 66 inches tall, which is 5 feet 6 inches.", "66"),  # several_numbers
]

STILL_REFUSED = [
    # (reply, rejected)                                                  # main read
    ("The movie ends at 8:30.", "clock_time"),  # 30 (paid for a minute count)
    ("She arrives at 8:30 a.m.", "clock_time"),  # 30
    ("It ends at 8:30:15.", "clock_time"),  # 15
    ("John 3:16 says so.", "clock_time"),  # 16 (read as a time: nothing tells it apart)
    ("8:30 or 9:00.", "clock_time"),  # 0, paid: a hedge
    ("She will eat dinner at 7:00 pm or 8:00 pm.", "clock_time"),  # multiple_answers
    ("So it is 9:00 - 7:30 = 1:30.", "clock_time"),  # multiple_answers (a duration)
    ("So 9:00 - 7:30 = 80 minutes.", "multiple_answers"),  # multiple_answers
    ("It takes 38 or 40 minutes, at 6:48.", "multiple_answers"),  # 48, paid: a hedge
    ("So 8:30 or 38 minutes.", "multiple_answers"),  # multiple_answers
    ("He arrives at 8:30, 38 minutes late.", "multiple_answers"),  # multiple_answers
    ("So it takes 38 minutes or 6:48.", "multiple_answers"),  # 48, paid: a hedge
    ("So it is 38 or 6:48 or 40 minutes.", "multiple_answers"),  # multiple_answers
    ("So 7:00 or 8.", "multiple_answers"),  # multiple_answers
    ("So it is 8:30 a.m. or 38.", "multiple_answers"),  # 38, paid ("a.m. " ended it)
    ("So it is 9 a.m. or 38.", "multiple_answers"),  # 38, paid
    ("So it is 12:17 a.m. hours or 701.", "multiple_answers"),  # 701, paid
    ("So it takes 6:48 - 6:10 = 38 or 40 minutes.", "multiple_answers"),  # multiple
    # a restatement with another value: still two answers
    ("So he has 1 hour and 20 minutes left, which is 90 minutes.", "multiple_answers"),
    ("He has 90 minutes left, which is 1 hour and 20 minutes.", "several_numbers"),
    ("It takes 2 hours and 30 minutes, i.e. 3 hours.", "multiple_answers"),
    ("So he has 1 hour and 20 minutes left, which is 80 or 81 minutes.", "multiple_answers"),
    ("It takes 2 hours and 30 minutes.", "several_numbers"),
    # answer containers holding a time read as the final sentence reads it
    ("#### 8:30", "clock_time"),  # several_numbers
    ("So the answer is **8:30**.", "clock_time"),  # several_numbers
    ("The answer is 8:30.", "clock_time"),  # several_numbers
    ("The answer is 9:00 - 7:30 = 1:30.", "clock_time"),  # multiple_answers
    ("The answer is 8:00 or 9:00.", "several_numbers"),  # several_numbers
    ("The answer is 7:00 and 3.", "several_numbers"),  # several_numbers
    ("#### 6:48 - 6:10 = 40", "multiple_answers"),  # multiple_answers
    ("#### 6:48 - 6:10 = 38 or 40", "multiple_answers"),  # multiple_answers
    ("#### 7:00\n#### 8:00", "multiple_answers"),  # multiple_answers (two values)
    ("The answer is 3:2.", "several_numbers"),  # several_numbers (a ratio)
]

UNCHANGED = [
    # (reply, answer): no clock time in them
    ("The ratio is 3:2.", "2"),
    ("So the ratio is 1:4.", "4"),
    ("So the ratio of boys to girls is 12:15.", "15"),
    ("A: 18", "18"),
    ("Answer: 18", "18"),
    ("Step 1: 18 apples.", "18"),
    ("Total: 72 apples.", "72"),
    ("She will eat dinner at 7 pm.", "7"),
    ("He saw Ms Lee at 4 p.m. So she has 9 apples.", "9"),  # a capital after "p.m.": a stop
    ("She arrives at 8:30 a.m. She waits 3 hours.", "3"),
    ("The score was 21:14, so they won by 7.", "7"),
    # GSM8K's list labels ("Day 2:" glued to the number): no times
    ("Day 2:21-6=15 crickets.", "15"),
    ("Night 1:30 pages.", "30"),
    ("Day 2:56/2=28 miles.", "28"),
    ("- Week 3:45 miles.", "45"),
    ("Day 2:50(2)=100", "100"),
]


@pytest.mark.parametrize(("reply", "reference"), NOW_PAID)
def test_a_time_of_day_is_one_value_and_the_answer_beside_it_is_paid(
    reply: str, reference: str
) -> None:
    assert _paid(reply, reference) == 1.0, reply
    assert _read(reply)[1] is None, reply


@pytest.mark.parametrize(("reply", "rejected"), STILL_REFUSED)
def test_a_time_pays_no_minute_count_and_no_hedge(reply: str, rejected: str) -> None:
    assert _read(reply)[1] == rejected, reply
    for reference in ("8", "30", "38", "40", "48", "80", "90", "9", "0", "7"):
        assert _paid(reply, reference) == 0.0, (reply, reference)


@pytest.mark.parametrize(("reply", "answer"), UNCHANGED)
def test_ratios_labels_and_plain_hours_read_as_before(reply: str, answer: str) -> None:
    assert _read(reply) == (answer, None), reply


@pytest.mark.parametrize("sentence", [r for r, _ in NOW_PAID + STILL_REFUSED + UNCHANGED])
def test_clock_sentences_read_as_the_general_path(sentence: str) -> None:
    ex = Extractor()
    reply = "She has 16 - 3 - 4 = 9 eggs.\n" + sentence
    assert ex(reply) == ex.general(reply), sentence
    if ":" not in sentence:
        assert_reads_as_general(sentence.rstrip("."))


def test_the_clock_time_read_alone_is_reported_with_its_flag() -> None:
    found = Extractor()("She will eat dinner at 7:00 pm.")
    assert (found.answer, found.rejected, found.flags) == ("7", None, ("clock_hour",))
    refused = Extractor()("The movie ends at 8:30:15.")
    assert (refused.answer, refused.rejected) == ("8:30:15", "clock_time")


def test_a_time_in_the_sentence_keeps_the_givens_from_reading_its_parts() -> None:
    # Before: the question gives 38, so the sentence's one other value, 7 (the hour of
    # 7:38), was read.
    found = Extractor()("At 7:38 he had walked 38 minutes.", prompt="He walks 38 minutes.")
    assert found.answer == "38"


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("at 8:30.", [(3, 7, 8, 30, 0, "")]),
        ("at 6:48 pm,", [(3, 10, 6, 48, 0, "p")]),
        ("at 7:00 a.m.", [(3, 12, 7, 0, 0, "a")]),
        ("at 7:00AM and", [(3, 9, 7, 0, 0, "a")]),
        ("1:05:30 later", [(0, 7, 1, 5, 30, "")]),
        ("3:2 and 1:4", []),  # ratios: one digit after the colon
        ("24:00 and 41:15 and 1:75", []),  # no hour 24 or 41, no minute 75
        ("x 1.8:30 and 2,8:30 and 10:30.5", []),  # a decimal or a list before or after
        ("a ratio of 10:15", []),
        ("an 8:30 amazing", [(3, 7, 8, 30, 0, "")]),  # "am" starts a word: no suffix
        ("8:30pm.", [(0, 7, 8, 30, 0, "p")]),
        ("Day 2:21-6=15", []),  # a list label
        ("At 8:30", [(3, 7, 8, 30, 0, "")]),
        ("So 8:30", [(3, 7, 8, 30, 0, "")]),
        ("He left. Day 2:30 later", [(13, 17, 2, 30, 0, "")]),  # not at the start
        ("8:30 pm0 and 8:30 a.m.5", [(0, 4, 8, 30, 0, ""), (13, 17, 8, 30, 0, "")]),
    ],
)
def test_clock_spans(text: str, spans: list[tuple[int, int, int, int, int, str]]) -> None:
    assert clock_spans(text) == spans


_TIMES = st.tuples(st.integers(0, 23), st.integers(0, 59))
# ("/" between two integers is a fraction: "2/1 minutes" is 2, no hedge)
_HEDGES = st.sampled_from([" or ", ", ", " to ", " and ", " or maybe ", " / ", " - "])


def _clock(t: tuple[int, int]) -> str:
    return f"{t[0]}:{t[1]:02d}"


@settings(max_examples=150, deadline=None)
@given(
    answer=st.integers(1, 999),
    other=st.integers(1, 999),
    time=_TIMES,
    hedge=_HEDGES,
    where=st.sampled_from(["{c}{h}{a}", "{a}{h}{c}", "{a}{h}{b} minutes, at {c}"]),
)
@example(answer=38, other=40, time=(6, 48), hedge=" or ", where="{a}{h}{b} minutes, at {c}")
@example(answer=38, other=38, time=(8, 30), hedge=" or ", where="{c}{h}{a}")
def test_a_time_never_pays_a_hedge(
    answer: int, other: int, time: tuple[int, int], hedge: str, where: str
) -> None:
    if "{b}" in where and answer == other:
        other += 1
    body = where.format(a=answer, b=other, c=_clock(time), h=hedge)
    reply = f"So it is {body}."
    for reference in {answer, other, time[0], time[1], time[0] * 60 + time[1]}:
        assert _paid(reply, str(reference)) == 0.0, (reply, reference)


@settings(max_examples=150, deadline=None)
@given(
    answer=st.integers(0, 999),
    time=_TIMES,
    half=st.sampled_from(["", " am", " pm", " a.m.", " PM"]),
    joint=st.sampled_from([" minutes, finishing at ", " minutes until ", " km by "]),
)
def test_a_time_after_the_answer_is_context(
    answer: int, time: tuple[int, int], half: str, joint: str
) -> None:
    plain = f"So she walks {answer} minutes."
    timed = f"So she walks {answer}{joint}{_clock(time)}{half}."
    assert _read(timed) == _read(plain) == (str(answer), None), timed


@settings(max_examples=150, deadline=None)
@given(start=_TIMES, minutes=st.integers(1, 600), wrong=st.integers(1, 5))
def test_an_equation_of_times_holds_when_it_holds_in_minutes(
    start: tuple[int, int], minutes: int, wrong: int
) -> None:
    total = start[0] * 60 + start[1] + minutes
    if total >= 24 * 60:
        return
    end = (total // 60, total % 60)
    good = f"So it takes {_clock(end)} - {_clock(start)} = {minutes} minutes."
    bad = f"So it takes {_clock(end)} - {_clock(start)} = {minutes + wrong} minutes."
    assert _read(good) == (str(minutes), None), good
    assert _read(bad)[1] == "multiple_answers", bad


@settings(max_examples=100, deadline=None)
@given(
    unit=st.sampled_from([("hour", "minutes", 60), ("feet", "inches", 12), ("days", "hours", 24)]),
    major=st.integers(1, 20),
    minor=st.integers(1, 11),
    off=st.integers(-3, 3),
)
def test_a_quantity_in_two_units_restated_in_one_is_read_only_at_its_value(
    unit: tuple[str, str, int], major: int, minor: int, off: int
) -> None:
    big, small, factor = unit
    whole = major * factor + minor + off
    reply = f"So it is {major} {big} and {minor} {small}, which is {whole} {small}."
    reverse = f"So it is {whole} {small}, which is {major} {big} and {minor} {small}."
    if off == 0:
        assert _read(reply) == (str(whole), None), reply
        assert _read(reverse) == (str(whole), None), reverse
    else:
        assert _read(reply)[1] == "multiple_answers", reply
        assert _read(reverse)[1] == "several_numbers", reverse


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789:. apmAPM", max_size=24))
def test_the_probe_finds_every_clock_time(text: str) -> None:
    if clock_spans(text):
        assert has_clock(text)


def test_hostile_colons_read_in_linear_time() -> None:
    # A long run of digit-colon pairs is read once (no backtracking); the answer is refused.
    text = "So it is " + "1:2" * 5000 + "3:45 " * 2000 + "."
    found = Extractor()(text)
    assert found.rejected is not None


_GSM8K = Path("/work/shared/data/gsm8k/train.jsonl")


@pytest.mark.skipif(not _GSM8K.exists(), reason="GSM8K train split not present")
def test_gsm8k_solutions_with_clock_times_are_all_paid() -> None:
    clock = re.compile(r"(?<![\d.:])\d{1,2}:\d\d(?!\d)")
    ex = Extractor()
    seen = paid = 0
    for line in _GSM8K.read_text().splitlines():
        row = json.loads(line)
        body, _, ref = row["answer"].rpartition("####")
        if not clock.search(body):
            continue
        seen += 1
        found = ex(body.strip() + ".")
        paid += found.number is not None and str(found.number) == ref.strip()
    # Before: 20 of these 23 (6:48-6:10=38, 6:07 AM, and 10:00-00:00 were refused or 0).
    assert (seen, paid) == (23, 23)


_PIECES = st.lists(
    st.one_of(
        st.integers(0, 999).map(str),
        st.builds(_clock, _TIMES),
        st.builds(lambda t, h: _clock(t) + h, _TIMES, st.sampled_from([" pm", " a.m.", "AM"])),
        st.sampled_from([" or ", ", ", " = ", " - ", " + ", " minutes ", " at ", " to ", " and "]),
        st.sampled_from(["so", "it takes", "until", "which is", "from", "hours", "the ratio"]),
    ),
    min_size=1,
    max_size=9,
)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
@example(["6:48", " - ", "6:10", " = ", "38", " minutes "])
@example(["7:00", " pm"])
@example(["38", " or ", "8:30"])
@example([" = ", "0:01 pm", "0"])  # the digit after "pm" once made the minute 1 read 10
def test_a_sentence_with_times_pays_a_number_written_in_it_or_an_hour(pieces: list[str]) -> None:
    sentence = "So " + "".join(pieces).strip() + "."
    ex = Extractor()
    reply = "She has 16 - 3 - 4 = 9 eggs.\n" + sentence
    found = ex(reply)
    assert found == ex.general(reply), sentence  # the fast paths read as the general path
    if found.rejected is not None or found.number is None or found.rule != "final_sentence":
        return
    clocks = clock_spans(sentence)
    rest = sentence
    for start, end, *_ in reversed(clocks):
        rest = rest[:start] + " clock " + rest[end:]
    written = {tok.number.value for tok in scan(rest) if tok.number is not None}
    hours = {h for _, _, h, m, s, _ in clocks if not m and not s}
    value = found.number.value
    # Never a time's minutes or seconds: a number written outside the times, or the hour
    # of a time on the hour (flagged).
    assert value in written or ("clock_hour" in found.flags and value in hours), sentence


@pytest.mark.parametrize(
    ("reply", "reference", "score"),
    [
        ("The movie ends at 8:30.", "8:30", 1.0),  # 0.0: read 30
        ("The movie ends at 8:30 pm.", "8:30 pm", 1.0),  # 0.0: read 30
        ("The movie ends at 8:30.", "30", 0.0),  # 1.0: paid the minutes
        ("It ends at 8:30 or 9:00.", "9:00", 0.0),  # 0.0: read 00
        ("He spent 38 minutes, finishing at 6:48 pm.", "38", 1.0),  # 0.0: read 48
    ],
)
def test_exact_match_reads_a_time_alone_as_written(
    reply: str, reference: str, score: float
) -> None:
    grade = rftkit.load_grader("exact_match", rules=["final_sentence"])
    assert grade(Sample.from_text(response=reply, reference=reference)).score == score
