"""IFEval's 25 verifiable instructions as predicates on a reply.

:func:`build` turns one instruction id and its keyword arguments (IFEval's own names, e.g.
``{"num_words": 100, "relation": "less than"}``) into ``check(text) -> bool``. Each check
follows the reference implementation (google-research ``instruction_following_eval``, also
carried by lm-evaluation-harness); the differences, all documented in docs/ifeval.md, are:

* keywords, forbidden words, postscript markers and section splitters are matched as
  literal text (the reference pastes them into regular expressions unescaped);
* sentences are counted by a rule-based splitter, not NLTK's trained Punkt model; words
  by ``\\w+`` runs exactly like the reference's ``RegexpTokenizer(r"\\w+")``; capital words
  by a whitespace tokenizer that splits punctuation and clitics off as NLTK's Treebank
  tokenizer does in the common cases;
* languages come from :mod:`.langid` (standard library), not ``langdetect``; a reply with
  no detectable language does not follow a language instruction (the reference counts it
  as followed);
* patterns that would backtrack quadratically on hostile replies (placeholders, bullets,
  titles) are scanned by hand with the same result on well-formed text.

Everything is linear in the reply's length. Standard library only.
"""

from __future__ import annotations

import json
import re

from rftkit.rewards.ifeval.langid import detect

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, Final

    Check = Callable[[str], bool]

__all__ = [
    "COMMAS",
    "INSTRUCTIONS",
    "build",
    "count_capital_words",
    "count_sentences",
    "count_words",
    "forget_visible",
    "visible",
]

_WORD: Final = re.compile(r"\w+")
_RELATIONS: Final = ("less than", "at least")


# -- argument readers ---------------------------------------------------------------------------


def _int(kwargs: Mapping[str, Any], key: str) -> int:
    value = kwargs.get(key)
    if value is None:
        raise ValueError(f"missing argument {key!r}")
    if isinstance(value, bool):
        raise ValueError(f"{key} must be a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 20:
        return int(value.strip())
    raise ValueError(f"{key} must be a whole number, got {value!r}")


def _str(kwargs: Mapping[str, Any], key: str) -> str:
    value = kwargs.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} must be a non-empty string, got {value!r}")
    return str(value)


def _strs(kwargs: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = kwargs.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise ValueError(f"{key} must be a list of strings, got {value!r}")
    for v in value:
        if not isinstance(v, str) or not v:
            raise ValueError(f"{key} must hold non-empty strings, got {v!r}")
    return tuple(value)


def _relation(kwargs: Mapping[str, Any], key: str) -> bool:
    """True for ``at least``, False for ``less than``."""
    value = kwargs.get(key)
    if value not in _RELATIONS:
        raise ValueError(f"{key} must be 'less than' or 'at least', got {value!r}")
    return bool(value == "at least")


def _compare(count: int, n: int, at_least: bool) -> bool:
    return count >= n if at_least else count < n


# -- text measures --------------------------------------------------------------------------


def count_words(text: str) -> int:
    """Runs of word characters, as the reference's ``RegexpTokenizer(r"\\w+")``.

    Example:
        >>> count_words("It's a well-known fact, isn't it?")
        9
    """
    return len(_WORD.findall(text))


_ABBREVIATIONS: Final = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "fig",
        "approx",
        "dept",
        "gov",
        "lt",
        "col",
        "capt",
        "sgt",
        "rev",
        "ph.d",
        "u.s",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "apr",
        "aug",
        "sept",
        "oct",
        "nov",
    )
)
_SENTENCE_END: Final = re.compile(r"[.?!]+[\"')\]\u2019\u201d]*(?=\s|\Z)")


def count_sentences(text: str) -> int:
    """Sentences, split after ``.``, ``?`` or ``!`` (and closing quotes) before a space.

    A period after a known abbreviation (``Dr.``, ``e.g.``), a single letter (an initial)
    or a number list marker (``1.``) does not end a sentence; text without an ending mark
    is one sentence; line breaks alone do not split (as in Punkt).

    Example:
        >>> count_sentences("Dr. Smith arrived. He sat down! Was it 3.5 p.m.? Yes")
        4
    """
    count = 0
    start = 0
    for m in _SENTENCE_END.finditer(text):
        i = m.start()
        if text[i] == "." and m.end() - i == 1:
            lo = max(start, i - 12)
            j = max(text.rfind(" ", lo, i), text.rfind("\n", lo, i))
            word = text[(j + 1 if j != -1 else lo) : i].lstrip("(\"'").lower()
            if (
                word in _ABBREVIATIONS
                or (len(word) == 1 and word.isalpha())
                or (word.isdigit() and len(word) <= 2 and (j == -1 or text[j] == "\n"))
            ):
                continue
        if text[start : m.end()].strip(" \t\r\n.?!\"')]"):
            count += 1
        start = m.end()
    if text[start:].strip():
        count += 1
    return count


_CLITICS: Final = ("'s", "'re", "'ve", "'ll", "'d", "'m")
_EDGE: Final = "\"'`.,;:!?()[]{}<>*_\u2018\u2019\u201c\u201d"


def count_capital_words(text: str) -> int:
    """Words in capital letters, as counted on NLTK ``word_tokenize`` tokens.

    Punctuation at a word's edges is its own token; ``n't`` and ``'s``-style clitics are
    split off (``DON'T`` is ``DO`` + ``N'T``: two capital tokens, as in NLTK).

    Example:
        >>> count_capital_words("I SAID: DON'T stop, OK?")
        5
    """
    words = text.split()
    if "'" not in text:
        # Edge punctuation has no case: a token is capital exactly when the word is.
        return sum(map(str.isupper, words))
    n = 0
    for raw in words:
        if "'" not in raw:
            n += raw.isupper()
            continue
        w = raw.strip(_EDGE)
        if not w:
            continue
        low = w.lower()
        if low.endswith("n't") and len(w) > 3:
            n += w[:-3].isupper() + w[-3:].isupper()
            continue
        for c in _CLITICS:
            if low.endswith(c) and len(w) > len(c):
                k = len(w) - len(c)
                n += w[:k].isupper() + w[k:].isupper()
                break
        else:
            n += w.isupper()
    return n


# -- what a reader sees -------------------------------------------------------------------------

# Letters of other scripts drawn like Latin ones (Cyrillic and Greek), mapped to the Latin
# letter: "Pаris" with a Cyrillic "а" reads as "Paris". Applied to both sides of a check.
_HOMOGLYPHS: Final = str.maketrans(
    "аеорсухіјѕԁһӏԛԝɡАВЕКМНОРСТХІЈЅԜοανικρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlqwgABEKMHOPCTXIJSWoavikptyxABEZHIKMNOPTYX",
)
# Unicode's format characters (category Cf, Unicode 15.1): zero-width spaces and joiners,
# soft hyphen, bidi controls, byte-order mark, tag characters. One character class: linear.
_INVISIBLE: Final = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_VISIBLE_MEMO: Final[dict[str, str]] = {}  # the loose variants of one reply share it
_MEMO_SIZE: Final = 9  # a reply and its 8 loose variants


def forget_visible() -> None:
    """Drop the texts :func:`visible` remembers (the grader calls it after each reply, so a
    megabyte reply is not kept alive until the next one)."""
    _VISIBLE_MEMO.clear()


def visible(text: str) -> str:
    """``text`` as a reader sees it: NFKC-normalised (fullwidth and compatibility forms),
    invisible format characters (zero-width spaces and joiners, soft hyphens, bidi marks)
    removed, and Cyrillic/Greek look-alikes of Latin letters mapped to those letters.

    Word checks (keywords, forbidden words, letter counts, commas) read this, so a word
    written with a zero-width space inside or a Cyrillic letter is still that word.

    Example:
        >>> visible("Pa\u200bris, P\u0430ris\uff0c\uff30\uff21\uff32\uff29\uff33")
        'Paris, Paris,PARIS'
    """
    if text.isascii():
        return text
    found = _VISIBLE_MEMO.get(text)
    if found is not None:
        return found
    import unicodedata  # a C module; only for non-ASCII replies

    out = unicodedata.normalize("NFKC", text)
    if not out.isascii():
        out = _INVISIBLE.sub("", out).translate(_HOMOGLYPHS)
    if len(_VISIBLE_MEMO) >= _MEMO_SIZE:
        _VISIBLE_MEMO.clear()
    _VISIBLE_MEMO[text] = out
    return out


# Every character Unicode names a comma (Latin, Arabic, Armenian, ideographic, fullwidth,
# small, vertical ...) and the low quotation mark drawn exactly like one.
COMMAS: Final = frozenset(
    ",\u055d\u060c\u07f8\u1363\u1802\u1808\u2e32\u2e34\u2e41\u2e49\u2e4c\u3001"
    "\ua4fe\ua60d\ua6f5\ufe10\ufe11\ufe50\ufe51\uff0c\uff64\U0001144d\U0001145a"
    "\U00016e97\U0001da87\u201a"
)


# -- the instructions -------------------------------------------------------------------------


def _existence(kw: Mapping[str, Any]) -> Check:
    pats = tuple(re.compile(re.escape(visible(k)), re.IGNORECASE) for k in _strs(kw, "keywords"))
    return lambda t: all(p.search(visible(t)) for p in pats)


def _frequency(kw: Mapping[str, Any]) -> Check:
    pat = re.compile(re.escape(visible(_str(kw, "keyword").strip())), re.IGNORECASE)
    n, at_least = _int(kw, "frequency"), _relation(kw, "relation")
    return lambda t: _compare(len(pat.findall(visible(t))), n, at_least)


def _forbidden(kw: Mapping[str, Any]) -> Check:
    # One pattern per word, not one alternation per list: the same words recur across a
    # dataset in different combinations, and re's compile cache then keeps every pattern.
    pats = tuple(
        re.compile(r"\b" + re.escape(visible(w)) + r"\b", re.IGNORECASE)
        for w in _strs(kw, "forbidden_words")
    )
    return lambda t: not any(p.search(visible(t)) for p in pats)


def _letter_frequency(kw: Mapping[str, Any]) -> Check:
    letter = visible(_str(kw, "letter")).lower()
    if len(letter) != 1:
        raise ValueError(f"letter must be one character, got {letter!r}")
    n, at_least = _int(kw, "let_frequency"), _relation(kw, "let_relation")
    return lambda t: _compare(visible(t).lower().count(letter), n, at_least)


def _language(kw: Mapping[str, Any]) -> Check:
    language = _str(kw, "language").strip().lower()
    return lambda t: detect(t) == language


def _sentences(kw: Mapping[str, Any]) -> Check:
    n, at_least = _int(kw, "num_sentences"), _relation(kw, "relation")
    return lambda t: _compare(count_sentences(t), n, at_least)


_PARAGRAPH_SPLIT: Final = re.compile(r"\s?\*\*\*\s?")


def _paragraphs(kw: Mapping[str, Any]) -> Check:
    n = _int(kw, "num_paragraphs")

    def check(t: str) -> bool:
        parts = _PARAGRAPH_SPLIT.split(t)
        count = len(parts)
        last = count - 1
        for i, part in enumerate(parts):
            if not part.strip():
                if i in (0, last):
                    count -= 1
                else:
                    return False  # an empty paragraph between two separators
        return count == n

    return check


def _words(kw: Mapping[str, Any]) -> Check:
    n, at_least = _int(kw, "num_words"), _relation(kw, "relation")
    return lambda t: _compare(count_words(t), n, at_least)


_FIRST_WORD_STOP: Final = frozenset(".,?!'\"")


def _nth_paragraph(kw: Mapping[str, Any]) -> Check:
    n, nth = _int(kw, "num_paragraphs"), _int(kw, "nth_paragraph")
    first = _str(kw, "first_word").lower()
    if nth < 1:
        raise ValueError(f"nth_paragraph must be at least 1, got {nth}")

    def check(t: str) -> bool:
        parts = t.split("\n\n")
        count = sum(1 for p in parts if p.strip())
        if nth > count or nth > len(parts):
            return False
        para = parts[nth - 1].strip()
        if not para:
            return False
        word = para.split(None, 1)[0].strip().lstrip("'").lstrip('"')
        got = []
        for ch in word:
            if ch in _FIRST_WORD_STOP:
                break
            got.append(ch.lower())
        return count == n and "".join(got) == first

    return check


def count_placeholders(text: str) -> int:
    """``[...]`` spans within one line (the reference's ``\\[.*?\\]``, scanned linearly).

    Example:
        >>> count_placeholders("Dear [name], at [address\\n] and [date].")
        2
    """
    n = pos = 0
    close = -1
    while True:
        p = text.find("[", pos)
        if p == -1:
            return n
        if close <= p:
            close = text.find("]", p + 1)
            if close == -1:
                return n
        nl = text.find("\n", p + 1, close)
        if nl == -1:
            n += 1
            pos = close + 1
        else:
            pos = nl + 1


def _placeholders(kw: Mapping[str, Any]) -> Check:
    n = _int(kw, "num_placeholders")
    return lambda t: count_placeholders(t) >= n


def _postscript(kw: Mapping[str, Any]) -> Check:
    marker = _str(kw, "postscript_marker").strip()
    if marker == "P.P.S":
        pat = re.compile(r"p\.\s?p\.\s?s")
    elif marker == "P.S.":
        pat = re.compile(r"p\.\s?s\.")
    else:
        pat = re.compile(re.escape(marker.lower()))
    return lambda t: pat.search(t.lower()) is not None


def count_bullets(text: str) -> int:
    """Markdown bullets: lines starting with ``* `` (not ``**``) or ``-``.

    Example:
        >>> count_bullets("* one\\n* two\\n**bold**\\n- three")
        3
    """
    lines = text.split("\n")
    star = dash = 0
    skip = False
    last = len(lines) - 1
    for i, line in enumerate(lines):
        s = line.lstrip()
        if s.startswith("-"):
            dash += 1
        if skip:
            skip = False
            continue
        if s.startswith("*"):
            if len(s) > 1:
                star += s[1] != "*"
            elif i < last and not lines[i + 1].startswith("*"):
                star += 1  # a lone "*": the reference's [^*] takes the line break
                skip = True
    return star + dash


def _bullets(kw: Mapping[str, Any]) -> Check:
    n = _int(kw, "num_bullets")
    return lambda t: count_bullets(t) == n


_CONSTRAINED: Final = ("My answer is yes.", "My answer is no.", "My answer is maybe.")


def _constrained(kw: Mapping[str, Any]) -> Check:
    return lambda t: any(o in t for o in _CONSTRAINED)


_HIGHLIGHT: Final = re.compile(r"\*[^\n*]*\*")
_DOUBLE_HIGHLIGHT: Final = re.compile(r"\*\*[^\n*]*\*\*")


def count_highlights(text: str) -> int:
    """``*text*`` spans plus ``**text**`` spans with something inside, as the reference.

    Example:
        >>> count_highlights("*one* and **two** and ** ** here")  # "**two**" once, as "**"
        2
    """
    if "*" not in text:
        return 0
    n = sum(1 for h in _HIGHLIGHT.findall(text) if h.strip("*").strip())
    n += sum(1 for h in _DOUBLE_HIGHLIGHT.findall(text) if h[2:-2].strip())
    return n


def _highlights(kw: Mapping[str, Any]) -> Check:
    n = _int(kw, "num_highlights")
    return lambda t: count_highlights(t) >= n


def _sections(kw: Mapping[str, Any]) -> Check:
    splitter = _str(kw, "section_spliter").strip()
    n = _int(kw, "num_sections")
    pat = re.compile(r"\s?" + re.escape(splitter) + r"\s?\d+\s?")
    return lambda t: len(pat.findall(t)) >= n


def _json(kw: Mapping[str, Any]) -> Check:
    def check(t: str) -> bool:
        v = t.strip()
        for prefix in ("```json", "```Json", "```JSON", "```"):
            v = v.removeprefix(prefix)
        v = v.removesuffix("```").strip()
        try:
            json.loads(v)
        except (ValueError, RecursionError):
            return False
        return True

    return check


def has_title(text: str) -> bool:
    """A ``<<title>>`` with something inside, on one line (as the reference's regex).

    Example:
        >>> has_title("<<Ode to Joy>>\\nText"), has_title("<< >>"), has_title("<<a\\n>>")
        (True, False, False)
    """
    if "<<" not in text:
        return False
    for line in text.split("\n"):
        i = line.find("<<")
        if i == -1:
            continue
        j = line.rfind(">>")
        if j >= i + 3 and line[i : j + 2].lstrip("<").rstrip(">").strip():
            return True
    return False


def _title(kw: Mapping[str, Any]) -> Check:
    return has_title


def _two_responses(kw: Mapping[str, Any]) -> Check:
    def check(t: str) -> bool:
        parts = t.split("******")
        last = len(parts) - 1
        valid = []
        for i, part in enumerate(parts):
            if not part.strip():
                if i not in (0, last):
                    return False
            else:
                valid.append(part)
        return len(valid) == 2 and valid[0].strip() != valid[1].strip()

    return check


def _repeat_prompt(kw: Mapping[str, Any]) -> Check:
    prompt = _str(kw, "prompt_to_repeat").strip().lower()
    return lambda t: t.strip().lower().startswith(prompt)


def _end_checker(kw: Mapping[str, Any]) -> Check:
    phrase = _str(kw, "end_phrase").strip().lower()
    return lambda t: t.strip().strip('"').lower().endswith(phrase)


def _quotation(kw: Mapping[str, Any]) -> Check:
    def check(t: str) -> bool:
        v = t.strip()
        return len(v) > 1 and v[0] == '"' and v[-1] == '"'

    return check


def _capital_frequency(kw: Mapping[str, Any]) -> Check:
    n, at_least = _int(kw, "capital_frequency"), _relation(kw, "capital_relation")
    return lambda t: _compare(count_capital_words(t), n, at_least)


def _not_other_language(t: str) -> bool:
    lang = detect(t)
    return lang is None or lang == "en"  # the reference: undetectable counts as English


def _english_capital(kw: Mapping[str, Any]) -> Check:
    return lambda t: t.isupper() and _not_other_language(t)


def _english_lowercase(kw: Mapping[str, Any]) -> Check:
    return lambda t: t.islower() and _not_other_language(t)


def _no_comma(kw: Mapping[str, Any]) -> Check:
    def check(t: str) -> bool:
        if t.isascii():
            return "," not in t
        return COMMAS.isdisjoint(visible(t))

    return check


INSTRUCTIONS: Final[dict[str, Callable[[Mapping[str, Any]], Check]]] = {
    "keywords:existence": _existence,
    "keywords:frequency": _frequency,
    "keywords:forbidden_words": _forbidden,
    "keywords:letter_frequency": _letter_frequency,
    "language:response_language": _language,
    "length_constraints:number_sentences": _sentences,
    "length_constraints:number_paragraphs": _paragraphs,
    "length_constraints:number_words": _words,
    "length_constraints:nth_paragraph_first_word": _nth_paragraph,
    "detectable_content:number_placeholders": _placeholders,
    "detectable_content:postscript": _postscript,
    "detectable_format:number_bullet_lists": _bullets,
    "detectable_format:constrained_response": _constrained,
    "detectable_format:number_highlighted_sections": _highlights,
    "detectable_format:multiple_sections": _sections,
    "detectable_format:json_format": _json,
    "detectable_format:title": _title,
    "combination:two_responses": _two_responses,
    "combination:repeat_prompt": _repeat_prompt,
    "startend:end_checker": _end_checker,
    "startend:quotation": _quotation,
    "change_case:capital_word_frequency": _capital_frequency,
    "change_case:english_capital": _english_capital,
    "change_case:english_lowercase": _english_lowercase,
    "punctuation:no_comma": _no_comma,
}
"""Instruction id -> builder taking the instruction's keyword arguments."""


def build(instruction_id: str, kwargs: Mapping[str, Any]) -> Check:
    """The predicate for one instruction; ValueError for an unknown id or bad arguments.

    ``None`` values in ``kwargs`` (IFEval pads every entry with the unused keys) and
    unknown keys are ignored.

    Example:
        >>> check = build("length_constraints:number_words",
        ...               {"num_words": 3, "relation": "less than", "letter": None})
        >>> check("two words"), check("now three words")
        (True, False)
    """
    maker = INSTRUCTIONS.get(instruction_id)
    if maker is None:
        raise ValueError(f"unknown instruction {instruction_id!r}")
    try:
        return maker(kwargs)
    except ValueError as exc:
        raise ValueError(f"{instruction_id}: {exc}") from None
