"""Text-similarity metrics for the ``text_similarity`` grader, in the standard library.

Each function takes already-bounded texts and returns a similarity in ``[0, 1]``:

* :func:`bleu`: sentence BLEU as sacrebleu's ``sentence_bleu`` computes it with its
  defaults (``13a`` tokenisation, case kept, up to 4-grams, ``exp`` smoothing, effective
  order), divided by 100.
* :func:`chrf`: chrF as sacrebleu's ``sentence_chrf`` computes it with its defaults
  (character n-grams up to 6, no word n-grams, beta 2, whitespace removed), divided by 100.
* :func:`rouge_n` / :func:`rouge_l`: the F-measure of rouge-score's ``rouge1``,
  ``rouge2`` and ``rougeL`` (no stemmer): tokens are lowercased runs of letters and digits.
  rouge-score keeps only ASCII ``[a-z0-9]`` runs; here any Unicode letter or digit counts,
  so the two agree on ASCII text and non-Latin text is not scored as empty.

The reference libraries are used only by the tests, which check agreement to 1e-9 on a
table of sentence pairs. Nothing here imports ``typing``, ``re`` only for the two
tokenisers (linear-time patterns, no backtracking).

ROUGE-L's longest common subsequence is computed bit-parallel (Allison-Dix / Hyyrö: one
big-integer step per reply token over a bitmask as long as the reference), so a
10,000 x 10,000-token pair costs milliseconds, not the seconds of the O(n*m) table.
"""

from __future__ import annotations

import math
import re
from collections import Counter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "bleu",
    "bleu_stats",
    "chrf",
    "chrf_ngrams",
    "lcs_length",
    "ngram_counts",
    "rouge_l",
    "rouge_n",
    "rouge_tokens",
    "tokenize_13a",
    "visible_text",
]

# sacrebleu's 13a tokeniser (mteval-v13a.pl). Its first rule puts spaces around every
# character of the ASCII ranges { to ~, [ to `, space to &, ( to +, : to @ and /: a
# one-character substitution, done here with str.translate (the same result, without a
# regex match per space). Then: period and comma are split off unless between digits, and
# a dash after a digit is split off (regexes, run only when the text holds . , or -).
_13A_SYMBOLS = '{|}~[\\]^_` !"#$%&()*+:;<=>?@/'
_13A_TABLE = str.maketrans({c: f" {c} " for c in _13A_SYMBOLS})
_13A_CONTEXT = (
    (re.compile(r"([^0-9])([\.,])"), r"\1 \2 "),
    (re.compile(r"([\.,])([^0-9])"), r" \1 \2"),
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),
)
# Unicode's format characters (category Cf, Unicode 15.1): zero-width spaces and joiners,
# soft hyphen, bidi controls, byte-order mark, tag characters. One character class: linear.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_WORD = re.compile(r"[^\W_]+")  # a run of Unicode letters and digits
_MAX_ORDER = 4
_CHAR_ORDER = 6
_CHRF_BETA = 2.0


def visible_text(text: str) -> str:
    """NFKC-normalised ``text`` without invisible format characters (category ``Cf``:
    zero-width spaces and joiners, soft hyphens, bidi marks).

    Example:
        >>> visible_text("cafe\u0301 \uff41\u200bb")
        'café ab'
    """
    import unicodedata  # a C module, only for non-ASCII text

    out = unicodedata.normalize("NFKC", text)
    return out if out.isascii() else _INVISIBLE.sub("", out)


def tokenize_13a(text: str) -> list[str]:
    """Tokens of ``text`` as sacrebleu's default ``13a`` tokeniser splits it.

    Example:
        >>> tokenize_13a("Hello, world! It's 3.5 km.")
        ['Hello', ',', 'world', '!', "It's", '3.5', 'km', '.']
    """
    line = text.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in line:
        line = (
            line.replace("&quot;", '"')
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
        )
    line = f" {line} ".translate(_13A_TABLE)
    if "." in line or "," in line or "-" in line:
        for pattern, repl in _13A_CONTEXT:
            line = pattern.sub(repl, line)
    return line.split()


def rouge_tokens(text: str, *, lowercase: bool = True) -> list[str]:
    """ROUGE tokens: runs of letters and digits, lowercased (rouge-score's default).

    Example:
        >>> rouge_tokens("The cat's 2nd mat, naïve!")
        ['the', 'cat', 's', '2nd', 'mat', 'naïve']
    """
    return _WORD.findall(text.lower() if lowercase else text)


def ngram_counts(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the ``n``-grams of ``tokens``.

    Example:
        >>> ngram_counts(["a", "b", "a", "b"], 2)[("a", "b")]
        2
    """
    if n == 1:
        return Counter(zip(tokens))
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def bleu_stats(tokens: Sequence[str]) -> list[Counter[tuple[str, ...]]]:
    """The 1- to 4-gram counts BLEU compares (precomputed once per reference)."""
    return [ngram_counts(tokens, n) for n in range(1, _MAX_ORDER + 1)]


def bleu(
    hyp: Sequence[str], ref: Sequence[str], ref_stats: Sequence[Counter[tuple[str, ...]]]
) -> float:
    """Sentence BLEU in ``[0, 1]`` of ``hyp`` against one reference (tokens of both).

    Reply n-gram counts are clipped by the reference's, so repeating a reference word
    earns it once. Orders the reply is too short for are left out (effective order); an
    order with no match counts as ``1 / (2^k * total)`` for the k-th such order
    (``exp`` smoothing); a reply shorter than the reference pays the brevity penalty.

    Example:
        >>> ref = "the cat sat on the mat".split()
        >>> bleu(ref, ref, bleu_stats(ref))
        1.0
        >>> round(bleu("the the the the the".split(), ref, bleu_stats(ref)), 4)
        0.104
    """
    sys_len = len(hyp)
    if sys_len == 0:
        return 0.0
    stats: list[tuple[int, int]] = []  # (correct, total) per order the reply is long enough for
    for n in range(1, _MAX_ORDER + 1):
        total = sys_len - n + 1
        if total <= 0:
            break
        ref_counts = ref_stats[n - 1]
        correct = 0
        for gram, count in ngram_counts(hyp, n).items():
            r = ref_counts.get(gram)
            if r:
                correct += count if count < r else r
        stats.append((correct, total))
    if not any(c for c, _ in stats):
        return 0.0  # no match at all: 0, not a smoothed positive value (sacrebleu #141)
    log_sum = 0.0
    smooth = 1.0
    for correct, total in stats:
        if correct == 0:
            smooth *= 2.0
            log_sum += math.log(100.0 / (smooth * total))
        else:
            log_sum += math.log(100.0 * correct / total)
    order = len(stats)
    ref_len = len(ref)
    bp = 1.0 if sys_len >= ref_len else math.exp(1.0 - ref_len / sys_len)
    score = bp * math.exp(log_sum / order) / 100.0
    return min(1.0, max(0.0, score))


def chrf_ngrams(text: str) -> list[Counter[str]]:
    """Character 1- to 6-gram counts of ``text`` with whitespace removed (chrF's view)."""
    s = "".join(text.split())
    return [Counter(s[i : i + n] for i in range(len(s) - n + 1)) for n in range(1, _CHAR_ORDER + 1)]


def chrf(hyp: Sequence[Counter[str]], ref: Sequence[Counter[str]]) -> float:
    """chrF (beta 2) in ``[0, 1]`` from the character n-gram counts of both texts.

    Precision and recall are averaged over the orders both texts are long enough for,
    then combined as an F-beta score that weighs recall twice as much as precision.

    Example:
        >>> r = chrf_ngrams("the cat sat")
        >>> chrf(r, r)
        1.0
        >>> chrf(chrf_ngrams(""), r)
        0.0
    """
    factor = _CHRF_BETA * _CHRF_BETA
    avg_prec = avg_rec = 0.0
    order = 0
    for h, r in zip(hyp, ref, strict=True):
        n_hyp = h.total()
        n_ref = r.total()
        if n_hyp == 0 or n_ref == 0:
            continue
        small, big = (h, r) if len(h) <= len(r) else (r, h)
        match = 0
        for gram, count in small.items():
            other = big.get(gram)
            if other:
                match += count if count < other else other
        avg_prec += match / n_hyp
        avg_rec += match / n_ref
        order += 1
    if order == 0:
        return 0.0
    avg_prec /= order
    avg_rec /= order
    if avg_prec + avg_rec == 0.0:
        return 0.0
    score = (1.0 + factor) * avg_prec * avg_rec / (factor * avg_prec + avg_rec)
    return min(1.0, max(0.0, score))


def _f1(overlap: int, n_hyp: int, n_ref: int) -> float:
    precision = overlap / max(n_hyp, 1)
    recall = overlap / max(n_ref, 1)
    if precision + recall == 0.0:
        return 0.0
    return 2.0 * precision * recall / (precision + recall)


def rouge_n(hyp: Sequence[str], ref_counts: Counter[tuple[str, ...]], n: int) -> float:
    """ROUGE-N F-measure of the reply tokens against a reference's ``n``-gram counts.

    Example:
        >>> ref = "the cat sat on the mat".split()
        >>> round(rouge_n("the cat".split(), ngram_counts(ref, 1), 1), 4)
        0.5
    """
    hyp_counts = ngram_counts(hyp, n)
    overlap = 0
    for gram, count in hyp_counts.items():
        r = ref_counts.get(gram)
        if r:
            overlap += count if count < r else r
    return _f1(overlap, hyp_counts.total(), ref_counts.total())


def match_masks(ref: Sequence[str]) -> dict[str, int]:
    """Per token, the bitmask of its positions in ``ref`` (for :func:`lcs_length`)."""
    masks: dict[str, int] = {}
    for i, t in enumerate(ref):
        masks[t] = masks.get(t, 0) | (1 << i)
    return masks


def lcs_length(hyp: Sequence[str], masks: dict[str, int], m: int) -> int:
    """Length of the longest common subsequence of ``hyp`` and the reference.

    ``masks`` comes from :func:`match_masks` of the reference, ``m`` is its length.
    Bit-parallel: ``O(len(hyp) * m / word size)``.

    Example:
        >>> ref = "a b c b d a b".split()
        >>> lcs_length("b d c a b a".split(), match_masks(ref), len(ref))
        4
    """
    if m == 0:
        return 0
    full = (1 << m) - 1
    v = full
    get = masks.get
    for t in hyp:
        pm = get(t)
        if pm:
            u = v & pm
            v = ((v + u) | (v - u)) & full
    return m - v.bit_count()


def rouge_l(hyp: Sequence[str], masks: dict[str, int], m: int) -> float:
    """ROUGE-L F-measure: LCS over reply length (precision) and reference length (recall).

    Example:
        >>> ref = "the cat sat on the mat".split()
        >>> round(rouge_l("the mat sat".split(), match_masks(ref), len(ref)), 4)
        0.4444
    """
    if not hyp or m == 0:
        return 0.0
    return _f1(lcs_length(hyp, masks, m), len(hyp), m)
