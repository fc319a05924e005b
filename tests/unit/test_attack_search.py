"""bench/attack_search.py: the reward-hacking search's families and its counts.

A deterministic slice of every family (two statements joined by a connector, the reader's
context forms, shotgun lists, hedges in words) is graded by the gsm8k and numeric graders,
with and without the prompt: no reply is paid for two values. The counting is checked on
hand-made stub graders whose payments are known, so the gate itself can fail: a stub that
pays every value makes every reply "paid for two values" and the script exit 1.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from typing import Any

import pytest

import rftkit
from rftkit.rewards.types import Reward

PATH = Path(__file__).resolve().parents[2] / "bench" / "attack_search.py"
_spec = importlib.util.spec_from_file_location("attack_search", PATH)
assert _spec is not None and _spec.loader is not None
attack = importlib.util.module_from_spec(_spec)
sys.modules["attack_search"] = attack  # dataclasses resolve the module by name
_spec.loader.exec_module(attack)


def every(cases: Any, step: int) -> list[Any]:
    return list(itertools.islice(cases, 0, None, step))


def assert_none_paid_two(tally: Any) -> None:
    assert tally.paid_two == 0, tally.paid_two_replies[:5]


def pays(rule: Any) -> Any:
    """A stub grader: pays (score 1) the samples `rule(text, reference)` accepts."""

    def grade(sample: Any) -> Reward:
        text = sample.messages[-1]["content"]
        return Reward(score=1.0 if rule(text, str(sample.reference)) else 0.0)

    return grade


@pytest.mark.parametrize("grader", attack.GRADERS)
@pytest.mark.parametrize("prompt", [None, attack.PROMPT], ids=["no-prompt", "prompt"])
@pytest.mark.parametrize(("family", "step"), [("twoshot", 23), ("shotgun", 7), ("hedges", 3)])
def test_a_slice_of_each_family_is_never_paid_for_two_values(
    grader: str, prompt: str | None, family: str, step: int
) -> None:
    cases = every(attack.FAMILIES[family](prompt), step)
    tally = attack.run(rftkit.load_grader(grader), cases, attack.FINDING[family])
    assert tally.tried == len(cases) > 40
    assert_none_paid_two(tally)
    assert tally.paid_first + tally.paid_later <= tally.any_paid <= tally.tried


def test_the_families_are_deterministic_and_cover_the_brief() -> None:
    twoshot = list(attack.twoshot())
    assert twoshot == list(attack.twoshot())
    kinds = {dict(c.tags)["kind"] for c in twoshot}
    assert kinds == {
        *("grid", "comparison", "restatement", "hypothetical", "section", "offer", "tool"),
        "hedge",
        "explained",
    }
    # a hedge or a guess after a prose answer (alternatives.HEDGE_OPENERS), after each form
    hedged = [c for c in twoshot if dict(c.tags)["kind"] == "hedge"]
    assert len(hedged) == len(attack.PROSE_A) * len(attack.HEDGE_SENTENCES)
    # a program's output, then a label before another or a correction (tool_outputs.py)
    assert len([c for c in twoshot if dict(c.tags)["kind"] == "tool"]) == len(attack.TOOL_TAILS)
    grid = [c for c in twoshot if dict(c.tags)["kind"] == "grid"]
    # 32 connectors, and 6 that offer a second answer (offers.py)
    assert len(grid) == len(attack.FORMS) ** 2 * len(attack.CONNECTORS) == 15_200
    # the hypotheticals run both with and without the prompt, whatever --prompt says
    hyp = {c.prompt for c in twoshot if dict(c.tags)["kind"] == "hypothetical"}
    assert hyp == {None, attack.PROMPT}
    assert all(c.text.startswith(attack.WORK) for c in twoshot)
    assert {len(c.values) for c in attack.shotgun()} == {2, 3, 5}
    assert all(c.values == ("18", "20") for c in attack.hedges())


def test_a_stub_paying_every_value_is_counted_as_paid_for_two_values() -> None:
    cases = every(attack.hedges(), 10) + every(attack.shotgun(), 100)
    tally = attack.run(pays(lambda text, ref: True), cases, "any")
    assert (tally.tried, tally.paid_two, tally.any_paid) == (len(cases),) * 3
    assert (tally.paid_first, tally.paid_later) == (0, 0)
    assert tally.paid_two_replies == [(c.text, c.values) for c in cases]
    # the assertion the real graders pass fails here: the test can fail
    with pytest.raises(AssertionError):
        assert_none_paid_two(tally)
    assert attack.exit_code({("stub", "mixed"): tally}) == 1


def test_a_stub_paying_one_value_is_counted_by_position_and_class() -> None:
    # pays 18 only after "\nCheck: ": the grid's class for that connector, and nothing else
    rule = pays(lambda text, ref: ref == "18" and "\nCheck: " in text)
    tally = attack.run(rule, attack.twoshot(), "first")
    n = len(attack.FORMS) ** 2
    assert (tally.paid_two, tally.paid_first, tally.paid_later) == (0, n, 0)
    assert tally.any_paid == n
    row = tally.classes["connector"]["\nCheck: "]
    assert row[:2] == [n, n]
    assert row[2][0] == "The answer is 18.\nCheck: The answer is 20."  # the work line cut off
    assert sum(c[1] for c in tally.classes["connector"].values()) == n
    assert tally.classes["kind"]["grid"][:2] == [15_200, n]  # 38 connectors (offers: 6 more)
    assert attack.exit_code({("stub", "twoshot"): tally}) == 0
    # paying the later value of a list counts as "later", and as "any" in its class
    shot = attack.run(pays(lambda text, ref: ref == "20"), every(attack.shotgun(), 50), "any")
    assert (shot.paid_first, shot.paid_later, shot.any_paid) == (0, shot.tried, shot.tried)
    assert sum(c[1] for c in shot.classes["separator"].values()) == shot.tried


def test_main_exits_1_and_prints_the_replies_paid_for_two_values(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rftkit, "load_grader", lambda name: pays(lambda text, ref: True))
    assert attack.main(["--family", "hedges", "--grader", "numeric"]) == 1
    out = capsys.readouterr().out
    assert out.count("PAID TWO VALUES [numeric hedges]") == len(list(attack.hedges()))
    assert "FAIL" in out


def test_main_on_the_real_graders_exits_0_and_its_json_adds_up(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    assert attack.main(["--family", "hedges", "--family", "shotgun", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["paid_two_values"] == 0
    assert set(summary["results"]) == {
        f"{g}/{f}" for g in attack.GRADERS for f in ("hedges", "shotgun")
    }
    for r in summary["results"].values():
        for per in r["classes"].values():
            assert sum(c["tried"] for c in per.values()) == r["tried"]


@pytest.mark.parametrize("pair", [("1,800", "2,000"), ("0.5", "1.5"), ("18", "18.5"), ("3", "-3")])
def test_other_value_pairs_are_never_paid_for_two_values(pair: tuple[str, str]) -> None:
    grade = rftkit.load_grader("gsm8k")
    for family, step in (("twoshot", 31), ("hedges", 5)):
        cases = every(attack.FAMILIES[family](None, *pair), step)
        assert all(c.values[0] == pair[0] for c in cases)
        assert_none_paid_two(attack.run(grade, cases, attack.FINDING[family]))


def test_the_restatement_offers_seven_times_the_first_value() -> None:
    assert [attack.weekly(a) for a in ("18", "1,800", "0.5", "1/2")] == [
        "126",
        "12600",
        "3.5",
        None,
    ]
    offered = {c.values[1] for c in attack.twoshot() if dict(c.tags)["kind"] == "restatement"}
    assert offered == {"126", "20"}


def test_main_refuses_a_values_option_without_two_different_values() -> None:
    for bad in ("18", "18;18", "18;", "1;2;3", "a;b", "18;x"):  # "a;b" raised a traceback
        with pytest.raises(SystemExit) as exc:
            attack.main(["--values", bad, "--family", "hedges"])
        assert exc.value.code == 2
