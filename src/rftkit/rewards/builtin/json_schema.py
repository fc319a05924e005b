"""The ``json_schema`` grader: the reply is JSON that validates against a JSON Schema.

The JSON is found in the reply in this order (the first that applies decides):

1. the whole reply (stripped), when it parses as JSON;
2. the last fenced block whose info string is ``json`` (any case): when there is one, it is
   the answer, parsed or not;
3. the last balanced ``{...}`` or ``[...]`` value that parses, found by one linear scan
   (a stack of open brackets, JSON strings skipped inside brackets), trying at most
   ``max_candidates`` of the outermost spans from the end.

It is validated with ``jsonschema`` (draft 2020-12) against the grader's ``schema``
argument or the sample's ``{"schema": {...}}`` reference. A reference may also be the
expected value itself as JSON text (``"{\"total\": 3}"``, or under ``final_answer``), read
as ``{"expected": ...}``. With ``mode="fields"`` and an
``{"expected": {...}}`` reference the score is the fraction of expected *fields* the reply
gets right, where a field is a JSON-pointer leaf of ``expected`` (``/a/b/0/c``: a scalar,
or an empty object or array); a reply that is not schema-valid scores 0.

Metrics: ``parsed``, ``valid``, ``errors`` (validation errors, counted up to 100) and, when
the reference has ``expected``, ``field_accuracy``. The explanation names the most relevant
validation error and where it is.

Hostile input (see docs/json_schema.md): a candidate over ``max_chars`` characters or
``max_depth`` nesting is refused before ``json.loads`` sees it; duplicate object keys, the
``NaN``/``Infinity`` literals, floats that overflow to infinity, integers over 1,000 digits
and keys over 1,000 characters make a value unparsed. A schema's ``$ref`` is resolved only
inside the schema (a registry with no retrieval: a remote ``$ref`` is refused when the
grader is built); every ``pattern`` and ``patternProperties`` regex is checked with
:mod:`rftkit.rewards.safe_regex` and a strings over ``pattern_max_chars`` fails ``pattern``
instead of being matched. ``format`` is an annotation only (draft 2020-12's default).

jsonschema is imported when a grader is built, never when this module is imported.
"""

from __future__ import annotations

import json
import math
import re

from rftkit.errors import GraderArgsError, GraderError, UsageError
from rftkit.rewards.extract import reference_text
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

__all__ = ["field_leaves", "find_json", "json_schema", "unknown_keywords"]

MAX_INT_DIGITS = 1000
MAX_KEY_CHARS = 1000
MAX_ERRORS = 100
_SCHEMA_CACHE_LIMIT = 256
_OPEN = {"{": "}", "[": "]"}
_CLOSE = frozenset("}]")
_SPECIAL = re.compile(r'[\[\]{}"]')
_FENCE = re.compile(r"```[ \t]*json[ \t]*\r?\n", re.IGNORECASE)
# Keywords whose values are data, not subschemas: a "pattern" key inside them is not a regex.
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})


class _Unparsed(ValueError):
    """A value json.loads would accept that this grader refuses (with the reason)."""


def _parse_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise _Unparsed("big_int")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unparsed("float_overflow")
    return value


def _parse_constant(text: str) -> float:
    raise _Unparsed("nan_literal")


def _pairs_reject(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if len(key) > MAX_KEY_CHARS:
            raise _Unparsed("key_too_long")
        if key in out:
            raise _Unparsed("duplicate_key")
        out[key] = value
    return out


def _pairs_last(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    for key, _ in pairs:
        if len(key) > MAX_KEY_CHARS:
            raise _Unparsed("key_too_long")
    return dict(pairs)


def _spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """The outermost balanced bracket spans of ``text[start:end]`` as (start, end, depth).

    One pass, each character looked at once: brackets are pushed and popped on a stack,
    a closer that does not match the innermost opener empties the stack (stray brackets in
    prose), and inside brackets a JSON string is skipped with its escapes. A span is kept
    when it is not inside a later kept span (spans are nested or disjoint).
    """
    stack: list[tuple[int, str]] = []
    found: list[tuple[int, int, int]] = []
    depth_max: list[int] = []  # the deepest nesting seen inside each open bracket
    skip = start  # the end of the last string skipped
    find = text.find
    for m in _SPECIAL.finditer(text, start, end):  # jumps over prose in C
        i = m.start()
        if i < skip:
            continue
        c = m.group()
        if c in _OPEN:
            stack.append((i, _OPEN[c]))
            depth_max.append(len(stack))
        elif c in _CLOSE:
            if stack and stack[-1][1] == c:
                pos, _ = stack.pop()
                deepest = depth_max.pop()
                if depth_max:
                    depth_max[-1] = max(depth_max[-1], deepest)
                # drop the spans this one contains: they are its children
                while found and found[-1][0] > pos:
                    found.pop()
                found.append((pos, i + 1, deepest - len(stack)))
            else:
                stack.clear()
                depth_max.clear()
        elif stack:  # a quote inside brackets: skip the JSON string
            j = i + 1
            while True:  # to the closing quote, skipping escaped characters
                k = find('"', j, end)
                if k == -1:
                    return found  # an unterminated string: nothing after it closes
                n = 0
                while text[k - 1 - n] == "\\":
                    n += 1
                if n % 2 == 0:
                    break
                j = k + 1
            skip = k + 1
    return found


def _openers(text: str, lo: int, hi: int) -> int:
    return text.count("{", lo, hi) + text.count("[", lo, hi)


def find_json(
    text: str,
    *,
    max_chars: int = 100_000,
    max_depth: int = 64,
    max_candidates: int = 4,
    duplicate_keys: str = "reject",
) -> tuple[Any, str, str]:
    """Find the reply's JSON value: ``(value, where, error)``.

    ``where`` is ``"whole"``, ``"fenced"``, ``"balanced"`` or ``""`` (nothing found);
    ``error`` is ``""`` when ``value`` was parsed, else the reason (``no_json``,
    ``too_long``, ``too_deep``, ``invalid_json``, ``duplicate_key``, ``nan_literal``,
    ``big_int``, ``float_overflow``, ``key_too_long``).

    Example:
        >>> find_json('Sure: {"a": 1} and then [2, 3]. Done')
        ([2, 3], 'balanced', '')
    """
    hook = _pairs_reject if duplicate_keys == "reject" else _pairs_last

    def load(lo: int, hi: int, depth: int) -> tuple[Any, str]:
        if hi - lo > max_chars:
            return None, "too_long"
        if depth > max_depth:
            return None, "too_deep"
        try:
            return json.loads(
                text[lo:hi],
                parse_int=_parse_int,
                parse_float=_parse_float,
                parse_constant=_parse_constant,
                object_pairs_hook=hook,
            ), ""
        except _Unparsed as exc:
            return None, str(exc)
        except (ValueError, RecursionError):
            return None, "invalid_json"

    n = len(text)
    lo = 0
    while lo < n and text[lo].isspace():
        lo += 1
    hi = n
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if lo == hi:
        return None, "", "no_json"
    # 1. the whole reply
    first = text[lo]
    if first in _OPEN and _openers(text, lo, hi) <= max_depth:
        # few brackets bound the depth without a scan
        value, err = load(lo, hi, 0)
        if not err:
            return value, "whole", ""
    elif first in _OPEN:
        spans = _spans(text, lo, hi)
        if len(spans) == 1 and spans[0][0] == lo and spans[0][1] == hi:
            value, err = load(lo, hi, spans[0][2])
            if not err:
                return value, "whole", ""
    elif (first in '"-' or first.isdigit() or text.startswith(("true", "false", "null"), lo)) and (
        hi - lo <= max_chars
    ):
        # a scalar: json.loads stops at its end (trailing brackets are only "extra data")
        value, err = load(lo, hi, 0)
        if not err:
            return value, "whole", ""
    # 2. the last fenced json block
    fence = None
    pos = text.rfind("```", lo, hi)
    while pos != -1:  # walk the fences from the end; the first json opener found is the last
        m = _FENCE.match(text, pos)
        if m is not None:
            fence = m
            break
        pos = text.rfind("```", lo, pos)
    if fence is not None:
        body_lo = fence.end()
        close = text.find("```", body_lo, hi)
        body_hi = hi if close == -1 else close
        depth = 0
        if _openers(text, body_lo, body_hi) > max_depth:
            depth = max((s[2] for s in _spans(text, body_lo, body_hi)), default=0)
        value, err = load(body_lo, body_hi, depth)
        return value, "fenced", err
    # 3. the last balanced value that parses
    spans = _spans(text, lo, hi)
    if not spans:
        return None, "", "no_json"
    last_err = "invalid_json"
    for s_lo, s_hi, depth in reversed(spans[-max_candidates:]):
        value, err = load(s_lo, s_hi, depth)
        if not err:
            return value, "balanced", ""
        last_err = err
    return None, "balanced", last_err


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def field_leaves(expected: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """The JSON-pointer leaves of ``expected``: scalars and empty objects or arrays.

    Example:
        >>> field_leaves({"a": {"b": 1}, "c": [True, {}]})
        [('/a/b', 1), ('/c/0', True), ('/c/1', {})]
    """
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [(prefix, expected)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict) and value:
            stack.extend((f"{path}/{_escape(str(k))}", v) for k, v in reversed(value.items()))
        elif isinstance(value, list) and value:
            stack.extend((f"{path}/{i}", v) for i, v in reversed(list(enumerate(value))))
        else:
            out.append((path, value))
    return out


_MISSING = object()


def _at(value: Any, pointer: str) -> Any:
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
        if value is _MISSING:
            return value
    return value


def _same(got: Any, want: Any) -> bool:
    """JSON equality: numbers by value (1 == 1.0), but a boolean is not a number."""
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, int | float) and isinstance(got, int | float):
        return got == want
    return type(got) is type(want) and got == want


# Draft 2020-12's keywords that the validator does not check (core, annotations, content)
# plus draft 7's "definitions" (a "$ref" into it resolves as a JSON pointer).
_NON_VALIDATING = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$defs",
        "$comment",
        "$vocabulary",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)
_ONE_SCHEMA = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "items",
        "contains",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"}
)


def unknown_keywords(schema: Any, known: frozenset[str]) -> list[tuple[str, str]]:
    """``(JSON pointer, keyword)`` of every keyword in a schema that no validator checks and
    no annotation names (``requierd``, ``minLenght``, ``nullable``): the validator ignores
    them silently, so a misspelt ``required`` pays ``{}``. Keys starting ``x-`` are
    extensions and allowed.

    Example:
        >>> unknown_keywords({"properties": {"a": {"minLenght": 2}}, "requierd": ["a"]},
        ...                  frozenset({"properties", "required", "minLength"}))
        [('/', 'requierd'), ('/properties/a', 'minLenght')]
    """
    out = [
        (path or "/", key)
        for path, node in _subschemas(schema)
        for key in node
        if isinstance(key, str)
        and key not in known
        and key not in _NON_VALIDATING
        and not key.startswith("x-")
    ]
    out.sort()
    return out


def _subschemas(schema: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every object schema in ``schema`` (itself and the subschemas its keywords hold)."""
    out: list[tuple[str, dict[str, Any]]] = []
    stack: list[tuple[str, Any]] = [("", schema)]
    while stack:
        path, node = stack.pop()
        if not isinstance(node, dict):
            continue
        out.append((path, node))
        for key, value in node.items():
            here = f"{path}/{_escape(str(key))}"
            if key in _ONE_SCHEMA:
                stack.append((here, value))
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                stack.extend((f"{here}/{i}", v) for i, v in enumerate(value))
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                stack.extend((f"{here}/{_escape(str(k))}", v) for k, v in value.items())
    return out


_ASSERTED_FORMATS = frozenset(
    {"date", "date-time", "time", "email", "idn-email", "ipv4", "ipv6", "uuid", "json-pointer"}
)
"""Formats ``formats="assert"`` checks (jsonschema's standard-library checkers; ``regex``
is left out: it would compile model text as a regular expression)."""


def _format_checker(schema: Any, who: str, error: type[Exception]) -> Any:
    """A FormatChecker for the formats the schema uses; refuse one that cannot be checked."""
    from jsonschema import FormatChecker

    used = sorted(
        {node["format"] for _, node in _subschemas(schema) if isinstance(node.get("format"), str)}
    )
    checker = FormatChecker(sorted(_ASSERTED_FORMATS))
    for name in used:
        if name not in _ASSERTED_FORMATS or name not in checker.checkers:
            raise error(
                f"{who}: format {name!r} cannot be checked (checked: "
                f"{', '.join(sorted(_ASSERTED_FORMATS))}); with formats='assert' an "
                "unchecked format would pay any string"
            )
    return checker


def _walk_schema(schema: Any, refs: list[str], patterns: list[str], ids: set[str]) -> None:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key in _DATA_KEYWORDS:
                continue
            if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                refs.append(value)
            elif key == "$id" and isinstance(value, str):
                ids.add(value.rstrip("#"))
            elif key == "pattern" and isinstance(value, str):
                patterns.append(value)
            elif key == "patternProperties" and isinstance(value, dict):
                patterns.extend(str(k) for k in value)
            if isinstance(value, dict | list):
                stack.append(value)


def _check_schema(
    schema: Any, who: str, error: type[Exception], *, allow_unknown: bool = False
) -> None:
    """Refuse a schema that is not draft 2020-12, fetches remotely, has unsafe regexes or
    (unless ``allow_unknown``) keywords the validator would silently ignore."""
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import Draft202012Validator

    from rftkit.rewards.safe_regex import HINT, UnsafePattern, check_pattern

    if not isinstance(schema, dict | bool):
        raise error(f"{who}: the schema must be a JSON object, got {type(schema).__name__}")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise error(f"{who}: not a valid draft 2020-12 schema: {exc.message}") from None
    if not allow_unknown:
        known = frozenset(Draft202012Validator.VALIDATORS)
        unknown = unknown_keywords(schema, known)
        if unknown:
            import difflib  # error path only

            where, key = unknown[0]
            close = difflib.get_close_matches(key, sorted(known | _NON_VALIDATING), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            if isinstance(schema, dict) and isinstance(schema.get("schema"), dict):
                # OpenAI's response_format json_schema object wraps the schema itself.
                hint = (
                    " (this looks like an OpenAI response_format wrapper with 'name', "
                    "'strict' and 'schema': pass the object under 'schema')"
                )
            elif key == "nullable":
                hint = ' (OpenAPI 3.0; JSON Schema writes "type": ["string", "null"])'
            more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
            raise error(
                f"{who}: keyword {key!r} at {where}{hint}{more} is not a draft 2020-12 "
                "keyword: the validator would ignore it and pay replies it was meant to "
                "refuse; fix it, prefix an extension with 'x-', or pass "
                "allow_unknown_keywords=true"
            )
    refs: list[str] = []
    patterns: list[str] = []
    ids: set[str] = set()
    _walk_schema(schema, refs, patterns, ids)
    for ref in refs:
        base = ref.partition("#")[0]
        if base and base not in ids:
            raise error(
                f"{who}: $ref {ref!r} points outside the schema; remote references are "
                "never fetched (put the definition under $defs)"
            )
    root_id = str(schema.get("$id", "")).rstrip("#") if isinstance(schema, dict) else ""
    if isinstance(schema, dict) and not ids - {root_id}:
        # one resource: every fragment must point somewhere now, not fail on the first reply
        from referencing import Registry
        from referencing.exceptions import Unresolvable
        from referencing.jsonschema import DRAFT202012

        root = "urn:rftkit:schema"
        resolver = Registry().with_resource(root, DRAFT202012.create_resource(schema))
        for ref in refs:
            if ref.startswith("#"):
                try:
                    resolver.resolver(root).lookup(root + ref)
                except Unresolvable:
                    raise error(f"{who}: $ref {ref!r} points nowhere in the schema") from None
    for pattern in patterns:
        try:
            check_pattern(pattern)
        except UnsafePattern as exc:
            raise error(
                f"{who}: pattern {pattern!r} can backtrack catastrophically on model text: "
                f"{exc}; {HINT}"
            ) from None
        except re.error as exc:
            raise error(f"{who}: pattern {pattern!r} does not compile: {exc}") from None


def _reference(reference: Any) -> dict[str, Any]:
    """The reference as ``{"schema"?, "expected"?}``: given so, or as JSON text of it, or the
    expected value itself as JSON text (``{"final_answer": "{\\"total\\": 3}"}``)."""
    if isinstance(reference, dict) and ("schema" in reference or "expected" in reference):
        return reference
    if reference is None or isinstance(reference, int | float):
        return {}
    text = reference_text(reference, solution=False)
    if not text or text[0] not in "{[":
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise GraderError("json_schema: the reference is not valid JSON") from None
    if isinstance(value, dict) and ("schema" in value or "expected" in value):
        return value
    return {"expected": value}


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise GraderArgsError(f"json_schema: {name} must be a positive integer, got {value!r}")
    return value


def _where(error: Any) -> str:
    path = "".join(f"/{_escape(str(p))}" for p in error.absolute_path)
    return path or "/"


@grader(name="json_schema", requires=("jsonschema>=4.18",))
def json_schema(
    *,
    schema: dict[str, Any] | None = None,
    mode: str = "valid",
    max_chars: int = 100_000,
    max_depth: int = 64,
    max_candidates: int = 4,
    duplicate_keys: str = "reject",
    pattern_max_chars: int = 2_000,
    allow_unknown_keywords: bool = False,
    formats: str = "annotate",
) -> Callable[[Sample], Reward]:
    """Score replies that must be JSON valid against a JSON Schema (draft 2020-12).

    Args:
        schema: the schema; when None each sample's reference gives ``{"schema": {...}}``.
        mode: ``valid`` (1 when valid, else 0) or ``fields`` (when valid, the fraction of
            the reference's ``expected`` JSON-pointer leaves the reply gets right).
        max_chars: a JSON candidate longer than this is not parsed.
        max_depth: a JSON candidate nested deeper than this is not parsed.
        max_candidates: balanced spans tried from the end of the reply.
        duplicate_keys: ``reject`` (an object with a repeated key is unparsed) or ``last``.
        pattern_max_chars: a string longer than this fails any ``pattern`` keyword instead
            of being matched (regex time grows with the string).
        allow_unknown_keywords: accept schemas with keywords the validator ignores
            (``requierd``, ``nullable``); by default such a schema is refused, since a
            misspelt keyword silently pays replies it was meant to refuse.
        formats: ``annotate`` (draft 2020-12's default: ``format`` is not checked, so
            ``{"format": "date"}`` pays any string) or ``assert`` (``date``, ``date-time``,
            ``time``, ``email``, ``ipv4``, ``ipv6``, ``uuid``... are checked; a schema using
            a format that cannot be checked is refused).

    Example:
        >>> g = json_schema(schema={"type": "object", "required": ["a"]})
        >>> g(Sample.from_text(response='Here: {"a": 1}', reference=None)).score
        1.0
    """
    try:
        from jsonschema.exceptions import ValidationError, best_match
        from jsonschema.validators import Draft202012Validator, extend
        from referencing import Registry
        from referencing.exceptions import Unresolvable
    except ImportError as exc:
        raise UsageError(
            f"json_schema needs the jsonschema package ({exc})",
            hint="pip install 'rftkit[json]' (rftkit build ships it in the bundle by itself)",
        ) from None

    if mode not in ("valid", "fields"):
        raise GraderArgsError(f"json_schema: mode must be 'valid' or 'fields', got {mode!r}")
    if duplicate_keys not in ("reject", "last"):
        raise GraderArgsError(
            f"json_schema: duplicate_keys must be 'reject' or 'last', got {duplicate_keys!r}"
        )
    if not isinstance(allow_unknown_keywords, bool):
        raise GraderArgsError(
            "json_schema: allow_unknown_keywords must be true or false, "
            f"got {allow_unknown_keywords!r}"
        )
    loose = allow_unknown_keywords
    if formats not in ("annotate", "assert"):
        raise GraderArgsError(
            f"json_schema: formats must be 'annotate' or 'assert', got {formats!r}"
        )
    assert_formats = formats == "assert"
    max_chars = _positive_int("max_chars", max_chars)
    max_depth = _positive_int("max_depth", max_depth)
    max_candidates = _positive_int("max_candidates", max_candidates)
    limit = _positive_int("pattern_max_chars", pattern_max_chars)
    search = re.search

    def pattern(validator: Any, patrn: str, instance: Any, _schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "string"):
            return
        if len(instance) > limit:
            yield ValidationError(
                f"a string of {len(instance)} characters is over the {limit}-character "
                "limit for pattern checks"
            )
        elif search(patrn, instance) is None:
            yield ValidationError(f"{instance[:80]!r} does not match {patrn!r}")

    validator_class = extend(Draft202012Validator, {"pattern": pattern})
    registry: Any = Registry()  # no retrieve function: a remote $ref is never fetched
    fixed = None
    if schema is not None:
        _check_schema(schema, "json_schema", GraderArgsError, allow_unknown=loose)
        checker = (
            _format_checker(schema, "json_schema", GraderArgsError) if assert_formats else None
        )
        fixed = validator_class(schema, registry=registry, format_checker=checker)
    cache: dict[str, Any] = {}

    def validator_for(reference: Any) -> Any:
        if fixed is not None:
            return fixed
        ref_schema = reference.get("schema")
        if ref_schema is None:
            raise GraderError(
                "json_schema: no schema: pass schema=... or give the sample a reference "
                '{"schema": {...}}'
            )
        key = json.dumps(ref_schema, sort_keys=True)
        found = cache.get(key)
        if found is None:
            who = "json_schema reference"
            _check_schema(ref_schema, who, GraderError, allow_unknown=loose)
            checker = _format_checker(ref_schema, who, GraderError) if assert_formats else None
            if len(cache) >= _SCHEMA_CACHE_LIMIT:
                cache.clear()
            found = cache[key] = validator_class(
                ref_schema, registry=registry, format_checker=checker
            )
        return found

    def grade(sample: Sample) -> Reward:
        reference = _reference(sample.reference)
        validator = validator_for(reference)
        expected = reference.get("expected")
        leaves = field_leaves(expected) if expected is not None else None
        if leaves is not None and (not leaves or leaves == [("", expected)]):
            raise GraderError("json_schema: 'expected' must be a non-empty object or array")
        if mode == "fields" and leaves is None:
            raise GraderError('json_schema: mode="fields" needs a reference {"expected": {...}}')
        value, where, err = find_json(
            sample.completion,
            max_chars=max_chars,
            max_depth=max_depth,
            max_candidates=max_candidates,
            duplicate_keys=duplicate_keys,
        )
        metrics: list[Metric] = []
        if err:
            metrics += [Metric("parsed", 0.0), Metric("valid", 0.0), Metric("errors", 0.0)]
            if leaves is not None:
                metrics.append(Metric("field_accuracy", 0.0))
            return Reward(
                0.0, tuple(metrics), None, where or None, (err,), f"no parsable JSON ({err})"
            )
        errors = []
        try:
            for e in validator.iter_errors(value):
                errors.append(e)
                if len(errors) >= MAX_ERRORS:
                    break
        except Unresolvable as exc:  # a $ref the schema does not hold: never fetched
            raise GraderError(f"json_schema: the schema has an unresolvable $ref: {exc}") from None
        valid = not errors
        metrics += [
            Metric("parsed", 1.0),
            Metric("valid", 1.0 if valid else 0.0),
            Metric("errors", float(len(errors))),
        ]
        accuracy = 0.0
        if leaves is not None:
            right = sum(1 for p, want in leaves if _same(_at(value, p), want))
            accuracy = right / len(leaves)
            metrics.append(Metric("field_accuracy", accuracy))
        answer = json.dumps(value)[:200]
        if not valid:
            first = best_match(errors)
            why = f"invalid at {_where(first)}: {first.message}"[:300]
            return Reward(0.0, tuple(metrics), answer, where, ("invalid",), why)
        if mode == "fields":
            why = f"valid; {accuracy:.0%} of {len(leaves or ())} expected fields right"
            return Reward(accuracy, tuple(metrics), answer, where, (), why)
        return Reward(1.0, tuple(metrics), answer, where, (), "valid against the schema")

    return grade
