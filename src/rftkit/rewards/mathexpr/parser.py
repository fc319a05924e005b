"""A bounded Pratt parser from tokens to the answer AST in :mod:`.nodes`.

Grammar, loosest first::

    answers   := item ((',' | ';' | 'and' | 'or') item)*        several answers -> Seq
    item      := expr (relop expr)*                            equations, inequality chains
    expr      := expr (cup | cap) expr                         unions of intervals or sets
               | expr ('+' | '-' | pm | mp) expr
               | expr ('*' | '/' | juxtaposition) expr         implicit multiplication
               | ('-' | '+' | pm | mp) expr
               | expr '^' expr                                 right-associative
               | expr ('!' | '%' | deg)
               | primary
    primary   := number | mixed number | variable[_sub] | constant | function application
               | \\frac{a}{b} | \\sqrt[n]{a} | \\binom{n}{k} | (..) [..] {..} \\{..\\} |..|
               | floor/ceil | matrix environment

Brackets holding commas are tuples or intervals (``(1, 3]`` keeps its brackets); ``\\{...\\}``
is a set. Nesting depth, item counts and powers are bounded (:class:`~.nodes.Limits`), so a
hostile answer is refused in time linear in its length, before any arithmetic happens.
Standard library only.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

from rftkit.rewards.mathexpr.lexer import Token, tokenize
from rftkit.rewards.mathexpr.nodes import (
    Add,
    Const,
    Degree,
    Div,
    Func,
    Group,
    Limits,
    MathLimitError,
    MathSyntaxError,
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

__all__ = ["parse", "parse_number"]

_RELOPS = frozenset({"=", "!=", "<", "<=", ">", ">=", "in"})
# "row" (a LaTeX line break "\\\\") outside a matrix separates answers like a semicolon.
_SEPARATORS = frozenset({",", ";", "row"})

# Binding powers of infix operators (higher binds tighter).
_BP_SET = 5
_BP_ADD = 10
_BP_MUL = 20
_BP_PREFIX = 25
_BP_POW = 30
_BP_POSTFIX = 40

_INFIX_BP: dict[str, int] = {
    "cup": _BP_SET,
    "cap": _BP_SET,
    "+": _BP_ADD,
    "-": _BP_ADD,
    "pm": _BP_ADD,
    "mp": _BP_ADD,
    "*": _BP_MUL,
    "/": _BP_MUL,
    "^": _BP_POW,
    "!": _BP_POSTFIX,
    "%": _BP_POSTFIX,
    "deg": _BP_POSTFIX,
}

_INF = Const("inf")
_ELLIPSIS = Sym("...")  # "1, 2, 3, \\ldots": the lexer's name for an ellipsis
# f^{-1} means the inverse function for these: \\sin^{-1} x is arcsin x.
_INVERTIBLE = frozenset({"sin", "cos", "tan", "sinh", "cosh", "tanh"})


def parse_number(text: str) -> Fraction:
    """Convert a ``num`` token (``"3.25"``, ``"1.5e3"``) to an exact fraction.

    Example:
        >>> parse_number("1.5e3")
        Fraction(1500, 1)
    """
    if "e" in text:
        mant, _, exp = text.partition("e")
        e = int(exp)
        if abs(e) > 400:
            raise MathLimitError("exponent of a number literal above 400")
        return Fraction(Decimal(mant)) * (Fraction(10) ** e)
    try:
        return Fraction(Decimal(text))
    except InvalidOperation:
        raise MathSyntaxError(f"bad number {text!r}") from None


def _is_int_num(node: Node) -> bool:
    return type(node) is Num and not node.decimal and node.value.denominator == 1


class _Parser:
    __slots__ = ("abs_open", "depth", "i", "limits", "toks")

    def __init__(self, toks: list[Token], limits: Limits) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0
        self.limits = limits
        self.abs_open = 0

    # -- token helpers -------------------------------------------------------------------------

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def is_op(self, value: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t[0] == "op" and t[1] == value

    def expect_op(self, value: str) -> None:
        if not self.is_op(value):
            t = self.peek()
            got = "end of input" if t is None else repr(t[1])
            raise MathSyntaxError(f"expected {value!r}, got {got}")
        self.i += 1

    def enter(self) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise MathLimitError(f"nesting deeper than {self.limits.max_depth}")

    def check_items(self, n: int) -> None:
        if n > self.limits.max_items:
            raise MathLimitError(f"more than {self.limits.max_items} items")

    # -- top level -----------------------------------------------------------------------------

    def answers(self) -> Node:
        if not self.toks:
            raise MathSyntaxError("no math in the answer")
        items = [self.item()]
        while self.peek() is not None:
            t = self.peek()
            assert t is not None
            if t[0] == "op" and t[1] in _SEPARATORS:
                self.i += 1
                if self.peek() is None:
                    break  # a trailing comma or semicolon
                nxt = self.peek()
                if nxt is not None and nxt[0] == "op" and nxt[1] in _SEPARATORS:
                    continue  # "x = 1, or x = 2" leaves two separators in a row
                items.append(self.item())
                self.check_items(len(items))
            else:
                raise MathSyntaxError(f"unexpected {t[1]!r}")
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def item(self) -> Node:
        first = self.expr(0)
        ops: list[str] = []
        args = [first]
        approx = False
        while True:
            t = self.peek()
            if t is None or t[0] != "op" or (t[1] not in _RELOPS and t[1] != "approx"):
                break
            self.i += 1
            # "\\frac13 \\approx 0.333": the exact left side is the answer; what follows
            # an approximation sign is parsed (it must be math) and dropped. But "x \\approx 11"
            # names no value on its left: it states x's value, as "x = 11" would.
            op = t[1]
            if op == "approx" and not ops and type(first) is Sym:
                op = "="
            approx = approx or op == "approx"
            right = self.expr(0)
            if not approx:
                ops.append(op)
                args.append(right)
                self.check_items(len(args))
        if not ops:
            return first
        return Rel(tuple(ops), tuple(args))

    # -- Pratt core ----------------------------------------------------------------------------

    def starts_primary(self, t: Token) -> bool:
        kind, value = t
        if kind in ("num", "id", "const", "fn", "cmd"):
            return True
        if kind == "env":
            return value in ("begin", "begin_det")
        if kind == "op":
            if value == "|":
                return self.abs_open == 0
            return value in ("(", "[", "{", "lset", "lfloor", "lceil", "reals", "empty")
        return False

    def expr(self, min_bp: int, implicit_only: bool = False) -> Node:
        self.enter()
        left = self.prefix()
        while True:
            t = self.peek()
            if t is None:
                break
            kind, value = t
            if kind == "op" and value in _INFIX_BP:
                bp = _INFIX_BP[value]
                if bp <= min_bp:
                    break
                if implicit_only and value not in ("^", "!", "%", "deg"):
                    break
                self.i += 1
                left = self.infix(left, value, bp)
            elif self.starts_primary(t):
                if min_bp >= _BP_MUL:
                    break
                if implicit_only and kind == "fn":
                    break
                right = self.expr(_BP_MUL, implicit_only=implicit_only)
                if type(left) is Num and type(right) is Num:
                    raise MathSyntaxError("two numbers side by side")
                left = _mul(left, right)
            else:
                break
        self.depth -= 1
        return left

    def infix(self, left: Node, op: str, bp: int) -> Node:
        if op == "+":
            return _add(left, self.expr(bp))
        if op == "-":
            return _add(left, Neg(self.expr(bp)))
        if op in ("pm", "mp"):
            return PlusMinus(left, self.expr(bp), minus_first=op == "mp")
        if op == "*":
            return _mul(left, self.expr(bp))
        if op == "/":
            return Div(left, self.expr(bp))
        if op == "^":
            return Pow(left, self.exponent())
        if op == "!":
            return Func("factorial", (left,))
        if op == "%":
            return Percent(left)
        if op == "deg":
            return Degree(left)
        # cup / cap
        right = self.expr(bp)
        if op == "cap":
            raise MathSyntaxError("intersections are not supported")
        items = (*left.items, right) if type(left) is Union else (left, right)
        self.check_items(len(items))
        return Union(items)

    def exponent(self) -> Node:
        """The operand of ``^``: a braced group, or a signed primary with its own powers."""
        if self.is_op("{"):
            return self.braced()
        return (
            self.expr(_BP_POW - 1, implicit_only=True) if self._signed() else self.power_operand()
        )

    def _signed(self) -> bool:
        t = self.peek()
        return t is not None and t[0] == "op" and t[1] in ("-", "+")

    def power_operand(self) -> Node:
        self.enter()
        base = self.primary()
        while self.is_op("^"):
            self.i += 1
            base = Pow(base, self.exponent())
        self.depth -= 1
        return base

    def prefix(self) -> Node:
        t = self.peek()
        if t is None:
            raise MathSyntaxError("unexpected end of input")
        if t[0] == "op":
            v = t[1]
            if v == "-":
                self.i += 1
                return Neg(self.expr(_BP_PREFIX))
            if v == "+":
                self.i += 1
                return self.expr(_BP_PREFIX)
            if v in ("pm", "mp"):
                self.i += 1
                return PlusMinus(None, self.expr(_BP_PREFIX), minus_first=v == "mp")
        return self.primary()

    # -- primaries -----------------------------------------------------------------------------

    def primary(self) -> Node:
        t = self.peek()
        if t is None:
            raise MathSyntaxError("unexpected end of input")
        kind, value = t
        if kind == "num":
            self.i += 1
            return self.number(value)
        if kind == "id":
            self.i += 1
            return self.symbol(value)
        if kind == "const":
            self.i += 1
            return Const(value)
        if kind == "fn":
            self.i += 1
            return self.function(value)
        if kind == "cmd":
            self.i += 1
            if value == "frac":
                num = self.latex_arg()
                return Div(num, self.latex_arg())
            if value == "sqrt":
                index = None
                if self.is_op("["):
                    self.i += 1
                    index = self.expr(0)
                    self.expect_op("]")
                arg = self.latex_arg()
                return Func("sqrt", (arg,)) if index is None else Func("root", (arg, index))
            if value == "binom":
                n = self.latex_arg()
                return Func("binom", (n, self.latex_arg()))
            raise MathSyntaxError(f"\\{value} is only supported after a decimal point")
        if kind == "env":
            if value not in ("begin", "begin_det"):
                raise MathSyntaxError("unexpected \\end")
            self.i += 1
            m = self.matrix()
            return _determinant(m) if value == "begin_det" else m
        # kind == "op"
        if value in ("(", "["):
            return self.bracketed()
        if value == "{":
            return self.braced(allow_set=True)
        if value == "lset":
            return self.set_literal()
        if value == "|":
            self.i += 1
            self.abs_open += 1
            inner = self.expr(0)
            self.abs_open -= 1
            self.expect_op("|")
            return Func("abs", (inner,))
        if value in ("lfloor", "lceil"):
            self.i += 1
            inner = self.expr(0)
            self.expect_op("rfloor" if value == "lfloor" else "rceil")
            return Func("floor" if value == "lfloor" else "ceiling", (inner,))
        if value == "reals":
            self.i += 1
            return Group("(", ")", (Neg(_INF), _INF))
        if value == "empty":
            self.i += 1
            return SetOf(())
        raise MathSyntaxError(f"unexpected {value!r}")

    def number(self, text: str) -> Node:
        if "." in text and self.peek() == ("cmd", "overline"):
            return self.repeating(text)
        if text.endswith("."):
            raise MathSyntaxError("a number ending in a point")
        node = Num(parse_number(text), decimal="." in text or "e" in text)
        if node.decimal or node.value.denominator != 1:
            return node
        # Mixed numbers: "2 2/3" and "2\frac{2}{3}" are 2 + 2/3, not a product.
        t0, t1, t2 = self.peek(), self.peek(1), self.peek(2)
        if (
            t0 is not None
            and t0[0] == "num"
            and t0[1].isdigit()
            and t1 == ("op", "/")
            and t2 is not None
            and t2[0] == "num"
            and t2[1].isdigit()
            and not self.is_op("^", 3)
        ):
            self.i += 3
            return Add((node, Div(Num(Fraction(int(t0[1]))), Num(Fraction(int(t2[1]))))))
        if t0 == ("cmd", "frac"):
            save = self.i
            self.i += 1
            try:
                num = self.latex_arg()
                den = self.latex_arg()
            except MathSyntaxError:
                self.i = save
                return node
            if _is_int_num(num) and _is_int_num(den) and not self.is_op("^"):
                return Add((node, Div(num, den)))
            self.i = save
        return node

    def repeating(self, text: str) -> Node:
        """``0.\\overline{3}`` is 1/3 and ``0.1\\overline{6}`` is 1/6: repeating decimals."""
        self.i += 1  # \overline
        braced = self.is_op("{")
        if braced:
            self.i += 1
        t = self.peek()
        if t is None or t[0] != "num" or not t[1].isdigit():
            raise MathSyntaxError("\\overline needs digits")
        digits = t[1]
        if not braced:
            digits = digits[0]  # an unbraced argument is one character
            if len(t[1]) > 1:
                raise MathSyntaxError("ambiguous \\overline")
        self.i += 1
        if braced:
            self.expect_op("}")
        fixed = text.partition(".")[2]
        value = parse_number(text) + Fraction(
            int(digits), (10 ** len(digits) - 1) * 10 ** len(fixed)
        )
        return Num(value, decimal=False)

    def symbol(self, name: str) -> Node:
        # Subscripts join the name: x_1, a_{n}, x_{12}.
        if self.is_op("_"):
            self.i += 1
            t = self.peek()
            if t is not None and t[0] in ("num", "id"):
                self.i += 1
                sub = t[1]
            elif self.is_op("{"):
                self.i += 1
                parts = []
                while not self.is_op("}"):
                    u = self.peek()
                    if u is None or u[0] not in ("num", "id"):
                        raise MathSyntaxError("unsupported subscript")
                    parts.append(u[1])
                    self.i += 1
                    if len(parts) > 8:
                        raise MathLimitError("subscript too long")
                self.i += 1
                sub = "".join(parts)
            else:
                raise MathSyntaxError("unsupported subscript")
            return Sym(f"{name}_{sub}")
        if name == "e":
            return Const("e")
        if name == "i":
            return Const("i")
        return Sym(name)

    def function(self, name: str) -> Node:
        # \log_2 x, \log_{10}(x)
        base: Node | None = None
        power: Node | None = None
        if self.is_op("_"):
            if name not in ("log", "ln", "lg"):
                raise MathSyntaxError(f"a subscript on {name}")
            self.i += 1
            base = self.latex_arg()
        # \sin^2 x is (sin x)^2; \sin^{-1} x is arcsin x.
        if self.is_op("^"):
            self.i += 1
            power = self.exponent()
            if power == Neg(Num(Fraction(1))) and name in _INVERTIBLE:
                name = "a" + name
                power = None
        if self.is_op("("):
            self.i += 1
            self.enter()
            args = [self.expr(0)]
            while self.is_op(","):
                self.i += 1
                args.append(self.expr(0))
                self.check_items(len(args))
            self.depth -= 1
            self.expect_op(")")
        elif self.is_op("{"):
            args = [self.braced()]
        else:
            args = [self.expr(_BP_MUL - 1, implicit_only=True)]
        node = _apply(name, args, base)
        return node if power is None else Pow(node, power)

    def latex_arg(self) -> Node:
        """One argument of \\frac, \\sqrt, \\binom: a braced group or a single character."""
        t = self.peek()
        if t is None:
            raise MathSyntaxError("missing argument")
        if t == ("op", "{"):
            return self.braced()
        if t[0] == "num":
            # \frac12 is 1/2: an unbraced argument is one character.
            text = t[1]
            if not text[0].isdigit():
                raise MathSyntaxError("an unbraced argument that is not a digit")
            if len(text) > 1:
                self.toks[self.i] = ("num", text[1:])
                return Num(Fraction(int(text[0])))
            self.i += 1
            return Num(Fraction(int(text))) if text.isdigit() else self.number(text)
        if t[0] in ("id", "const"):
            self.i += 1
            return self.symbol(t[1]) if t[0] == "id" else Const(t[1])
        if t[0] == "cmd":
            return self.primary()
        raise MathSyntaxError("missing argument")

    def braced(self, allow_set: bool = False) -> Node:
        self.expect_op("{")
        self.enter()
        if self.is_op("}"):
            raise MathSyntaxError("empty braces")
        items = [self.item()]
        if self.is_op("choose"):
            # {n \\choose k}: the binomial coefficient in TeX's infix form.
            self.i += 1
            k = self.item()
            self.expect_op("}")
            self.depth -= 1
            return Func("binom", (items[0], k))
        while self.is_op(","):
            self.i += 1
            items.append(self.item())
            self.check_items(len(items))
        self.expect_op("}")
        self.depth -= 1
        if len(items) == 1:
            return items[0]
        if not allow_set:
            raise MathSyntaxError("a comma inside a LaTeX argument")
        return SetOf(tuple(items))

    def bracketed(self) -> Node:
        t = self.peek()
        assert t is not None
        opener = t[1]
        self.i += 1
        self.enter()
        saved_abs = self.abs_open
        self.abs_open = 0
        items = [self.item()]
        while self.is_op(",") or self.is_op(";"):
            self.i += 1
            items.append(self.item())
            self.check_items(len(items))
        self.abs_open = saved_abs
        t = self.peek()
        if t is None or t[0] != "op" or t[1] not in (")", "]"):
            raise MathSyntaxError(f"unclosed {opener!r}")
        closer = t[1]
        self.i += 1
        self.depth -= 1
        if len(items) == 1:
            if opener + closer not in ("()", "[]"):
                raise MathSyntaxError("a half-open bracket around one item")
            return items[0]
        return Group(opener, closer, tuple(items))

    def set_literal(self) -> Node:
        self.expect_op("lset")
        self.enter()
        items: list[Node] = []
        if not self.is_op("rset"):
            items.append(self.item())
            while self.is_op(",") or self.is_op(";"):
                self.i += 1
                items.append(self.item())
                self.check_items(len(items))
        self.expect_op("rset")
        self.depth -= 1
        return SetOf(tuple(items))

    def matrix(self) -> Node:
        self.enter()
        rows: list[tuple[Node, ...]] = []
        row: list[Node] = []
        while True:
            t = self.peek()
            if t is None:
                raise MathSyntaxError("unclosed matrix")
            if t == ("env", "end"):
                self.i += 1
                break
            if t == ("op", "row"):
                self.i += 1
                if row:
                    rows.append(tuple(row))
                    row = []
                continue
            row.append(self.item())
            self.check_items(len(row))
            if self.is_op("&"):
                self.i += 1
        if row:
            rows.append(tuple(row))
        self.depth -= 1
        self.check_items(len(rows) * max((len(r) for r in rows), default=0))
        if not rows or any(len(r) != len(rows[0]) for r in rows):
            raise MathSyntaxError("a ragged or empty matrix")
        return Matrix(tuple(rows))


def _determinant(m: Node) -> Node:
    """A ``vmatrix`` as its determinant, expanded along the first row (up to 4 x 4)."""
    assert isinstance(m, Matrix)
    rows = m.rows
    size = len(rows)
    if size != len(rows[0]):
        raise MathSyntaxError("a determinant of a non-square matrix")
    if size > 4:
        raise MathSyntaxError("determinants larger than 4 x 4 are not supported")

    def det(rs: tuple[tuple[Node, ...], ...]) -> Node:
        if len(rs) == 1:
            return rs[0][0]
        terms: list[Node] = []
        for j, head in enumerate(rs[0]):
            minor = tuple(tuple(x for k, x in enumerate(r) if k != j) for r in rs[1:])
            term = Mul((head, det(minor)))
            terms.append(term if j % 2 == 0 else Neg(term))
        return Add(tuple(terms))

    return det(rows)


def _add(left: Node, right: Node) -> Node:
    if type(left) is Add:
        return Add((*left.args, right))
    return Add((left, right))


def _mul(left: Node, right: Node) -> Node:
    if type(left) is Mul:
        return Mul((*left.args, right))
    return Mul((left, right))


_ARITY = {
    "log": (1, 2),
    "max": (1, 64),
    "min": (1, 64),
    "gcd": (2, 64),
    "lcm": (2, 64),
}


def _apply(name: str, args: list[Node], base: Node | None) -> Node:
    lo, hi = _ARITY.get(name, (1, 1))
    if not lo <= len(args) <= hi:
        raise MathSyntaxError(f"{name} takes {lo} to {hi} arguments, got {len(args)}")
    if name == "ln":
        return Func("log", (args[0],))
    if name == "lg":
        return Func("log", (args[0], Num(Fraction(10))))
    if name == "log":
        if base is not None:
            if len(args) != 1:
                raise MathSyntaxError("log with two bases")
            return Func("log", (args[0], base))
        return Func("log", tuple(args))
    if base is not None:
        raise MathSyntaxError(f"a subscript on {name}")
    return Func(name, tuple(args))


@lru_cache(maxsize=4096)
def _parse_cached(text: str, limits: Limits) -> Node:
    return _parse(text, limits)


def _parse(text: str, limits: Limits) -> Node:
    toks = tokenize(text, limits)
    p = _Parser(toks, limits)
    node = p.answers()
    if p.i != len(toks):
        raise MathSyntaxError(f"unexpected {toks[p.i][1]!r}")
    if node == _ELLIPSIS:
        raise MathSyntaxError("an ellipsis alone is no answer")
    return node


def parse(text: str, limits: Limits | None = None) -> Node:
    """Parse an answer (LaTeX or plain text) into an AST, within ``limits``.

    Results are cached per (text, limits): a reference answer shared by many rollouts is
    parsed once. The returned tree must not be mutated.

    Args:
        text: the answer text, e.g. ``"\\frac{\\sqrt{3}}{2}"`` or ``"x = 4"``.
        limits: size and nesting limits (defaults to :class:`~.nodes.Limits`).

    Raises:
        MathLimitError: the text is over a size, nesting or item limit.
        MathSyntaxError: the text is not math the parser understands.

    Example:
        >>> parse(r"\\frac{x}{2}")
        Div(num=Sym(name='x'), den=Num(value=Fraction(2, 1), decimal=False))
        >>> parse("(a, b]")
        Group(open='(', close=']', items=(Sym(name='a'), Sym(name='b')))
    """
    lim = limits or _DEFAULT_LIMITS
    if len(text) > lim.max_chars:
        raise MathLimitError(f"answer longer than {lim.max_chars} characters")
    return _parse_cached(text, lim)


_DEFAULT_LIMITS = Limits()
