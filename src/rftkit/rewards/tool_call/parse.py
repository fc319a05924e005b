"""Function calls out of model replies and references, parsed and never executed.

Python call syntax is read with ``ast.parse`` and turned into values by :func:`_literal`, which
accepts only constants, lists, tuples, sets, dicts, a unary sign on a number and nested calls
(kept as :class:`CallValue`, never called). JSON is read with ``json`` (NaN and infinity
refused). Every value is checked against a depth and size limit; anything else becomes
:data:`INVALID`, which equals nothing, so ``__import__('os').system('x')`` is just a call named
``__import__`` whose result is called: not a call we can name, hence a parse error.
"""

from __future__ import annotations

import ast
import json
import warnings

from rftkit.rewards.thinking import after_thinking, may_hold_thinking

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = [
    "INVALID",
    "MAX_DEPTH",
    "MAX_LINES",
    "MAX_NODES",
    "Call",
    "CallValue",
    "ExpectedSpec",
    "Parsed",
    "calls_from_message",
    "parse_reference",
    "parse_response",
]

MAX_DEPTH: Final = 12
"""Deepest nesting of a value (lists in dicts in calls ...) before it counts as invalid."""
MAX_NODES: Final = 4000
"""Most value nodes in one call's arguments before the arguments count as invalid."""
MAX_LINES: Final = 400
"""Most lines read one by one when a reply is prose with calls on some lines."""
MAX_BLOCKS: Final = 64
"""Most ``<tool_call>`` blocks or fenced blocks read from one reply."""


class _Invalid:
    """A value the parser refused (an expression, bytes, too deep): equal to nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<invalid>"

    def __eq__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 0


INVALID: Final = _Invalid()


class CallValue:
    """A call written as an argument value (``f(x=g(y=1))``): compared, never called."""

    __slots__ = ("args", "name")

    def __init__(self, name: str, args: dict[str, Any]) -> None:
        self.name = name
        self.args = args

    def __repr__(self) -> str:
        return f"CallValue({self.name!r}, {self.args!r})"


class Call:
    """One function call: its name, its arguments and whether they parsed.

    ``ok`` is False when the arguments could not be read (a ``**kwargs`` splat, arguments
    that are not an object); such a call never matches strictly.
    """

    __slots__ = ("args", "name", "ok")

    def __init__(self, name: str, args: dict[str, Any], ok: bool = True) -> None:
        self.name = name
        self.args = args
        self.ok = ok

    def __repr__(self) -> str:
        return f"Call({self.name!r}, {self.args!r}{'' if self.ok else ', ok=False'})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Call):
            return NotImplemented
        return (self.name, self.args, self.ok) == (other.name, other.args, other.ok)

    __hash__ = None  # type: ignore[assignment]


class Parsed:
    """The calls found in a reply, how many call-like pieces failed to parse, and the form."""

    __slots__ = ("calls", "errors", "form")

    def __init__(self, calls: list[Call], errors: int, form: str) -> None:
        self.calls = calls
        self.errors = errors
        self.form = form

    def __repr__(self) -> str:
        return f"Parsed({self.calls!r}, errors={self.errors}, form={self.form!r})"


class ExpectedSpec:
    """One expected call: acceptable values per parameter and the parameters that may be left
    out (BFCL marks them with ``""`` among the acceptable values)."""

    __slots__ = ("name", "optional", "params", "required")

    def __init__(self, name: str, params: dict[str, tuple[Any, ...]], optional: frozenset[str]):
        self.name = name
        self.params = params
        self.optional = optional
        self.required = frozenset(k for k in params if k not in optional)

    def __repr__(self) -> str:
        return f"ExpectedSpec({self.name!r}, {self.params!r}, optional={sorted(self.optional)})"


# -- values -----------------------------------------------------------------------------------


def _clean(value: Any, depth: int, budget: list[int]) -> Any:
    """A JSON value checked against the limits (tuples become lists, keys strings)."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        return INVALID
    t = type(value)
    if t is str or t is int or t is float or t is bool or value is None:
        return value
    if t is list or t is tuple:
        return [_clean(v, depth + 1, budget) for v in value]
    if t is dict:
        return {str(k): _clean(v, depth + 1, budget) for k, v in value.items()}
    return INVALID


def _name_of(node: ast.expr) -> str | None:
    """``f`` or ``a.b.f`` for a called name; None for anything else (a call's result, ...)."""
    parts: list[str] = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
        if len(parts) > MAX_DEPTH:
            return None
    if type(node) is not ast.Name:
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _literal(node: ast.expr, depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        return INVALID
    t = type(node)
    if t is ast.Constant:
        v = node.value  # type: ignore[attr-defined]
        tv = type(v)
        if tv is str or tv is int or tv is float or tv is bool or v is None:
            return v
        return INVALID  # bytes, complex, Ellipsis
    if t is ast.List or t is ast.Tuple or t is ast.Set:
        return [_literal(e, depth + 1, budget) for e in node.elts]  # type: ignore[attr-defined]
    if t is ast.Dict:
        out: dict[str, Any] = {}
        for k, v in zip(node.keys, node.values, strict=True):  # type: ignore[attr-defined]
            if k is None:
                return INVALID  # {**x}
            key = _literal(k, depth + 1, budget)
            if type(key) not in (str, int, float, bool) and key is not None:
                return INVALID
            if str(key) in out:
                return INVALID  # {"a": 1, "a": 2}: a hedge between two values
            out[str(key)] = _literal(v, depth + 1, budget)
        return out
    if t is ast.UnaryOp and type(node.op) in (ast.USub, ast.UAdd):  # type: ignore[attr-defined]
        operand = node.operand  # type: ignore[attr-defined]
        number: Any = operand.value if type(operand) is ast.Constant else None
        if type(number) is int or type(number) is float:
            return -number if type(node.op) is ast.USub else number  # type: ignore[attr-defined]
        return INVALID
    if t is ast.Call:
        call = _call(node, depth + 1, budget)  # type: ignore[arg-type]
        if call is None or not call.ok:
            return INVALID
        return CallValue(call.name, call.args)
    return INVALID


def _call(node: ast.Call, depth: int, budget: list[int]) -> Call | None:
    """The call a ``Call`` node writes, or None when it names no function."""
    name = _name_of(node.func)
    if name is None:
        return None
    args: dict[str, Any] = {}
    ok = True
    for i, a in enumerate(node.args):
        if type(a) is ast.Starred:
            ok = False
            continue
        args[f"_{i}"] = _literal(a, depth, budget)
    for kw in node.keywords:
        if kw.arg is None:  # **kwargs
            ok = False
            continue
        if kw.arg in args:
            # f(city='London', city='Paris'): Python refuses it (ast.parse does not), and
            # keeping either copy would pay a hedge between two values.
            ok = False
        args[kw.arg] = _literal(kw.value, depth, budget)
    if budget[0] < 0:
        ok = False
    return Call(name, args, ok)


def _calls_in_expr(node: ast.expr, calls: list[Call]) -> int:
    """Append the calls an expression statement writes; return how many pieces were not calls
    we can name (a list holding a non-call, a call of a call's result)."""
    t = type(node)
    if t is ast.List or t is ast.Tuple:
        bad = 0
        for e in node.elts:  # type: ignore[attr-defined]
            if type(e) is ast.Call:
                c = _call(e, 0, [MAX_NODES])
                if c is None:
                    bad += 1
                else:
                    calls.append(c)
            else:
                bad += 1
        return bad
    if t is ast.Call:
        c = _call(node, 0, [MAX_NODES])  # type: ignore[arg-type]
        if c is None:
            return 1
        calls.append(c)
    return 0  # a bare string or number: not a call, not an attempt at one


def _parse(src: str, mode: str) -> Any:
    """``ast.parse`` of model text, or None; the compiler's warnings about the text (an
    invalid escape such as ``"\\`"`` in a string) are not the grader's to print."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(src, mode=mode)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            return None


def _python_module(src: str) -> Parsed | None:
    """Calls in Python source made of expression statements; None when it does not parse."""
    tree = _parse(src, "exec")
    if tree is None:
        return None
    calls: list[Call] = []
    errors = 0
    for stmt in tree.body:
        if type(stmt) is ast.Expr:
            errors += _calls_in_expr(stmt.value, calls)
        elif any(type(n) is ast.Call for n in ast.walk(stmt)):
            errors += 1  # x = f(a=1), for ... f(a=1): a call that is not simply made
        # an import, a pass, a bare assignment of a constant: code around the calls
    return Parsed(calls, errors, "python")


def _python_line(src: str) -> Parsed | None:
    tree = _parse(src, "eval")
    if tree is None:
        return None
    calls: list[Call] = []
    errors = _calls_in_expr(tree.body, calls)
    return Parsed(calls, errors, "python")


# -- fast path --------------------------------------------------------------------------------
# Most replies are a few ``name(key=value, ...)`` calls with plain strings, numbers, booleans
# and None. The scanner below reads exactly that subset and gives up (returns None) at the
# first thing outside it, which then goes through ``ast.parse``: it never accepts text the
# parser would reject, and what it accepts it reads as the parser does (a test checks both
# paths agree on generated replies).

_DIGITS: Final = frozenset("0123456789")
_IDENT_START: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT_CHARS: Final = _IDENT_START | _DIGITS
_KEYWORDS: Final = frozenset(
    {
        "False",
        "None",
        "True",
        "and",
        "as",
        "assert",
        "async",
        "await",
        "break",
        "class",
        "continue",
        "def",
        "del",
        "elif",
        "else",
        "except",
        "finally",
        "for",
        "from",
        "global",
        "if",
        "import",
        "in",
        "is",
        "lambda",
        "nonlocal",
        "not",
        "or",
        "pass",
        "raise",
        "return",
        "try",
        "while",
        "with",
        "yield",
    }
)
_CONSTANTS: Final = {"True": True, "False": False, "None": None}


def _skip(s: str, i: int, n: int) -> int:
    while i < n and s[i] in " \t":
        i += 1
    return i


def _ident(s: str, i: int, n: int) -> int:
    """End of the identifier starting at ``i`` (``i`` itself when there is none)."""
    if i >= n or s[i] not in _IDENT_START:
        return i
    j = i + 1
    while j < n and s[j] in _IDENT_CHARS:
        j += 1
    return j


def _fast_value(s: str, i: int, n: int) -> tuple[Any, int] | None:
    c = s[i] if i < n else ""
    if c in ("'", '"'):
        j = s.find(c, i + 1)
        if j == -1:
            return None
        body = s[i + 1 : j]
        if "\\" in body or "\n" in body or "\r" in body:
            return None
        return body, j + 1
    neg = c == "-"
    k = i + 1 if neg else i
    j = k
    while j < n and s[j] in _DIGITS:
        j += 1
    if j > k:
        if s[k] == "0" and j - k > 1:
            return None  # 007: not a Python integer
        is_float = False
        if j < n and s[j] == ".":
            j += 1
            m = j
            while j < n and s[j] in _DIGITS:
                j += 1
            if j == m:
                return None
            is_float = True
        if j < n and s[j] in "eEjJ_xXoObB":
            return None  # exponents, imaginary, separators, prefixes: the parser's job
        if j - k > 60 or (j < n and s[j] in _IDENT_CHARS):
            return None
        token = s[k:j]
        value: Any = float(token) if is_float else int(token)
        return (-value if neg else value), j
    if neg:
        return None
    j = _ident(s, i, n)
    word = s[i:j]
    if word in _CONSTANTS:
        return _CONSTANTS[word], j
    return None


def _fast_call(s: str, i: int, n: int) -> tuple[Call, int] | None:
    j = _ident(s, i, n)
    if j == i:
        return None
    while j < n and s[j] == ".":
        k = _ident(s, j + 1, n)
        if k == j + 1:
            return None
        j = k
    name = s[i:j]
    for part in name.split("."):
        if part in _KEYWORDS:
            return None
    j = _skip(s, j, n)
    if j >= n or s[j] != "(":
        return None
    j = _skip(s, j + 1, n)
    args: dict[str, Any] = {}
    if j < n and s[j] == ")":
        return Call(name, args), j + 1
    while True:
        k = _ident(s, j, n)
        if k == j:
            return None
        key = s[j:k]
        if key in _KEYWORDS or key in args:
            return None
        k = _skip(s, k, n)
        if k >= n or s[k] != "=" or s[k + 1 : k + 2] == "=":
            return None
        got = _fast_value(s, _skip(s, k + 1, n), n)
        if got is None:
            return None
        args[key], j = got
        j = _skip(s, j, n)
        if j < n and s[j] == ",":
            j = _skip(s, j + 1, n)
            if j < n and s[j] == ")":
                return Call(name, args), j + 1
            continue
        if j < n and s[j] == ")":
            return Call(name, args), j + 1
        return None


def _fast_calls(src: str) -> list[Call] | None:
    """The calls of a reply made only of simple calls, one per line or in one ``[...]`` list;
    None for anything else."""
    calls: list[Call] = []
    for line in src.split("\n"):
        s = line.strip()
        if not s:
            continue
        n = len(s)
        if s[0] == "[":
            if s[-1] != "]":
                return None
            i = _skip(s, 1, n - 1)
            while i < n - 1:
                got = _fast_call(s, i, n - 1)
                if got is None:
                    return None
                calls.append(got[0])
                i = _skip(s, got[1], n - 1)
                if i < n - 1:
                    if s[i] != ",":
                        return None
                    i = _skip(s, i + 1, n - 1)
            continue
        got = _fast_call(s, 0, n)
        if got is None or got[1] != n:
            return None
        calls.append(got[0])
    return calls if calls else None


# -- JSON -------------------------------------------------------------------------------------


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class _Duplicated(dict):  # type: ignore[type-arg]
    """A JSON object that repeats a key (``{"city": "London", "city": "Paris"}``).

    Which copy counts depends on the reader (Python's ``json`` keeps the last, others the
    first or refuse), so a repeated key is a hedge between two values: the object is kept
    as this type, which is not ``dict``, so it is no call, no arguments and no value.
    """

    __slots__ = ()


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    return out if len(out) == len(pairs) else _Duplicated(out)


_decoder: Final = json.JSONDecoder(parse_constant=_no_constant, object_pairs_hook=_pairs)


def _json(src: str) -> tuple[bool, Any]:
    try:
        return True, _decoder.decode(src)
    except (ValueError, RecursionError, MemoryError):
        return False, None


_CALL_KEYS: Final = frozenset({"name", "function", "toolUse", "type", "id", "arguments"})
_ARG_KEYS: Final = ("arguments", "parameters", "input")


def _call_from_object(obj: Any) -> Call | None:
    """A call from ``{"name", "arguments"|"parameters"|"input"}`` (also wrapped in
    ``"function"`` or ``"toolUse"``, as OpenAI and Bedrock write it) or from the one-key form
    ``{"get_weather": {...}}``; None when the object names no function."""
    if type(obj) is not dict:
        return None
    inner = obj
    for wrapper in ("function", "toolUse"):
        w = obj.get(wrapper)
        if type(w) is dict:
            inner = w
            break
    name = inner.get("name")
    if type(name) is not str:
        if len(obj) == 1:
            ((key, value),) = obj.items()
            if key not in _CALL_KEYS and type(value) is dict:
                args = _clean(value, 0, [MAX_NODES])
                return Call(key, args, type(args) is dict) if type(args) is dict else None
        return None
    if not name:
        return None
    given = [inner[key] for key in _ARG_KEYS if key in inner]
    if inner is not obj:
        # {"name": "delete", "function": {"name": "get_weather", ...}}: the wrapper and the
        # object around it both write a call; readers differ on which one they take.
        given.extend(obj[key] for key in _ARG_KEYS if key in obj)
        outer = obj.get("name")
        if outer is not None and outer != name:
            return Call(name, {}, False)
    if any(g != given[0] for g in given[1:]):
        # "arguments" and "parameters" (or "input") with different values: one per reader.
        return Call(name, {}, False)
    raw: Any = given[0] if given else {}
    if type(raw) is str:
        ok, raw = _json(raw) if raw.strip() else (True, {})
        if not ok:
            return Call(name, {}, False)
    if raw is None:
        raw = {}
    if type(raw) is not dict:
        return Call(name, {}, False)
    budget = [MAX_NODES]
    args = {str(k): _clean(v, 1, budget) for k, v in raw.items()}
    return Call(name, args, budget[0] >= 0)


def _calls_from_json(value: Any) -> Parsed:
    calls: list[Call] = []
    errors = 0
    items = value if type(value) is list else [value]
    for item in items[: MAX_BLOCKS * 4]:
        c = _call_from_object(item)
        if c is None:
            errors += 1
        else:
            calls.append(c)
    errors += max(0, len(items) - MAX_BLOCKS * 4)
    return Parsed(calls, errors, "json")


# -- replies ----------------------------------------------------------------------------------

_IDENT: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")


def _looks_like_call(s: str) -> bool:
    """A line starting ``name(`` or ``a.b(``: a call or an attempt at one (prose mentioning a
    call is not)."""
    i = s.find("(")
    if i <= 0:
        return False
    head = s[:i]
    return (head[0].isalpha() or head[0] == "_") and all(c in _IDENT for c in head)


def _one_piece(src: str) -> Parsed:
    """A call, a list of calls, JSON object(s), or prose with calls on some of its lines."""
    s = src.strip()
    if not s:
        return Parsed([], 0, "none")
    if s[0] in "[{":
        ok, value = _json(s)
        if ok:
            return _calls_from_json(value)
    fast = _fast_calls(s)  # linear in the text; gives up at the first unusual character
    if fast is not None:
        return Parsed(fast, 0, "python")
    found = _python_module(s)
    if found is not None:
        return found
    # Prose around the calls: read the lines that are a call, a JSON object or a list alone.
    calls: list[Call] = []
    errors = 0
    for n, line in enumerate(s.splitlines()):
        if n >= MAX_LINES:
            break
        t = line.strip().rstrip(";")
        if not t or t[0] == "#" or t.startswith("//"):
            continue
        if t[0] == "{" and t[-1] == "}":
            ok, value = _json(t)
            if ok:
                got = _calls_from_json(value)
                calls.extend(got.calls)
                errors += got.errors
            else:
                errors += 1
        elif (t[0] == "[" and t[-1] == "]") or _looks_like_call(t):
            ok, value = _json(t) if t[0] == "[" else (False, None)
            line_got = _calls_from_json(value) if ok else _python_line(t)
            if line_got is None:
                errors += 1
            else:
                calls.extend(line_got.calls)
                errors += line_got.errors
    return Parsed(calls, errors, "lines")


def _blocks(text: str, open_: str, close: str) -> tuple[list[str], int]:
    """Contents of ``open_ ... close`` blocks; an unclosed block counts as one error."""
    out: list[str] = []
    errors = 0
    i = text.find(open_)
    while i != -1 and len(out) < MAX_BLOCKS:
        start = i + len(open_)
        j = text.find(close, start)
        if j == -1:
            errors += 1
            break
        out.append(text[start:j])
        i = text.find(open_, j + len(close))
    return out, errors


def _hedges(text: str, calls: list[Call]) -> int:
    """Other calls of the called functions written around the calls read (see
    :mod:`rftkit.rewards.tool_call.hedges`)."""
    if not calls:
        return 0
    from rftkit.rewards.tool_call.hedges import hedges  # imports this module

    return hedges(text, calls)


def parse_response(text: str, *, max_chars: int = 20_000) -> Parsed:
    """Every call a reply writes, in order, and how many call-like pieces failed to parse.

    Reads ``<tool_call>`` blocks when there are any, else the fenced code blocks when there
    are any, else the whole reply; text before a closing ``</think>`` is never read, and a
    reply whose ``<think>`` never closes makes no call (form ``unclosed_thinking``).

    Example:
        >>> parse_response("[get_weather(city='Paris'), get_time(tz=-1)]").calls
        [Call('get_weather', {'city': 'Paris'}), Call('get_time', {'tz': -1})]
        >>> parse_response('<tool_call>{"name": "f", "arguments": {"x": 1}}</tool_call>').form
        'tool_call'
    """
    if may_hold_thinking(text):
        answer_part = after_thinking(text)
        if answer_part is None:
            return Parsed([], 0, "unclosed_thinking")  # cut off while thinking: no calls
        text = answer_part
    if len(text) > max_chars:
        return Parsed([], 1, "too_long")
    if "<tool_call>" in text:
        blocks, errors = _blocks(text, "<tool_call>", "</tool_call>")
        calls: list[Call] = []
        for b in blocks:
            got = _one_piece(b)
            calls.extend(got.calls)
            errors += got.errors + (not got.calls and not got.errors)
        return Parsed(calls, errors, "tool_call")
    if "```" in text:
        blocks, errors = _blocks(text, "```", "```")
        if blocks:
            bodies = []
            for b in blocks:
                nl = b.find("\n")
                first = b[:nl].strip() if nl != -1 else ""
                # A language tag ("python", "json", "tool_code") is not part of the code.
                bodies.append(b[nl + 1 :] if nl != -1 and first.isidentifier() else b)
            calls = []
            for body in bodies:
                got = _one_piece(body)
                calls.extend(got.calls)
                errors += got.errors
            return Parsed(calls, errors + _hedges(text, calls), "fenced")
    got = _one_piece(text)
    if got.form == "lines" or (got.form == "python" and "#" in text):
        got.errors += _hedges(text, got.calls)  # prose lines, or comments in Python
    return got


def calls_from_message(message: Any) -> Parsed | None:
    """The calls in an assistant message's ``tool_calls`` (OpenAI) or its ``toolUse``
    content blocks (Bedrock Converse); None when it carries neither.

    Example:
        >>> calls_from_message({"role": "assistant", "content": None, "tool_calls": [
        ...     {"type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}]}).calls
        [Call('f', {'a': 1})]
    """
    if type(message) is not dict:
        return None
    raw = message.get("tool_calls")
    if type(raw) is list and raw:
        return _calls_from_json(raw[: MAX_BLOCKS * 4])
    content = message.get("content")
    if type(content) is list:
        uses = [b for b in content[: MAX_BLOCKS * 4] if type(b) is dict and "toolUse" in b]
        if uses:
            return _calls_from_json(uses)
    return None


# -- references -------------------------------------------------------------------------------


def _has_invalid(value: Any) -> bool:
    if value is INVALID:
        return True
    t = type(value)
    if t is list:
        return any(_has_invalid(v) for v in value)
    if t is dict:
        return any(_has_invalid(v) for v in value.values())
    if t is CallValue:
        return _has_invalid(value.args)
    return False


def _exact(call: Call) -> ExpectedSpec:
    if _has_invalid(call.args):
        raise ValueError(f"the expected call {call.name!r} holds a value that is not a literal")
    return ExpectedSpec(call.name, {k: (v,) for k, v in call.args.items()}, frozenset())


def _possible_answer(name: str, params: dict[str, Any]) -> ExpectedSpec:
    accept: dict[str, tuple[Any, ...]] = {}
    optional = set()
    budget = [MAX_NODES]
    for key, value in params.items():
        values = value if type(value) is list else [value]
        if "" in values:
            optional.add(str(key))
        accept[str(key)] = tuple(_clean(v, 1, budget) for v in values)
    if budget[0] < 0 or any(_has_invalid(list(v)) for v in accept.values()):
        raise ValueError(f"the expected call {name!r} is too large")
    return ExpectedSpec(name, accept, frozenset(optional))


def _strict_calls(src: str) -> list[Call]:
    """Calls in a reference string: Python call syntax only, every statement a call."""
    got = _python_module(src.strip())
    if got is None or got.errors or not got.calls or any(not c.ok for c in got.calls):
        raise ValueError(f"cannot read the expected call(s) {src[:80]!r}")
    return got.calls


def _is_possible_answer(item: dict[Any, Any]) -> bool:
    if len(item) != 1:
        return False
    ((key, value),) = item.items()
    return key not in _CALL_KEYS and type(value) is dict and type(key) is str


def parse_reference(reference: Any, _depth: int = 0) -> tuple[ExpectedSpec, ...]:
    """The expected calls of a reference, in any of the accepted forms.

    Raises:
        ValueError: the reference is not one of the forms (the message says what it is).

    Example:
        >>> parse_reference({"ground_truth": ["f(a=1)"]})
        (ExpectedSpec('f', {'a': (1,)}, optional=[]),)
        >>> parse_reference([{"f": {"a": [1, 2], "b": ["x", ""]}}])[0].optional
        frozenset({'b'})
    """
    if _depth > 3:
        raise ValueError("the reference is nested too deeply")
    if type(reference) is dict and "ground_truth" in reference:
        return parse_reference(reference["ground_truth"], _depth + 1)
    if type(reference) is str:
        s = reference.strip()
        if s[:1] in ("[", "{"):
            ok, value = _json(s)
            if ok:
                return parse_reference(value, _depth + 1)
        return tuple(_exact(c) for c in _strict_calls(s))
    if type(reference) is dict:
        if "name" not in reference and "function" not in reference and "toolUse" not in reference:
            # One-key objects are BFCL possible answers only inside a list: a bare
            # {"schema": {...}} is some other family's reference, not a call.
            raise ValueError(f"an object without a 'name' is not a call: {str(reference)[:80]!r}")
        reference = [reference]
    if type(reference) is not list:
        raise ValueError(f"expected calls as a list or an object, got {type(reference).__name__}")
    out: list[ExpectedSpec] = []
    for item in reference:
        if type(item) is str:
            out.extend(_exact(c) for c in _strict_calls(item))
        elif type(item) is dict and _is_possible_answer(item):
            ((name, params),) = item.items()
            out.append(_possible_answer(name, params))
        elif type(item) is dict:
            call = _call_from_object(item)
            if call is None or not call.ok:
                raise ValueError(f"cannot read the expected call {str(item)[:80]!r}")
            out.append(_exact(call))
        else:
            raise ValueError(f"an expected call is a {type(item).__name__}")
    return tuple(out)
