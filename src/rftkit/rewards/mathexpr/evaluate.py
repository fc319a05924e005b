"""Evaluate an answer AST without sympy: exactly (fractions) or in floating point (complex).

:func:`exact_value` computes a rational value bottom-up over the *whole* tree, so it is also
the magnitude guard: any power, factorial or binomial anywhere in the tree whose result would
be huge raises :class:`~.nodes.MathLimitError` before sympy could try to build it.
:func:`complex_value` evaluates at a point (for variables) with :mod:`cmath`, for the cheap
numeric stage. Standard library only.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Mapping
from fractions import Fraction

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

__all__ = [
    "TooLarge",
    "Undefined",
    "children",
    "complex_value",
    "exact_value",
    "free_symbols",
    "guard",
]


class Undefined(ArithmeticError):
    """The expression has no finite value at this point (division by zero, overflow, ...)."""


class TooLarge(Undefined):
    """The value overflows floating point."""


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-trees of ``node`` (empty for numbers, variables and constants).

    Example:
        >>> children(Div(Num(Fraction(1)), Sym("x")))
        (Num(value=Fraction(1, 1), decimal=False), Sym(name='x'))
    """
    t = type(node)
    if t is Num or t is Sym or t is Const:
        return ()
    if t is Add or t is Mul:
        return node.args  # type: ignore[union-attr]
    if t is Div:
        return (node.num, node.den)  # type: ignore[union-attr]
    if t is Pow:
        return (node.base, node.exp)  # type: ignore[union-attr]
    if t is Neg or t is Percent or t is Degree:
        return (node.arg,)  # type: ignore[union-attr]
    if t is Func or t is Rel:
        return node.args  # type: ignore[union-attr]
    if t is PlusMinus:
        assert isinstance(node, PlusMinus)
        return (node.right,) if node.left is None else (node.left, node.right)
    if t is Group or t is SetOf or t is Union or t is Seq:
        return node.items  # type: ignore[union-attr]
    if t is Matrix:
        assert isinstance(node, Matrix)
        return tuple(x for row in node.rows for x in row)
    raise TypeError(f"not a node: {node!r}")


def free_symbols(node: Node) -> frozenset[str]:
    """Names of the variables in ``node``.

    Example:
        >>> sorted(free_symbols(Add((Sym("x"), Sym("y")))))
        ['x', 'y']
    """
    out: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if type(n) is Sym:
            out.add(n.name)
        else:
            stack.extend(children(n))
    return frozenset(out)


# -- exact arithmetic ----------------------------------------------------------------------


def _bits(q: Fraction) -> int:
    """log2 of the larger of |q| and 1/|q|, rounded up (q nonzero)."""
    return max(abs(q.numerator).bit_length(), q.denominator.bit_length())


def _int_root(n: int, k: int) -> int | None:
    """The exact k-th root of n >= 0, or None when n is not a perfect k-th power."""
    if n < 2:
        return n
    if k == 2:
        r = math.isqrt(n)
        return r if r * r == n else None
    if n.bit_length() >= 1000:
        return None
    r = round(float(n) ** (1.0 / k))
    for cand in (r - 1, r, r + 1):
        if cand >= 0 and int(cand) ** k == n:
            return int(cand)
    return None


def _check_power(base: Fraction, exp: Fraction, limits: Limits) -> None:
    if base == 0 or abs(base) == 1:
        return
    if abs(exp) * _bits(base) > limits.max_power_bits:
        raise MathLimitError("a power too large to evaluate")


def _rational_power(base: Fraction, exp: Fraction, limits: Limits) -> Fraction | None:
    _check_power(base, exp, limits)
    if base == 0:
        return None if exp < 0 else (Fraction(1) if exp == 0 else Fraction(0))
    p, q = exp.numerator, exp.denominator
    if q == 1:
        return base**p
    if base < 0 or q > 64:
        return None  # a complex principal value, or an irrational root
    num = _int_root(base.numerator, q)
    den = _int_root(base.denominator, q)
    if num is None or den is None:
        return None
    return Fraction(num, den) ** p


def _log_exact(x: Fraction, b: Fraction, limits: Limits) -> Fraction | None:
    """log_b(x) when it is an integer (log_2 8 = 3), else None."""
    if x <= 0 or b <= 0 or b == 1:
        return None
    if x == 1:
        return Fraction(0)
    guess = math.log(float(x)) / math.log(float(b)) if _bits(x) < 1000 else None
    if guess is None or not math.isfinite(guess):
        return None
    k = round(guess)
    if k == 0 or abs(guess - k) > 1e-9:
        return None
    _check_power(b, Fraction(k), limits)
    return Fraction(k) if b**k == x else None


def _func_exact(
    name: str, args: list[Fraction | None], limits: Limits, node: Func
) -> Fraction | None:
    if any(a is None for a in args):
        return None
    vals: list[Fraction] = [a for a in args if a is not None]
    x = vals[0]
    if name == "sqrt":
        return _rational_power(x, Fraction(1, 2), limits) if x >= 0 else None
    if name == "root":
        n = vals[1]
        if n.denominator != 1 or n <= 0:
            return None
        if x < 0 and n.numerator % 2 == 1:
            r = _rational_power(-x, 1 / n, limits)
            return None if r is None else -r
        return _rational_power(x, 1 / n, limits) if x >= 0 else None
    if name == "abs":
        return abs(x)
    if name == "floor":
        return Fraction(math.floor(x))
    if name == "ceiling":
        return Fraction(math.ceil(x))
    if name == "factorial":
        if x.denominator != 1 or x < 0:
            return None
        if x > limits.max_factorial:
            raise MathLimitError("a factorial too large to evaluate")
        return Fraction(math.factorial(int(x)))
    if name == "binom":
        k = vals[1]
        if x.denominator != 1 or k.denominator != 1:
            return None
        if abs(x) > limits.max_factorial:
            raise MathLimitError("a binomial too large to evaluate")
        if x < 0 or k < 0 or k > x:
            return None if x < 0 else Fraction(0)
        return Fraction(math.comb(int(x), int(k)))
    if name == "max":
        return max(vals)
    if name == "min":
        return min(vals)
    if name in ("gcd", "lcm"):
        if any(v.denominator != 1 for v in vals):
            return None
        ints = [int(v) for v in vals]
        return Fraction(math.gcd(*ints) if name == "gcd" else math.lcm(*ints))
    if name == "log" and len(vals) == 2:
        return _log_exact(x, vals[1], limits)
    del node
    return None


def exact_value(
    node: Node, limits: Limits, memo: dict[int, Fraction | None] | None = None
) -> Fraction | None:
    """The exact rational value of ``node``, or None when it is not a rational constant.

    Every sub-tree is visited, even when an early one is not rational, so a huge power
    anywhere is refused.

    Raises:
        MathLimitError: a power, factorial or binomial over the limits.

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> exact_value(parse(r"\\frac{1}{2} + 0.25"), Limits())
        Fraction(3, 4)
        >>> exact_value(parse(r"\\sqrt{2}"), Limits()) is None
        True
    """
    memo = {} if memo is None else memo
    return _exact(node, limits, memo)


def _exact(node: Node, limits: Limits, memo: dict[int, Fraction | None]) -> Fraction | None:
    key = id(node)
    if key in memo:
        return memo[key]
    t = type(node)
    out: Fraction | None
    if t is Num:
        out = node.value  # type: ignore[union-attr]
    elif t is Sym or t is Const:
        out = None
    elif t is Neg:
        v = _exact(node.arg, limits, memo)  # type: ignore[union-attr]
        out = None if v is None else -v
    elif t is Add:
        terms = [_exact(a, limits, memo) for a in node.args]  # type: ignore[union-attr]
        out = Fraction(0)
        for v in terms:
            if v is None:
                out = None
                break
            out += v
    elif t is Mul:
        vals = [_exact(a, limits, memo) for a in node.args]  # type: ignore[union-attr]
        if any(v is None for v in vals):
            out = None
        else:
            out = Fraction(1)
            for v in vals:
                out *= v  # type: ignore[operator]
    elif t is Div:
        assert isinstance(node, Div)
        a = _exact(node.num, limits, memo)
        b = _exact(node.den, limits, memo)
        out = None if a is None or b is None or b == 0 else a / b
    elif t is Pow:
        assert isinstance(node, Pow)
        b = _exact(node.base, limits, memo)
        e = _exact(node.exp, limits, memo)
        if b is not None and e is not None:
            out = _rational_power(b, e, limits)
        else:
            _guard_power(node, b, e, limits)
            out = None
    elif t is Func:
        assert isinstance(node, Func)
        args = [_exact(a, limits, memo) for a in node.args]
        out = _func_exact(node.name, args, limits, node)
    else:
        for c in children(node):
            _exact(c, limits, memo)
        out = None
    memo[key] = out
    return out


def _guard_power(node: Pow, b: Fraction | None, e: Fraction | None, limits: Limits) -> None:
    """Refuse x^(huge) and 2^(huge irrational) when the power is not exactly computable."""
    if e is not None:
        mag = abs(e)
    elif not free_symbols(node.exp):
        try:
            mag = Fraction(abs(complex_value(node.exp, {})))
        except TooLarge:
            raise MathLimitError("an exponent too large to evaluate") from None
        except Undefined:
            return  # no value at all (1/0): sympy reports it as undefined
    else:
        return  # a symbolic exponent: nothing to bound here
    if b is not None:
        if b != 0 and abs(b) != 1 and mag * _bits(b) > limits.max_power_bits:
            raise MathLimitError("a power too large to evaluate")
    elif mag > limits.max_exponent:
        raise MathLimitError("an exponent too large")


def guard(node: Node, limits: Limits) -> None:
    """Raise :class:`MathLimitError` when any power or factorial in ``node`` is too large.

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> guard(parse("9^9^9^9"), Limits())
        Traceback (most recent call last):
        ...
        rftkit.rewards.mathexpr.nodes.MathLimitError: a power too large to evaluate
    """
    exact_value(node, limits)


# -- floating point --------------------------------------------------------------------------

_TRIG = {
    "sin": cmath.sin,
    "cos": cmath.cos,
    "tan": cmath.tan,
    "asin": cmath.asin,
    "acos": cmath.acos,
    "atan": cmath.atan,
    "sinh": cmath.sinh,
    "cosh": cmath.cosh,
    "tanh": cmath.tanh,
    "asinh": cmath.asinh,
    "acosh": cmath.acosh,
    "atanh": cmath.atanh,
    "exp": cmath.exp,
    "sqrt": cmath.sqrt,
}

_CONSTS = {"pi": complex(math.pi), "e": complex(math.e), "i": 1j}


def _real(z: complex) -> float:
    if abs(z.imag) > 1e-12 * max(1.0, abs(z.real)):
        raise Undefined("a real function of a complex value")
    return z.real


def _func_complex(name: str, vals: list[complex]) -> complex:
    # A real argument with a negative-zero imaginary part (from -1 + 0j) would land on the
    # wrong side of the branch cut: sqrt(-1-0j) is -i, not i.
    vals = [complex(v.real, 0.0) if v.imag == 0 else v for v in vals]
    x = vals[0]
    f = _TRIG.get(name)
    if f is not None:
        return f(x)
    if name == "sec":
        return 1 / cmath.cos(x)
    if name == "csc":
        return 1 / cmath.sin(x)
    if name == "cot":
        return cmath.cos(x) / cmath.sin(x)
    if name == "log":
        if x == 0:
            raise Undefined("log of zero")
        if len(vals) == 2:
            return cmath.log(x) / cmath.log(vals[1])
        return cmath.log(x)
    if name == "root":
        n = _real(vals[1])
        if x.imag == 0 and x.real < 0 and n == int(n) and int(n) % 2 == 1:
            return complex(-((-x.real) ** (1.0 / n)))
        return x ** (1.0 / n)
    if name == "abs":
        return complex(abs(x))
    if name == "floor":
        return complex(math.floor(_real(x)))
    if name == "ceiling":
        return complex(math.ceil(_real(x)))
    if name == "factorial":
        r = _real(x)
        if r > 170:
            raise Undefined("factorial overflow")
        return complex(math.gamma(r + 1))
    if name == "binom":
        n, k = _real(x), _real(vals[1])
        if n == int(n) and k == int(k) and n >= 0:
            return complex(math.comb(int(n), int(k))) if 0 <= k <= n else 0j
        return complex(math.gamma(n + 1) / (math.gamma(k + 1) * math.gamma(n - k + 1)))
    if name == "max":
        return complex(max(_real(v) for v in vals))
    if name == "min":
        return complex(min(_real(v) for v in vals))
    if name in ("gcd", "lcm"):
        ints = []
        for v in vals:
            r = _real(v)
            if r != int(r):
                raise Undefined("gcd of a non-integer")
            ints.append(int(r))
        return complex(math.gcd(*ints) if name == "gcd" else math.lcm(*ints))
    raise Undefined(f"no numeric value for {name}")


def complex_value(node: Node, env: Mapping[str, complex]) -> complex:
    """Evaluate ``node`` in complex floating point, variables taken from ``env``.

    Raises:
        Undefined: no finite value here (division by zero, overflow, infinity, a container).

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> round(complex_value(parse(r"\\sqrt{x} + 1"), {"x": 4.0}).real, 12)
        3.0
    """
    try:
        z = _complex(node, env)
    except OverflowError as exc:
        raise TooLarge(str(exc)) from None
    except (ZeroDivisionError, ValueError) as exc:
        raise Undefined(str(exc)) from None
    if not (math.isfinite(z.real) and math.isfinite(z.imag)):
        raise TooLarge("not finite")
    return z


def _complex(node: Node, env: Mapping[str, complex]) -> complex:
    t = type(node)
    if t is Num:
        return complex(float(node.value))  # type: ignore[union-attr]
    if t is Sym:
        return env[node.name]  # type: ignore[union-attr]
    if t is Const:
        c = _CONSTS.get(node.name)  # type: ignore[union-attr]
        if c is None:
            raise Undefined("infinity")
        return c
    if t is Neg:
        return -_complex(node.arg, env)  # type: ignore[union-attr]
    if t is Add:
        total = 0j
        for a in node.args:  # type: ignore[union-attr]
            total += _complex(a, env)
        return total
    if t is Mul:
        prod = 1 + 0j
        for a in node.args:  # type: ignore[union-attr]
            prod *= _complex(a, env)
        return prod
    if t is Div:
        assert isinstance(node, Div)
        return _complex(node.num, env) / _complex(node.den, env)
    if t is Pow:
        assert isinstance(node, Pow)
        b = _complex(node.base, env)
        e = _complex(node.exp, env)
        if b.imag == 0:
            b = complex(b.real, 0.0)  # see _func_complex: no negative zero
        if b.imag == 0 and e.imag == 0 and (b.real >= 0 or e.real == int(e.real)):
            return complex(b.real**e.real)
        return b**e
    if t is Func:
        assert isinstance(node, Func)
        return _func_complex(node.name, [_complex(a, env) for a in node.args])
    raise Undefined(f"no numeric value for {type(node).__name__}")
