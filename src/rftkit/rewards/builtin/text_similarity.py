"""The ``text_similarity`` grader: graded closeness of the reply to a reference text.

``metric`` is one of ``fuzzy_ratio``, ``token_set_ratio`` (rapidfuzz), ``bleu``, ``chrf``
(sacrebleu's sentence-level definitions), ``rouge_1``, ``rouge_2``, ``rouge_l``
(rouge-score's F-measure); see :mod:`rftkit.rewards.text_similarity` and
``docs/text_similarity.md``. The score is the similarity in ``[0, 1]``; with
``pass_threshold`` it is 1.0 when the similarity is at least the threshold, else 0.0 (as
OpenAI's ``text_similarity`` grader).

The reference is a string, ``{"text": ...}``, or a list of those (acceptable answers: the
best similarity over them counts, for every metric). An empty reference raises
:class:`~rftkit.errors.GraderError` (a dataset problem, never a silent 0 or 1).

Bounds: a reply longer than ``max_chars`` characters (default 10,000, about 1,600 English
words) scores 0.0 with the error ``too_long``, and a reference longer than that raises
:class:`~rftkit.errors.GraderError` (raise ``max_chars`` for long references). Comparing
only a prefix instead would pay a reference followed by a megabyte of anything as an exact
match whenever the reference fills the prefix. Within the bound every metric is linear in
the text, or bit-parallel (ROUGE-L's LCS, rapidfuzz), so the worst case stays at a few tens
of milliseconds. Preprocessed references are cached (bounded), since every rollout of a
prompt shares its reference.
"""

from __future__ import annotations

import math

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards import text_similarity as ts
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # typing costs a Lambda cold start about 8 ms: annotations only
    from collections.abc import Callable
    from typing import Any

__all__ = ["METRICS", "text_similarity"]

METRICS = ("fuzzy_ratio", "token_set_ratio", "bleu", "rouge_1", "rouge_2", "rouge_l", "chrf")
"""The metric names ``text_similarity`` accepts."""

_LOWERCASE_DEFAULT = {"rouge_1": True, "rouge_2": True, "rouge_l": True}
_MAX_REFERENCES = 32
_CACHE_SIZE = 4096
_HINT = "give each sample a non-empty reference text: a string, {'text': '...'} or a list of them"


def _reference_texts(reference: Any, max_chars: int) -> list[str]:
    items = reference if isinstance(reference, list | tuple) else [reference]
    if not items:
        raise GraderError("the reference list is empty", hint=_HINT)
    if len(items) > _MAX_REFERENCES:
        raise GraderError(
            f"{len(items)} references; at most {_MAX_REFERENCES} are compared", hint=_HINT
        )
    out = []
    for item in items:
        text = item.get("text") if isinstance(item, dict) else item
        if not isinstance(text, str):
            raise GraderError(f"a reference must be text, got {type(text).__name__}", hint=_HINT)
        if not text.strip():
            raise GraderError(f"the reference {text[:40]!r} is empty", hint=_HINT)
        if len(text) > max_chars:
            raise GraderError(
                f"a reference of {len(text)} characters is longer than max_chars={max_chars}",
                hint="raise the grader's max_chars above the longest reference",
            )
        out.append(text)
    return out


@grader(name="text_similarity", requires=("rapidfuzz>=3.0",))
def text_similarity(
    *,
    metric: str = "rouge_l",
    pass_threshold: float | None = None,
    lowercase: bool | None = None,
    normalize_whitespace: bool = True,
    max_chars: int = 10_000,
    normalize_unicode: bool = True,
) -> Callable[[Sample], Reward]:
    """Similarity of the reply to a reference text (fuzzy, BLEU, ROUGE, chrF).

    Args:
        metric: ``fuzzy_ratio``, ``token_set_ratio``, ``bleu``, ``rouge_1``, ``rouge_2``,
            ``rouge_l`` (default) or ``chrf``.
        pass_threshold: when given, the score is 1.0 if the similarity is at least this,
            else 0.0.
        lowercase: fold case on both sides first; None (default) keeps each metric's
            reference-library default (ROUGE lowercases, the others keep case).
        normalize_whitespace: strip both texts and collapse runs of whitespace to one space.
        max_chars: a longer reply scores 0 (``too_long``); a longer reference is an error.
        normalize_unicode: NFKC-normalise both texts and drop invisible format characters
            (zero-width spaces and joiners, soft hyphens), so ``café`` written with a
            combining accent, fullwidth letters or a zero-width space inside a word score
            as the text they show.

    Example:
        >>> g = text_similarity(metric="rouge_1")
        >>> g(Sample.from_text(response="the cat sat", reference="The cat sat.")).score
        1.0
        >>> g = text_similarity(metric="bleu", pass_threshold=0.5)
        >>> g(Sample.from_text(response="a dog", reference="the cat sat on the mat")).score
        0.0
    """
    if metric not in METRICS:
        raise GraderArgsError(
            f"text_similarity: unknown metric {metric!r}; known: {', '.join(METRICS)}"
        )
    if pass_threshold is not None and (
        isinstance(pass_threshold, bool)
        or not isinstance(pass_threshold, int | float)
        or not math.isfinite(pass_threshold)
        or not 0.0 <= pass_threshold <= 1.0
    ):
        raise GraderArgsError(
            f"text_similarity: pass_threshold must be a number in [0, 1], got {pass_threshold!r}"
        )
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise GraderArgsError(
            f"text_similarity: max_chars must be a positive integer, got {max_chars!r}"
        )
    if lowercase is not None and not isinstance(lowercase, bool):
        raise GraderArgsError("text_similarity: lowercase must be true, false or null")
    if not isinstance(normalize_unicode, bool):
        raise GraderArgsError("text_similarity: normalize_unicode must be true or false")
    fold = _LOWERCASE_DEFAULT.get(metric, False) if lowercase is None else lowercase
    threshold = None if pass_threshold is None else float(pass_threshold)

    def prepare(text: str) -> str:
        if normalize_unicode and not text.isascii():
            text = ts.visible_text(text)
        if normalize_whitespace:
            text = " ".join(text.split())
        if fold and metric not in _LOWERCASE_DEFAULT:
            text = text.lower()
        return text

    # One (prepare, compare) pair per metric: prepare(reference text) -> cached object,
    # compare(reply text, prepared reference) -> similarity in [0, 1].
    prep_ref: Callable[[str], Any]
    compare: Callable[[str, Any], float]
    if metric in ("fuzzy_ratio", "token_set_ratio"):
        from rapidfuzz import fuzz  # the only third-party import, only for these metrics

        scorer = fuzz.ratio if metric == "fuzzy_ratio" else fuzz.token_set_ratio

        def prep_ref(text: str) -> Any:
            return text

        def compare(reply: str, ref: Any) -> float:
            return float(scorer(reply, ref)) / 100.0

    elif metric == "bleu":

        def prep_ref(text: str) -> Any:
            tokens = ts.tokenize_13a(text)
            return tokens, ts.bleu_stats(tokens)

        def compare(reply: str, ref: Any) -> float:
            return ts.bleu(ts.tokenize_13a(reply), ref[0], ref[1])

    elif metric == "chrf":
        prep_ref = ts.chrf_ngrams

        def compare(reply: str, ref: Any) -> float:
            return ts.chrf(ts.chrf_ngrams(reply), ref)

    else:
        order = {"rouge_1": 1, "rouge_2": 2}.get(metric)

        def tokens_of(text: str) -> list[str]:
            return ts.rouge_tokens(text, lowercase=fold)

        if order is not None:
            n = order

            def prep_ref(text: str) -> Any:
                return ts.ngram_counts(tokens_of(text), n)

            def compare(reply: str, ref: Any) -> float:
                return ts.rouge_n(tokens_of(reply), ref, n)

        else:

            def prep_ref(text: str) -> Any:
                tokens = tokens_of(text)
                return ts.match_masks(tokens), len(tokens)

            def compare(reply: str, ref: Any) -> float:
                return ts.rouge_l(tokens_of(reply), ref[0], ref[1])

    cache: dict[str, Any] = {}

    def prepared(text: str) -> Any:
        found = cache.get(text)
        if found is None:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()  # bounded: references repeat per prompt, not forever
            found = cache[text] = prep_ref(prepare(text))
        return found

    zero_metrics: tuple[Metric, ...] = (
        Metric("similarity", 0.0, "Metric" if threshold is not None else "Reward"),
    )
    if threshold is not None:
        zero_metrics += (Metric("passed", 0.0, "Reward"),)
    too_long_why = f"too long: the reply is over max_chars={max_chars} characters; scored 0"

    def grade(sample: Sample) -> Reward:
        refs = _reference_texts(sample.reference, max_chars)
        raw = sample.completion
        shown = raw if len(raw) <= 200 else raw[:200] + "..."
        if len(raw) > max_chars:
            return Reward(0.0, zero_metrics, shown, metric, ("too_long",), too_long_why)
        reply = prepare(raw)
        best = 0.0
        for ref in refs:
            sim = compare(reply, prepared(ref))
            best = max(best, sim)
        if not math.isfinite(best):  # defensive: the metrics are bounded by construction
            best = 0.0
        best = min(1.0, max(0.0, best))
        metrics = [Metric("similarity", best, "Metric" if threshold is not None else "Reward")]
        if threshold is None:
            return Reward(best, tuple(metrics), shown, metric, (), f"{metric} = {best:.4f}")
        passed = best >= threshold
        metrics.append(Metric("passed", 1.0 if passed else 0.0, "Reward"))
        verdict = "passed" if passed else "failed"
        why = f"{metric} = {best:.4f} {'>=' if passed else '<'} {threshold:g}: {verdict}"
        return Reward(1.0 if passed else 0.0, tuple(metrics), shown, metric, (), why)

    return grade
