"""The abstract syntax tree of a parsed answer, and the limits that bound parsing.

Every node is a small slotted class: cheap to build, comparable with ``==`` (structural
identity), and picklable, so a tree can cross a pipe to the worker process that runs sympy.
The classes are written out by hand rather than with ``dataclasses``, which are off the
Lambda path (docs/architecture.md).
Standard library only.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple, TypeAlias

__all__ = [
    "Add",
    "Const",
    "Degree",
    "Div",
    "Func",
    "Group",
    "Limits",
    "MathLimitError",
    "MathSyntaxError",
    "Matrix",
    "Mul",
    "Neg",
    "Node",
    "Num",
    "Percent",
    "PlusMinus",
    "Pow",
    "Rel",
    "Seq",
    "SetOf",
    "Sym",
    "Union",
]


class MathSyntaxError(ValueError):
    """The text is not math this parser understands (the grader falls back to text)."""


class MathLimitError(ValueError):
    """The text exceeds a size, nesting or magnitude limit (the grader scores 0 and flags it)."""


class Limits(NamedTuple):
    """Bounds applied before any arithmetic or sympy sees an answer.

    Attributes:
        max_chars: longest answer text accepted (characters).
        max_tokens: most tokens in one answer.
        max_depth: deepest nesting of brackets, fractions, roots and exponents.
        max_power_bits: largest ``|exponent| * log2|base|`` evaluated for a numeric power.
        max_exponent: largest ``|exponent|`` allowed on a non-numeric base.
        max_factorial: largest ``n`` for ``n!`` and ``\\binom{n}{k}``.
        max_items: most elements in a list, set, tuple or matrix.

    Example:
        >>> Limits().max_depth
        50
    """

    max_chars: int = 2000
    max_tokens: int = 600
    max_depth: int = 50
    max_power_bits: int = 65536
    max_exponent: int = 10000
    max_factorial: int = 5000
    max_items: int = 64


class _Node:
    """Structural equality and a readable repr from ``__slots__``; unhashable like a list."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return False
        return all(getattr(self, n) == getattr(other, n) for n in self._fields)

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({fields})"


class Num(_Node):
    """A number literal, held exactly. ``decimal`` is True when written with a point."""

    __slots__ = ("decimal", "value")
    _fields: tuple[str, ...] = ("value", "decimal")
    value: Fraction
    decimal: bool

    def __init__(self, value: Fraction, decimal: bool = False) -> None:
        self.value = value
        self.decimal = decimal


class Sym(_Node):
    """A variable such as ``x``, ``x_1`` or ``alpha``."""

    __slots__ = ("name",)
    _fields: tuple[str, ...] = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        self.name = name


class Const(_Node):
    """A named constant: ``pi``, ``e``, ``i`` (imaginary unit) or ``inf``."""

    __slots__ = ("name",)
    _fields: tuple[str, ...] = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        self.name = name


class Add(_Node):
    """A sum of two or more terms (subtraction is addition of a :class:`Neg`)."""

    __slots__ = ("args",)
    _fields: tuple[str, ...] = ("args",)
    args: tuple[Node, ...]

    def __init__(self, args: tuple[Node, ...]) -> None:
        self.args = args


class Mul(_Node):
    """A product of two or more factors (explicit or implicit multiplication)."""

    __slots__ = ("args",)
    _fields: tuple[str, ...] = ("args",)
    args: tuple[Node, ...]

    def __init__(self, args: tuple[Node, ...]) -> None:
        self.args = args


class Div(_Node):
    """A quotient (``/``, ``\\div`` or ``\\frac``)."""

    __slots__ = ("den", "num")
    _fields: tuple[str, ...] = ("num", "den")
    num: Node
    den: Node

    def __init__(self, num: Node, den: Node) -> None:
        self.num = num
        self.den = den


class Pow(_Node):
    """A power ``base ^ exp``."""

    __slots__ = ("base", "exp")
    _fields: tuple[str, ...] = ("base", "exp")
    base: Node
    exp: Node

    def __init__(self, base: Node, exp: Node) -> None:
        self.base = base
        self.exp = exp


class Neg(_Node):
    """Unary minus."""

    __slots__ = ("arg",)
    _fields: tuple[str, ...] = ("arg",)
    arg: Node

    def __init__(self, arg: Node) -> None:
        self.arg = arg


class Func(_Node):
    """A function application. Names: sin cos tan sec csc cot asin acos atan sinh cosh tanh
    log (args ``(x,)`` natural or ``(x, base)``) exp sqrt root (``(x, n)``) abs floor ceil
    factorial binom max min gcd lcm."""

    __slots__ = ("args", "name")
    _fields: tuple[str, ...] = ("name", "args")
    name: str
    args: tuple[Node, ...]

    def __init__(self, name: str, args: tuple[Node, ...]) -> None:
        self.name = name
        self.args = args


class Percent(_Node):
    """``x%``; what it means is a grader option (``10%`` as 10 or as 1/10)."""

    __slots__ = ("arg",)
    _fields: tuple[str, ...] = ("arg",)
    arg: Node

    def __init__(self, arg: Node) -> None:
        self.arg = arg


class Degree(_Node):
    """``x^\\circ``: the number itself, or ``x * pi / 180`` inside a trigonometric function."""

    __slots__ = ("arg",)
    _fields: tuple[str, ...] = ("arg",)
    arg: Node

    def __init__(self, arg: Node) -> None:
        self.arg = arg


class PlusMinus(_Node):
    """``left \\pm right`` (``left`` None for a leading ``\\pm``); ``minus_first`` for ``\\mp``."""

    __slots__ = ("left", "minus_first", "right")
    _fields: tuple[str, ...] = ("left", "right", "minus_first")
    left: Node | None
    right: Node
    minus_first: bool

    def __init__(self, left: Node | None, right: Node, minus_first: bool = False) -> None:
        self.left = left
        self.right = right
        self.minus_first = minus_first


class Group(_Node):
    """Bracketed, comma-separated items: a tuple ``(1, 2)``, an interval ``(1, 3]``, a list.

    ``open`` and ``close`` are the bracket characters, so ``(1, 3]`` keeps its half-openness.
    """

    __slots__ = ("close", "items", "open")
    _fields: tuple[str, ...] = ("open", "close", "items")
    open: str
    close: str
    items: tuple[Node, ...]

    def __init__(self, open: str, close: str, items: tuple[Node, ...]) -> None:
        self.open = open
        self.close = close
        self.items = items


class SetOf(_Node):
    """A set ``\\{1, 2\\}`` (order does not matter; empty for the empty set)."""

    __slots__ = ("items",)
    _fields: tuple[str, ...] = ("items",)
    items: tuple[Node, ...]

    def __init__(self, items: tuple[Node, ...]) -> None:
        self.items = items


class Union(_Node):
    """A union ``A \\cup B`` of intervals or sets."""

    __slots__ = ("items",)
    _fields: tuple[str, ...] = ("items",)
    items: tuple[Node, ...]

    def __init__(self, items: tuple[Node, ...]) -> None:
        self.items = items


class Matrix(_Node):
    """A matrix or vector from a ``pmatrix``/``bmatrix``/``matrix``/``array`` environment."""

    __slots__ = ("rows",)
    _fields: tuple[str, ...] = ("rows",)
    rows: tuple[tuple[Node, ...], ...]

    def __init__(self, rows: tuple[tuple[Node, ...], ...]) -> None:
        self.rows = rows


class Rel(_Node):
    """An equation or inequality chain: ``args[0] ops[0] args[1] ops[1] args[2] ...``.

    Operators: ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in``.
    """

    __slots__ = ("args", "ops")
    _fields: tuple[str, ...] = ("ops", "args")
    ops: tuple[str, ...]
    args: tuple[Node, ...]

    def __init__(self, ops: tuple[str, ...], args: tuple[Node, ...]) -> None:
        self.ops = ops
        self.args = args


class Seq(_Node):
    """Several answers separated by commas, semicolons, "and" or "or" (order does not matter)."""

    __slots__ = ("items",)
    _fields: tuple[str, ...] = ("items",)
    items: tuple[Node, ...]

    def __init__(self, items: tuple[Node, ...]) -> None:
        self.items = items


Node: TypeAlias = (
    Num
    | Sym
    | Const
    | Add
    | Mul
    | Div
    | Pow
    | Neg
    | Func
    | Percent
    | Degree
    | PlusMinus
    | Group
    | SetOf
    | Union
    | Matrix
    | Rel
    | Seq
)
