"""Decide whether two answers are equivalent, in stages, reporting the stage that decided.

Stages, cheapest first (``STAGES`` gives each a numeric code for metrics):

``text``       neither side parsed as math: normalised strings are compared.
``exact``      both sides are rational constants (``0.5``, ``\\frac{1}{2}``, ``2^{10}``,
               ``\\sqrt{16}``, ``\\log_2 8``): compared as :class:`~fractions.Fraction`.
``structure``  the shapes differ (a pair against a number, three roots against two).
``numeric``    floating-point evaluation (at sample points for variables) shows a clear
               difference, or agreement within a relative tolerance when one is set. When the
               worker confirms equality by high-precision evaluation this is also ``numeric``.
``symbolic``   the difference is zero in a canonical polynomial form (:mod:`.canon`, no
               sympy), or sympy shows it simplifies to zero (in the worker process).

The first three and the floating-point check need no sympy. A pair they cannot settle is
``pending``: the caller sends it to a worker process (:mod:`.budget`) where a
:class:`Symbolic` backend from :mod:`.to_sympy` finishes the job under a time budget.

Containers: top-level lists of answers, sets and unions compare as multisets; tuples,
intervals and matrices compare element by element with their brackets. An answer equation
compared with a value compares its last side; a reference equation is answered by a value
only when it assigns a lone symbol (``k = 1`` by ``1``, never ``a + 3z = 0`` by ``0``). A
chain ``x = 5 + 6 = 11`` is the assignment ``x = 11``. An inequality in one variable compares
as the interval it describes; two equations compare as proportional (``2x = 8`` equals
``x = 4``). The reference is always the first argument of a comparison, so these
directed rules know which side is which.
Standard library only.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal, NamedTuple, Protocol

from rftkit.rewards.mathexpr.evaluate import (
    Undefined,
    children,
    complex_value,
    exact_value,
    free_symbols,
)
from rftkit.rewards.mathexpr.matrices import is_scalar, matrix_product, matrix_sum
from rftkit.rewards.mathexpr.nodes import (
    Add,
    Const,
    Degree,
    Div,
    Func,
    Group,
    Limits,
    MathLimitError,
    Matrix,
    Mul,
    Neg,
    Node,
    Num,
    Percent,
    PlusMinus,
    Pow,
    Rel,
    Seq,
    SetOf,
    Sym,
    Union,
)
from rftkit.rewards.mathexpr.parser import parse

__all__ = [
    "STAGES",
    "Equivalence",
    "Options",
    "PercentMode",
    "Prepared",
    "Symbolic",
    "compare",
    "decide",
    "prepare",
    "sample_points",
    "text_equal",
]

STAGES: tuple[str, ...] = ("none", "text", "exact", "structure", "numeric", "symbolic")
"""Stage names; a stage's index is its code in the ``stage`` metric (0: nothing decided)."""

PercentMode = Literal["strip", "fraction", "either"]

_RANK = {name: i for i, name in enumerate(STAGES)}
_COLLECTIONS = (Seq, SetOf, Union)
_TRIG = frozenset({"sin", "cos", "tan", "sec", "csc", "cot"})
_MAX_VARIANTS = 16
# Floating-point agreement this close proves nothing on its own (strict mode asks sympy);
# a difference larger than this is a real difference, not rounding.
_REFUTE_REL = 1e-7
_REFUTE_ABS = 1e-9
_FLOAT_RELIABLE_TOL = 1e-9


class Options(NamedTuple):
    """How equivalence is judged.

    Attributes:
        rel_tol: relative tolerance; 0 means exact (``0.33`` is not ``1/3``).
        percent: ``"strip"`` (``10%`` equals ``10``), ``"fraction"`` (``10%`` equals ``0.1``)
            or ``"either"``.
        limits: parser and magnitude limits.

    Example:
        >>> Options(rel_tol=0.01).percent
        'strip'
    """

    rel_tol: float = 0.0
    percent: PercentMode = "strip"
    limits: Limits = Limits()


class Equivalence(NamedTuple):
    """The outcome of one comparison.

    Attributes:
        equal: True or False, or None while a symbolic stage is still needed (``pending``).
        stage: the stage that decided (see :data:`STAGES`), or ``"pending"``.
        flags: ``"limit"`` (an answer over a size, nesting or magnitude limit),
            ``"unparsed"`` (one side is not math; text comparison decided).
        detail: a short human-readable reason.
    """

    equal: bool | None
    stage: str
    flags: tuple[str, ...] = ()
    detail: str = ""


Prepared = tuple[Node, ...]
"""An answer ready to compare: its variants (one per reading of ``%``), each lowered."""


class Symbolic(Protocol):
    """What the worker process supplies to finish comparisons floating point cannot settle."""

    def scalar(self, a: Node, b: Node, rel_tol: float) -> tuple[bool, str]:
        """Whether two scalar expressions are equal, and the stage (symbolic or numeric)."""
        ...

    def proportional(self, a: Node, b: Node) -> tuple[bool, str]:
        """Whether ``a`` is a nonzero constant multiple of ``b`` (same equation)."""
        ...


# -- preparation -----------------------------------------------------------------------------


def _has(node: Node, kind: type) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if type(n) is kind:
            return True
        stack.extend(children(n))
    return False


def _product(options: list[list[Node]]) -> list[tuple[Node, ...]]:
    out: list[tuple[Node, ...]] = [()]
    for opts in options:
        out = [(*prefix, o) for prefix in out for o in opts]
        if len(out) > _MAX_VARIANTS:
            raise MathLimitError("too many \\pm signs")
    return out


def _lower(node: Node, percent: str, in_trig: bool = False) -> list[Node]:
    """Remove %, degrees and mixed readings; expand each \\pm into its two values."""
    t = type(node)
    if t is Num or t is Sym or t is Const:
        return [node]
    if t is Percent:
        assert isinstance(node, Percent)
        inner = _lower(node.arg, percent, in_trig)
        if percent == "strip":
            return inner
        return [Div(x, Num(Fraction(100))) for x in inner]
    if t is Degree:
        assert isinstance(node, Degree)
        inner = _lower(node.arg, percent, in_trig)
        if not in_trig:
            return inner
        return [Mul((x, Div(Const("pi"), Num(Fraction(180))))) for x in inner]
    if t is PlusMinus:
        assert isinstance(node, PlusMinus)
        rights = _lower(node.right, percent, in_trig)
        lefts = [None] if node.left is None else _lower(node.left, percent, in_trig)
        out: list[Node] = []
        for left in lefts:
            for right in rights:
                plus: Node = right if left is None else Add((left, right))
                minus: Node = Neg(right) if left is None else Add((left, Neg(right)))
                out.extend((minus, plus) if node.minus_first else (plus, minus))
        if len(out) > _MAX_VARIANTS:
            raise MathLimitError("too many \\pm signs")
        return out
    if t is Seq or t is SetOf or t is Union:
        items: list[Node] = []
        for item in node.items:  # type: ignore[union-attr]
            items.extend(_lower(item, percent, in_trig))
        if t is Seq:
            return [Seq(tuple(items))]
        return [SetOf(tuple(items)) if t is SetOf else Union(tuple(items))]
    if t is Func:
        assert isinstance(node, Func)
        trig = node.name in _TRIG
        combos = _product([_lower(a, percent, trig) for a in node.args])
        return [Func(node.name, c) for c in combos]
    if t is Matrix:
        assert isinstance(node, Matrix)
        width = len(node.rows[0])
        flat = _product([_lower(x, percent, in_trig) for row in node.rows for x in row])
        return [
            Matrix(tuple(tuple(c[r * width : (r + 1) * width]) for r in range(len(node.rows))))
            for c in flat
        ]
    combos = _product([_lower(c, percent, in_trig) for c in children(node)])
    return [_rebuild(node, c) for c in combos]


def _rebuild(node: Node, kids: tuple[Node, ...]) -> Node:
    t = type(node)
    if t is Add:
        return matrix_sum(kids) or Add(kids)
    if t is Mul:
        return matrix_product(kids) or Mul(kids)
    if t is Div:
        return Div(kids[0], kids[1])
    if t is Pow:
        return Pow(kids[0], kids[1])
    if t is Neg:
        m = kids[0]
        if type(m) is Matrix:  # -A, cell by cell (so A - B is a sum)
            return Matrix(tuple(tuple(Neg(x) for x in row) for row in m.rows))
        return Neg(m)
    if t is Group:
        assert isinstance(node, Group)
        return Group(node.open, node.close, kids)
    if t is Rel:
        assert isinstance(node, Rel)
        return Rel(node.ops, kids)
    raise TypeError(f"cannot rebuild {t.__name__}")  # pragma: no cover - all kinds handled


def prepare(text: str, options: Options) -> Prepared:
    """Parse, bound and lower one answer into the variants :func:`compare` takes.

    Raises:
        MathLimitError: over a size, nesting or magnitude limit.
        MathSyntaxError: not math the parser understands.

    Example:
        >>> prepare("x \\\\pm 1", Options())
        (Seq(items=(Add(args=(Sym(name='x'), Num(value=Fraction(1, 1), decimal=False))), \
Add(args=(Sym(name='x'), Neg(arg=Num(value=Fraction(1, 1), decimal=False)))))),)
    """
    node = parse(text, options.limits)
    exact_value(node, options.limits)  # the magnitude guard: refuses 9^9^9^9 here
    modes = ["strip", "fraction"] if options.percent == "either" else [options.percent]
    if len(modes) > 1 and not _has(node, Percent):
        modes = modes[:1]
    # 30^\\circ is the number 30 (the MATH convention) and also pi/6 (its value in radians):
    # an answer may be written either way.
    readings = (False, True) if _has(node, Degree) else (False,)
    out: list[Node] = []
    for mode in modes:
        for radians in readings:
            variants = _lower(node, mode, radians)
            out.append(variants[0] if len(variants) == 1 else Seq(tuple(variants)))
    return tuple(out)


# -- comparison ------------------------------------------------------------------------------


def sample_points(names: list[str], count: int = 4) -> list[dict[str, complex]]:
    """Deterministic sample points for the numeric stage, distinct per variable.

    Example:
        >>> sample_points([]) == [{}]
        True
    """
    if not names:
        return [{}]
    return [
        {name: complex(_SAMPLES[(7 * k + 3 * j) % len(_SAMPLES)]) for j, name in enumerate(names)}
        for k in range(count)
    ]


# Irrational-looking values avoid accidental agreement; a few negatives catch |x| against x.
_SAMPLES = (
    0.5772156649015329,
    1.4142135623730951,
    -0.7320508075688772,
    2.718281828459045,
    0.3183098861837907,
    -1.618033988749895,
    3.3166247903554,
    1.2599210498948732,
    -2.23606797749979,
    0.6931471805599453,
    1.7724538509055159,
)


def _items(node: Node) -> tuple[Node, ...]:
    return node.items  # type: ignore[union-attr]


def _inf_sign(node: Node) -> int:
    if type(node) is Const and node.name == "inf":
        return 1
    if type(node) is Neg and type(node.arg) is Const and node.arg.name == "inf":
        return -1
    return 0


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
_INF = Const("inf")


def _as_interval(rel: Rel) -> tuple[str, Node] | None:
    """``x > 3`` as ``("x", (3, inf))``; ``1 < x <= 3`` as ``("x", (1, 3])``; else None."""
    ops, args = rel.ops, rel.args
    if ops == ("in",):
        # "x \\in (3, \\infty)": the set itself.
        if type(args[0]) is Sym and type(args[1]) in (Group, Union, SetOf):
            return args[0].name, args[1]
        return None
    if all(op in ("<", "<=") for op in ops):
        pass
    elif all(op in (">", ">=") for op in ops):
        ops = tuple(_FLIP.get(op, "?") for op in reversed(ops))
        args = tuple(reversed(args))
    else:
        return None
    if len(args) == 2:
        a, b = args
        if type(a) is Sym and not free_symbols(b):
            return a.name, Group("(", "]" if ops[0] == "<=" else ")", (Neg(_INF), b))
        if type(b) is Sym and not free_symbols(a):
            return b.name, Group("[" if ops[0] == "<=" else "(", ")", (a, _INF))
        return _linear_interval(a, b, ops[0])
    if len(args) == 3:
        lo, x, hi = args
        if type(x) is Sym and not free_symbols(lo) and not free_symbols(hi):
            return x.name, Group(
                "[" if ops[0] == "<=" else "(", "]" if ops[1] == "<=" else ")", (lo, hi)
            )
    return None


def _linear_interval(left: Node, right: Node, op: str) -> tuple[str, Node] | None:
    """``left op right`` (op ``<`` or ``<=``) linear in one variable, as an interval.

    ``4x > 900`` is ``(225, \\infty)``; ``2(13.1 + x) < 10 - 5`` is ``(-\\infty, -10.6)``.
    Proven with the canonical polynomial form: anything not linear returns None.
    """
    names = free_symbols(left) | free_symbols(right)
    if len(names) != 1:
        return None
    from rftkit.rewards.mathexpr import canon  # only inequalities need it

    coeffs = canon.linear(Add((left, Neg(right))))
    if coeffs is None:
        return None
    var, slope, const = coeffs
    if slope == 0:
        return None
    root: Node = Num(-const / slope)
    closed = op == "<="
    if slope > 0:  # slope * x + const < 0  <=>  x < root
        return var, Group("(", "]" if closed else ")", (Neg(_INF), root))
    return var, Group("[" if closed else "(", ")", (root, _INF))


class _Comparer:
    __slots__ = ("backend", "last", "memo", "options", "top")

    def __init__(self, options: Options, backend: Symbolic | None) -> None:
        self.options = options
        self.backend = backend
        self.memo: dict[int, Fraction | None] = {}
        self.top = "none"
        self.last = "none"

    def decide(self, stage: str, result: bool) -> bool:
        self.last = stage
        if _RANK[stage] > _RANK[self.top]:
            self.top = stage
        return result

    def exact(self, node: Node) -> Fraction | None:
        return exact_value(node, self.options.limits, self.memo)

    def close(self, x: Fraction, y: Fraction) -> bool:
        tol = self.options.rel_tol
        if tol <= 0:
            return x == y
        return abs(x - y) <= Fraction(tol) * max(abs(x), abs(y))

    # -- dispatch --------------------------------------------------------------------------

    def eq(self, a: Node, b: Node) -> bool | None:
        if a == b:
            return self.decide("exact", True)
        ta, tb = type(a), type(b)
        if ta is Rel or tb is Rel:
            return self.eq_rel(a, b)
        a_coll, b_coll = ta in _COLLECTIONS, tb in _COLLECTIONS
        if ta is SetOf and tb is SetOf:
            return self.set_equal(_items(a), _items(b))
        system = _system(a, b)
        if system is not None:
            return self.all_equal(system)
        if a_coll and b_coll:
            return self.multiset(_items(a), _items(b))
        if a_coll or b_coll:
            return self.decide("structure", False)
        if ta in (Group, Matrix) or tb in (Group, Matrix):
            return self.ordered(a, b)
        return self.scalar(a, b)

    def all_equal(self, pairs: list[tuple[Node, Node]]) -> bool | None:
        pending = False
        for x, y in pairs:
            r = self.eq(x, y)
            if r is False:
                return False
            if r is None:
                pending = True
        return None if pending else True

    def multiset(self, xs: tuple[Node, ...], ys: tuple[Node, ...]) -> bool | None:
        """Equal as multisets: a perfect matching of equal pairs (symmetric by construction)."""
        if len(xs) != len(ys):
            return self.decide("structure", False)
        saved = self.top
        results: list[list[bool | None]] = []
        stages: list[list[str]] = []
        for x in xs:
            row: list[bool | None] = []
            row_stages: list[str] = []
            for y in ys:
                self.top = "none"
                row.append(self.eq(x, y))
                row_stages.append(self.top)
            results.append(row)
            stages.append(row_stages)
        self.top = saved
        sure = [[r is True for r in row] for row in results]
        maybe = [[r is not False for r in row] for row in results]
        match = _matching(sure)
        if match is not None:
            for i, j in enumerate(match):
                self.decide(stages[i][j], True)
            return True
        strongest = max((st for row in stages for st in row), key=_RANK.__getitem__, default="none")
        if _matching(maybe) is None:
            return self.decide(strongest if strongest != "none" else "structure", False)
        return None

    def set_equal(self, xs: tuple[Node, ...], ys: tuple[Node, ...]) -> bool | None:
        """Equal as sets: order and duplicates do not matter (``\\{1,1,2\\}`` is ``\\{1,2\\}``)."""
        if not xs or not ys:
            return self.decide("structure", not xs and not ys)
        saved = self.top
        results = [[self.eq(x, y) for y in ys] for x in xs]
        self.top = saved
        covered_rows = [True in row for row in results]
        covered_cols = [any(row[j] is True for row in results) for j in range(len(ys))]
        if all(covered_rows) and all(covered_cols):
            return self.decide("exact", True)
        if any(all(r is False for r in row) for row in results) or any(
            all(row[j] is False for row in results) for j in range(len(ys))
        ):
            return self.decide("structure", False)
        return None

    def ordered(self, a: Node, b: Node) -> bool | None:
        if type(a) is Group and type(b) is Group:
            if (a.open, a.close) != (b.open, b.close) or len(a.items) != len(b.items):
                return self.decide("structure", False)
            return self.all_equal(list(zip(a.items, b.items, strict=True)))
        if type(a) is Matrix and type(b) is Matrix:
            shape_a = (len(a.rows), len(a.rows[0]))
            if shape_a != (len(b.rows), len(b.rows[0])):
                return self.decide("structure", False)
            flat_a = [x for row in a.rows for x in row]
            flat_b = [x for row in b.rows for x in row]
            return self.all_equal(list(zip(flat_a, flat_b, strict=True)))
        # A one-row or one-column matrix against a tuple: a vector written two ways.
        matrix, other = (a, b) if type(a) is Matrix else (b, a)
        vec = _vector(matrix) if type(matrix) is Matrix else None
        if (
            vec is not None
            and type(other) is Group
            and (other.open, other.close) == ("(", ")")
            and len(vec) == len(other.items)
        ):
            pairs = zip(vec, other.items, strict=True)
            if matrix is b:
                pairs = zip(other.items, vec, strict=True)  # (reference, answer) order kept
            return self.all_equal(list(pairs))
        return self.decide("structure", False)

    def eq_rel(self, a: Node, b: Node) -> bool | None:
        """``a`` (the reference side) against ``b`` (the answer side), one of them a relation."""
        if type(a) is Rel and type(b) is Rel:
            a, b = _assignment(a), _assignment(b)
            ia, ib = _as_interval(a), _as_interval(b)
            if ia is not None and ib is not None:
                if ia[0] != ib[0]:
                    return self.decide("structure", False)
                return self.eq(ia[1], ib[1])
            return self.rel_pair(a, b)
        if type(a) is Rel:
            return self.rel_value(a, b, reference_is_rel=True)
        assert isinstance(b, Rel)
        return self.rel_value(b, a, reference_is_rel=False)

    def rel_value(self, rel: Rel, value: Node, *, reference_is_rel: bool) -> bool | None:
        """A relation against a value; the value is the reference's side unless
        ``reference_is_rel``.

        An answer ``x = 4`` (or ``1 + 3 = 4``) states the value 4: its last side is compared
        with a value reference. A reference equation is answered by a value only when it
        assigns a lone symbol (``k = 1``, ``y = 2x + 3``): ``a + 3z = 0`` is an equation to
        give, and its right side ``0`` alone is not it.
        """

        def pair(x: Node) -> bool | None:
            return self.eq(x, value) if reference_is_rel else self.eq(value, x)

        if all(op == "=" for op in rel.ops) or rel.ops == ("in",):
            if reference_is_rel and type(rel.args[0]) is not Sym:
                return self.decide("structure", False)
            return pair(rel.args[-1])
        iv = _as_interval(rel)
        if iv is not None and type(value) in (Group, Union):
            return pair(iv[1])
        return self.decide("structure", False)

    def rel_pair(self, a: Rel, b: Rel) -> bool | None:
        results: list[bool | None] = []
        if a.ops == b.ops:
            results.append(self.all_equal(list(zip(a.args, b.args, strict=True))))
        mirrored = tuple(_FLIP.get(op, "?") for op in reversed(b.ops))
        if a.ops == mirrored:
            results.append(self.all_equal(list(zip(a.args, reversed(b.args), strict=True))))
        if True in results:
            return True
        if a.ops == ("=",) and b.ops == ("=",):
            return self.proportional(a, b)
        if a.ops == ("!=",) and b.ops == ("!=",):
            return self.proportional(a, b)
        if None in results:
            return None
        return self.decide("structure", False)

    # -- scalars ---------------------------------------------------------------------------

    def scalar(self, a: Node, b: Node) -> bool | None:
        if not (is_scalar(a) and is_scalar(b)):
            # A set or tuple inside arithmetic ("2\\{1\\}"): only identical text is equal.
            return self.decide("structure", False)
        sa, sb = _inf_sign(a), _inf_sign(b)
        if sa or sb:
            return self.decide("exact", sa == sb)
        ea, eb = self.exact(a), self.exact(b)
        if ea is not None and eb is not None:
            return self.decide("exact", self.close(ea, eb))
        r = self.float_stage(a, b)
        if r is not None:
            return r
        return self.symbolic(a, b)

    def symbolic(self, a: Node, b: Node) -> bool | None:
        from rftkit.rewards.mathexpr import canon  # only pairs that floats cannot settle

        if canon.equal(a, b):
            return self.decide("symbolic", True)
        if self.backend is None:
            return None  # pending: only sympy can tell
        ok, stage = self.backend.scalar(a, b, self.options.rel_tol)
        return self.decide(stage, ok)

    def float_stage(self, a: Node, b: Node) -> bool | None:
        tol = self.options.rel_tol
        names = sorted(free_symbols(a) | free_symbols(b))
        points = sample_points(names)
        agree = 0
        for env in points:
            try:
                va = complex_value(a, env)
                vb = complex_value(b, env)
            except Undefined:
                continue
            diff = abs(va - vb)
            scale = max(abs(va), abs(vb))
            if tol > 0:
                if diff > max(tol, 1e-12) * scale:
                    return self.decide("numeric", False)
            elif diff > _REFUTE_REL * scale + _REFUTE_ABS:
                return self.decide("numeric", False)
            agree += 1
        if agree == len(points) and tol >= _FLOAT_RELIABLE_TOL:
            return self.decide("numeric", True)
        return None

    def proportional(self, a: Rel, b: Rel) -> bool | None:
        da: Node = Add((a.args[0], Neg(a.args[1])))
        db: Node = Add((b.args[0], Neg(b.args[1])))
        names = sorted(free_symbols(da) | free_symbols(db))
        ratios: list[complex] = []
        for env in sample_points(names):
            try:
                va = complex_value(da, env)
                vb = complex_value(db, env)
            except Undefined:
                continue
            if abs(vb) < _REFUTE_ABS or abs(va) < _REFUTE_ABS:
                if abs(vb) < _REFUTE_ABS and abs(va) < _REFUTE_ABS:
                    continue
                return self.decide("numeric", False)
            ratios.append(va / vb)
        for r in ratios[1:]:
            if abs(r - ratios[0]) > _REFUTE_REL * abs(ratios[0]):
                return self.decide("numeric", False)
        from rftkit.rewards.mathexpr import canon

        if canon.proportional(da, db):
            return self.decide("symbolic", True)
        if self.backend is None:
            return None  # pending: only sympy can tell
        ok, stage = self.backend.proportional(da, db)
        return self.decide(stage, ok)


def _assignment(rel: Rel) -> Rel:
    """A chain of equalities that starts with a lone symbol as the assignment of its last
    side: ``x = 5 + 5 + 1 = 11`` is ``x = 11`` (the middle is working); any other relation
    as it is."""
    if len(rel.args) > 2 and type(rel.args[0]) is Sym and all(op == "=" for op in rel.ops):
        return Rel(("=",), (rel.args[0], rel.args[-1]))
    return rel


def _system(a: Node, b: Node) -> list[tuple[Node, Node]] | None:
    """``x = 1, y = 2`` against the tuple ``(1, 2)``: value pairs in the order written."""
    seq, tup = (a, b) if type(a) is Seq else (b, a)
    if type(seq) is not Seq or type(tup) is not Group or (tup.open, tup.close) != ("(", ")"):
        return None
    values: list[Node] = []
    names: set[str] = set()
    for item in seq.items:
        if type(item) is not Rel or item.ops != ("=",) or type(item.args[0]) is not Sym:
            return None
        names.add(item.args[0].name)
        values.append(item.args[1])
    if len(names) != len(values) or len(values) != len(tup.items):
        return None
    if seq is a:
        return list(zip(values, tup.items, strict=True))
    return list(zip(tup.items, values, strict=True))  # (reference, answer) order kept


def _matching(edges: list[list[bool]]) -> list[int] | None:
    """A perfect bipartite matching (row i -> column match[i]) or None (Kuhn's algorithm)."""
    n = len(edges)
    owner = [-1] * n  # column -> row

    def augment(i: int, seen: list[bool]) -> bool:
        for j in range(n):
            if edges[i][j] and not seen[j]:
                seen[j] = True
                if owner[j] == -1 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(n):
        if not augment(i, [False] * n):
            return None
    match = [0] * n
    for j, i in enumerate(owner):
        match[i] = j
    return match


def _vector(m: Matrix) -> tuple[Node, ...] | None:
    if len(m.rows) == 1:
        return m.rows[0]
    if all(len(r) == 1 for r in m.rows):
        return tuple(r[0] for r in m.rows)
    return None


def compare(
    reference: Prepared, answer: Prepared, options: Options, backend: Symbolic | None = None
) -> Equivalence:
    """Compare two prepared answers. Without a backend, may return a ``pending`` verdict.

    Example:
        >>> o = Options()
        >>> compare(prepare("0.5", o), prepare(r"\\frac12", o), o)
        Equivalence(equal=True, stage='exact', flags=(), detail='')
    """
    pending = False
    last: _Comparer | None = None
    for ref in reference:
        for ans in answer:
            c = _Comparer(options, backend)
            last = c
            try:
                result = c.eq(ref, ans)
            except MathLimitError as exc:
                return Equivalence(False, "none", ("limit",), str(exc))
            if result is True:
                return Equivalence(True, c.top)
            if result is None:
                pending = True
    if pending:
        return Equivalence(None, "pending")
    assert last is not None
    return Equivalence(False, last.last)


def _norm_text(s: str) -> str:
    for junk in (
        "\\textbf",
        "\\textit",
        "\\textrm",
        "\\textsf",
        "\\texttt",
        "\\text",
        "\\emph",
        "\\mathbf",
        "\\mathit",
        "\\mathrm",
        "\\mbox",
        "\\left",
        "\\right",
        "\\displaystyle",
        "\\boxed",
        "\\,",
        "\\!",
        "\\;",
        "\\ ",
        "$",
        "{",
        "}",
        "(",
        ")",
    ):
        s = s.replace(junk, "")
    # Runs of spaces count as one: "odd  n" is "odd n", but "1 00" is not "100".
    return " ".join(s.split()).rstrip(".").lower()


def text_equal(a: str, b: str) -> bool:
    """Equal as normalised text: wrappers, braces and case ignored, spaces collapsed.

    Example:
        >>> text_equal("\\\\text{odd } n", "Odd n"), text_equal("odd n", "even n")
        (True, False)
    """
    return _norm_text(a) == _norm_text(b) != ""


def decide(
    reference: str, answer: str, options: Options | None = None, backend: Symbolic | None = None
) -> Equivalence:
    """Compare a reference answer with a model's answer (both as text).

    Without a ``backend`` (sympy), a pair only sympy can settle comes back ``pending``;
    the :mod:`math grader <rftkit.rewards.builtin.math>` then asks its worker process.

    Example:
        >>> decide(r"\\frac{\\sqrt{3}}{2}", "0.866").equal
        False
        >>> decide(r"\\frac{\\sqrt{3}}{2}", "0.866", Options(rel_tol=1e-3)).stage
        'numeric'
        >>> decide("(1, 3]", "(1, 3)").equal
        False
    """
    opts = options or _DEFAULT
    try:
        ref = prepare(reference, opts)
        ans = prepare(answer, opts)
    except MathLimitError as exc:
        return Equivalence(False, "none", ("limit",), str(exc))
    except (ValueError, ArithmeticError, TypeError, RecursionError) as exc:
        # MathSyntaxError is the expected case; anything else from hostile text is treated
        # the same way rather than escaping as a traceback.
        if len(reference) > opts.limits.max_chars or len(answer) > opts.limits.max_chars:
            return Equivalence(False, "none", ("limit",), "answer too long")
        same = _norm_text(reference) == _norm_text(answer) != ""
        return Equivalence(same, "text", ("unparsed",), str(exc))
    return compare(ref, ans, opts, backend)


_DEFAULT = Options()
