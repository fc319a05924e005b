"""The gsm8k grader on every GSM8K train and test solution (../shared/data/gsm8k), or on the
200 test rows that ship in the package when the full sets are absent."""

from __future__ import annotations

import json

import pytest

from rftkit.rewards.extract import parse_reference
from rftkit.rewards.numbers import parse_number, strip_calculator_annotations
from rftkit.rewards.registry import BoundGrader, GraderRegistry
from rftkit.rewards.types import Sample
from tests.conftest import GSM8KData


@pytest.fixture(scope="module")
def rows(gsm8k_data: GSM8KData) -> list[dict[str, str]]:
    out = []
    for path in gsm8k_data.splits:
        with path.open(encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh if line.strip())
    assert len(out) == (7473 + 1319 if gsm8k_data.full else 200)
    return out


@pytest.fixture(scope="module")
def gsm8k() -> BoundGrader:
    return GraderRegistry(entry_points=False).create("gsm8k")


def final_answer(solution: str) -> str:
    return solution.rsplit("####", 1)[1].strip()


def test_every_solution_scores_one_against_its_own_answer(
    rows: list[dict[str, str]], gsm8k: BoundGrader
) -> None:
    failures = []
    for i, row in enumerate(rows):
        sample = Sample.from_text(response=row["answer"], reference=final_answer(row["answer"]))
        reward = gsm8k(sample)
        if reward.score != 1.0:
            failures.append((i, reward.answer, reward.explanation))
    assert failures == []


def test_every_solution_scores_one_against_itself_as_reference(
    rows: list[dict[str, str]], gsm8k: BoundGrader
) -> None:
    failures = [
        i
        for i, row in enumerate(rows)
        if gsm8k(Sample.from_text(response=row["answer"], reference=row["answer"])).score != 1.0
    ]
    assert failures == []


def test_every_solution_without_annotations_scores_one(
    rows: list[dict[str, str]], gsm8k: BoundGrader
) -> None:
    failures = []
    for i, row in enumerate(rows):
        reply = strip_calculator_annotations(row["answer"])
        reference = {"final_answer": final_answer(reply)}
        if gsm8k(Sample.from_text(response=reply, reference=reference)).score != 1.0:
            failures.append(i)
    assert failures == []


def test_mismatched_pairs_score_zero_unless_the_numbers_coincide(
    rows: list[dict[str, str]], gsm8k: BoundGrader
) -> None:
    wrong = []
    for i, row in enumerate(rows):
        other = rows[(i + 1) % len(rows)]
        mine = parse_number(final_answer(row["answer"]))
        theirs = parse_number(final_answer(other["answer"]))
        expected = 1.0 if mine == theirs else 0.0
        score = gsm8k(Sample.from_text(response=row["answer"], reference=other["answer"])).score
        if score != expected:
            wrong.append((i, score, expected))
    assert wrong == []


def test_fast_path_agrees_with_general_path_on_the_corpus(
    rows: list[dict[str, str]], gsm8k: BoundGrader
) -> None:
    general = gsm8k.impl.general  # type: ignore[attr-defined]
    disagreements = []
    for i, row in enumerate(rows[::7]):
        for reply in (row["answer"], strip_calculator_annotations(row["answer"])):
            for reference in (final_answer(row["answer"]), "1"):
                ref = parse_reference(reference)
                sample = Sample.from_text(response=reply, reference=reference)
                if gsm8k(sample) != general(reply, ref, ref.number):
                    disagreements.append(i)
    assert disagreements == []
