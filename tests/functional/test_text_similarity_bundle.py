"""The ``text_similarity`` bundle: built with its target wheel (rapidfuzz) and answering
under the local Lambda runtime on Python 3.12 and 3.13, with the in-process scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from rftkit.harness.contract import validate_response
from rftkit.harness.runtime import LocalLambda
from rftkit.packaging.bundle import build_bundle
from rftkit.rewards.builtin.text_similarity import text_similarity
from rftkit.rewards.types import Sample
from tests.conftest import need_python

REFERENCE = "The cat is sitting on the mat near the window."
REPLIES = [
    REFERENCE,
    "A cat sits on the mat by the window.",
    "the the the the the the the the the the",
    "",
    "Le chat est assis sur le tapis près de la fenêtre.",
    "x" * 30_000,  # over max_chars: 0, too_long
]


def _event(metric_refs: list[object]) -> list[dict[str, object]]:
    return [
        {
            "id": f"sim-{i}",
            "messages": [
                {"role": "user", "content": "Translate: Le chat est assis sur le tapis."},
                {"role": "assistant", "content": reply},
            ],
            "reference_answer": ref,
        }
        for i, (reply, ref) in enumerate(zip(REPLIES, metric_refs, strict=True))
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("version", "metric"), [("3.12", "token_set_ratio"), ("3.13", "rouge_l"), ("3.13", "bleu")]
)
def test_bundle_answers_under_the_local_lambda_runtime(
    version: str, metric: str, tmp_path: Path
) -> None:
    need_python(version)
    built = build_bundle("text_similarity", {"metric": metric}, python=version, out_dir=tmp_path)
    assert any(r.startswith("rapidfuzz") for r in built.requirements)
    assert built.size < 20 * 1024 * 1024
    refs: list[object] = [REFERENCE, {"text": REFERENCE}, [REFERENCE, "A cat."]] + [REFERENCE] * 3
    event = _event(refs)
    with LocalLambda(built.path) as fn:
        assert fn.python == version
        result = fn.invoke(event)
    assert result.ok, result.error
    assert validate_response(event, result.payload).ok
    grader = text_similarity(metric=metric)
    expected = [
        grader(Sample.from_text(response=reply, reference=ref)).score
        for reply, ref in zip(REPLIES, refs, strict=True)
    ]
    got = [r["aggregate_reward_score"] for r in result.payload]
    assert got == pytest.approx(expected, abs=1e-12)
    assert got[0] == 1.0 and got[3] == 0.0 and got[5] == 0.0
    assert 0.0 < got[1] < 1.0
