"""Turn LaTeX or plain-text math into a flat list of tokens, in one linear scan.

A token is a pair ``(kind, value)``:

======== ================================================================================
kind     values
======== ================================================================================
``num``  a decimal literal, grouping removed: ``"1000"``, ``"3.25"``, ``"1.5e3"``, ``"0.1(6)"``
``id``   a variable: ``"x"``, ``"x_1"`` (subscripts are joined by the parser), ``"alpha"``
``const`` ``"pi"``, ``"inf"``
``fn``   a function name: ``"sin"``, ``"log"``, ``"sqrt"`` (plain-text ``sqrt``) ...
``cmd``  a LaTeX construct with braced arguments: ``"frac"``, ``"sqrt"``, ``"binom"``
``env``  ``"begin"`` / ``"end"`` of a matrix environment
``op``   ``+ - * / ^ _ ! % deg pm mp = != < <= > >= in cup cap , ; & row``
         ``( ) [ ] { } lset rset | lfloor rfloor lceil rceil reals empty``
======== ================================================================================

Words and units (``\\text{cm}``, ``dollars``, ``\\mathrm{m}``) are dropped; ``and`` / ``or``
become separators; ``degrees`` and ``percent`` become the ``deg`` and ``%`` operators.
Anything the lexer does not understand raises :class:`MathSyntaxError`; anything over a limit
raises :class:`MathLimitError`. Standard library only.
"""

from __future__ import annotations

from rftkit.rewards.mathexpr.nodes import Limits, MathLimitError, MathSyntaxError

__all__ = ["FUNCTIONS", "QUALIFIER_WORDS", "Token", "tokenize"]

Token = tuple[str, str]

# Canonical function names, keyed by every spelling the lexer accepts (LaTeX or plain text).
FUNCTIONS: dict[str, str] = {
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "sec": "sec",
    "csc": "csc",
    "cot": "cot",
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "arcsinh": "asinh",
    "arccosh": "acosh",
    "arctanh": "atanh",
    "arsinh": "asinh",
    "arcosh": "acosh",
    "artanh": "atanh",
    "asinh": "asinh",
    "acosh": "acosh",
    "atanh": "atanh",
    "floor": "floor",
    "ceil": "ceiling",
    "asin": "asin",
    "acos": "acos",
    "atan": "atan",
    "sinh": "sinh",
    "cosh": "cosh",
    "tanh": "tanh",
    "log": "log",
    "ln": "ln",
    "lg": "lg",
    "exp": "exp",
    "sqrt": "sqrt",
    "abs": "abs",
    "max": "max",
    "min": "min",
    "gcd": "gcd",
    "lcm": "lcm",
}

# Plain-text function names that may be glued to a one- or two-letter argument ("sinx").
_GLUED_FUNCTIONS = sorted(
    ("sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "log", "ln", "exp"),
    key=len,
    reverse=True,
)

_GREEK = frozenset(
    [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "omicron",
        "rho",
        "varrho",
        "sigma",
        "tau",
        "upsilon",
        "phi",
        "varphi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
    ]
)

# Short words that are units; longer unknown words are dropped as words anyway.
_UNITS = frozenset(
    [
        "cm",
        "mm",
        "km",
        "ft",
        "yd",
        "mi",
        "kg",
        "mg",
        "lb",
        "lbs",
        "oz",
        "sec",
        "hr",
        "hrs",
        "min",
        "mins",
        "yr",
        "yrs",
        "mph",
        "kph",
        "usd",
        "rad",
        "sq",
        "cu",
        "ml",
        "day",
        "hz",
        "kw",
    ]
)

_SEPARATOR_WORDS = frozenset({"and", "or"})
_ELLIPSIS: Token = ("id", "...")
# Short English words that appear around answers ("x is 5", "5 of them"); dropped rather
# than read as products of one-letter variables. Words of four or more letters are dropped
# anyway; "at", "an", "as" stay variables (v = at is physics).
_STOP_WORDS = frozenset({"is", "the", "of", "to", "are", "for", "per", "was", "be"})
# Words that change what the number beside them means ("18 or more", "at least 5", "less than
# 3", "not 4"): dropping them like units would pay "more than 18" for 18, so the answer is not
# read as math (it is compared as text).
QUALIFIER_WORDS = frozenset(
    {
        "more",
        "less",
        "least",
        "most",
        "fewer",
        "greater",
        "larger",
        "smaller",
        "bigger",
        "than",
        "between",
        "except",
        "not",
        "nearly",
        "almost",
        "under",
        "over",
        "above",
        "below",
        "exceeds",
        "exceeding",
        "upto",
    }
)
_DEGREE_WORDS = frozenset({"degree", "degrees", "deg"})
_PERCENT_WORDS = frozenset({"percent", "percentage", "pct"})
_SCALE_WORDS = {
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
    "trillion": "1000000000000",
}
_INF_WORDS = frozenset({"inf", "infinity", "infty"})

_SINGLE: dict[str, Token] = {
    "+": ("op", "+"),
    "-": ("op", "-"),
    "*": ("op", "*"),
    "/": ("op", "/"),
    "^": ("op", "^"),
    "_": ("op", "_"),
    "!": ("op", "!"),
    "%": ("op", "%"),
    "=": ("op", "="),
    "<": ("op", "<"),
    ">": ("op", ">"),
    "(": ("op", "("),
    ")": ("op", ")"),
    "[": ("op", "["),
    "]": ("op", "]"),
    "{": ("op", "{"),
    "}": ("op", "}"),
    "|": ("op", "|"),
    ",": ("op", ","),
    ";": ("op", ";"),
    "&": ("op", "&"),
    "\u2212": ("op", "-"),  # minus sign
    "\u2013": ("op", "-"),  # en dash
    "\u00d7": ("op", "*"),  # multiplication sign
    "\u00b7": ("op", "*"),  # middle dot
    "\u22c5": ("op", "*"),  # dot operator
    "\u2217": ("op", "*"),  # asterisk operator
    "\u00f7": ("op", "/"),  # division sign
    "\u00b1": ("op", "pm"),
    "\u2213": ("op", "mp"),
    "\u2264": ("op", "<="),
    "\u2265": ("op", ">="),
    "\u2260": ("op", "!="),
    "\u2248": ("op", "approx"),
    "\u2208": ("op", "in"),
    "\u222a": ("op", "cup"),
    "\u2229": ("op", "cap"),
    "\u2205": ("op", "empty"),
    "\u00b0": ("op", "deg"),
    "\u03c0": ("const", "pi"),
    "\u221e": ("const", "inf"),
    "\u221a": ("cmd", "sqrt"),
    "\u211d": ("op", "reals"),
    "\u2026": ("id", "..."),  # horizontal ellipsis
    "\u22ef": ("id", "..."),  # midline ellipsis
}

_TWO: dict[str, Token] = {
    "<=": ("op", "<="),
    ">=": ("op", ">="),
    "!=": ("op", "!="),
    "==": ("op", "="),
    "=<": ("op", "<="),
    "=>": ("op", ">="),
    "**": ("op", "^"),
    "<>": ("op", "!="),
}

_SUPERSCRIPTS = {
    "\u00b2": "2",
    "\u00b3": "3",
    "\u00b9": "1",
    "\u2070": "0",
    "\u2074": "4",
    "\u2075": "5",
    "\u2076": "6",
    "\u2077": "7",
    "\u2078": "8",
    "\u2079": "9",
}

# Commands that map straight to one token (or to nothing, for spacing and sizing).
_COMMANDS: dict[str, Token | None] = {
    "cdot": ("op", "*"),
    "times": ("op", "*"),
    "ast": ("op", "*"),
    "div": ("op", "/"),
    "pm": ("op", "pm"),
    "mp": ("op", "mp"),
    "le": ("op", "<="),
    "leq": ("op", "<="),
    "leqslant": ("op", "<="),
    "leqq": ("op", "<="),
    "ge": ("op", ">="),
    "geq": ("op", ">="),
    "geqslant": ("op", ">="),
    "geqq": ("op", ">="),
    "lt": ("op", "<"),
    "gt": ("op", ">"),
    "ne": ("op", "!="),
    "neq": ("op", "!="),
    "approx": ("op", "approx"),
    "in": ("op", "in"),
    "cup": ("op", "cup"),
    "cap": ("op", "cap"),
    "emptyset": ("op", "empty"),
    "varnothing": ("op", "empty"),
    "circ": ("op", "deg"),
    "degree": ("op", "deg"),
    "infty": ("const", "inf"),
    "pi": ("const", "pi"),
    "imath": ("id", "i"),
    "lbrace": ("op", "lset"),
    "rbrace": ("op", "rset"),
    "langle": ("op", "("),
    "rangle": ("op", ")"),
    "lvert": ("op", "|"),
    "rvert": ("op", "|"),
    "vert": ("op", "|"),
    "mid": ("op", "|"),
    "lfloor": ("op", "lfloor"),
    "rfloor": ("op", "rfloor"),
    "lceil": ("op", "lceil"),
    "rceil": ("op", "rceil"),
    "frac": ("cmd", "frac"),
    "dfrac": ("cmd", "frac"),
    "tfrac": ("cmd", "frac"),
    "cfrac": ("cmd", "frac"),
    "sqrt": ("cmd", "sqrt"),
    "binom": ("cmd", "binom"),
    "choose": ("op", "choose"),
    "dbinom": ("cmd", "binom"),
    "tbinom": ("cmd", "binom"),
    "overline": ("cmd", "overline"),
    "ldots": ("id", "..."),
    "dots": ("id", "..."),
    "cdots": ("id", "..."),
    "dotsc": ("id", "..."),
    "dotsb": ("id", "..."),
    "dotsm": ("id", "..."),
    "dotso": ("id", "..."),
    # Sizing, spacing and display commands carry no meaning for the value.
    "left": None,
    "right": None,
    "middle": None,
    "big": None,
    "Big": None,
    "bigg": None,
    "Bigg": None,
    "bigl": None,
    "bigr": None,
    "Bigl": None,
    "Bigr": None,
    "biggl": None,
    "biggr": None,
    "Biggl": None,
    "Biggr": None,
    "quad": None,
    "qquad": None,
    "displaystyle": None,
    "textstyle": None,
    "limits": None,
    "nolimits": None,
    "boxed": None,
    "fbox": None,
    "hline": None,
    "dollar": None,
    "noindent": None,
    "newline": None,
    "exponentialE": ("id", "e"),
    "imaginaryI": ("id", "i"),
}

_TEXT_COMMANDS = frozenset(
    [
        "text",
        "mbox",
        "textbf",
        "textit",
        "textrm",
        "textsf",
        "texttt",
        "textnormal",
        "emph",
        "textup",
        "hbox",
    ]
)
_MATH_FONT_COMMANDS = frozenset(
    ["mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol", "bm", "mathnormal"]
)
_MATRIX_ENVS = frozenset(
    [
        "matrix",
        "pmatrix",
        "bmatrix",
        "Bmatrix",
        "smallmatrix",
        "array",
        "psmallmatrix",
        "bsmallmatrix",
        "vmatrix",
    ]
)
_SPACING = frozenset(",;:! >")
# Commands a variable is sometimes glued to without a space (longest first).
_GLUED_COMMANDS = ("infty", "cdot", "times", "pm", "mp", "pi")


def _tex_group_mark(s: str, j: int) -> int:
    """The length of a TeX thousands mark at ``s[j]``: ``{,}`` (also ``{, }``) or ``,\\!``,
    with the spaces around it that math mode ignores (``14 {, }916``, ``32,\\! 349``);
    0 when there is none. A plain comma is no such mark (``1, 234`` is a list)."""
    n = len(s)
    k = j
    while k < n and k - j < 4 and s[k] == " ":
        k += 1
    if k < n and s[k] == "{":
        m = k + 1
        while m < n and m - k < 4 and s[m] == " ":
            m += 1
        if not (m < n and s[m] == ","):
            return 0
        m += 1
        while m < n and m - k < 8 and s[m] == " ":
            m += 1
        if not (m < n and s[m] == "}"):
            return 0
        k = m + 1
    elif s.startswith(",\\!", k):
        k += 3
    else:
        return 0
    while k < n and s[k] == " " and k - j < 16:
        k += 1
    return k - j


class _Lexer:
    __slots__ = ("depth_left", "limits", "out", "paren", "s", "unit_end")

    def __init__(self, s: str, limits: Limits, out: list[Token], depth_left: int) -> None:
        self.s = s
        self.limits = limits
        self.out = out
        self.paren = 0
        self.depth_left = depth_left
        self.unit_end = -1

    def emit(self, tok: Token) -> None:
        out = self.out
        if len(out) >= self.limits.max_tokens:
            raise MathLimitError(f"more than {self.limits.max_tokens} tokens")
        out.append(tok)

    def run(self) -> None:
        s = self.s
        n = len(s)
        i = 0
        while i < n:
            c = s[i]
            if c.isspace():
                i += 1
            elif "0" <= c <= "9" or (c == "." and i + 1 < n and "0" <= s[i + 1] <= "9"):
                i = self.number(i)
            elif c == "\\":
                i = self.command(i + 1)
            elif ("a" <= c <= "z") or ("A" <= c <= "Z"):
                j = i + 1
                while j < n and (("a" <= s[j] <= "z") or ("A" <= s[j] <= "Z")):
                    j += 1
                before = len(self.out)
                self.word(s[i:j])
                i = j
                if len(self.out) == before:
                    self.unit_end = j  # a unit or word was dropped here
            elif c == "^":
                if self.unit_end == i:
                    i = self.skip_unit_power(i + 1)  # cm^2: the unit's power, not the value's
                    continue
                i = self.caret(i + 1)
            elif c == "'" and self.out and self.out[-1][0] == "id" and self.paren_ok(i):
                # f' is a name of its own (the derivative), not f.
                self.out[-1] = ("id", self.out[-1][1] + "'")
                i += 1
            elif c in "$\u20ac\u00a3~'\"?:":
                # Currency signs, math-mode dollars, ties and quotes carry no value.
                i += 1
            elif c == ".":
                if s.startswith("...", i) and not (
                    self.out
                    and self.out[-1][0] == "num"
                    and "." in self.out[-1][1]
                    and s[i - 1].isdigit()
                ):
                    # "1, 2, 3, ...": an ellipsis, an unfinished list or sum (a name of its
                    # own, so "1, 2, 3, ..." is not "1, 2, 3"). Glued to a decimal
                    # ("0.333...") it only says the digits go on: dropped.
                    self.emit(_ELLIPSIS)
                while i < n and s[i] == ".":
                    i += 1  # a sentence-ending period (a decimal point was read above)
            else:
                two = s[i : i + 2]
                tok = _TWO.get(two)
                if tok is not None:
                    self.emit(tok)
                    i += 2
                    continue
                tok = _SINGLE.get(c)
                if tok is not None:
                    if c in "([{":
                        self.paren += 1
                    elif c in ")]}":
                        self.paren -= 1
                    self.emit(tok)
                    i += 1
                    continue
                sup = _SUPERSCRIPTS.get(c)
                if sup is not None:
                    self.emit(("op", "^"))
                    self.emit(("num", sup))
                    i += 1
                    continue
                raise MathSyntaxError(f"unexpected character {c!r}")

    # -- numbers -----------------------------------------------------------------------------

    def number(self, i: int) -> int:
        s = self.s
        n = len(s)
        j = i
        while j < n and "0" <= s[j] <= "9":
            j += 1
        digits = s[i:j]
        # Thousands grouping: "1,234,567" at bracket depth 0 (inside brackets a comma
        # separates items, "(1,234)" is a pair), "1{,}234", "1,\!234" and "1\,234" anywhere.
        if len(digits) <= 3 and j > i:
            while True:
                sep_len = _tex_group_mark(s, j)
                if sep_len:
                    pass
                elif j < n and s[j] in " \u2009\u202f":
                    sep_len = 1  # "1 000", with a space or a thin space
                elif s.startswith("\\ ", j) or s.startswith("\\,", j) or s.startswith("\\!", j):
                    sep_len = 2
                elif self.paren == 0 and j < n and s[j] == ",":
                    sep_len = 1
                if not sep_len:
                    break
                k = j + sep_len
                if k + 3 <= n and s[k : k + 3].isdigit() and (k + 3 == n or not s[k + 3].isdigit()):
                    digits += s[k : k + 3]
                    j = k + 3
                else:
                    break
        text = digits
        if j < n and s[j] == "." and j + 1 < n and "0" <= s[j + 1] <= "9":
            k = j + 1
            while k < n and "0" <= s[k] <= "9":
                k += 1
            text += s[j:k]
            j = k
        elif j < n and s[j] == "." and s.startswith("\\overline", j + 1):
            text += "."
            j += 1
        # Scientific notation in plain text: 1.5e3, 2E-4 (a bare "2e" is 2 times e).
        if j < n and s[j] in "eE":
            k = j + 1
            if k < n and s[k] in "+-":
                k += 1
            m = k
            while m < n and "0" <= s[m] <= "9":
                m += 1
            if m > k and (m == n or not (("a" <= s[m] <= "z") or ("A" <= s[m] <= "Z"))):
                text += "e" + s[j + 1 : m]
                j = m
        if len(text) > 400:
            raise MathLimitError("number literal longer than 400 characters")
        self.emit(("num", text))
        return j

    # -- words -------------------------------------------------------------------------------

    def word(self, w: str) -> None:
        fn = FUNCTIONS.get(w)
        if fn is not None:
            self.emit(("fn", fn))
            return
        low = w.lower()
        if low == "pi":
            self.emit(("const", "pi"))
        elif low in _INF_WORDS:
            self.emit(("const", "inf"))
        elif low in _SEPARATOR_WORDS:
            self.emit(("op", ","))
        elif low in _DEGREE_WORDS:
            self.emit(("op", "deg"))
        elif low in _PERCENT_WORDS:
            self.emit(("op", "%"))
        elif low in _SCALE_WORDS:
            # "72 thousand" is 72000: a scale word is a factor, never a dropped unit.
            self.emit(("op", "*"))
            self.emit(("num", _SCALE_WORDS[low]))
        elif low in _UNITS or low in _STOP_WORDS:
            return
        elif low in QUALIFIER_WORDS:
            raise MathSyntaxError(f"{w!r} qualifies the value: not one number")
        elif len(w) >= 4:
            for name in _GLUED_FUNCTIONS:
                if w.startswith(name) and len(w) - len(name) <= 2:
                    self.emit(("fn", FUNCTIONS[name]))
                    for ch in w[len(name) :]:
                        self.emit(("id", ch))
                    return
            return  # a word: dropped like a unit
        else:
            for ch in w:
                self.emit(("id", ch))

    # -- ^ -----------------------------------------------------------------------------------

    def paren_ok(self, i: int) -> bool:
        """A prime directly follows its name (``f'``), not a space or a closing quote."""
        return i > 0 and self.s[i - 1].isalpha()

    def skip_unit_power(self, j: int) -> int:
        """Skip ``2`` or ``{2}`` after a dropped unit's ``^``."""
        s = self.s
        if j < len(s) and s[j].isdigit():
            return j + 1
        if s.startswith("{", j):
            k = s.find("}", j)
            if k != -1 and s[j + 1 : k].strip().isdigit():
                return k + 1
        return j

    def caret(self, j: int) -> int:
        s = self.s
        k = j
        while k < len(s) and s[k] == " ":
            k += 1
        for form in ("\\circ", "{\\circ}", "{ \\circ }", "{\\circ }", "\\degree"):
            if s.startswith(form, k):
                self.emit(("op", "deg"))
                return k + len(form)
        self.emit(("op", "^"))
        return j

    # -- commands ----------------------------------------------------------------------------

    def braced(self, j: int) -> tuple[str, int]:
        """Return the text inside a balanced ``{...}`` starting at or after ``j``."""
        s = self.s
        n = len(s)
        while j < n and s[j] == " ":
            j += 1
        if j >= n or s[j] != "{":
            raise MathSyntaxError("expected '{'")
        depth = 0
        k = j
        while k < n:
            c = s[k]
            if c == "\\":
                k += 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return s[j + 1 : k], k + 1
            k += 1
        raise MathSyntaxError("unbalanced '{'")

    def sub(self, text: str) -> None:
        """Lex the contents of a text or font command in place (bounded recursion)."""
        if self.depth_left <= 0:
            raise MathLimitError("text commands nested too deeply")
        _Lexer(text, self.limits, self.out, self.depth_left - 1).run()

    def command(self, j: int) -> int:
        s = self.s
        n = len(s)
        if j >= n:
            raise MathSyntaxError("a lone backslash")
        c = s[j]
        if not (("a" <= c <= "z") or ("A" <= c <= "Z")):
            if c in _SPACING:
                return j + 1
            if c == "{":
                self.paren += 1
                self.emit(("op", "lset"))
            elif c == "}":
                self.paren -= 1
                self.emit(("op", "rset"))
            elif c == "\\":
                self.emit(("op", "row"))
            elif c == "%":
                self.emit(("op", "%"))
            elif c in "$#&_":
                # \$ is currency; \# \& \_ are text symbols with no value.
                pass
            elif c == "|":
                raise MathSyntaxError("norms are not supported")
            else:
                raise MathSyntaxError(f"unknown command \\{c}")
            return j + 1
        k = j
        while k < n and (("a" <= s[k] <= "z") or ("A" <= s[k] <= "Z")):
            k += 1
        name = s[j:k]
        if name in _COMMANDS:
            tok = _COMMANDS[name]
            if tok is not None:
                self.emit(tok)
            elif name in ("left", "right", "middle") or name.startswith(("big", "Big")):
                # \left. and \right. are invisible delimiters.
                m = k
                while m < n and s[m] == " ":
                    m += 1
                if m < n and s[m] == ".":
                    return m + 1
            return k
        fn = FUNCTIONS.get(name)
        if fn is not None and name not in ("sqrt", "abs"):
            self.emit(("fn", fn))
            return k
        if name in _GREEK:
            self.emit(("id", name))
            return k
        if name in _TEXT_COMMANDS:
            text, end = self.braced(k)
            before = len(self.out)
            self.text(text)
            if len(self.out) == before:
                self.unit_end = end
            return end
        if name in _MATH_FONT_COMMANDS:
            text, end = self.braced(k)
            t = text.strip()
            if t.lower() in _UNITS or (len(t) >= 2 and t.isalpha() and t not in FUNCTIONS):
                self.unit_end = end
                return end
            self.sub(text)
            return end
        if name == "operatorname":
            text, end = self.braced(k)
            fn = FUNCTIONS.get(text.strip())
            if fn is None:
                raise MathSyntaxError(f"unknown operator {text.strip()!r}")
            self.emit(("fn", fn))
            return end
        if name == "mathbb":
            text, end = self.braced(k)
            if text.strip() != "R":
                raise MathSyntaxError(f"unsupported number set \\mathbb{{{text.strip()}}}")
            self.emit(("op", "reals"))
            return end
        if name in ("begin", "end"):
            env, end = self.braced(k)
            env = env.strip().rstrip("*")
            if env not in _MATRIX_ENVS:
                raise MathSyntaxError(f"unsupported environment {env!r}")
            if name == "begin" and env == "array":
                _, end = self.braced(end)  # the column specification
            # A vmatrix is a determinant: the parser expands it.
            self.emit(("env", "begin_det" if name == "begin" and env == "vmatrix" else name))
            return end
        for short in _GLUED_COMMANDS:
            # "\\pmy" is "\\pm y", "\\pix" is "\\pi x": a command glued to a variable.
            if name.startswith(short) and len(name) - len(short) <= 2:
                tok = _COMMANDS[short]
                assert tok is not None
                self.emit(tok)
                self.word(name[len(short) :])
                return k
        raise MathSyntaxError(f"unsupported command \\{name}")

    def text(self, text: str) -> None:
        """``\\text{...}``: words are dropped, "and"/"or" separate, math inside is kept."""
        stripped = text.strip()
        if not stripped:
            return
        if any("0" <= ch <= "9" for ch in stripped) or "\\" in stripped:
            self.sub(text)
            return
        for raw in stripped.replace(",", " , ").split():
            w = raw.strip(".:;!?()").lower()
            if w in _SEPARATOR_WORDS or raw == ",":
                self.emit(("op", ","))
            elif w in _DEGREE_WORDS:
                self.emit(("op", "deg"))
            elif w in _PERCENT_WORDS or w == "%":
                self.emit(("op", "%"))
            elif w in QUALIFIER_WORDS:
                raise MathSyntaxError(f"{w!r} qualifies the value: not one number")


def tokenize(text: str, limits: Limits | None = None) -> list[Token]:
    """Split an answer into tokens, dropping words, units and layout commands.

    Args:
        text: the answer, LaTeX or plain text.
        limits: size limits (defaults to :class:`Limits`).

    Returns:
        The tokens, in order.

    Raises:
        MathLimitError: the text or its token count is over a limit.
        MathSyntaxError: a character or command the lexer does not understand.

    Example:
        >>> tokenize(r"2\\pi\\text{ cm}")
        [('num', '2'), ('const', 'pi')]
    """
    lim = limits or _DEFAULT_LIMITS
    if len(text) > lim.max_chars:
        raise MathLimitError(f"answer longer than {lim.max_chars} characters")
    out: list[Token] = []
    _Lexer(text, lim, out, 4).run()
    return out


_DEFAULT_LIMITS = Limits()
