"""The ``gsm8k`` and ``numeric`` graders against other projects' tests of final-number grading.

Data: tests/fixtures/gsm8k_suites/pairs.jsonl (184 records read from the test files of
verl, open-instruct, TRL, verifiers, reasoning-from-scratch, inspect_ai, NeMo-Skills and
lighteval, all Apache-2.0 or MIT; SOURCES.md there gives the licence and commit of each file). Each
record is a reply, a reference and the other project's expectation:

* ``expected`` true/false: whether that project pays the reply against the reference;
  ``null``: it skips the sample because the reference is unusable (rftkit raises
  ``GraderError``, which the harness reports per sample);
* ``reference`` null (``kind: extraction``): that project reads no answer from the reply,
  so rftkit must report none (``Reward.answer is None``);
* ``mode: strict``: that project reads only ``#### N`` (verl's default), so rftkit runs
  with ``rules=["hash"]``.

As in test_math_verify_agreement.py: the pairs without ``doubt`` are an agreement suite with
a bar; every current disagreement is listed (a new one fails, and so does a listed one
that starts agreeing: then update the list and the README); every ``doubt`` pair has an
asserted policy (tests/fixtures/gsm8k_suites/README.md argues each class).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from rftkit import load_grader
from rftkit.errors import GraderError
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import Sample

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "gsm8k_suites" / "pairs.jsonl"
ROWS: list[dict[str, Any]] = [
    {**json.loads(line), "line": i}
    for i, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1)
    if line.strip()
]
NO_DOUBT = [r for r in ROWS if "doubt" not in r]
GRADERS = ("gsm8k", "numeric")
AGREEMENT_BAR = 0.94  # measured 159/168 = 94.6% for both graders when the set was added (now 165)

Outcome = bool | str  # paid or not, "none" (no answer read) or "skip" (reference refused)


def expected(row: dict[str, Any]) -> Outcome:
    if row["expected"] is None:
        return "skip"
    if row["reference"] is None:
        return "none"
    return bool(row["expected"])


def outcome(g: BoundGrader, row: dict[str, Any]) -> Outcome:
    """What rftkit does with the record: paid (a correct answer, 0.9 or more), the answer
    it reads when the record expects none, or "skip" for a refused reference."""
    reference = row["reference"] if row["reference"] is not None else "0"
    try:
        reward = g(Sample.from_text(response=row["prediction"], reference=reference))
    except GraderError:
        return "skip"
    if row["reference"] is None:
        return "none" if reward.answer is None else f"answer {reward.answer}"
    return reward.score >= 0.9  # gsm8k pays 0.9 without '#### N', numeric 1.0


_OPTIONS: dict[str, dict[str, Any]] = {
    "default": {},
    "last": {"conflict": "last"},
    "rel_tol=1e-4": {"rel_tol": 1e-4},  # numeric only
}
_MADE: dict[tuple[str, str, str], BoundGrader] = {}


def grader(name: str, row: dict[str, Any], options: str = "default") -> BoundGrader:
    key = (name, row["mode"], options)
    if key not in _MADE:
        args = dict(_OPTIONS[options])
        if row["mode"] == "strict":
            args["rules"] = ["hash"]
        _MADE[key] = load_grader(name, **args)
    return _MADE[key]


def test_the_copied_data_is_the_documented_set() -> None:
    assert len(ROWS) == 184
    assert [sum(r["expected"] is v for r in ROWS) for v in (True, False, None)] == [146, 35, 3]
    assert len(NO_DOUBT) == 168
    licences = {
        "verl-project/verl": "Apache-2.0",
        "volcengine/verl": "Apache-2.0",
        "allenai/open-instruct": "Apache-2.0",
        "huggingface/trl": "Apache-2.0",
        "PrimeIntellect-ai/verifiers": "MIT",
        "rasbt/reasoning-from-scratch": "Apache-2.0",
        "UKGovernmentBEIS/inspect_ai": "MIT",
        "NVIDIA/NeMo-Skills": "Apache-2.0",
        "huggingface/lighteval": "MIT",
    }
    for row in ROWS:
        assert licences[row["source"]] == row["license"]
        assert re.fullmatch(r"[0-9a-f]{40}", row["commit"])
        assert row["kind"] in {"verdict", "equivalence", "extraction"}
        assert row["mode"] in {"default", "strict"}
        assert row["note"] and row["path"]
        assert (row["reference"] is None) <= (row["kind"] == "extraction")


# Every current disagreement among the pairs without doubt, the same for both graders
# (classified in tests/fixtures/gsm8k_suites/README.md). Lines are 1-based lines of pairs.jsonl.
KNOWN_DISAGREEMENTS: dict[int, str] = {
    # -- an unevaluated expression is not evaluated: several numbers --
    95: "reply '\\( \\frac{1}{2} + \\frac{1}{6} \\)' is several numbers (reference 2/3)",
    101: "reply '2\\cdot 3/4' is several numbers (reference 3/2)",
    # -- a CJK numeral is not a number --
    122: "reply 'result: 三' reads nothing (cut off) (reference 3)",
}


def _disagreements(name: str) -> dict[int, tuple[Outcome, Outcome]]:
    found = {}
    for row in NO_DOUBT:
        got = outcome(grader(name, row), row)
        if got != expected(row):
            found[row["line"]] = (expected(row), got)
    return found


@pytest.mark.parametrize("name", GRADERS)
def test_agreement_on_pairs_without_doubt_is_at_least_the_measured_bar(name: str) -> None:
    wrong = _disagreements(name)
    agree, total = len(NO_DOUBT) - len(wrong), len(NO_DOUBT)
    rate = agree / total
    print(f"{name} vs GSM8K-style suites: {agree}/{total} = {rate:.1%}")
    assert rate >= AGREEMENT_BAR, f"agreement {rate:.1%} below {AGREEMENT_BAR:.0%}: {wrong}"


@pytest.mark.parametrize("name", GRADERS)
def test_every_disagreement_is_a_listed_one(name: str) -> None:
    wrong = _disagreements(name)
    assert all("doubt" not in ROWS[line - 1] for line in KNOWN_DISAGREEMENTS)
    new = {line: wrong[line] for line in sorted(wrong.keys() - KNOWN_DISAGREEMENTS.keys())}
    fixed = sorted(KNOWN_DISAGREEMENTS.keys() - wrong.keys())
    assert not new and not fixed, (
        f"new disagreements {new} (expected, got); listed ones that now agree {fixed} "
        "(update KNOWN_DISAGREEMENTS and tests/fixtures/gsm8k_suites/README.md)"
    )


# The policy for each doubt pair: (line, option set, paid), for both graders
# (rel_tol for numeric only). See the README's doubt section.
DOUBT_POLICY: list[tuple[int, str, bool]] = [
    # Two different '####' answers or boxes are several answers; conflict="last" keeps the last.
    *((line, opt, opt == "last") for line in (9, 10, 11, 47, 86) for opt in ("default", "last")),
    # '1 / 3' against 0.333...: refused exactly; and under a tolerance too, because the spaced
    # '1 / 3' is read as two numbers (a gap, README).
    (53, "default", False),
    (53, "rel_tol=1e-4", False),
    # '50%' equals 0.5 as well as 50 (GSM8K writes percentages as plain numbers).
    (100, "default", True),
    # '28 + 32 = 60%' answers 60%, not the 32 inspect falls back to.
    (108, "default", False),
    # A last line of prose with no full stop and more than one word before the number is
    # read as cut off.
    *((line, "default", False) for line in (112, 113, 114, 116, 120)),
    # A unit glued to a number binds nothing: '42abc' is 42.
    (131, "default", True),
    # lighteval: a last line of prose without a full stop (cut off); an approximation stated
    # last (3.01) is the value read, and it is not the reference's 9.5/3.14159.
    (174, "default", False),
    (180, "default", False),
]


@pytest.mark.parametrize(
    ("name", "line", "options", "paid"),
    [
        (name, *policy)
        for name in GRADERS
        for policy in DOUBT_POLICY
        if name == "numeric" or not policy[1].startswith("rel_tol")  # gsm8k has no tolerance
    ],
)
def test_doubt_pairs_follow_the_documented_policy(
    name: str, line: int, options: str, paid: bool
) -> None:
    row = ROWS[line - 1]
    assert "doubt" in row
    assert outcome(grader(name, row, options), row) is paid


def test_every_doubt_pair_has_a_policy() -> None:
    doubt = {r["line"] for r in ROWS if "doubt" in r}
    assert doubt == {line for line, _, _ in DOUBT_POLICY}
