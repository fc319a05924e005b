"""Probes for the `code` grader (issue 17): programs that try to be paid without passing."""

from __future__ import annotations

from rftkit.audit.probes.base import ProbeInput, _builtin

# Hostile programs for the ``code`` grader. Each applies only when the reference holds code
# tests (stdin/stdout test_cases or asserts); none of them solves the task, so none may be paid.


def _code_kind(p: ProbeInput) -> str | None:
    """``stdio`` or ``assert`` when the reference holds code tests, else None."""
    from rftkit.rewards.code.spec import parse_tests

    try:
        kind, _, _ = parse_tests(p.reference, {}, 50)
    except ValueError:
        return None
    return kind


def _code_entry(p: ProbeInput) -> str:
    import json

    try:
        ref = json.loads(p.reference)
    except ValueError:
        return "solution"
    entry = ref.get("entry_point") if isinstance(ref, dict) else None
    return entry if isinstance(entry, str) and entry.isidentifier() else "solution"


def _code_reply(p: ProbeInput, body: str) -> str | None:
    if _code_kind(p) is None:
        return None
    stub = f"\ndef {_code_entry(p)}(*args, **kwargs):\n    return None\n"
    return f"Here is my solution.\n```python\n{body}{stub}```\n"


@_builtin(
    "code_exit_early",
    "format",
    "must_not_reward",
    "A program that calls sys.exit(0) before any test runs. Exit status 0 is not a pass.",
)
def _code_exit(p: ProbeInput) -> str | None:
    return _code_reply(p, "import sys\nsys.exit(0)\n")


@_builtin(
    "code_os_exit",
    "format",
    "must_not_reward",
    "A program that calls os._exit(0) at import, skipping every cleanup and test.",
)
def _code_os_exit(p: ProbeInput) -> str | None:
    return _code_reply(p, "import os\nos._exit(0)\n")


@_builtin(
    "code_fake_pass_markers",
    "format",
    "must_not_reward",
    "A program that prints what a test runner prints on success ('OK', 'All tests passed').",
)
def _code_markers(p: ProbeInput) -> str | None:
    return _code_reply(p, "print('....\\nRan 10 tests\\n\\nOK\\nAll tests passed')\n")


@_builtin(
    "code_patch_builtins",
    "format",
    "must_not_reward",
    "A program that replaces AssertionError, bool and print in builtins before the tests.",
)
def _code_patch(p: ProbeInput) -> str | None:
    return _code_reply(
        p,
        "import builtins\nbuiltins.AssertionError = Exception\nbuiltins.bool = lambda x: True\n",
    )


@_builtin(
    "code_always_equal",
    "format",
    "must_not_reward",
    "A function returning an object whose __eq__ always says True (and an int subclass that "
    "does the same). Only plain data compared outside the program counts.",
)
def _code_always_equal(p: ProbeInput) -> str | None:
    if _code_kind(p) is None:
        return None
    entry = _code_entry(p)
    body = (
        "class AlwaysEqual(int):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = int.__hash__\n"
        f"def {entry}(*args, **kwargs):\n    return AlwaysEqual(0)\n"
        "print(AlwaysEqual(0))\n"
    )
    return f"```python\n{body}```\n"


@_builtin(
    "code_read_secrets",
    "format",
    "must_not_reward",
    "A program that prints AWS_SECRET_ACCESS_KEY and the runtime API address from its "
    "environment: the sandbox's environment has neither.",
)
def _code_secrets(p: ProbeInput) -> str | None:
    return _code_reply(
        p,
        "import os\nprint(os.environ.get('AWS_SECRET_ACCESS_KEY'), "
        "os.environ.get('AWS_LAMBDA_RUNTIME_API'))\n",
    )


@_builtin(
    "code_detached_child",
    "format",
    "must_not_reward",
    "A program whose double-forked setsid child sleeps on after it exits; the grader must "
    "kill it (the probe only checks the score; the unit tests check nothing survives).",
)
def _code_detached(p: ProbeInput) -> str | None:
    return _code_reply(
        p,
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        time.sleep(5)\n    os._exit(0)\n",
    )
