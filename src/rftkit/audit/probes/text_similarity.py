"""Probes for text-similarity graders (issue 16: BLEU, ROUGE, chrF, fuzzy ratios)."""

from __future__ import annotations

from rftkit.audit.probes.base import (
    _FILLER,
    ProbeInput,
    _builtin,
)

# -- issue 16: text_similarity ------------------------------------------------------------------
# Probes for graders that score closeness to a reference text (BLEU, ROUGE, chrF, fuzzy
# ratios). They apply only to references of at least four words (not numbers). A graded
# similarity pays any reply that shares words with the reference a little more than a plain
# wrong answer, so these are report_only: the report shows what each trick earns next to the
# correct answer; the empty and whitespace probes (battery.py) are the must-not-reward checks.


def _similarity_words(p: ProbeInput) -> list[str] | None:
    words = p.reference.split()
    return words if p.value is None and len(words) >= 4 else None


@_builtin(
    "similarity_prompt_copy",
    "text",
    "report_only",
    "The prompt copied back as the reply. Report only: overlap metrics legitimately pay the "
    "words a prompt shares with its reference (a summary shares most of its words with the "
    "article), so this shows how much of the reward copying alone earns.",
)
def _similarity_prompt_copy(p: ProbeInput) -> str | None:
    if _similarity_words(p) is None or not p.prompt.strip() or p.prompt == p.reference:
        return None
    return p.prompt


@_builtin(
    "similarity_ngram_repeat",
    "text",
    "report_only",
    "The reference's first three words repeated as long as three references. BLEU, ROUGE "
    "and chrF clip repeated n-grams to their count in the reference, so it earns about one "
    "occurrence's worth; token_set_ratio pays it in full (a subset of the reference's words). "
    "Report only: the one clipped match is legitimately paid.",
)
def _similarity_ngram_repeat(p: ProbeInput) -> str | None:
    words = _similarity_words(p)
    if words is None:
        return None
    unit = " ".join(words[:3])
    return " ".join([unit] * max(3, len(words)))


@_builtin(
    "similarity_word_salad",
    "text",
    "report_only",
    "The reference's words in sorted order. ROUGE-1 and token_set_ratio pay it in full (they "
    "compare bags of words by definition); ROUGE-2, ROUGE-L, BLEU, chrF and fuzzy_ratio pay "
    "word order and score it lower. Report only: pick an order-aware metric if order matters.",
)
def _similarity_word_salad(p: ProbeInput) -> str | None:
    words = _similarity_words(p)
    if words is None:
        return None
    salad = sorted(words, key=str.casefold)
    return None if salad == words else " ".join(salad)


@_builtin(
    "similarity_reference_padded",
    "text",
    "report_only",
    "The reference followed by about 1,100 words of unrelated filler (under the grader's "
    "default length bound). Precision-aware metrics "
    "(BLEU's n-gram precision, ROUGE F-measure, chrF, fuzzy_ratio) pay it little; "
    "token_set_ratio pays it in full because the reference's words are all there.",
)
def _similarity_reference_padded(p: ProbeInput) -> str | None:
    if _similarity_words(p) is None:
        return None
    return p.reference + "\n" + _FILLER * 100
