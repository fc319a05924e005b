"""Program extraction and test references of the ``code`` grader (parsing only; no exec).

``ast`` is used in the grader process only to check syntax and to split assert statements;
nothing from the reply or the tests is executed here. Expected values of ``expr == literal``
asserts are read with :func:`ast.literal_eval` on the *reference* (dataset) text.
"""

from __future__ import annotations

import ast

from rftkit.rewards.thinking import after_thinking, may_hold_thinking

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["AssertTest", "IOTest", "extract_program", "parse_tests"]

MAX_PROGRAM = 64_000


def _fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(info word, body) of every closed fenced block: one linear pass over the lines."""
    blocks: list[tuple[str, str]] = []
    fence = ""
    lang = ""
    body: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not fence:
            if stripped.startswith(("```", "~~~")):
                ch = stripped[0]
                n = len(stripped) - len(stripped.lstrip(ch))
                fence = ch * n
                info = stripped[n:].split()
                lang = info[0].lower() if info else ""
                body = []
        elif stripped.startswith(fence) and not stripped.lstrip(fence[0]):
            blocks.append((lang, "\n".join(body) + "\n"))
            fence = ""
        else:
            body.append(line)
    return blocks


_NO_VALUE = object()


class IOTest:
    """A stdin/stdout test."""

    __slots__ = ("input", "output")

    def __init__(self, input: str, output: str) -> None:
        self.input = input
        self.output = output


class AssertTest:
    """One assert: expressions for the child and, when known, the expected value.

    ``exprs`` holds one expression (``expected`` set: its value must equal ``expected``;
    or two (both sides of an ``==`` with no literal side: the values must be equal). *Weak*
    tests are those whose expected value the program could see or fake: a bare ``assert
    expr`` (its ``bool()`` must be exactly True) and ``==`` with no literal side.
    """

    __slots__ = ("expected", "exprs", "source", "weak")

    def __init__(
        self, source: str, exprs: tuple[str, ...], expected: Any = _NO_VALUE, weak: bool = False
    ) -> None:
        self.source = source
        self.exprs = exprs
        self.expected = expected
        self.weak = weak or expected is _NO_VALUE

    @property
    def has_expected(self) -> bool:
        return self.expected is not _NO_VALUE


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        return False
    return True


def extract_program(reply: str) -> tuple[str | None, str]:
    """The program in a reply and how it was found: ``python``, ``fence``, ``whole``, ``none``
    (or ``unclosed_thinking``: cut off while thinking, no program).

    The last fenced ``python``/``py``/``python3`` block, else the last fenced block, else the
    whole reply when it parses as Python.
    """
    if len(reply) > MAX_PROGRAM * 4:
        reply = reply[-MAX_PROGRAM * 4 :]
    if may_hold_thinking(reply):
        answer_part = after_thinking(reply)
        if answer_part is None:
            return None, "unclosed_thinking"  # cut off while thinking: no program
        reply = answer_part
    blocks = _fenced_blocks(reply)
    for lang, body in reversed(blocks):
        if lang in {"python", "py", "python3"}:
            return body, "python"
    if blocks:
        return blocks[-1][1], "fence"
    if reply.strip() and len(reply) <= MAX_PROGRAM and _parses(reply):
        return reply, "whole"
    return None, "none"


def syntax_ok(program: str) -> bool:
    """Does the program parse (checked here, in the grader, without running it)?"""
    return len(program) <= MAX_PROGRAM and _parses(program)


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NO_VALUE


def _assert_test(node: ast.Assert) -> AssertTest:
    src = ast.unparse(node)
    test = node.test
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        left, right = test.left, test.comparators[0]
        value = _literal(right)
        if value is not _NO_VALUE:
            return AssertTest(src, (ast.unparse(left),), value)
        value = _literal(left)
        if value is not _NO_VALUE:
            return AssertTest(src, (ast.unparse(right),), value)
        return AssertTest(src, (ast.unparse(left), ast.unparse(right)))
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value in (None, True, False)
    ):
        return AssertTest(src, (ast.unparse(test.left),), test.comparators[0].value)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return AssertTest(src, (f"bool({ast.unparse(test.operand)})",), False, weak=True)
    return AssertTest(src, (f"bool({ast.unparse(test)})",), True, weak=True)


def _check_body(tree: ast.Module) -> tuple[list[ast.stmt], str | None]:
    """HumanEval: asserts inside ``def check(candidate)``; returns its body and the arg name."""
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "check" and stmt.args.args:
            return stmt.body, stmt.args.args[0].arg
    return [], None


def parse_tests(reference: Any, metadata: Any, max_tests: int) -> tuple[str, list[Any], str]:
    """``("stdio", [IOTest...], "")`` or ``("assert", [AssertTest...], setup)``.

    Raises ValueError with a reason when the reference has no usable tests.
    """
    ref = reference
    if isinstance(ref, str) and ref.lstrip()[:1] in ("{", "["):
        import json

        try:  # noqa: SIM105 - contextlib is kept off the Lambda path
            ref = json.loads(ref)
        except ValueError:
            pass
    cases = None
    if isinstance(ref, dict):
        cases = ref.get("test_cases")
    if cases is None and isinstance(metadata, dict):
        cases = metadata.get("test_cases")
        if isinstance(cases, str):
            import json

            try:
                cases = json.loads(cases)
            except ValueError:
                raise ValueError("metadata.test_cases is not JSON") from None
    if cases is None and isinstance(ref, list):
        cases = ref
    if cases is not None:
        if not isinstance(cases, list) or not cases:
            raise ValueError("test_cases must be a non-empty list")
        out: list[Any] = []
        for case in cases[:max_tests]:
            if not (
                isinstance(case, dict)
                and isinstance(case.get("input"), str)
                and isinstance(case.get("output"), str)
            ):
                raise ValueError("each test case needs string 'input' and 'output'")
            out.append(IOTest(case["input"], case["output"]))
        return "stdio", out, ""
    if not isinstance(ref, dict):
        raise ValueError("no test_cases, tests or test_list in the reference")
    setup = ref.get("test_setup") or ""
    if not isinstance(setup, str):
        raise ValueError("test_setup must be a string")
    sources: list[str]
    if isinstance(ref.get("test_list"), list):
        sources = ref["test_list"]
    elif isinstance(ref.get("tests"), str):
        sources = [ref["tests"]]
    elif isinstance(ref.get("test"), str):
        sources = [ref["test"]]
    else:
        raise ValueError("no test_cases, tests or test_list in the reference")
    asserts: list[AssertTest] = []
    extra: list[str] = []
    entry = ref.get("entry_point")
    for text in sources:
        if not isinstance(text, str):
            raise ValueError("tests must be strings")
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
            raise ValueError(f"tests do not parse: {exc}") from None
        body, arg = _check_body(tree)
        if arg is not None:
            if not isinstance(entry, str) or not entry.isidentifier():
                raise ValueError("tests define check(candidate) but no entry_point is given")
            extra.append(f"{arg} = {entry}")
        for stmt in tree.body:
            if isinstance(stmt, ast.Assert):
                asserts.append(_assert_test(stmt))
            elif isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Assign)) or (
                isinstance(stmt, ast.FunctionDef) and stmt.name != "check"
            ):
                extra.append(ast.unparse(stmt))
        asserts.extend(_assert_test(s) for s in body if isinstance(s, ast.Assert))
    if not asserts:
        raise ValueError("the tests contain no assert statement")
    full_setup = "\n".join([setup, *extra]).strip()
    return "assert", asserts[:max_tests], full_setup
