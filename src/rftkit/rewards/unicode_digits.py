"""Unicode digits, minus signs, spaces and fraction forms, read as ASCII.

Helpers of :mod:`rftkit.rewards.numbers` (which re-exports :func:`normalize_unicode` and
:data:`ZERO_WIDTH`). Standard library only: this module ships inside every reward Lambda
(no typing at run time, its pattern compiled on first use).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

__all__ = ["ZERO_WIDTH", "ascii_lower", "normalize_unicode"]

_ZERO_WIDTH = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E})
ZERO_WIDTH: Final = "".join(sorted(map(chr, _ZERO_WIDTH)))
"""The characters :func:`normalize_unicode` deletes."""
_MINUS = frozenset({0x2212, 0xFE63, 0xFF0D, 0x2012, 0x2013})
_SPECIAL = {
    0x2044: "/",  # fraction slash
    0x2215: "/",  # division slash
    0x066B: ".",  # Arabic decimal separator
    0x066C: ",",  # Arabic thousands separator
    0x066A: "%",  # Arabic percent sign
    0x2030: "‰",  # keep per-mille as is: it is not a percent
}
_UNICODE_CACHE_LIMIT = 20_000


class _UnicodeMap(dict[int, "int | str | None"]):
    """A ``str.translate`` table computed lazily, one code point at a time.

    Building the full table would walk all 1.1M code points at import time; a Lambda cold
    start cannot afford that, and most texts use a handful of non-ASCII characters.
    """

    def __missing__(self, cp: int) -> int | str | None:
        out = _map_code_point(cp)
        if len(self) < _UNICODE_CACHE_LIMIT:
            self[cp] = out
        return out


def _map_code_point(cp: int) -> int | str | None:
    if cp < 128:
        return cp
    if cp in _ZERO_WIDTH:
        return None
    if cp in _MINUS:
        return "-"
    special = _SPECIAL.get(cp)
    if special is not None:
        return special
    ch = chr(cp)
    # str methods first, each a necessary condition of the unicodedata test after it, so
    # that common characters (curly quotes, dashes) never load unicodedata at all.
    if ch.isdecimal():  # Unicode category Nd: int() reads any decimal digit
        return str(int(ch))
    if 0xFF01 <= cp <= 0xFF5E:  # full-width ASCII forms: ＄ ％ ． ， ／ and letters
        return cp - 0xFEE0
    if not (ch.isspace() or ch.isnumeric()):
        return cp
    import unicodedata  # once per distinct code point (the table caches the result)

    if unicodedata.category(ch) == "Zs":  # every Zs character is also isspace()
        return " "
    if unicodedata.name(ch, "").startswith("VULGAR FRACTION"):  # all isnumeric()
        from fractions import Fraction

        frac = Fraction(unicodedata.numeric(ch)).limit_denominator(1000)
        # A leading space makes "2½" the mixed number "2 1/2" (dropped after a glued
        # sign: _glue_signs).
        return f" {frac.numerator}/{frac.denominator}"
    return cp


# The vulgar fractions (U+00BC-00BE, U+2150-215E, U+2189: every "VULGAR FRACTION" name),
# and what a sign maps to. A sign glued to such a fraction is its sign: "-½" reads as
# "-1/2", not as "- 1/2" (a minus then a space is no sign, so it read +1/2).
_VULGAR = frozenset((*range(0xBC, 0xBF), *range(0x2150, 0x215F), 0x2189))
_SIGNS = frozenset("+-")


def _glue_signs(run: str, before: str) -> str:
    """The translation of the non-ASCII ``run`` in which a vulgar fraction right after a
    sign (``before`` is the character before the run) loses its leading space. Zero-width
    characters between them are deleted, so they do not separate them either."""
    pieces = []
    prev = before
    for ch in run:
        mapped = _UNICODE_MAP[ord(ch)]
        if mapped is None:
            piece = ""
        elif isinstance(mapped, str):
            piece = mapped
        else:
            piece = chr(mapped)
        if prev in _SIGNS and ord(ch) in _VULGAR:
            piece = piece[1:]
        pieces.append(piece)
        prev = piece[-1:] or prev
    return "".join(pieces)


_UNICODE_MAP = _UnicodeMap()

# The four non-ASCII letters that a case-blind pattern (re.IGNORECASE, Unicode mode) matches
# as ASCII ones: the long s, the Kelvin sign, the dotless i and the dotted capital I.
_CASE_BLIND = str.maketrans({"\u017f": "s", "\u212a": "k", "\u0131": "i", "\u0130": "i"})


def ascii_lower(word: str) -> str:
    """``word`` in lower case as the ASCII word a case-blind pattern matched it as.

    A case-blind pattern for ``thousand`` also matches ``thou\u017fand`` (long s), and
    ``word.lower()`` keeps the long s, so a table of ASCII words has no entry for it: look
    such words up by this instead (a model's reply may hold any character).

    Example:
        >>> ascii_lower("THOU\u017fAND"), ascii_lower("\u0130N")
        ('thousand', 'in')
    """
    return word.lower() if word.isascii() else word.translate(_CASE_BLIND).lower()


def normalize_unicode(text: str) -> str:
    """Map Unicode digits, minus signs, spaces and fraction forms to ASCII.

    ASCII text is returned unchanged at no cost. Zero-width characters are deleted.

    A power written with superscript digits right after a digit or a closing bracket is
    written with ``^``: ``18\u00b2`` is ``18^2`` (324), not 18 with a mark after it. After a
    letter a superscript stays as it is (the unit ``m\u00b2`` in ``18 m\u00b2``).

    Example:
        >>> normalize_unicode("\\u0667\\u0662 \\u2212 \\uff15 \\u00bd")
        '72 - 5  1/2'
        >>> normalize_unicode("18\u00b2 = 324 m\u00b2, 2\u207b\u00b9")
        '18^2 = 324 m\u00b2, 2^-1'
    """
    if text.isascii():
        return text
    out = _common_only(text)
    return _general(text) if out is None else out


# The non-ASCII characters replies hold most (gsm8k corpus: a curly quote in ~4% of replies,
# a dash, a times sign, ...), each with its mapping (None: it stays): ``_UNICODE_MAP``'s,
# held equal to it by tests/unit/test_unicode_common.py. None is a vulgar fraction (it may
# glue to a sign) or a superscript (a power), and each maps to ASCII or to itself, so a
# text of these and ASCII translates one character at a time. The mapped ones come first
# (see _common_only), then by frequency. A literal table: computing it would load
# unicodedata (for the no-break space) at cold start.
_COMMON: Final = (
    ("\u2013", "-"),  # en dash
    ("\u2212", "-"),  # minus
    ("\u00a0", " "),  # no-break space
    ("\u200b", ""),  # zero-width space
    ("\u2019", None),  # right single quote
    ("\u00d7", None),  # times
    ("\u00f7", None),  # divided by
    ("\u20ac", None),  # euro
    ("\u201c", None),  # left double quote
    ("\u201d", None),  # right double quote
    ("\u2014", None),  # em dash
    ("\u2018", None),  # left single quote
    ("\u00e9", None),  # e acute
)


def _common_only(text: str) -> str | None:
    """:func:`_general`'s translation of the non-ASCII ``text`` when all its non-ASCII
    characters are in :data:`_COMMON`, else None.

    A search per character of the table until what is left is ASCII (``str.isascii``
    reads a flag), and a replace per character found: no step per character of the text
    (a replace costs several, a search little). ``rest`` is the translation without the
    characters that stay: while none was found, the translation itself (mapped first).
    """
    rest = out = text
    for c, to in _COMMON:
        if c in rest:
            if to is None:
                rest = rest.replace(c, "")
            elif rest is out:
                rest = out = out.replace(c, to)
            else:
                out = out.replace(c, to)
                rest = rest.replace(c, to)
            if rest.isascii():
                return out
    return None


def _general(text: str) -> str:
    """:func:`normalize_unicode` of the non-ASCII ``text``, for every character."""
    # Two ways, by cost: translating only the non-ASCII characters costs a Python step per
    # distinct character or run (cheap for a few curly quotes in kilobytes of ASCII);
    # str.translate over the whole text costs a lookup per character (cheap when non-ASCII
    # is dense).
    if len(text) > 1024:
        extra = len(text.encode("utf-8", "surrogatepass")) - len(text)  # ~ non-ASCII count
        if extra * 16 > len(text) and not _glued_sign(text):
            return _powers(text.translate(_UNICODE_MAP))
    wide = _wide(text)
    chars = set(wide)
    out = _by_character(text, chars) if len(chars) <= _FEW_DISTINCT else None
    if out is None:
        out = _by_runs(text, wide)
    # A superscript maps to itself, so the text after translation holds one only if the
    # text before did: most texts are done here, without a search per superscript.
    return out if chars.isdisjoint(_SUPERSCRIPT_SET) else _powers(out)


def _powers(text: str) -> str:
    """``text`` with each superscript power after a digit or bracket written with ``^``."""
    for c in _SUPERSCRIPTS:  # one memchr each: most texts hold none of them
        if c in text:
            break
    else:
        return text
    if not _POWER:  # compiled on first use
        _POWER.append(re.compile("(?<=[0-9)\\]])([" + _SUPERSCRIPTS + "]+)"))
    return _POWER[0].sub(lambda m: "^" + m.group(1).translate(_SUPERSCRIPT_MAP), text)


# Superscript digits and the superscript minus, as :func:`_powers` writes them.
_SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUPERSCRIPT_MAP = {**{ord(c): str(i) for i, c in enumerate(_SUPERSCRIPT_DIGITS)}, 0x207B: "-"}
_SUPERSCRIPTS = "".join(map(chr, _SUPERSCRIPT_MAP))
_SUPERSCRIPT_SET = frozenset(_SUPERSCRIPTS)
_POWER: list[re.Pattern[str]] = []
_FEW_DISTINCT = 16  # distinct non-ASCII characters replaced one by one; more: by runs


def _by_character(text: str, chars: set[str]) -> str | None:
    """The translation of ``text`` (its distinct non-ASCII characters ``chars``), one
    ``str.replace`` per character that changes, or None when one is a vulgar fraction.

    Without vulgar fractions a run's translation is its characters' mappings side by side
    (every mapping is of one character, and none depends on its neighbours), so this is
    :func:`_by_runs`'s text, without splitting the text into runs. A vulgar fraction may
    join a sign before it (``-\u00bd`` is ``-1/2``): :func:`_by_runs` reads those.
    """
    out = text
    for c in chars:
        cp = ord(c)
        mapped = _UNICODE_MAP[cp]
        if mapped == cp:
            continue  # a curly quote, a euro sign, a letter: unchanged
        if type(mapped) is str:
            if "/" in mapped and mapped[:1] == " ":
                return None  # a vulgar fraction
            out = out.replace(c, mapped)
        else:
            out = out.replace(c, "" if mapped is None else chr(mapped))  # type: ignore[arg-type]
    return out


def _by_runs(text: str, wide: str) -> str:
    """The translation of ``text`` run by run (``wide``: its :func:`_wide`)."""
    parts = _split_runs(text, wide)  # ASCII, a run, ASCII, ...
    cache = _RUN_CACHE
    changed = False
    for i in range(1, len(parts), 2):
        run = parts[i]
        found = cache.get(run)
        if found is None:
            found = run.translate(_UNICODE_MAP)
            if len(cache) < 4096:  # bounded: a few curly quotes and dashes recur
                cache[run] = found
        if found[:1] == " " or (" " in found and "/" in found):  # maybe a vulgar fraction
            before = parts[i - 1][-1:]
            if before in _SIGNS or any(c in _SIGNS for c in found):
                found = _glue_signs(run, before)
        if found != run:
            parts[i] = found
            changed = True
    return "".join(parts) if changed else text  # a curly quote maps to itself


_NON_ASCII_RUN: list[re.Pattern[str]] = []
_RUN_CACHE: dict[str, str] = {}
_ASCII_BYTES = bytes(range(128))
_FEW_WIDE = 24  # non-ASCII characters found one by one; more: the pattern's split


def _wide(text: str) -> str:
    """The non-ASCII characters of ``text``, in order: its UTF-8 bytes without the ASCII
    ones (every byte of a non-ASCII character's UTF-8 is above 0x7f)."""
    return (
        text.encode("utf-8", "surrogatepass")
        .translate(None, _ASCII_BYTES)
        .decode("utf-8", "surrogatepass")
    )


def _split_runs(text: str, wide: str | None = None) -> list[str]:
    """``re.split("([^\\x00-\\x7f]+)", text)``: the ASCII parts and the non-ASCII runs
    between them, in turn.

    The pattern tests every character (a slow step per character); most texts hold a few
    curly quotes or dashes, so those are found by byte and character searches: the text's
    non-ASCII characters in order are its UTF-8 bytes without the ASCII ones (every byte
    of a non-ASCII character's UTF-8 is above 0x7f), and each distinct one is found with
    ``str.find``. Adjacent ones make one run. Past :data:`_FEW_WIDE` of them, the pattern.
    ``wide``: :func:`_wide` of the text, when the caller has it.
    """
    if wide is None:
        wide = _wide(text)
    if len(wide) > _FEW_WIDE:
        if not _NON_ASCII_RUN:  # compiled on first use
            _NON_ASCII_RUN.append(re.compile(r"([^\x00-\x7f]+)"))
        return _NON_ASCII_RUN[0].split(text)
    find = text.find
    if len(wide) == 1:
        k = find(wide)
        return [text[:k], wide, text[k + 1 :]]
    at: list[int] = []
    for c in set(wide):
        k = find(c)
        while k != -1:
            at.append(k)
            k = find(c, k + 1)
    at.sort()
    parts: list[str] = []
    prev = i = 0
    n = len(at)
    while i < n:
        a = at[i]
        b = a + 1
        i += 1
        while i < n and at[i] == b:  # the run goes on
            b += 1
            i += 1
        parts.append(text[prev:a])
        parts.append(text[a:b])
        prev = b
    parts.append(text[prev:])
    return parts


_GLUED_SIGN: list[re.Pattern[str]] = []


def _glued_sign(text: str) -> bool:
    """Whether a sign stands right before a vulgar fraction somewhere in ``text``."""
    if not _GLUED_SIGN:  # compiled on first use
        signs = "+\\-" + "".join(chr(cp) for cp in sorted(_MINUS)) + "\uff0b"
        gaps = "".join(sorted(ZERO_WIDTH))
        _GLUED_SIGN.append(re.compile(f"[{signs}][{gaps}]*[\u00bc-\u00be\u2150-\u215e\u2189]"))
    return _GLUED_SIGN[0].search(text) is not None
