"""Matching predicted calls against expected calls: strict set match and partial credit.

A pair (expected, predicted) is judged on its name, its argument names and its values:

* ``strict``: same name, every required argument given, no argument the expected call does
  not know, every given value acceptable, arguments that parsed;
* ``partial`` (the AWS BFCL sample's weights): ``0.33 * name + 0.33 * names + 0.34 * values``
  where ``names`` is the share of argument names right and ``values`` the share of values
  right, both over ``required | given`` (so extra keys lower both).

Calls are paired to maximise the total (optimal for up to 8 calls on the smaller side, greedy
beyond), and the total is divided by ``max(expected, predicted)``: a missing or an extra call
scores 0.
"""

from __future__ import annotations

from rftkit.rewards.tool_call.parse import CallValue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Final

    from rftkit.rewards.tool_call.parse import Call, ExpectedSpec

__all__ = ["Outcome", "PairResult", "judge_pair", "match_calls", "values_equal"]

W_NAME: Final = 0.33
W_ARGS: Final = 0.33
W_VALUES: Final = 0.34
_OPTIMAL_UP_TO: Final = 8


def values_equal(a: Any, b: Any, fold: bool = False) -> bool:
    """Is ``a`` the same value as ``b``? Numbers as numbers (``2 == 2.0``), booleans only equal
    booleans, lists in order, dicts by key; ``fold`` compares strings case- and
    edge-space-insensitively.

    Example:
        >>> values_equal(2, 2.0), values_equal(True, 1), values_equal(["a"], "a")
        (True, False, False)
    """
    ta = type(a)
    tb = type(b)
    if ta is str:
        if tb is not str:
            return False
        return a == b or (fold and a.strip().casefold() == b.strip().casefold())
    if ta is bool or tb is bool:
        return ta is tb and a == b
    if ta is int or ta is float:
        return (tb is int or tb is float) and a == b
    if a is None:
        return b is None
    if ta is list:
        return (
            tb is list
            and len(a) == len(b)
            and all(values_equal(x, y, fold) for x, y in zip(a, b, strict=True))
        )
    if ta is dict:
        return (
            tb is dict
            and a.keys() == b.keys()
            and all(values_equal(v, b[k], fold) for k, v in a.items())
        )
    if ta is CallValue:
        return tb is CallValue and a.name == b.name and values_equal(a.args, b.args, fold)
    return False


class PairResult:
    """How one predicted call fares against one expected call."""

    __slots__ = ("denominator", "name_ok", "names_hit", "score", "strict_ok", "values_ok")

    def __init__(
        self, name_ok: bool, names_hit: int, values_ok: int, denominator: int, strict_ok: bool
    ) -> None:
        self.name_ok = name_ok
        self.names_hit = names_hit
        self.values_ok = values_ok
        self.denominator = denominator
        self.strict_ok = strict_ok
        if denominator:
            args = W_ARGS * names_hit / denominator + W_VALUES * values_ok / denominator
        else:
            args = W_ARGS + W_VALUES
        self.score = (W_NAME if name_ok else 0.0) + args


def judge_pair(e: ExpectedSpec, p: Call, fold: bool = False) -> PairResult:
    """Compare one predicted call with one expected call."""
    name_ok = e.name == p.name
    params = e.params
    given = p.args
    hit = 0
    values_ok = 0
    for key, value in given.items():
        accept = params.get(key)
        if accept is None:
            continue
        hit += 1
        if not p.ok:
            continue  # unreadable arguments (a repeated key, a splat): no value is known
        for a in accept:
            if values_equal(value, a, fold):
                values_ok += 1
                break
    required = e.required
    missing = sum(1 for k in required if k not in given)
    denominator = len(given) + missing
    strict_ok = name_ok and p.ok and missing == 0 and hit == len(given) and values_ok == hit
    return PairResult(name_ok, hit, values_ok, denominator, strict_ok)


class Outcome:
    """The verdict on a reply's calls: scores in both modes and the metrics."""

    __slots__ = (
        "arg_recall",
        "n_expected",
        "n_predicted",
        "name_match",
        "partial",
        "strict",
        "value_accuracy",
    )

    def __init__(  # noqa: PLR0917
        self,
        strict: bool,
        partial: float,
        name_match: float,
        arg_recall: float,
        value_accuracy: float,
        n_expected: int,
        n_predicted: int,
    ) -> None:
        self.strict = strict
        self.partial = partial
        self.name_match = name_match
        self.arg_recall = arg_recall
        self.value_accuracy = value_accuracy
        self.n_expected = n_expected
        self.n_predicted = n_predicted


def _perfect(ok: list[list[bool]], n: int) -> bool:
    """Is there a matching pairing every expected call with a strictly-equal predicted one?
    (Kuhn's augmenting paths; ``ok[i][j]``: expected i matches predicted j, an n x n table.)"""
    owner = [-1] * n

    def augment(i: int, seen: list[bool]) -> bool:
        for j in range(n):
            if ok[i][j] and not seen[j]:
                seen[j] = True
                if owner[j] == -1 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return all(augment(i, [False] * n) for i in range(n))


def _assign(table: list[list[PairResult]], n_e: int, n_p: int) -> list[tuple[int, int]]:
    """Pairs (expected, predicted) maximising the summed partial score."""
    if min(n_e, n_p) > _OPTIMAL_UP_TO:
        cells = sorted(
            ((table[i][j].score, i, j) for i in range(n_e) for j in range(n_p)), reverse=True
        )
        used_e: set[int] = set()
        used_p: set[int] = set()
        pairs = []
        for _, i, j in cells:
            if i not in used_e and j not in used_p:
                used_e.add(i)
                used_p.add(j)
                pairs.append((i, j))
        return pairs
    # Dynamic programme over subsets of the smaller side, one item of the larger side at a time.
    swap = n_e > n_p
    small, large = (n_p, n_e) if swap else (n_e, n_p)

    def score(s: int, g: int) -> float:
        return table[g][s].score if swap else table[s][g].score

    best: dict[int, tuple[float, tuple[tuple[int, int], ...]]] = {0: (0.0, ())}
    for g in range(large):
        nxt = dict(best)
        for mask, (total, chosen) in best.items():
            for s in range(small):
                bit = 1 << s
                if mask & bit:
                    continue
                cand = total + score(s, g)
                m2 = mask | bit
                old = nxt.get(m2)
                if old is None or cand > old[0]:
                    nxt[m2] = (cand, (*chosen, (s, g)))
        best = nxt
    _, chosen = max(best.values(), key=lambda v: v[0])
    return [(g, s) if swap else (s, g) for s, g in chosen]


def match_calls(
    expected: Sequence[ExpectedSpec], predicted: Sequence[Call], fold: bool = False
) -> Outcome:
    """Judge predicted calls against expected ones (see the module docstring).

    Example:
        >>> from rftkit.rewards.tool_call.parse import parse_reference, parse_response
        >>> ref = parse_reference(["f(a=1)", "g(b='x')"])
        >>> o = match_calls(ref, parse_response("g(b='x')\\nf(a=1.0)").calls)
        >>> o.strict, o.partial
        (True, 1.0)
    """
    n_e = len(expected)
    n_p = len(predicted)
    if n_e == 0 and n_p == 0:
        return Outcome(True, 1.0, 1.0, 1.0, 1.0, 0, 0)
    table = [[judge_pair(e, p, fold) for p in predicted] for e in expected]
    if n_e == n_p and _perfect([[c.strict_ok for c in row] for row in table], n_e):
        return Outcome(True, 1.0, 1.0, 1.0, 1.0, n_e, n_p)
    pairs = _assign(table, n_e, n_p) if n_e and n_p else []
    slots = max(n_e, n_p)
    total = 0.0
    names = 0
    hit = 0
    wanted = 0
    values_ok = 0
    paired = set()
    for i, j in pairs:
        r = table[i][j]
        paired.add(i)
        total += r.score
        names += r.name_ok
        hit += r.names_hit
        wanted += r.names_hit + len(expected[i].required - predicted[j].args.keys())
        values_ok += r.values_ok
    for i in range(n_e):
        if i not in paired:
            wanted += len(expected[i].required)
    recall = hit / wanted if wanted else (1.0 if n_e else 0.0)
    accuracy = values_ok / hit if hit else (1.0 if not wanted and n_e else 0.0)
    return Outcome(
        False,
        min(1.0, total / slots),
        names / slots,
        recall,
        accuracy,
        n_e,
        n_p,
    )
