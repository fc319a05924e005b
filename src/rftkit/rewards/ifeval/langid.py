"""A small standard-library language identifier for IFEval's language instructions.

IFEval's reference uses ``langdetect`` (a port of Google's language-detection library, with
about 3 MB of character n-gram profiles and a slow import). This module answers the only
question IFEval asks, "is this reply written in language X?", for the languages IFEval's data
uses, from two cheap signals:

* the writing system: Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, Telugu, Kannada,
  Malayalam, Thai, Hangul, kana, Han, Hebrew, Greek, Arabic script and Cyrillic letters are
  counted, and the script with most letters decides the family;
* within a family, marker letters (Urdu/Persian/Arabic letters, Ukrainian/Bulgarian/Russian
  letters) and common function words (Latin-script languages, Devanagari languages).

It returns an ISO 639-1 code in langdetect's spelling (``zh-cn`` for Chinese), or None when
the text holds too little evidence (no letters, or a Latin-script text with no function word
of any language). Limits: code-mixed text goes to the majority script; languages outside the
table are never returned; very short Latin texts (a word or two) are often None.
Standard library only; about 0.5 KB of word lists per language.
"""

from __future__ import annotations

__all__ = ["LATIN_WORDS", "detect"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

# (first code point, last code point, script) for the non-Latin scripts IFEval uses.
_RANGES: Final = (
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x04FF, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bn"),
    (0x0A00, 0x0A7F, "pa"),
    (0x0A80, 0x0AFF, "gu"),
    (0x0B80, 0x0BFF, "ta"),
    (0x0C00, 0x0C7F, "te"),
    (0x0C80, 0x0CFF, "kn"),
    (0x0D00, 0x0D7F, "ml"),
    (0x0E00, 0x0E7F, "th"),
    (0x1100, 0x11FF, "ko"),
    (0x3130, 0x318F, "ko"),
    (0xAC00, 0xD7AF, "ko"),
    (0x3040, 0x30FF, "ja"),
    (0x4E00, 0x9FFF, "han"),
)

# Common function words of Latin-script languages (lower case). Chosen to be frequent in
# running text and rare in the other languages of the table.
LATIN_WORDS: Final = {
    "en": "the and of to is in that it for you with are this was be have not on as but "
    "they his her from by at which what will would there their can an or if all has been",
    "es": "el la los las de que y en un una es por con para del se no al lo como más pero "
    "sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde "
    "está están vamos",
    "fr": "le la les de des et un une est que qui dans pour pas sur au du ne se ce il elle "
    "avec sont nous vous mais ou leur cette aux été être très fait comme plus",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch "
    "es an werden aus er hat dass sie nach wird bei noch wie einer um über",
    "it": "il di che la è e un una per non sono con del della le gli in si da lo al questo "
    "anche come ma più nel alla dei ha ci essere molto",
    "pt": "o a os as de que e do da em um uma para é com não no na por se mais dos das ao "
    "como mas foi ele ela seu sua ou quando muito também são você isso vai pela pelo nós "
    "está estão",
    "nl": "de het een van en is dat op te in voor niet met zijn aan er ook als maar dit om "
    "bij wordt nog worden door naar",
    "pl": "i w nie na się z do to że jest jak o co ale po tak za od jego przez być są jej "
    "czy tylko już może dla",
    "fi": "ja on ei se että oli hän mutta kuin myös tai ovat ole joka sen kun niin mitä "
    "vain jos tämä hänen minä sinä",
    "vi": "và của là có không được những cho với các một người trong này đã để khi đến "
    "như từ cũng nhưng",
    "sw": "na ya wa kwa ni za katika la kuwa hii cha vya au lakini pia kama wao yeye sisi "
    "ana alikuwa",
    "tr": "ve bir bu da de için ile çok ne var daha gibi olan ama en değil mi o ben sen olarak",
    "id": "yang dan di itu dengan untuk tidak ini dari dalam akan pada juga saya ke karena "
    "ada adalah mereka bisa",
    "sv": "och att det som en på är av för med till den har inte om ett jag var men",
}
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
_MARK_WORD: Final = {"pt": "\x00pt", "es": "\x00es", "de": "\x00de"}  # one vote each
for _code, _list in LATIN_WORDS.items():
    for _w in _list.split():
        _WORD_LANGS[_w] = (*_WORD_LANGS.get(_w, ()), _code)

for _code, _mark in _MARK_WORD.items():
    _WORD_LANGS[_mark] = (_code,)

_DEVANAGARI_WORDS: Final = {
    "hi": "है हैं और के की का में से को एक यह पर भी नहीं था थे कि हम आप वह लिए कर",
    "mr": "आहे आणि हे या व की ते आहेत मध्ये च्या त्या होते करण्यासाठी आपण",
    "ne": "छ र को मा हो पनि गर्न छन् भएको यो त्यो गरेको हुन्छ लागि",
}
_DEVA_LANGS: dict[str, tuple[str, ...]] = {}
for _code, _list in _DEVANAGARI_WORDS.items():
    for _w in _list.split():
        _DEVA_LANGS[_w] = (*_DEVA_LANGS.get(_w, ()), _code)

# Letters that only one of the Latin-script languages uses: each counts as a function word.
_LATIN_MARKS: Final = {"ã": "pt", "õ": "pt", "ñ": "es", "¿": "es", "¡": "es", "ß": "de"}
_CYRILLIC_WORDS: Final = {
    "bg": "е са от за това тя той много ще съм си със във които която които",
    "ru": "что это он она как не из по для так был была было будет они мы вы её его",
}
_CYR_LANGS: dict[str, tuple[str, ...]] = {}
for _code, _list in _CYRILLIC_WORDS.items():
    for _w in _list.split():
        _CYR_LANGS[_w] = (*_CYR_LANGS.get(_w, ()), _code)

_URDU_ONLY: Final = frozenset("ٹڈڑںےۓھ")
_PERSIAN_ONLY: Final = frozenset("پچژگکی")
_ARABIC_ONLY: Final = frozenset("ةىيك")
_UK_ONLY: Final = frozenset("іїєґ")
_RU_ONLY: Final = frozenset("ыэё")

_MAX_CHARS: Final = 4000  # the head of the reply is enough evidence; bounds the work


def _script_of(cp: int) -> str | None:
    for lo, hi, name in _RANGES:
        if lo <= cp <= hi:
            return name
    return None


def _vote(words: list[str], table: dict[str, tuple[str, ...]]) -> str | None:
    counts: dict[str, int] = {}
    for w in words:
        for code in table.get(w, ()):
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda c: counts[c])


def detect(text: str) -> str | None:
    """The language of ``text`` as a langdetect-style code, or None when undecidable.

    Example:
        >>> detect("The cat sat on the mat and it was happy."), detect("Это очень хорошо.")
        ('en', 'ru')
        >>> detect("12345 !!!") is None
        True
    """
    text = text[:_MAX_CHARS]
    if text.isascii():  # the common case: Latin letters only, decided by function words
        return _latin(text) if any(map(str.isalpha, text)) else None
    latin = 0
    scripts: dict[str, int] = {}
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                latin += 1
            continue
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if cp < 0x0250:  # Latin-1 supplement and Latin extended: accented Latin letters
            latin += 1
            continue
        if 0x1E00 <= cp <= 0x1EFF:  # Latin extended additional (Vietnamese)
            latin += 1
            continue
        name = _script_of(cp)
        if name is not None:
            scripts[name] = scripts.get(name, 0) + 1
    best = max(scripts, key=lambda s: scripts[s]) if scripts else None
    if best is not None and scripts[best] >= latin:
        if best == "han" and scripts.get("ja", 0) * 10 >= scripts["han"]:
            return "ja"  # Japanese mixes kana into Han text; Chinese has none
        return _within_script(best, text)
    if latin == 0:
        return None
    return _latin(text)


_SENTENCE_BREAKS: Final = str.maketrans(dict.fromkeys(".!?;\n", "\x00"))


def _latin(text: str) -> str | None:
    """The language of a Latin-script text: each sentence (or line) gives as many votes as
    it has letters to the language with most function words in it (shared on a tie).

    Voting over the whole text would let a line of another language's function words
    ("le la les des une et est sont ...") appended to an English essay outvote it; weighted
    by sentence length, that line weighs what it is, a few dozen letters.
    """
    weights: dict[str, float] = {}
    for sentence in text.translate(_SENTENCE_BREAKS).split("\x00"):
        words = _words(sentence)
        if not words:
            continue
        if not sentence.isascii():
            for ch, code in _LATIN_MARKS.items():
                if ch in sentence:
                    words.extend(_MARK_WORD[code] for _ in range(sentence.count(ch)))
        counts: dict[str, int] = {}
        for w in words:
            for code in _WORD_LANGS.get(w, ()):
                counts[code] = counts.get(code, 0) + 1
        if not counts:
            continue
        top = max(counts.values())
        winners = [code for code, n in counts.items() if n == top]
        share = sum(map(str.isalpha, sentence)) / len(winners)
        for code in winners:  # the sentence's letters, shared only on a tie
            weights[code] = weights.get(code, 0.0) + share
    if not weights:
        return None
    return max(weights, key=lambda c: weights[c])


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?\"'()[]{}*«»“”‘’-") for w in text.lower().split()]


def _within_script(script: str, text: str) -> str | None:
    if script == "han":
        return "zh-cn"
    if script == "greek":
        return "el"
    if script == "hebrew":
        return "he"
    if script == "arabic":
        letters = set(text)
        if letters & _URDU_ONLY:
            return "ur"
        if letters & _PERSIAN_ONLY and not letters & _ARABIC_ONLY:
            return "fa"
        return "ar"
    if script == "cyrillic":
        letters = set(text.lower())
        if letters & _UK_ONLY:
            return "uk"
        if letters & _RU_ONLY:
            return "ru"
        if "ъ" in letters:
            return "bg"
        return _vote(_words(text), _CYR_LANGS) or "ru"
    if script == "devanagari":
        words = [w.strip("।,.!?\"'()") for w in text.split()]
        return _vote(words, _DEVA_LANGS) or "hi"
    return script
