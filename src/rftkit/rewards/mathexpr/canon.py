"""A small canonical form for rational expressions, to prove equality without sympy.

An expression becomes a quotient of two polynomials with :class:`~fractions.Fraction`
coefficients over *atoms*: variables, constants (``pi``, ``e``, ``i``), function
applications and non-integer powers, each atom identified by the canonical form of its
arguments. ``3x + 2`` and ``2 + 3x``, ``2\\pi`` and ``\\pi \\cdot 2``, ``(x+1)^2`` and
``x^2 + 2x + 1``, ``\\frac{x}{2}`` and ``0.5x`` get equal forms, so the worker process (and
sympy) is only needed for identities beyond polynomial arithmetic (``\\sin^2 x + \\cos^2 x``,
``\\sqrt{8} = 2\\sqrt{2}``).

It only ever proves equality; a difference it cannot explain is left to the later stages.
Every operation is bounded by a term count, so a hostile expression costs little.
Standard library only.
"""

from __future__ import annotations

from fractions import Fraction

from rftkit.rewards.mathexpr.nodes import (
    Add,
    Const,
    Div,
    Func,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Sym,
)

__all__ = ["equal", "linear", "proportional"]

Mono = tuple[tuple[str, int], ...]
Poly = dict[Mono, Fraction]
RatFunc = tuple[Poly, Poly]

_MAX_TERMS = 200
_MAX_POWER = 12
_ONE: Mono = ()


class _GiveUp(Exception):
    """The expression is outside what the canonical form handles, or too large."""


def _const(c: Fraction) -> Poly:
    return {_ONE: c} if c else {}


def _reduce(key: str, e: int) -> tuple[Fraction, int]:
    """Fold powers of i and of integer roots back into the coefficient (i^2 = -1, ...)."""
    if key == "c:i" and e >= 2:
        return Fraction(-1 if (e // 2) % 2 else 1), e % 2
    if key.startswith("r:"):
        _, n, q = key.split(":")
        k = int(q)
        if e >= k:
            return Fraction(int(n) ** (e // k)), e % k
    return Fraction(1), e


def _mono_mul(a: Mono, b: Mono) -> tuple[Fraction, Mono]:
    if not a:
        return Fraction(1), b
    if not b:
        return Fraction(1), a
    d = dict(a)
    for k, e in b:
        d[k] = d.get(k, 0) + e
    coef = Fraction(1)
    items = []
    for k, e in sorted(d.items()):
        c, rest = _reduce(k, e)
        coef *= c
        if rest:
            items.append((k, rest))
    return coef, tuple(items)


def _padd(a: Poly, b: Poly, sign: int = 1) -> Poly:
    out = dict(a)
    for m, c in b.items():
        v = out.get(m, Fraction(0)) + sign * c
        if v:
            out[m] = v
        else:
            out.pop(m, None)
    if len(out) > _MAX_TERMS:
        raise _GiveUp
    return out


def _pmul(a: Poly, b: Poly) -> Poly:
    if len(a) * len(b) > _MAX_TERMS * 4:
        raise _GiveUp
    out: Poly = {}
    for ma, ca in a.items():
        for mb, cb in b.items():
            k, m = _mono_mul(ma, mb)
            v = out.get(m, Fraction(0)) + ca * cb * k
            if v:
                out[m] = v
            else:
                out.pop(m, None)
    if len(out) > _MAX_TERMS:
        raise _GiveUp
    return out


def _ppow(a: Poly, k: int) -> Poly:
    out = _const(Fraction(1))
    for _ in range(k):
        out = _pmul(out, a)
    return out


def _normal(rf: RatFunc) -> RatFunc:
    num, den = rf
    if not den:
        raise _GiveUp  # division by zero
    if len(den) == 1 and _ONE in den:
        c = den[_ONE]
        if c != 1:
            num = {m: v / c for m, v in num.items()}
        return num, {_ONE: Fraction(1)}
    return num, den


def _key(rf: RatFunc) -> str:
    num, den = _normal(rf)

    def show(p: Poly) -> str:
        return "+".join(f"{c}*{'*'.join(f'{k}^{e}' for k, e in m)}" for m, c in sorted(p.items()))

    return f"({show(num)})/({show(den)})"


def _atom(key: str) -> RatFunc:
    return {((key, 1),): Fraction(1)}, _const(Fraction(1))


_SMALL_PRIMES = [p for p in range(2, 200) if all(p % d for d in range(2, int(p**0.5) + 1))]


def _root(r: Fraction, q: int) -> RatFunc:
    """``r^(1/q)`` for rational r > 0 as ``c * m^(1/q)`` with m free of small q-th powers."""
    if r <= 0 or q < 2 or q > 6:
        raise _GiveUp
    n = r.numerator * r.denominator ** (q - 1)
    if n.bit_length() > 200:
        raise _GiveUp
    coef = Fraction(1, r.denominator)
    for p in _SMALL_PRIMES:
        pq = p**q
        if pq > n:
            break
        while n % pq == 0:
            n //= pq
            coef *= p
    if n == 1:
        return _const(coef), _const(Fraction(1))
    return {((f"r:{n}:{q}", 1),): coef}, _const(Fraction(1))


def _rational(rf: RatFunc) -> Fraction | None:
    num, den = _normal(rf)
    if den != {_ONE: Fraction(1)} or any(m for m in num):
        return None
    return num.get(_ONE, Fraction(0))


class _Canon:
    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps = 0

    def rf(self, node: Node) -> RatFunc:
        self.steps += 1
        if self.steps > 2000:
            raise _GiveUp
        t = type(node)
        if t is Num:
            return _const(node.value), _const(Fraction(1))  # type: ignore[union-attr]
        if t is Sym:
            return _atom("s:" + node.name)  # type: ignore[union-attr]
        if t is Const:
            if node.name == "inf":  # type: ignore[union-attr]
                raise _GiveUp
            return _atom("c:" + node.name)  # type: ignore[union-attr]
        if t is Neg:
            n, d = self.rf(node.arg)  # type: ignore[union-attr]
            return {m: -c for m, c in n.items()}, d
        if t is Add:
            acc: RatFunc = ({}, _const(Fraction(1)))
            for a in node.args:  # type: ignore[union-attr]
                n2, d2 = self.rf(a)
                n1, d1 = acc
                if d1 == d2:
                    acc = (_padd(n1, n2), d1)
                else:
                    acc = (_padd(_pmul(n1, d2), _pmul(n2, d1)), _pmul(d1, d2))
            return acc
        if t is Mul:
            num, den = _const(Fraction(1)), _const(Fraction(1))
            for a in node.args:  # type: ignore[union-attr]
                n2, d2 = self.rf(a)
                num, den = _pmul(num, n2), _pmul(den, d2)
            return num, den
        if t is Div:
            assert isinstance(node, Div)
            n1, d1 = self.rf(node.num)
            n2, d2 = self.rf(node.den)
            if not n2:
                raise _GiveUp
            return _pmul(n1, d2), _pmul(d1, n2)
        if t is Pow:
            assert isinstance(node, Pow)
            base_rf = self.rf(node.base)
            exp_rf = self.rf(node.exp)
            ev = _rational(exp_rf)
            if ev is not None and abs(ev.numerator) <= _MAX_POWER:
                p, q = ev.numerator, ev.denominator
                if q == 1:
                    n, d = base_rf
                elif (bv := _rational(base_rf)) is not None:
                    n, d = _root(bv, q)
                else:
                    n, d = _atom(
                        f"p:{_key(base_rf)}^{_key((_const(Fraction(1, q)), _const(Fraction(1))))}"
                    )
                if p >= 0:
                    return _ppow(n, p), _ppow(d, p)
                if not n:
                    raise _GiveUp
                return _ppow(d, -p), _ppow(n, -p)
            return _atom(f"p:{_key(base_rf)}^{_key(exp_rf)}")
        if t is Func:
            assert isinstance(node, Func)
            if node.name in ("sqrt", "root"):
                inner = self.rf(node.args[0])
                value = _rational(inner)
                index = 2 if node.name == "sqrt" else _rational(self.rf(node.args[1]))
                if value is not None and index is not None and index.denominator == 1:
                    return _root(value, int(index))
            if node.name == "sqrt":
                return self.rf(Pow(node.args[0], Num(Fraction(1, 2))))
            args = ",".join(_key(self.rf(a)) for a in node.args)
            return _atom(f"f:{node.name}({args})")
        raise _GiveUp


def _cross(a: Node, b: Node) -> tuple[Poly, Poly] | None:
    try:
        c = _Canon()
        na, da = c.rf(a)
        nb, db = c.rf(b)
        return _pmul(na, db), _pmul(nb, da)
    except (_GiveUp, ZeroDivisionError, RecursionError):
        return None


def equal(a: Node, b: Node) -> bool:
    """True when ``a`` and ``b`` have the same canonical form (False: unknown, not unequal).

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> equal(parse("(x+1)^2"), parse("x^2 + 2x + 1"))
        True
        >>> equal(parse(r"\\sin^2 x + \\cos^2 x"), parse("1"))
        False
    """
    cross = _cross(a, b)
    return cross is not None and not _padd(cross[0], cross[1], -1)


def proportional(a: Node, b: Node) -> bool:
    """True when ``a`` is provably a nonzero constant multiple of ``b`` (False: unknown).

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> proportional(parse("2x - 8"), parse("x - 4"))
        True
    """
    cross = _cross(a, b)
    if cross is None:
        return False
    p, q = cross
    if not p or not q or p.keys() != q.keys():
        return False
    ratio: Fraction | None = None
    for m, c in p.items():
        r = c / q[m]
        if ratio is None:
            ratio = r
        elif r != ratio:
            return False
    return True


def linear(node: Node) -> tuple[str, Fraction, Fraction] | None:
    """``node`` as ``slope * x + const`` in its one variable ``x``, or None when it is not.

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> linear(parse("2(13.1 + x) - 5"))
        ('x', Fraction(2, 1), Fraction(106, 5))
        >>> linear(parse("x^2 - 1")) is None
        True
    """
    try:
        num, den = _normal(_Canon().rf(node))
    except (_GiveUp, ZeroDivisionError, RecursionError):
        return None
    if den != {_ONE: Fraction(1)}:
        return None
    var: str | None = None
    slope = Fraction(0)
    for mono, coef in num.items():
        if not mono:
            continue
        if len(mono) != 1 or mono[0][1] != 1 or not mono[0][0].startswith("s:"):
            return None
        var, slope = mono[0][0][2:], coef
    if var is None:
        return None
    return var, slope, num.get(_ONE, Fraction(0))
