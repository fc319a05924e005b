"""A remark that compares the answer with another quantity (rftkit.rewards.comparisons).

``He reads 18 pages, which is above the goal of 15.`` states 18 and compares it with 15: the
remark's numbers are no answer (flag ``comparison``). A clause that states a result (``so he
needs 20 more``, ``leaving 5``, ``for a total of 40``), a hedge (``18, or maybe 20``) and a
bound (``more than 18``) keep their readings. Each table row gives the reading before this
policy in a comment; both directions are checked, and every reply is read by the fast paths
as by the general one (tests/prose.py). The properties grade generated replies against the
answer and against the remark's number.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor
from tests.prose import WORK, assert_reads_as_general, paid, read

EX = Extractor()
GSM8K = rftkit.load_grader("gsm8k")
COMPARISON = "comparison"  # comparisons.FLAG (a literal: the table also runs on older code)

# (final sentence, answer read now, the reading before) - every one paid 18 now
READ = [
    ("He reads 18 pages, which is above the goal of 15.", "18", "15"),
    ("So she makes $18, well above the $15 she needs.", "18", "15"),
    ("He reads 18 pages, more than the 15 he planned.", "18", "15"),
    ("So the tank holds 18 gallons, less than its capacity of 20 gallons.", "18", "20"),
    ("So she makes $18 per day, compared to $15 last week.", "18", "15"),
    ("That gives 18 pages, beating his goal of 15 pages.", "18", "15"),
    ("So it takes 18 minutes, under the 20 minute limit.", "18", "20"),
    ("He reads 18 pages, 3 pages above his goal.", "18", "3"),
    ("He reads 18 pages in total, up from 12 last week.", "18", "12"),
    ("He reads 18 pages, double the 9 he read before.", "18", "9"),
    ("She makes $18, which is within her budget of $20.", "18", "20"),
    ("She saves $18, which is $2 short of her goal of $20.", "18", "20"),
    ("He scores 18 points, the highest of the 4 players.", "18", "4"),
    ("He scores 18 points, ranking him 2nd among 5 players.", "18", "5"),
    ("She makes $18, which is enough to buy the $15 book.", "18", "15"),
    ("He reads 18 pages, up 6 from 12 last week.", "18", "12"),
    ("She makes $18, a 20% increase over last week's 15.", "18", "15"),
    ("She makes $18, beating Tom's 15.", "18", "15"),
    ("He reads 18 pages, which exceeds his goal of 15.", "18", "15"),
    ("He reads 18 pages, 20% more than his goal of 15.", "18", "15"),
    ("He reads 18 pages, twice the 9 he read before.", "18", "9"),
    ("He reads 18 pages, 2 times the 9 he read before.", "18", "9"),
    ("He scores 18 points, the second best of the 5 players.", "18", "5"),
    ("He scores 18 points, out of a possible 20.", "18", "20"),
    ("She spends $18, $2 over budget.", "18", "2"),
    ("He reads 18 pages, just shy of his goal of 20.", "18", "20"),
    ("He reads 18 pages, 2 pages behind Tom's 20.", "18", "20"),
    ("She makes $18, versus $15 last week.", "18", "15"),
    ("He reads 18 pages, up from 12, beating his goal of 15.", "18", "15"),
    ("She makes $1,800, well above the $1,500 she needs.", "1800", "1500"),
    ("She makes $18.50, above the $15 she needs.", "18.5", "15"),
    ("So she makes 9 * $2 = $18, well above the $15 she needs.", "18", "15"),
    ("Thus, Natalia sold 48 + 24 = 72 clips, 24 more than in May.", "72", "24"),
    ("He reads 18 pages \u2014 above his goal of 15.", "18", "15"),
    ("He reads 18 pages\u2014well above his goal of 15.", "18", "15"),
    # the text before the remark is read as a sentence: its other rules still apply
    ("He reads 18 pages, not 20, beating his goal of 15.", "18", "15"),
    ("She makes $18 a day, a 12.5% increase over last year's $16.", "18", "16"),
    # no comma: "which"/"that" and a verb, then any head; or a head that only compares
    ("He reads 18 pages which is above the goal of 15.", "18", "15"),
    ("He reads 18 pages which is well above the 15 he planned.", "18", "15"),
    ("So she makes $18 per day compared to $15 last week.", "18", "15"),
    ("So it takes 18 minutes under the 20-minute limit.", "18", "20"),
    # "out of": the part of a whole (the whole with "a possible", "the", or no unit, or
    # the count's own unit)
    ("He scores 18 points out of a possible 20.", "18", "20"),
    ("He scored 18 out of a total of 20 points.", "18", "20"),
    ("He scores 18 out of 20.", "18", "20"),
    ("He got 18 right out of 20 questions.", "18", "20"),
    ("There are 18 liters of water out of the 24 liters.", "18", "24"),
    # a spaced hyphen (an en dash is made one) before a word
    ("He reads 18 pages - above his goal of 15.", "18", "15"),
    ("She makes $18 \u2013 well above the $15 she needs.", "18", "15"),
    # capitals, a count in words
    ("He reads 18 pages, Above his goal of 15.", "18", "15"),
    ("HE READS 18 PAGES, WHICH IS ABOVE THE GOAL OF 15.", "18", "15"),
    ("He reads eighteen pages, above his goal of 15.", "18", "15"),
    ("He reads eighteen pages \u2014 well above his goal of 15.", "18", "15"),
]

# (final sentence, answer read, rejected): read as before this policy
KEPT = [
    # a later clause that states a result
    ("He reads 18 pages, above his goal of 15, so he needs 20 more.", "20", None),
    ("He reads 18 pages, up from 12, leaving 5.", "5", None),
    ("He reads 18 pages, up from 12, for a total of 40.", "40", None),
    ("He reads 18 pages, up from 12, bringing the total to 40.", "40", None),
    ("He earned $5 per day, over 3 days that is $15.", "15", "multiple_answers"),
    ("He reads 18 pages, up from 12, and she reads 20.", "20", None),
    ("He reads 18 pages, up from 12, an increase of 6.", "6", None),
    # a capacity: the count after "enough for" may be what is asked (describing)
    ("She makes $18 per day, which is enough for 3 days.", "3", None),
    # no head: a value stated after the comma (a restatement in another unit is the
    # conversions policy's, not this one's)
    ("She makes $18 per day, which is an increase of 6.", "6", None),
    ("She makes $18 per day, which is 20 more eggs.", "20", "multiple_answers"),
    # a remark that ends with the answer's value reads that value, as before
    ("She has 18 apples, 18 more than Tom.", "18", None),
    # no comma: a comparison word before the answer, a result after it, a bound, a
    # difference, a head with no quantity compared, a time frame
    ("She has 3 more than Tom, 18 in all.", "18", None),
    ("20 minus 2 is 18.", "18", None),
    ("Tom has 15, so she has 18 pages, above him.", "18", None),
    ("So 18 - 2 = 16.", "16", None),
    ("He gave 3 out of 5 gold coins so he now has 2.", "2", None),
    ("So 18 out of 20 is 90%.", "90%", None),
    ("There are 18 children under 5.", "5", None),
    ("There are 18 children under the age of 5.", "5", None),
    ("He reads 18 pages over 3 days.", "18", None),  # a time frame (time_frames)
    ("So the answer is 18 over 3.", "18 over 3", "several_numbers"),
    ("He reads 18 pages above 15 lines.", "15", None),  # a preposition, no the/possessive
    # "out of" a count of another thing: no part of a whole
    ("He built 1 tower out of 18 blocks.", "18", None),
    ("He made 18 cups out of 3 lemons.", "3", None),
    # "than", "more": the relations policy's (no comma: it reads the first number)
    ("She makes $18 more than Tom's $15.", "18", None),
    # a spaced hyphen before a number is a minus
    ("He has 18 - 3 pages which is above his goal of 15.", "3", "multiple_answers"),
    # no comma: the heads the no-comma probe does not look for (its cost), read as before
    ("She makes $18 versus $15 last week.", "15", None),
    ("He reads 18 pages up from 12 last week.", "12", None),
    ("He reads 18 pages exceeding his goal of 15.", "15", None),
    ("She spends $18 within her budget of $20.", "20", None),
    ("He is 12 pages short of his goal of 30.", "30", None),
    # no comma: capitals (the heads are matched as written)
    ("He reads 18 pages Compared to 15.", "15", None),
    ("He reads 18 pages above his goal of 15.", "15", None),
    ("She spends $18 over her budget of $15.", "15", None),
]

# (final sentence, answer reported, rejected): a hedge or a bound stays refused, and a
# hedge before or at the head of a remark is now refused (the reading before in the comment)
REFUSED = [
    ("He reads 18 or 20 pages, above the goal of 15.", "20", "multiple_answers"),  # 15, paid
    ("She makes $18 or $20, well above the $15 she needs.", "20", "multiple_answers"),  # 15
    ("He reads 18 pages, or perhaps 20, above the goal of 15.", "18", "multiple_answers"),  # 15
    ("He reads 18 pages, maybe 20, up from 12 last week.", "20", "multiple_answers"),  # 12
    ("He reads 18 pages, or above the goal of 20.", "18", "multiple_answers"),  # 20, paid
    ("He reads 18 pages, possibly above the goal of 20.", "18", "multiple_answers"),  # 20
    ("He reads 18 pages, or more than 20.", "18", "multiple_answers"),  # 20, bound
    # a hedge word and a number after the head: the same refusal (20 reported before)
    ("He reads 18 pages, above the goal of 15 or 20.", "18", "multiple_answers"),
    ("He reads 18 pages, up from 12 last week, or 20.", "18", "multiple_answers"),
    ("He reads 18 pages, above the goal of 15, or maybe 20.", "18", "multiple_answers"),
    ("He reads 18 pages, either above or below the goal of 20.", "18", "multiple_answers"),  # 20
    ("He reads 2 pages, well above the $3 she needs, or maybe 4.", "2", "multiple_answers"),  # 4
    ("He reads 18 pages (or 20), above the goal of 15.", "18", "multiple_answers"),  # 15
    ("She makes more than $18, above her goal of $15.", "18", "bound"),  # 15, paid
    # no comma: the same (the reading before in the comment)
    ("He reads 18 or 20 pages which is above the goal of 15.", "20", "multiple_answers"),  # 15
    ("He reads 18 pages possibly under the 20-page limit.", "18", "multiple_answers"),  # 20
    ("He reads 18 pages maybe, under the 20-page limit.", "18", "multiple_answers"),  # 18
    ("He reads 18 pages which is above the goal of 15 or 20.", "18", "multiple_answers"),
    ("He reads 18 pages compared to 15, or maybe 20.", "18", "multiple_answers"),  # 20
    ("He reads 18 pages - or above the goal of 20.", "18", "multiple_answers"),  # 20, paid
    ("She makes more than $18 compared to $15.", "18", "bound"),  # 15, paid
    ("She makes more than $18 - above her goal of $15.", "18", "bound"),  # 15, paid
]


@pytest.mark.parametrize(("sentence", "answer", "before"), READ)
def test_a_comparing_remark_is_no_answer(sentence: str, answer: str, before: str) -> None:
    assert read(sentence) == (answer, None)
    assert COMPARISON in EX(WORK + sentence).flags
    assert paid(sentence, answer) == 1.0
    assert paid(sentence, before) == 0.0  # the remark's number, paid before
    assert_reads_as_general(sentence.rstrip(".!"))


@pytest.mark.parametrize(("sentence", "answer", "rejected"), KEPT)
def test_a_stating_clause_keeps_its_reading(sentence: str, answer: str, rejected: str) -> None:
    assert read(sentence) == (answer, rejected)
    assert COMPARISON not in EX(WORK + sentence).flags
    assert_reads_as_general(sentence.rstrip(".!"))


@pytest.mark.parametrize(("sentence", "answer", "rejected"), REFUSED)
def test_a_hedge_or_a_bound_stays_refused(sentence: str, answer: str, rejected: str) -> None:
    assert read(sentence) == (answer, rejected)
    for value in ("2", "3", "4", "12", "15", "18", "20"):
        assert paid(sentence, value) == 0.0, value
    assert_reads_as_general(sentence.rstrip(".!"))


@pytest.mark.parametrize(
    ("reply", "answer", "rejected"),
    [
        ("The answer is 18, which exceeds 15.", "18", None),  # several_numbers before
        ("The answer is 18 pages, above the goal of 15.", "18 pages", None),  # the same
        ("A: 18, which is above the goal of 15", "18", None),  # the same
        ("The answer is 18, not 20, above the goal of 15.", "18", None),  # the same
        # a hedge in the statement: several numbers, as before
        ("The answer is 18, or above 20.", "18, or above 20", "several_numbers"),
        ("The answer is 18, possibly above 20.", "18, possibly above 20", "several_numbers"),
        ("The answer is more than 18, above the goal of 15.", "more than 18", "bound"),
        # a container holds one number: as before
        ("#### 18, above the goal of 15", "18, above the goal of 15", "several_numbers"),
        ("\\boxed{18, above 15}", "18, above 15", "several_numbers"),
        ("The answer is 18, Above the goal of 15.", "18", None),  # several_numbers before
        # no comma, a hyphen, words: the statement as before
        ("The answer is 18 out of 20.", "18 out of 20", "several_numbers"),
        ("A: 18 out of 20", "18 out of 20", "several_numbers"),
        ("The answer is 18 - above 15.", "18 - above 15", "several_numbers"),
        ("The answer is eighteen, above 15.", "eighteen, above 15", "several_numbers"),
    ],
)
def test_an_answer_statement_is_read_without_its_remark(
    reply: str, answer: str, rejected: str | None
) -> None:
    found = EX(reply)
    assert found == EX.general(reply)
    assert (found.answer, found.rejected) == (answer, rejected)


def test_a_later_statement_after_a_marker_reads_the_remark_as_a_remark() -> None:
    reply = "#### 18\nSo he reads 18 pages, above the goal of 15."
    assert EX(reply).rejected is None and EX(reply).answer == "18"
    other = "#### 20\nSo he reads 18 pages, above the goal of 15."
    assert EX(other).rejected == "multiple_answers"  # a later statement of another value


def test_the_last_number_rule_reads_the_remark_as_a_remark() -> None:
    only = Extractor(["last_number"])
    found = only("He reads 18 pages, which is above the goal of 15. Done.")
    assert (found.answer, found.rule, found.flags) == ("18", "last_number", (COMPARISON,))


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("She makes $18, which is enough to buy the $15 book.", "A book costs $15."),
        ("She bakes 18 cookies, which are enough for the 3 classes.", "There are 3 classes."),
        ("He reads 18 pages, which is above the goal of 15.", "He reads 18 pages. Goal: 15."),
    ],
)
def test_the_question_does_not_change_the_reading(sentence: str, question: str) -> None:
    text = WORK + sentence
    for prompt in (None, question):
        found = EX(text, prompt=prompt)
        assert found == EX.general(text, prompt), prompt
        assert (found.answer, found.rejected) == ("18", None), prompt


# -- properties --------------------------------------------------------------------------

_MAIN = st.sampled_from(
    [
        "He reads {a} pages",
        "So she makes ${a}",
        "So the tank holds {a} gallons",
        "Thus, it takes {a} minutes",
        "So {p} + {q} = {a} dollars",
        "She saves ${a} in total",
    ]
)
_REMARK = st.sampled_from(
    [
        ", which is above the goal of {b}",
        ", well above the ${b} she needs",
        ", more than the {b} he planned",
        ", less than its capacity of {b} gallons",
        ", compared to {b} last week",
        ", beating his goal of {b} pages",
        ", under the {b} minute limit",
        ", {b} pages above his goal",
        ", up from {b} last week",
        ", double the {b} he read before",
        ", which is within her budget of ${b}",
        ", the highest of the {b} players",
        ", which is enough to buy the ${b} book",
        ", which exceeds the {b} he planned",
        ", just shy of the {b} he planned",
        " \u2014 above his goal of {b}",
        # no comma, a spaced hyphen, capitals
        " which is above the goal of {b}",
        " compared to {b} last week",
        " under the {b}-minute limit",
        " out of a possible {b}",
        " - well above his goal of {b}",
        ", Above his goal of {b}",
        ", WHICH EXCEEDS HIS GOAL OF {b}",
    ]
)
# A hedge before the remark, at its head or inside it: the reply offers two values.
_HEDGED = st.sampled_from(
    [
        "{main} or {c}{remark}.",
        "{main}, or perhaps {c}{remark}.",
        "{main}, maybe {c}{remark}.",
        "{main}{remark} or {c}.",
        "{main}{remark}, or maybe {c}.",
        "{main}, or above the goal of {b}.",
        "{main}, possibly more than {b}.",
        "{main} (or {c}){remark}.",
        "{main} maybe {c}{remark}.",
        "{main} possibly under the {b}-page limit.",
        "{main} - or above the goal of {b}.",
    ]
)
_NUMBER = st.integers(2, 5000)


def _written(n: int, comma: bool) -> str:
    return f"{n:,}" if comma else str(n)


def _pays(reply: str, value: int) -> float:
    return GSM8K(Sample.from_text(response=reply, reference=str(value))).metric("correct")


def _reply(main: str, remark: str, a: int, b: int, comma: bool) -> str:
    p = a // 2
    head = main.format(a=_written(a, comma), p=p, q=a - p)
    return WORK + head + remark.format(b=_written(b, comma)) + "."


@given(_MAIN, _REMARK, _NUMBER, _NUMBER, st.booleans())
@example("He reads {a} pages", ", which is above the goal of {b}", 18, 15, False)
@example("So {p} + {q} = {a} dollars", ", {b} pages above his goal", 2, 3, False)
@example("So she makes ${a}", ", the highest of the {b} players", 1000, 2000, True)
def test_the_remarks_number_is_never_paid(
    main: str, remark: str, a: int, b: int, comma: bool
) -> None:
    if a == b:
        b += 1
    reply = _reply(main, remark, a, b, comma)
    found = EX(reply)
    assert found == EX.general(reply), reply
    assert found.rejected is None and found.number is not None, (reply, found)
    assert found.number.value == a, (reply, found)
    assert _pays(reply, a) == 1.0, reply
    assert _pays(reply, b) == 0.0, reply


@given(_MAIN, _REMARK, _HEDGED, _NUMBER, _NUMBER, _NUMBER)
@example("He reads {a} pages", ", up from {b} last week", "{main}, maybe {c}{remark}.", 18, 12, 20)
@example(
    "He reads {a} pages",
    ", well above the ${b} she needs",
    "{main}{remark}, or maybe {c}.",
    2,
    3,
    4,
)
@example("He reads {a} pages", ", up from {b} last week", "{main} (or {c}){remark}.", 18, 12, 20)
def test_a_hedged_reply_is_never_paid(
    main: str, remark: str, hedged: str, a: int, b: int, c: int
) -> None:
    if len({a, b, c}) < 3:
        return
    p = a // 2
    head = main.format(a=a, p=p, q=a - p)
    reply = WORK + hedged.format(main=head, remark=remark.format(b=b), b=b, c=c)
    found = EX(reply)
    assert found == EX.general(reply), reply
    for value in (a, b, c):
        assert _pays(reply, value) == 0.0, (reply, value, found)


# -- the probe is a necessary condition of the head ----------------------------------------

_VOCABULARY = st.sampled_from(
    [
        "18", "$15", "20%", "3", "2nd", "1,000", "he", "reads", "pages", "which", "that's",
        "it", "is", "was", "well", "just", "above", "below", "over", "under", "budget", "the",
        "goal", "of", "more", "than", "fewer", "up", "down", "from", "double", "twice", "times",
        "highest", "second", "best", "enough", "to", "buy", "for", "a", "an", "increase", "or",
        "maybe", "possibly", "ranking", "him", "among", "out", "possible", "compared",
        "versus", "vs.", "short", "ahead", "exceeds", "beating", "so", "left", "total", "in",
        "last", "week", "and", "she", "needs", ",", "\u2014",
    ]
)  # fmt: skip


def _remark_slow(text: str) -> tuple[int, bool]:
    """:func:`comparisons._remark` with every comma, em dash, spaced hyphen before a letter
    and space after a number and at most four words a candidate (no probe, no opener
    filter): its oracle."""
    from rftkit.rewards import comparisons as c

    rx = c._patterns()
    low = text.lower() if len(text.lower()) == len(text) else text
    seps = [(k, k + 2, c._COMMA) for k in range(len(text)) if text.startswith(", ", k)]
    for k in (k for k in range(len(text)) if text[k] == "\u2014"):
        a = k - 1 if text[k - 1 : k] == " " else k
        seps.append((a, k + 2 if text[k + 1 : k + 2] == " " else k + 1, c._COMMA))
    seps += [
        (k, k + 3, c._HYPHEN)
        for k in range(len(text))
        if text.startswith(" - ", k) and text[k + 3 : k + 4].isalpha()
    ]
    seps += [
        (k, k + 1, c._BARE)
        for k in range(len(text))
        if text[k] == " " and c._bare(text) and rx[8].search(text, max(k - 80, 0), k) is not None
    ]
    found = []
    for a, opens, kind in sorted(seps):
        hedge = rx[4].match(low, opens)
        b = opens if hedge is None else hedge.end()
        if (rx[6].match(text, b) if kind == c._BARE else rx[0].match(low, b)) is not None:
            found.append((a, opens, kind))
    for a, opens, kind in found[: c._MAX_SEPARATORS]:
        hedge = rx[4].match(low, opens)
        b = opens if hedge is None else hedge.end()
        h = rx[6].match(text, b) if kind == c._BARE else rx[0].match(low, b)
        assert h is not None
        end = c._attached(text[:a], kind != c._BARE)
        if end == -1:
            continue
        head = h.group()
        if head.endswith(("out of", "out of the")) and not c._whole(low[:a], end, low[h.end() :]):
            continue
        ok = c._remark_ok(low, b, h.end(), head.endswith(("enough to", "enough for")))
        if ok:
            hedged = kind == c._BARE and not c._HEDGE_WORDS.isdisjoint(c._words(low[end:a]))
            return a, hedge is not None or ok == c._HEDGED or hedged
    return -1, False


# A remark's opening, or what only looks like one, after a number and a separator.
_OPENINGS = st.sampled_from(
    [
        "which is above", "that's well above", "it's just", "above", "more than", "up from",
        "up 3 from", "double the", "3 pages above", "20% of", "2 times the", "the highest of",
        "the second best", "ranking him", "out of a possible", "enough to buy the",
        "enough for", "an increase from", "a 20% increase over", "an 8% drop on", "or above",
        "maybe more than", "either above", "which exceeds", "which above", "which is",
        "this was far below", "so", "leaving", "and", "the rest of", "in total",
        "compared to", "vs.", "versus", "short of", "3 short of", "$2 over budget",
        "9 over the", "ahead of", "Above", "which puts him", "a bit under", "nearly half the",
        "out of", "out of the", "out of a total of", "under the limit of", "over her",
        "WHICH IS ABOVE", "Compared to", "exceeding", "up from", "within his", "maybe above",
        "or over the goal", "that's 3 more than", "shy of Tom's",
    ]
)  # fmt: skip
_SEPARATOR = st.sampled_from([", ", " \u2014 ", "\u2014", " - ", " ", " pages ", " a day "])
_TEXTS = st.one_of(
    st.lists(_VOCABULARY, min_size=2, max_size=16).map(lambda w: " ".join(w)),
    st.builds(
        lambda head, sep, opening, tail: f"{' '.join(head)} 18{sep}{opening} {' '.join(tail)} 15",
        st.lists(_VOCABULARY, max_size=4),
        _SEPARATOR,
        _OPENINGS,
        st.lists(_VOCABULARY, max_size=4),
    ),
)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
@example("18 pages, which is above the goal of $15")
@example("18, an increase from 3")
@example("18, or above 3")
@example("for, 18, which is above 15")  # an opener's number may hold the next comma
@example("18 \u2014 3 pages above the goal")
@example("18 pages which above the goal of 15")  # a later head after the same number
@example("18 pages - or above the goal of 20")
@example("18 PAGES, WHICH IS ABOVE 15")
@example("18 out of the 20 pages")
def test_the_probe_never_hides_a_remark(text: str) -> None:
    from rftkit.rewards import comparisons as c

    text = text.replace(" , ", ", ")
    rx = c._patterns()
    probed = c._remark(text, rx)
    if (
        not c._bare(text)
        and rx[2].search(text) is None
        and rx[9].search(text) is None
        and (text.isascii() or "\u2014" not in text)
    ):
        probed = (-1, False)  # compared()'s probe
    slow = _remark_slow(text)
    assert probed == slow, text  # the probe and the openers leave out no remark


# -- "out of": the part of a whole, or two counts of different things ---------------------

_UNITS = st.sampled_from(["", " pages", " questions", " points", " blocks", " shots"])


@given(_NUMBER, _NUMBER, _UNITS, _UNITS, st.sampled_from(["out of", "out of the"]))
@example(18, 20, " questions", "", "out of")
@example(1, 18, " towers", " blocks", "out of")
def test_out_of_reads_the_part_of_a_whole(
    a: int, b: int, ours: str, theirs: str, head: str
) -> None:
    if a == b:
        b += 1
    reply = f"{WORK}He got {a}{ours} {head} {b}{theirs}."
    found = EX(reply)
    assert found == EX.general(reply), reply
    assert found.rejected is None and found.number is not None, (reply, found)
    whole = not ours or not theirs or ours == theirs  # the same thing, or no unit
    assert found.number.value == (a if whole else b), (reply, found)
    assert (COMPARISON in found.flags) == whole, (reply, found)
