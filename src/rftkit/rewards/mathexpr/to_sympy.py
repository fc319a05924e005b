"""Build sympy objects from the answer AST, and the sympy stages of the comparison.

Only this module imports sympy, and only inside functions: importing it costs nothing until
a comparison reaches a symbolic stage. Model text never reaches sympy as text: every object
is built from the AST with sympy constructors (no ``sympify``, ``parse_expr`` or ``eval``),
after the parser's size, nesting and magnitude limits have been applied.

Inside the worker the order is: the difference as sympy builds it (automatic simplification,
then ``expand``) is zero -> ``symbolic``; else high-precision evaluation (50 digits) at the
sample points decides -> ``numeric``; only when no point can be evaluated does the full
``simplify`` run -> ``symbolic``.
"""

from __future__ import annotations

from typing import Any

from rftkit.rewards.mathexpr.equiv import (
    Equivalence,
    Options,
    Prepared,
    compare,
    sample_points,
)
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

__all__ = ["SympyBackend", "compare_symbolic", "to_sympy"]

_DIGITS = 50
_MIN_BITS = 20  # a difference known to this many bits is a real, nonzero difference


def _sympy() -> Any:
    import sympy

    return sympy


def to_sympy(node: Node, cache: dict[str, Any] | None = None) -> Any:
    """Convert a scalar AST node to a sympy expression (variables are real).

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> to_sympy(parse(r"\\frac{\\sqrt{12}}{2}"))
        sqrt(3)
    """
    sp = _sympy()
    symbols: dict[str, Any] = {} if cache is None else cache
    return _conv(node, sp, symbols)


def _conv(node: Node, sp: Any, symbols: dict[str, Any]) -> Any:
    t = type(node)
    if t is Num:
        v = node.value  # type: ignore[union-attr]
        return sp.Rational(v.numerator, v.denominator)
    if t is Sym:
        name = node.name  # type: ignore[union-attr]
        sym = symbols.get(name)
        if sym is None:
            sym = symbols[name] = sp.Symbol(name, real=True)
        return sym
    if t is Const:
        return {"pi": sp.pi, "e": sp.E, "i": sp.I, "inf": sp.oo}[node.name]  # type: ignore[union-attr]
    if t is Neg:
        return -_conv(node.arg, sp, symbols)  # type: ignore[union-attr]
    if t is Add:
        return sp.Add(*[_conv(a, sp, symbols) for a in node.args])  # type: ignore[union-attr]
    if t is Mul:
        return sp.Mul(*[_conv(a, sp, symbols) for a in node.args])  # type: ignore[union-attr]
    if t is Div:
        assert isinstance(node, Div)
        return _conv(node.num, sp, symbols) / _conv(node.den, sp, symbols)
    if t is Pow:
        assert isinstance(node, Pow)
        return sp.Pow(_conv(node.base, sp, symbols), _conv(node.exp, sp, symbols))
    if t is Func:
        assert isinstance(node, Func)
        args = [_conv(a, sp, symbols) for a in node.args]
        return _func(node.name, args, sp)
    raise TypeError(f"{t.__name__} is not a scalar expression")


def _func(name: str, args: list[Any], sp: Any) -> Any:
    x = args[0]
    simple = {
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
        "sec": sp.sec,
        "csc": sp.csc,
        "cot": sp.cot,
        "asin": sp.asin,
        "acos": sp.acos,
        "atan": sp.atan,
        "sinh": sp.sinh,
        "cosh": sp.cosh,
        "tanh": sp.tanh,
        "asinh": sp.asinh,
        "acosh": sp.acosh,
        "atanh": sp.atanh,
        "exp": sp.exp,
        "sqrt": sp.sqrt,
        "abs": sp.Abs,
        "floor": sp.floor,
        "ceiling": sp.ceiling,
        "factorial": sp.factorial,
    }
    f = simple.get(name)
    if f is not None:
        return f(x)
    if name == "log":
        return sp.log(x, args[1]) if len(args) == 2 else sp.log(x)
    if name == "root":
        n = args[1]
        # The real cube root of a negative number, as school math means it.
        if x.is_number and x.is_negative and n.is_integer and n.is_odd:
            return -sp.root(-x, n)
        return sp.root(x, n)
    if name == "binom":
        return sp.binomial(x, args[1])
    if name == "max":
        return sp.Max(*args)
    if name == "min":
        return sp.Min(*args)
    if name == "gcd":
        return sp.gcd(*args) if len(args) == 2 else sp.gcd(list(args))
    if name == "lcm":
        return sp.lcm(*args) if len(args) == 2 else sp.lcm(list(args))
    raise TypeError(f"unknown function {name}")


class SympyBackend:
    """The symbolic and high-precision numeric stages, for :func:`.equiv.compare`.

    Example:
        >>> from rftkit.rewards.mathexpr.parser import parse
        >>> SympyBackend().scalar(parse("(x+1)^2"), parse("x^2+2x+1"), 0.0)
        (True, 'symbolic')
    """

    def __init__(self) -> None:
        self.sp = _sympy()
        self.symbols: dict[str, Any] = {}

    def conv(self, node: Node) -> Any:
        return _conv(node, self.sp, self.symbols)

    def _points(self, expr: Any) -> list[dict[Any, Any]]:
        sp = self.sp
        syms = sorted(expr.free_symbols, key=lambda s: s.name)
        pts = sample_points([s.name for s in syms])
        return [{s: sp.Rational(str(p[s.name].real)) for s in syms} for p in pts]

    def _value(self, expr: Any, env: dict[Any, Any]) -> Any:
        """``expr`` at ``env`` as a sympy number at 50 digits (any exponent), or None.

        The value is never converted to a Python float: ``e^{1000}`` would become ``inf``
        and ``inf`` against ``inf`` would look like agreement (a reward hack).
        """
        try:
            v = expr.evalf(_DIGITS, subs=env) if env else expr.evalf(_DIGITS)
        except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
            return None
        if not v.is_number or v.has(self.sp.nan, self.sp.zoo, self.sp.oo, -self.sp.oo):
            return None
        return v

    def _is_zero(self, vd: Any) -> bool:
        """The evaluated difference is zero at 50 digits: exactly 0, or no digit is certain.

        sympy's evalf returns a true nonzero difference with full precision however small it
        is (``e^{-1000}`` is 5.07e-435 to 50 digits), and a cancelling one (a true zero it
        cannot simplify) with no significant bits. So size alone never counts as zero:
        ``72 + e^{-1000}`` is not ``72``.
        """
        if vd == 0:
            return True
        parts = vd.as_real_imag()
        for part in parts:
            if part == 0:
                continue
            prec = getattr(part, "_prec", None)
            if prec is None or prec >= _MIN_BITS:
                return False
        return True

    def scalar(self, a: Node, b: Node, rel_tol: float) -> tuple[bool, str]:
        """Equal by automatic simplification or expansion, else by evaluation, else simplify."""
        sp = self.sp
        A, B = self.conv(a), self.conv(b)
        if A == B:
            return True, "symbolic"
        bad = (sp.nan, sp.zoo, sp.oo, -sp.oo)
        if A.has(*bad) or B.has(*bad):
            # Infinite or undefined values have no difference to simplify: only the same
            # value after sympy's automatic evaluation counts (oo + 1 is oo).
            return False, "symbolic"
        d = A - B
        if d == 0:
            return True, "symbolic"
        if sp.expand(d) == 0:
            return True, "symbolic"
        decided = 0
        for env in self._points(d):
            va, vb = self._value(A, env), self._value(B, env)
            # The difference itself at 50 digits: doubles cannot tell 2*pi from 6.283185307179586.
            vd = self._value(d, env)
            if va is None or vb is None or vd is None:
                continue
            if rel_tol > 0:
                # Compared in sympy's arbitrary-exponent floats: no overflow to inf.
                scale = sp.Max(sp.Abs(va), sp.Abs(vb))
                if sp.Abs(vd) > sp.Float(rel_tol) * scale:
                    return False, "numeric"
            elif not self._is_zero(vd):
                return False, "numeric"
            decided += 1
        if decided:
            return True, "numeric"
        try:
            return bool(sp.simplify(d) == 0), "symbolic"
        except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
            # sympy cannot simplify some values (sin of an AccumulationBounds): not proven equal,
            # whichever side the pair is written in.
            return False, "symbolic"

    def proportional(self, a: Node, b: Node) -> tuple[bool, str]:
        """Whether ``a = 0`` and ``b = 0`` are the same equation (``a / b`` a nonzero constant)."""
        sp = self.sp
        A, B = self.conv(a), self.conv(b)
        if B == 0 or A == 0:
            return bool(A == 0 and B == 0), "symbolic"
        q = sp.cancel(sp.together(A / B))
        if not q.free_symbols and q != 0 and q.is_finite:
            return True, "symbolic"
        ratios = []
        for env in self._points(A + B):
            va, vb = self._value(A, env), self._value(B, env)
            if va is None or vb is None or vb == 0:
                continue
            ratios.append(va / vb)
        if len(ratios) >= 2 and ratios[0] != 0:
            first = ratios[0]
            tol = self.sp.Float(1e-40) * abs(first)
            if all(abs(r - first) <= tol for r in ratios[1:]):
                return True, "numeric"
        return False, "numeric"


def compare_symbolic(reference: Prepared, answer: Prepared, options: Options) -> Equivalence:
    """Run the whole comparison with sympy available (what the worker process executes).

    Example:
        >>> from rftkit.rewards.mathexpr.equiv import prepare
        >>> o = Options()
        >>> compare_symbolic(prepare("3x+2", o), prepare("2+3x", o), o).equal
        True
    """
    return compare(reference, answer, options, SympyBackend())
