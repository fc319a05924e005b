"""The quantity the question asks for: which number of a final sentence is the answer.

Standard library only: this module ships inside every reward Lambda (no typing at run time).

The ``final_sentence`` rule reads a plain sentence's last number. Chatty replies state the
answer and then add circumstances with other numbers: ``Janet makes $18 every day by selling
her 9 remaining eggs.``, ``He drives 18 miles on Day 3.``, ``Janet makes $18 every day,
enough for 3 meals.``. With the prompt, :func:`asked_reading` reads such a sentence by what
the question asks (the policy and its measurement: docs/graders.md, "The quantity the
question asks for"):

* the question (the prompt's last sentence ending in ``?``) asks for one kind of quantity
  (:func:`asked`): money (``How much in dollars``, ``How much money``, ``How much does it
  cost``, ``How many dollars``, ``What is the total cost``), a percentage (``What percent``),
  a time (``How long``, ``How old``, ``How many hours``), a length (``How far``) or a
  counted noun (``How many pages``, ``how many more pages``: ``page``);
* only a sentence read today, accepted, with no ``=`` and no backslash, holding two to
  :data:`MAX_NUMBERS` numbers, no hedge or relating word (``or``, ``not``, ``either``,
  ``than``, ``minus``, ``maybe``, ``actually``, ``between``, ... and ``+ * / × ÷``; a
  slash between a number and a word is a rate, ``$18/day``, and ``**`` a bold mark:
  :func:`rate_slash`), whose reading is one of its numbers and carries no sign of the
  asked quantity;
* the reading carries another thing: an ordinal (``5th``), a label (``Day 3``, ``page 4``,
  ``#3``), another noun (``9 remaining eggs``, ``3 meals``), another unit (``$2`` when the
  question asks for pages, ``20%``). A bare reading (``..., so she has 40.``, ``... of 40.``)
  may state the answer with its unit left out: today's reading stays;
* exactly one value of the sentence carries the asked quantity: ``$18``, ``18 dollars``,
  ``18 pages``, ``18 fresh duck eggs`` (up to three words between), ``18 more pages``. Not
  when that number is given by the question, is a price (``$2 each``, ``$2 per egg``, ``$2
  an egg``; ``$18 each day`` is a total per frame), or stands next to a hedge mark
  (``$18, 20 eggs``), nor when a later clause that concludes (``, so``, ``, for a total
  of``, ...: a concluding word among its first three words; ``, assuming she sells all 9
  remaining eggs`` concludes nothing) comes between it and the reading;
* a question asking ``how many more X`` and a number that says ``N more X`` is the one
  exception to the last two guards: ``He needs 18 more pages, for a total of 40.`` reads 18.

Then that number is the answer (flag ``asked_unit``). A rejected reading is never read
again, and the policy only exchanges one accepted number for the one number that carries
the asked quantity, so it never turns a refusal into a payment, and a sentence with two
values in the asked unit (``$18 ... $20``) keeps today's reading.

Without the prompt nothing changes: an ordinal or a label can be the answer (``What page is
she on?``, ``On which day ...``), and nothing tells which without the question.

Cost: only with a prompt, only for a final sentence without ``=`` whose reading was
accepted: one search for a digit, a non-digit and a digit; then a word check and a scan of
the sentence; the question (at most the last :data:`givens.PROMPT_CHARS` characters of the
prompt, its last sentence ending in ``?``) is read once, last.
"""

from __future__ import annotations

import re

from rftkit.rewards.clock_times import clock_spans
from rftkit.rewards.describing import main_clause
from rftkit.rewards.givens import _CONCLUDING, _SPACES, _relates, given_values, prompt_text
from rftkit.rewards.numbers import scan
from rftkit.rewards.sentences import _clause_break, is_hedge
from rftkit.rewards.time_frames import UNITS, _question_words

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extraction import Extraction
    from rftkit.rewards.numbers import Token

__all__ = ["FLAG", "MAX_NUMBERS", "asked", "asked_reading", "later_conclusion", "rate_slash"]

FLAG: Final = "asked_unit"
"""The flag of an answer read by the quantity the question asks for."""

MAX_NUMBERS: Final = 8
"""Numbers a sentence may hold for the policy to read it (bounded work on hostile text)."""

# The kinds of quantity a question asks for (no flags: plain names, not ``Final`` constants).
MONEY = "$"
PERCENT = "%"
TIME = "time"
LENGTH = "length"

_TWO_NUMBERS: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)
_WORD: list[re.Pattern[str]] = []
_EACH_OF: list[re.Pattern[str]] = []
_RATE_SLASH: list[re.Pattern[str]] = []
_MAX_BETWEEN = 3  # words between a number and the asked noun ("18 fresh duck eggs")
_CURRENCY = "$\u20ac\u00a3\u00a5\u20b9"
_MONEY_WORDS = frozenset({"dollar", "dollars", "bucks", "usd", "euro", "euros"})
_LENGTH_WORDS = frozenset(
    {
        "mile", "miles", "mi", "kilometer", "kilometers", "kilometre", "kilometres", "km",
        "meter", "meters", "metre", "metres", "m", "foot", "feet", "ft", "yard", "yards",
        "yd", "yds", "inch", "inches", "in", "centimeter", "centimeters", "cm", "mm",
    }
)  # fmt: skip
# Words that make a question ask for money after "how much" ("How much does it cost").
_MONEY_ASKS = frozenset(
    {
        "money", "dollars", "dollar", "cost", "costs", "spend", "spent", "spends", "pay",
        "pays", "paid", "earn", "earns", "earned", "charge", "charges", "charged", "price",
        "profit", "owe", "owes", "owed", "make", "makes", "made", "worth",
    }
)  # fmt: skip
# "What is the total cost": the money nouns after "what".
_MONEY_NOUNS = frozenset({"cost", "price", "profit", "money", "revenue", "earnings"})
# After "how much": the verbs that may follow it directly (a noun there is what is asked).
_AUXILIARIES = frozenset(
    {
        "do", "does", "did", "will", "would", "is", "was", "are", "were", "has", "have",
        "had", "should", "can", "could", "must", "in",
    }
)  # fmt: skip
# Words before the noun a "how many" question counts ("how many more red pages").
_QUESTION_SKIP = frozenset(
    {"more", "fewer", "less", "additional", "extra", "total", "of", "the", "her", "his", "their"}
)
_MORE = frozenset({"more", "fewer", "less"})
# Words after a number that name no thing of their own ("9 left", "40 in all", "18 per day").
_FUNCTION = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "for", "to", "from", "by", "with", "and",
        "or", "but", "so", "left", "remain", "remains", "total", "altogether", "together",
        "per", "each", "apiece", "every", "than", "is", "are", "was", "were", "will",
        "would", "be", "been", "has", "have", "had", "do", "does", "did", "can", "could",
        "should", "must", "may", "might", "that", "which", "who", "this", "these", "those",
        "it", "its", "his", "her", "their", "them", "they", "he", "she", "we", "you", "i",
        "now", "then", "after", "before", "over", "under", "into", "out", "up", "down", "as",
        "if", "when", "while", "times", "minus", "plus", "overall", "combined", "all",
        "both", "only", "just", "exactly", "about", "around", "approximately", "still",
        "again", "too", "also", "here", "there", "instead", "not", "yet", "since", "because",
        "until", "within", "during", "through", "via", "toward", "towards", "more", "less",
        "fewer", "remaining", "extra", "additional", "other", "whole", "full", "himself",
        "herself", "itself", "themselves", "myself", "yourself", "ourselves",
    }
)  # fmt: skip
# Verbs after a number: the count of the subject (``14 got on``), no noun of its own.
_VERBS = frozenset(
    {
        "got", "get", "gets", "went", "go", "goes", "came", "come", "comes", "made", "make",
        "makes", "took", "take", "takes", "gave", "give", "gives", "sold", "bought", "ate",
        "ran", "need", "needs", "want", "wants", "like", "likes", "said", "saw", "see",
        "sees", "stay", "stays", "stayed", "leave", "leaves", "fit", "fits", "cost", "costs",
        "became", "become", "becomes", "won", "win", "wins", "lost", "lose", "loses", "had",
    }
)  # fmt: skip
# Words between a number and its noun that do not end the noun phrase ("18 more pages").
_MODIFIERS = frozenset({"more", "fewer", "less", "remaining", "extra", "additional", "other"})
# A word before a number that makes it a label, no quantity ("Day 3", "on page 4").
_LABELS = frozenset(
    {
        "day", "page", "step", "chapter", "room", "floor", "week", "lane", "gate", "route",
        "seat", "apartment", "apt", "bus", "flight", "aisle", "stage", "phase", "section", "exit",
        "question", "problem", "lesson", "episode", "season", "game", "number", "station",
        "platform", "building", "hole", "inning", "year", "month", "mile", "highway",
        "interstate", "street", "avenue", "suite", "volume", "class",
    }
)  # fmt: skip
_ORDINALS = ("st", "nd", "rd", "th")
# Words that offer a second value or correct the first, besides givens' relating words.
_HEDGES = frozenset(
    {
        "maybe", "perhaps", "possibly", "probably", "actually", "wait", "between",
        "alternatively", "correction", "otherwise", "else", "unless", "if",
    }
)  # fmt: skip
# A price, not a total: "$2 each", "$2 per egg", "$2 an egg".
_EACH = frozenset({"each", "apiece", "per", "a", "an", "every"})
_RATE_WORDS = frozenset({"daily", "weekly", "monthly", "yearly", "hourly", "annually"})
_IRREGULAR = {
    "people": "person", "children": "child", "men": "man", "women": "woman", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "oxen": "ox",
}  # fmt: skip


class Ask:
    """What the question asks for: a kind (``$``, ``%``, ``time``, ``length``, a time unit
    such as ``hour``, or ``noun``), the counted noun (for ``noun``), and the comparative it
    asks with (``more`` in ``how many more pages``), or None."""

    __slots__ = ("kind", "more", "noun")

    def __init__(self, kind: str, noun: tuple[str, ...] = (), more: str | None = None) -> None:
        self.kind = kind
        self.noun = noun
        self.more = more

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ask) and (self.kind, self.noun) == (other.kind, other.noun)

    def __hash__(self) -> int:
        return hash((self.kind, self.noun))

    def __repr__(self) -> str:
        return f"Ask({self.kind!r}, {self.noun!r}, {self.more!r})"


def _singular(word: str) -> str:
    irregular = _IRREGULAR.get(word)
    if irregular is not None:
        return irregular
    return word


def same_noun(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` (lower case) one noun, singular or plural (``page``, ``pages``;
    ``box``, ``boxes``; ``berry``, ``berries``; ``person``, ``people``)?"""
    a, b = _singular(a), _singular(b)
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    return (
        b == a + "s"
        or b == a + "es"
        or (a.endswith("y") and b == a[:-1] + "ies")
        or (a.endswith("f") and b == a[:-1] + "ves")
        or (a.endswith("fe") and b == a[:-2] + "ves")
    )


def _ask_of(words: list[str], i: int) -> Ask | None:
    """What the question asks at ``words[i]`` (``how`` or ``what``), or None."""
    w = words[i]
    nxt = words[i + 1 : i + 12]
    if w == "what":
        head = nxt[:4]
        if "percent" in head or "percentage" in head:
            return Ask(PERCENT)
        if not _MONEY_NOUNS.isdisjoint(head):
            return Ask(MONEY)
        return None
    first = nxt[:1]
    if first == ["long"]:
        return Ask(TIME)  # and a length: see _carries
    if first == ["far"]:
        return Ask(LENGTH)
    if first == ["old"]:
        return Ask(TIME)
    if first == ["much"]:
        rest = nxt[1:]
        more = None
        if rest[:1] and rest[0] in _MORE:
            more, rest = rest[0], rest[1:]
        if not rest:
            return None
        if rest[0] == "time":
            return Ask(TIME, more=more)
        if rest[0] == "money":
            return Ask(MONEY, more=more)
        if rest[0] in _AUXILIARIES and not _MONEY_ASKS.isdisjoint(rest[:10]):
            if "time" in rest[:10]:
                return None
            return Ask(MONEY, more=more)
        return None
    if first == ["many"]:
        rest = nxt[1:]
        more = None
        k = 0
        while k < len(rest) and k < 4 and rest[k] in _QUESTION_SKIP:
            if rest[k] in _MORE:
                more = rest[k]
            k += 1
        if k >= len(rest):
            return None
        noun = rest[k]
        if noun in ("percent", "percentage"):
            return Ask(PERCENT, more=more)
        if noun in _MONEY_WORDS:
            return Ask(MONEY, more=more)
        unit = UNITS.get(noun)
        if unit is not None:
            return Ask(unit, more=more)
        if noun in _AUXILIARIES or noun in _FUNCTION or noun in ("dozen", "dozens"):
            return None  # no noun, or a count of dozens (the dozens module reads it)
        # the words of the noun phrase: "how many red marbles does ..." counts marbles
        nouns = [noun]
        for nxt_word in rest[k + 1 : k + 3]:
            if nxt_word in _AUXILIARIES or nxt_word in _FUNCTION:
                break
            nouns.append(nxt_word)
        return Ask("noun", tuple(nouns), more)
    return None


def asked(text: str) -> Ask | None:
    """What the question (the last sentence of ``text`` ending in ``?``) asks for, or None
    when it asks for none of the kinds above, or for two.

    Example:
        >>> asked("She sells eggs at $2. How much in dollars does she make every day?")
        Ask('$', (), None)
        >>> asked("He read 22 pages. How many more pages must he read?")
        Ask('noun', ('pages',), 'more')
        >>> asked("How many eggs and how much money does she have?") is None
        True
    """
    words = _question_words(text)
    found: Ask | None = None
    for i, w in enumerate(words):
        if w not in ("how", "what"):
            continue
        ask = _ask_of(words, i)
        if ask is None:
            continue
        if found is not None and found != ask:
            return None  # two quantities asked
        found = ask
    return found


def _words_after(s: str, pos: int, n: int) -> list[str]:
    """The words (lower case) right after ``pos``, each after spaces only, at most ``n``;
    the list ends at any other character (a comma, a full stop, a digit)."""
    if not _WORD:
        _WORD.append(re.compile(r"[ \u00a0]+([A-Za-z][A-Za-z'\u2019]*)"))
    out: list[str] = []
    rx = _WORD[0]
    while len(out) < n:
        m = rx.match(s, pos)
        if m is None:
            break
        out.append(m.group(1).lower().rstrip("'\u2019"))
        pos = m.end()
    return out


def _is_money(s: str, t: Token) -> bool:
    k = t.start
    if k == 0:
        return False  # ("" is in every string: a number that opens the text has no sign)
    before = s[k - 2 : k] if k >= 2 else s[:k]
    return before[-1:] in _CURRENCY or (before[-1:] == " " and before[:1] in _CURRENCY)


def _unit_word(word: str, ask: Ask) -> bool:
    kind = ask.kind
    if kind == MONEY:
        return word in _MONEY_WORDS
    if kind == TIME:
        return word in UNITS or word in _LENGTH_WORDS  # "How long": a time or a length
    if kind == LENGTH:
        return word in _LENGTH_WORDS
    if kind == PERCENT:
        return False  # a percentage is read by its sign (numbers.scan)
    if kind == "noun":
        return any(same_noun(word, noun) for noun in ask.noun)
    return UNITS.get(word) == kind  # a time unit ("hour": hours, hrs, ...)


def _carries(s: str, t: Token, ask: Ask) -> str | None:
    """Does the number ``t`` carry the asked quantity? ``"more"`` (``18 more pages``, the
    comparative the question asks), ``"yes"``, or None."""
    number = t.number
    if number is None:
        return None
    if ask.kind == PERCENT:
        return "yes" if number.percent else None
    if ask.kind == MONEY and _is_money(s, t):
        return "more" if ask.more and _words_after(s, t.end, 1) == [ask.more] else "yes"
    if number.percent:
        return None
    words = _words_after(s, t.end, _MAX_BETWEEN + 1)
    for j, w in enumerate(words):
        if _unit_word(w, ask):
            return "more" if ask.more is not None and words[0] == ask.more else "yes"
        if j >= _MAX_BETWEEN or (w in _FUNCTION and w not in _MODIFIERS):
            return None
    return None


def _other(s: str, t: Token) -> bool:
    """Does the number ``t`` carry something that is not the asked quantity (its caller
    knows it does not carry that): an ordinal suffix, a label before it, a currency sign,
    a percent sign, or a noun after it (past ``more``, ``remaining``, ...)?"""
    end = t.end
    if s[end : end + 2].lower() in _ORDINALS and not s[end + 2 : end + 3].isalpha():
        return True  # "5th Street"
    if t.number is not None and t.number.percent:
        return True
    if _is_money(s, t) or s[t.start - 1 : t.start] == "#":
        return True
    head = s[: t.start]
    if head.endswith(" "):
        k = len(head) - 1
        j = k
        while j > 0 and head[j - 1].isalpha():
            j -= 1
        if j < k and head[j:k].lower() in _LABELS and not s[end : end + 1].isalpha():
            after = _words_after(s, end, 1)
            if not after or after[0] in _FUNCTION:
                return True  # "on Day 3.", "on page 4 of the book"
    words = _words_after(s, end, 4)
    k = 0
    while k < len(words) and words[k] in _MODIFIERS:
        k += 1
    if k == len(words) or words[k] in _FUNCTION or words[k] in _VERBS:
        return False  # "9 left", "14 got on": nothing named, the answer may be meant
    if words[k].endswith(("ed", "ing")):  # "14 landed", "18 baked cookies"
        nxt = words[k + 1] if k + 1 < len(words) else None
        return nxt is not None and nxt not in _FUNCTION and nxt not in _VERBS
    return True


def _per_item(s: str, t: Token, ask: Ask) -> bool:
    """Is the number (carrying the asked quantity) a rate per item, not a total: ``$2 each``,
    ``$2 per egg``, ``$2 an egg``, ``12 cookies in each bag``, ``8 pages for every chapter``?
    A rate per time unit (``$18 per day``, ``18 pages a week``) is a total per frame."""
    words = _words_after(s, t.end, _MAX_BETWEEN + 3)
    if not (ask.kind == MONEY and _is_money(s, t)):
        k = 0  # past the unit: "12 fresh cookies | in each bag"
        while k < len(words) and not _unit_word(words[k], ask):
            k += 1
        words = words[k + 1 :]
    elif words[:1] and words[0] in _MODIFIERS:
        words = words[1:]
    if words[:1] and words[0] in ("in", "for", "on", "to"):
        words = words[1:]  # "in each bag", "for every chapter"
    if not words or words[0] not in _EACH:
        return False
    if words[0] == "apiece":
        return True
    if words[0] == "each":
        if len(words) > 1 and (words[1] in UNITS or words[1] in _RATE_WORDS):
            return False  # "$18 each day": per time frame
        if not _EACH_OF:  # "5 hours each of the 7 days": per time frame, no item
            _EACH_OF.append(re.compile(r"each of (?:the |her |his |their )?[0-9]+ ([a-z]+)"))
        m = _EACH_OF[0].search(s.lower(), t.end, t.end + 80)
        return m is None or m.group(1) not in UNITS
    return len(words) > 1 and words[1] not in UNITS and words[1] not in _RATE_WORDS


def _part_of(s: str, tokens: list[Token], i: int) -> bool:
    """Is the number ``tokens[i]`` the size of each of the counted items before it (``3
    boxes of 12 cookies``, ``2 trips of 9 miles``): a number, one word, ``of``, then it?"""
    if i == 0:
        return False
    gap = s[tokens[i - 1].end : tokens[i].start].lower().split()
    return len(gap) in (2, 3) and gap[1] == "of" and gap[-1] in ("of", "$")


def rate_slash(s: str) -> str:
    """``$18/day`` as ``$18 per day``: a slash between a number and a word is a rate, no
    division of two numbers; and without bold marks (``**Summary:**``): the relating signs
    ``/`` and ``*`` are looked for after this."""
    if "**" in s:
        s = s.replace("**", "")
    if "/" not in s:
        return s
    if not _RATE_SLASH:
        _RATE_SLASH.append(re.compile(r"(?<=[0-9])/(?=[A-Za-z])"))
    return _RATE_SLASH[0].sub(" per ", s)


def later_conclusion(s: str, start: int, end: int) -> bool:
    """Does a later clause that concludes begin between ``start`` and ``end``: a clause
    break (``, ``, `` so ``, `` which ``, ...) whose first three words hold a concluding
    word (``, so``, ``, for a total of``, ``, which means``)? Not ``, assuming she sells
    all 9 remaining eggs``: words that describe a later number are no conclusion."""
    for m in _clause_break().finditer(s, start, end):
        head = s[m.start() : end].lower().translate(_SPACES).split()[:3]
        if not _CONCLUDING.isdisjoint(head):
            return True
    return False


def _stands_back(s: str) -> bool:
    return not _HEDGES.isdisjoint(s.lower().translate(_SPACES).split())


def side_by_side(s: str, tokens: list[Token], values: list[Any], i: int) -> bool:
    """Does the number ``tokens[i]`` of ``s`` stand beside another value, joined by a hedge
    or a list comma (``$18, 20 eggs``, ``$18 or 20``)? Then it is no one answer."""
    for a, b in ((i - 1, i), (i, i + 1)):
        if (
            a >= 0
            and b < len(values)
            and values[a] != values[b]
            and (
                is_hedge(s[tokens[a].end : tokens[b].start])
                or s[: tokens[b].start].rstrip(" " + _CURRENCY).endswith((",", ";"))
            )
        ):
            return True
    return False


def asked_reading(found: Extraction | None, sentence: str, prompt: object) -> Extraction | None:
    """``found`` (the reading of ``sentence``, a final sentence without ``=``), or the
    sentence's one number carrying the quantity the question asks for (see above).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> q = "She sells eggs at $2 each. How much in dollars does she make every day?"
        >>> e = Extractor()("Janet makes $18 per day selling 9 eggs.", prompt=q)
        >>> e.answer, e.rule, e.flags
        ('18', 'final_sentence', ('asked_unit',))
    """
    if (
        prompt is None
        or found is None
        or found.rejected is not None
        or found.number is None
        or "=" in sentence
        or "\\" in sentence  # LaTeX: "$" may delimit maths, not name a currency
        or "ozen" in sentence  # "2 dozen and 5 eggs": the dozens module reads it
    ):
        return found
    if not _TWO_NUMBERS:  # a digit, a non-digit, a digit: linear (the classes are disjoint)
        _TWO_NUMBERS.append(re.compile(r"[0-9][^0-9]+[0-9]"))
    if _TWO_NUMBERS[0].search(sentence) is None:
        return found
    if ":" in sentence and clock_spans(sentence):
        return found  # a time of day is one value (clock_times)
    s = rate_slash(main_clause(found, sentence))  # "..., which is the cost ...": not read
    if _relates(s) or _stands_back(s):
        return found  # a hedge, a correction, or numbers related to each other
    tokens = scan(s)
    if not 2 <= len(tokens) <= MAX_NUMBERS:
        return found
    values: list[Any] = []
    for t in tokens:
        if t.number is None:
            return found
        values.append(t.number.value)
    value = found.number.value
    read = [i for i, v in enumerate(values) if v == value]
    if not read:
        return found  # the reading is no number of the sentence as written
    bare = not all(_other(s, tokens[r]) for r in read)
    if bare and "more" not in s and "fewer" not in s and "less" not in s:
        return found  # a bare reading ("..., so she has 40.") may be the answer
    ask = asked(prompt_text(prompt))  # the question, read last and once
    if ask is None:
        return found
    carry = [_carries(s, t, ask) for t in tokens]
    if any(carry[i] is not None for i in read):
        return found  # the reading carries the asked quantity
    chosen = [i for i, c in enumerate(carry) if c is not None]
    if not chosen or len({values[i] for i in chosen}) != 1:
        return found  # none, or two values in the asked quantity
    i = chosen[-1]
    strong = carry[i] == "more"
    last = read[-1]
    if not strong:
        if bare:
            return found  # only "N more X" answers "how many more X" past a bare reading
        if _per_item(s, tokens[i], ask) or _part_of(s, tokens, i):
            return found  # "$2 per egg", "3 boxes of 12 cookies": a part, not the total
        if i < last and later_conclusion(s, tokens[i].end, tokens[last].start):
            return found  # "$30 on food, so she has 9 eggs left": a later conclusion
    if side_by_side(s, tokens, values, i):
        return found  # "$18, 20 eggs", "$18 a day, 20 eggs": values side by side
    if values[i] in given_values(prompt):
        return found  # a number of the question ("$2 per egg") is no answer it asks
    number = tokens[i].number
    return tuple.__new__(
        type(found),
        (str(number), found.rule, number, 1, (*found.flags, FLAG), found.at_end, None),
    )
