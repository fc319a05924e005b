"""The ``text_similarity`` grader and its standard-library metrics.

The stdlib BLEU, chrF and ROUGE are checked against the reference libraries they reproduce
(sacrebleu's ``sentence_bleu``/``sentence_chrf``, rouge-score's ``RougeScorer``), to 1e-9, on
a table of sentence pairs with the edge cases; the fuzzy metrics are rapidfuzz itself.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards import text_similarity as ts
from rftkit.rewards.builtin.text_similarity import METRICS, text_similarity
from rftkit.rewards.registry import load_grader
from rftkit.rewards.types import Sample

sacrebleu = pytest.importorskip("sacrebleu")
rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
fuzz = pytest.importorskip("rapidfuzz.fuzz")

# (hypothesis, reference): edge cases first, then ordinary sentences.
PAIRS = [
    ("", "the cat sat on the mat"),  # empty reply
    ("the cat sat on the mat", "the cat sat on the mat"),  # identical
    ("a b c", "x y z"),  # no overlap: 0, not a smoothed positive BLEU
    ("x", "x"),  # shorter than every higher n-gram order
    ("x y", "x"),
    ("x", "x y z w"),  # brevity penalty
    ("the the the the the the the", "the cat sat on the mat"),  # clipping
    ("mat the on sat cat the", "the cat sat on the mat"),  # word salad
    ("The cat, sat on the mat.", "the cat is on the mat"),
    ("Hello, world! It's 3.5 km - 2-3 miles.", "hello world it is 3.5 km"),
    ("1,000.5 & <b> &amp; (x) [y] {z}", "1,000.5 &amp; b x y z"),  # 13a entities and symbols
    ("end.", "end ."),
    ("a.b,c", "a . b , c"),
    ("naïve café résumé", "naive cafe resume"),  # unicode vs ascii
    ("日本語のテキスト", "日本語の文章"),  # CJK: one 13a token, chrF characters
    ("Zürich is in Switzerland", "Zürich liegt in der Schweiz"),
    ("The quick brown fox jumps over the lazy dog", "A quick brown dog jumps over the lazy fox"),
    (
        "Photosynthesis converts light energy into chemical energy stored in glucose.",
        "Plants use photosynthesis to turn sunlight into chemical energy, stored as glucose.",
    ),
    ("ok " * 60, "ok"),
    ("the cat\tsat on the mat", "the cat sat on the mat"),
]

ASCII_PAIRS = [(h, r) for h, r in PAIRS if h.isascii() and r.isascii()]
_SCORER = None


def _rouge(kind: str, hyp: str, ref: str) -> float:
    global _SCORER
    if _SCORER is None:
        _SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
    return float(_SCORER.score(ref, hyp)[kind].fmeasure)


def _ours(metric: str, hyp: str, ref: str) -> float:
    if metric == "bleu":
        rt = ts.tokenize_13a(ref)
        return ts.bleu(ts.tokenize_13a(hyp), rt, ts.bleu_stats(rt))
    if metric == "chrf":
        return ts.chrf(ts.chrf_ngrams(hyp), ts.chrf_ngrams(ref))
    h, r = ts.rouge_tokens(hyp), ts.rouge_tokens(ref)
    if metric == "rouge_l":
        return ts.rouge_l(h, ts.match_masks(r), len(r))
    n = int(metric[-1])
    return ts.rouge_n(h, ts.ngram_counts(r, n), n)


@pytest.mark.parametrize(("hyp", "ref"), PAIRS)
def test_bleu_matches_sacrebleu_sentence_bleu(hyp: str, ref: str) -> None:
    expected = sacrebleu.sentence_bleu(hyp, [ref]).score / 100
    assert _ours("bleu", hyp, ref) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("hyp", "ref"), PAIRS)
def test_chrf_matches_sacrebleu_sentence_chrf(hyp: str, ref: str) -> None:
    expected = sacrebleu.sentence_chrf(hyp, [ref]).score / 100
    assert _ours("chrf", hyp, ref) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("hyp", "ref"), ASCII_PAIRS)
@pytest.mark.parametrize(
    ("metric", "kind"), [("rouge_1", "rouge1"), ("rouge_2", "rouge2"), ("rouge_l", "rougeL")]
)
def test_rouge_matches_rouge_score_on_ascii(metric: str, kind: str, hyp: str, ref: str) -> None:
    assert _ours(metric, hyp, ref) == pytest.approx(_rouge(kind, hyp, ref), abs=1e-9)


def test_rouge_scores_non_latin_words_that_rouge_score_drops() -> None:
    # rouge-score keeps only [a-z0-9]: every Cyrillic reply scores 0 against every
    # Cyrillic reference. Here the words are tokens, so identical text scores 1.
    text = "Москва столица России"
    assert _rouge("rouge1", text, text) == 0.0
    assert _ours("rouge_1", text, text) == 1.0
    assert ts.rouge_tokens("Straße NAÏVE_x") == ["straße", "naïve", "x"]


def test_grader_agrees_with_the_libraries_on_whole_samples() -> None:
    expected = {
        "bleu": lambda h, r: sacrebleu.sentence_bleu(h, [r]).score / 100,
        "chrf": lambda h, r: sacrebleu.sentence_chrf(h, [r]).score / 100,
        "fuzzy_ratio": lambda h, r: fuzz.ratio(h, r) / 100,
        "token_set_ratio": lambda h, r: fuzz.token_set_ratio(h, r) / 100,
        "rouge_1": lambda h, r: _rouge("rouge1", h, r),
        "rouge_2": lambda h, r: _rouge("rouge2", h, r),
        "rouge_l": lambda h, r: _rouge("rougeL", h, r),
    }
    plain = [(h, r) for h, r in ASCII_PAIRS if r.strip() and " ".join(h.split()) == h]
    assert len(plain) >= 10
    for metric in METRICS:
        g = text_similarity(metric=metric)
        for hyp, ref in plain:
            got = g(Sample.from_text(response=hyp, reference=ref)).score
            assert got == pytest.approx(expected[metric](hyp, ref), abs=1e-9), (metric, hyp)


# -- LCS ----------------------------------------------------------------------------------------


def _lcs_table(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), max_size=40),
    st.lists(st.sampled_from("abcde"), max_size=40),
)
def test_bit_parallel_lcs_equals_the_dynamic_programming_table(a: list[str], b: list[str]) -> None:
    assert ts.lcs_length(a, ts.match_masks(b), len(b)) == _lcs_table(a, b)


def test_bit_parallel_lcs_on_long_sequences() -> None:
    rng = random.Random(7)
    a = [rng.choice("abcdefgh") for _ in range(300)]
    b = [rng.choice("abcdefgh") for _ in range(257)]  # crosses several 64-bit words
    assert ts.lcs_length(a, ts.match_masks(b), len(b)) == _lcs_table(a, b)


# -- the grader: cases with traps ---------------------------------------------------------------

REF = "The Eiffel Tower is in Paris and was completed in 1889."


def _score(reply: str, reference: object = REF, **args: object) -> float:
    return text_similarity(**args)(Sample.from_text(response=reply, reference=reference)).score


@pytest.mark.parametrize("metric", METRICS)
def test_identical_scores_one_and_empty_scores_zero(metric: str) -> None:
    assert _score(REF, metric=metric) == 1.0
    assert _score("", metric=metric) == 0.0
    assert _score("   \n\t ", metric=metric) == 0.0
    assert _score("zzzqqq", metric=metric) == 0.0


@pytest.mark.parametrize("metric", METRICS)
def test_a_closer_reply_scores_higher(metric: str) -> None:
    close = "The Eiffel Tower is in Paris, completed in 1889."
    far = "Some tower somewhere was finished at some time."
    assert _score(close, metric=metric) > _score(far, metric=metric)


@pytest.mark.parametrize("metric", ["bleu", "rouge_2", "rouge_l", "fuzzy_ratio", "chrf"])
def test_word_salad_of_the_reference_is_paid_less_by_order_aware_metrics(metric: str) -> None:
    words = REF.split()
    salad = " ".join(sorted(words))
    assert _score(salad, metric="rouge_1") == 1.0  # the bag of words is the same
    assert _score(salad, metric=metric) < 0.75


@pytest.mark.parametrize("metric", ["bleu", "rouge_1", "rouge_2", "rouge_l", "chrf", "fuzzy_ratio"])
def test_repeating_a_reference_word_is_clipped(metric: str) -> None:
    assert _score("Paris " * 200, metric=metric) < 0.2


def test_token_set_ratio_pays_a_subset_in_full() -> None:
    # rapidfuzz's definition: one token set inside the other scores 100. Documented as the
    # reason token_set_ratio suits short answers only.
    assert _score("Paris", metric="token_set_ratio") == 1.0


def test_case_follows_each_metrics_library_unless_set() -> None:
    upper = REF.upper()
    assert _score(upper, metric="rouge_l") == 1.0  # ROUGE lowercases by default
    assert _score(upper, metric="rouge_l", lowercase=False) < 0.2
    assert _score(upper, metric="bleu") < 0.2  # BLEU keeps case, as sacrebleu
    assert _score(upper, metric="bleu", lowercase=True) == 1.0
    assert _score(upper, metric="fuzzy_ratio") < 0.5
    assert _score(upper, metric="fuzzy_ratio", lowercase=True) == 1.0
    assert _score(upper, metric="chrf", lowercase=True) == 1.0


def test_whitespace_is_normalised_unless_asked_not_to() -> None:
    spread = "  " + REF.replace(" ", "\n  ") + "\n"
    assert _score(spread, metric="fuzzy_ratio") == 1.0
    assert _score(spread, metric="fuzzy_ratio", normalize_whitespace=False) < 0.95


def test_pass_threshold_is_inclusive_and_reports_the_similarity() -> None:
    reply = "The Eiffel Tower is in Paris."
    sim = _score(reply, metric="rouge_1")
    assert 0.0 < sim < 1.0
    at = text_similarity(metric="rouge_1", pass_threshold=sim)
    r = at(Sample.from_text(response=reply, reference=REF))
    assert r.score == 1.0
    assert {m.name: m.value for m in r.metrics} == {"similarity": sim, "passed": 1.0}
    above = text_similarity(metric="rouge_1", pass_threshold=min(1.0, sim + 1e-6))
    assert above(Sample.from_text(response=reply, reference=REF)).score == 0.0


@pytest.mark.parametrize("metric", METRICS)
def test_best_reference_counts(metric: str) -> None:
    other = "Completely unrelated words about cooking pasta."
    alone = _score("The Eiffel Tower is in Paris.", metric=metric)
    both = _score("The Eiffel Tower is in Paris.", reference=[other, {"text": REF}], metric=metric)
    assert both == alone > _score("The Eiffel Tower is in Paris.", reference=other, metric=metric)
    assert _score(REF, reference={"text": REF}, metric=metric) == 1.0


@pytest.mark.parametrize(
    "reference",
    ["", "   ", None, 42, [], ["ok", ""], {"text": None}, {"answer": "x"}, ["x"] * 33],
)
def test_unusable_references_are_dataset_errors(reference: object) -> None:
    with pytest.raises(GraderError):
        _score("anything", reference=reference)


@pytest.mark.parametrize(
    "args",
    [
        {"metric": "meteor"},
        {"metric": "rouge_3"},
        {"pass_threshold": 1.5},
        {"pass_threshold": -0.1},
        {"pass_threshold": float("nan")},
        {"pass_threshold": True},
        {"pass_threshold": "0.5"},
        {"max_chars": 0},
        {"max_chars": True},
        {"lowercase": "yes"},
    ],
)
def test_bad_arguments_are_refused(args: dict[str, object]) -> None:
    with pytest.raises(GraderArgsError):
        text_similarity(**args)


def test_registered_by_name_with_its_requirement() -> None:
    g = load_grader("text_similarity", metric="bleu")
    assert g.spec.name == "text_similarity"
    assert "rapidfuzz>=3.0" in g.requires
    assert g(Sample.from_text(response=REF, reference=REF)).score == 1.0


@pytest.mark.parametrize("metric", METRICS)
def test_a_reply_over_max_chars_scores_zero_even_when_it_starts_right(metric: str) -> None:
    # Comparing a prefix would pay "reference + 1 MB of anything" as an exact match when
    # the reference fills the prefix: over the bound is 0, flagged.
    ref = "word " * 1999 + "end"  # 9,998 characters, under the default max_chars
    reply = ref + " filler" * 150_000
    r = text_similarity(metric=metric)(Sample.from_text(response=reply, reference=ref))
    assert (r.score, r.errors) == (0.0, ("too_long",))
    assert len(r.answer or "") <= 203
    g = text_similarity(metric=metric, pass_threshold=0.5)
    r = g(Sample.from_text(response=reply, reference=ref))
    assert r.score == 0.0
    assert {m.name: m.value for m in r.metrics} == {"similarity": 0.0, "passed": 0.0}


def test_max_chars_is_a_bound_on_both_sides() -> None:
    g = text_similarity(metric="fuzzy_ratio", max_chars=10)
    assert g(Sample.from_text(response="abcdefghij", reference="abcdefghij")).score == 1.0
    assert g(Sample.from_text(response="abcdefghijk", reference="abcdefghij")).score == 0.0
    with pytest.raises(GraderError, match="max_chars"):
        g(Sample.from_text(response="abc", reference="abcdefghijk"))


# -- properties -----------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(" .,-\n&;"),
    max_size=120,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply=_TEXT, reference=_TEXT.filter(lambda s: bool(s.strip())), data=st.data())
def test_any_text_scores_finite_in_range(reply: str, reference: str, data: st.DataObject) -> None:
    metric = data.draw(st.sampled_from(METRICS))
    r = text_similarity(metric=metric)(Sample.from_text(response=reply, reference=reference))
    assert math.isfinite(r.score)
    assert 0.0 <= r.score <= 1.0


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=80).filter(lambda s: len(s.split()) >= 2), data=st.data())
def test_a_text_is_most_similar_to_itself(text: str, data: st.DataObject) -> None:
    metric = data.draw(st.sampled_from(METRICS))
    g = text_similarity(metric=metric)
    own = g(Sample.from_text(response=text, reference=text)).score
    other = g(Sample.from_text(response=text[::-1], reference=text)).score
    assert own >= other
    assert own == 1.0 or metric.startswith("rouge")  # ROUGE may find no word at all


# -- audit probes -----------------------------------------------------------------------------

SIMILARITY_PROBES = [
    "similarity_prompt_copy",
    "similarity_ngram_repeat",
    "similarity_word_salad",
    "similarity_reference_padded",
]


def _probe_reply(name: str, reference: str, prompt: str = "Summarise the article.") -> str | None:
    from rftkit.audit.probes import BUILTIN, make_input

    probe = next(p for p in BUILTIN if p.name == name)
    assert probe.verdict == "report_only"
    assert len(probe.why) > 40  # the written reason
    return probe.build(make_input(0, reference, prompt=prompt))


@pytest.mark.parametrize("name", SIMILARITY_PROBES)
@pytest.mark.parametrize("reference", ["72", "Paris", "two words"])
def test_similarity_probes_skip_numbers_and_short_answers(name: str, reference: str) -> None:
    assert _probe_reply(name, reference) is None


# A text reference without a number: the audit reads "... in 1889." as the number 1889.
PROSE = "The Eiffel Tower stands in Paris and was designed by the company of Gustave Eiffel."


def _probe_score(name: str, metric: str) -> float:
    reply = _probe_reply(name, PROSE, prompt=f"Summarise: {PROSE} It is three hundred metres tall.")
    assert reply is not None
    return _score(reply, PROSE, metric=metric)


@pytest.mark.parametrize("metric", ["bleu", "rouge_1", "rouge_2", "rouge_l", "chrf", "fuzzy_ratio"])
def test_clipping_keeps_the_ngram_repeat_probe_low(metric: str) -> None:
    assert _probe_score("similarity_ngram_repeat", metric) < 0.35
    assert _probe_score("similarity_ngram_repeat", "token_set_ratio") == 1.0  # documented


def test_word_salad_probe_is_paid_by_bag_of_words_metrics_only() -> None:
    assert _probe_score("similarity_word_salad", "rouge_1") == 1.0
    assert _probe_score("similarity_word_salad", "token_set_ratio") == 1.0
    for metric in ("bleu", "rouge_2", "rouge_l"):
        assert _probe_score("similarity_word_salad", metric) < 0.5, metric


@pytest.mark.parametrize("metric", ["bleu", "rouge_1", "rouge_2", "rouge_l", "chrf", "fuzzy_ratio"])
def test_padding_the_reference_is_paid_little(metric: str) -> None:
    assert _probe_score("similarity_reference_padded", metric) < 0.2
    assert _probe_score("similarity_reference_padded", "token_set_ratio") == 1.0  # documented


def test_prompt_copy_probe_earns_less_than_the_reference() -> None:
    for metric in METRICS:
        assert _probe_score("similarity_prompt_copy", metric) <= _score(PROSE, PROSE, metric=metric)


# -- agreement on random texts ------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "the",
        "cat",
        "Cat",
        "sat",
        "on",
        "mat",
        "3",
        "3.5",
        "1,000",
        "-",
        "2-3",
        ".",
        ",",
        "!",
        "'",
        "&amp;",
        "&",
        "<b>",
        "(x)",
        "naïve",
        "日本",
        " ",
        "  ",
        "\t",
        "a.b",
        "x,y",
        "end.",
    ]
)
_SENTENCE = st.lists(_PIECES, max_size=25).map(lambda ps: " ".join(ps))


@settings(max_examples=100, deadline=None)
@given(_SENTENCE)
def test_13a_tokens_equal_sacrebleu_tokeniser(text: str) -> None:
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    assert ts.tokenize_13a(text) == Tokenizer13a()(text).split()


@settings(max_examples=80, deadline=None)
@given(_SENTENCE, _SENTENCE)
def test_bleu_and_chrf_equal_sacrebleu_on_random_texts(hyp: str, ref: str) -> None:
    assert _ours("bleu", hyp, ref) == pytest.approx(
        sacrebleu.sentence_bleu(hyp, [ref]).score / 100, abs=1e-9
    )
    assert _ours("chrf", hyp, ref) == pytest.approx(
        sacrebleu.sentence_chrf(hyp, [ref]).score / 100, abs=1e-9
    )


@settings(max_examples=80, deadline=None)
@given(_SENTENCE.filter(str.isascii), _SENTENCE.filter(str.isascii))
def test_rouge_equals_rouge_score_on_random_ascii_texts(hyp: str, ref: str) -> None:
    for metric, kind in (("rouge_1", "rouge1"), ("rouge_2", "rouge2"), ("rouge_l", "rougeL")):
        assert _ours(metric, hyp, ref) == pytest.approx(_rouge(kind, hyp, ref), abs=1e-9)


def test_audit_runs_the_similarity_probes_through_the_grader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from rftkit.cli.main import main

    rows = [
        (f"Summarise: {PROSE} It is three hundred metres tall.", PROSE),
        ("Translate: Le chat est assis sur le tapis.", {"text": "The cat is sitting on the mat."}),
        ("How many legs does a spider have?", "8"),  # a number: the probes do not apply
    ]
    dataset = tmp_path / "ds.jsonl"
    dataset.write_text(
        "".join(
            json.dumps({"messages": [{"role": "user", "content": q}], "reference_answer": r}) + "\n"
            for q, r in rows
        ),
        encoding="utf-8",
    )
    argv = ["audit", "--grader", "text_similarity", "--arg", "metric=token_set_ratio"]
    main([*argv, "--dataset", str(dataset), "--json", "--no-progress"])
    doc = json.loads(capsys.readouterr().out)
    probes = {p["name"]: p for p in doc["probes"]}
    for name in SIMILARITY_PROBES:
        assert probes[name]["status"] == "report"
        assert probes[name]["applicable"] == 2
        assert probes[name]["errors"] == 0
    # token_set_ratio's documented weakness shows in the report.
    assert probes["similarity_ngram_repeat"]["mean_score"] == 1.0
    assert probes["similarity_reference_padded"]["mean_score"] == 1.0
    assert probes["empty"]["status"] == "pass"
