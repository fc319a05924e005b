"""The grader registry: ``@grader`` factories, lazy entry points, specs.

A grader is made by a *factory*: a function taking JSON-serialisable keyword arguments and
returning a callable ``(Sample) -> Reward | float``. Decorating the factory with
:func:`grader` checks its signature once, and every grader it makes carries a
:class:`~rftkit.rewards.types.GraderSpec` (name, ``module:attr``, arguments) that a build
step bakes into a Lambda bundle, so the deployed grader is configured exactly as tested.

Third-party graders are published with one entry point in the group ``rftkit.graders``::

    [project.entry-points."rftkit.graders"]
    my_grader = "my_package.graders:my_grader"

Entry points are read lazily: nothing is imported until a grader is asked for by name.
This module is on the Lambda path (docs/architecture.md): ``difflib``, ``hashlib``,
``importlib.metadata`` and ``inspect`` load only where needed; records are namedtuples or
slotted classes, the lock is ``_thread.RLock`` and modules load with ``__import__``.
"""

from __future__ import annotations

import _thread
import json
import os
import sys
import types
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping

from rftkit.errors import (
    GraderArgsError,
    GraderDefinitionError,
    GraderNotFoundError,
    PluginError,
    RftkitError,
)
from rftkit.rewards.types import GraderSpec, Reward, Sample, to_reward

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Generic, NamedTuple, ParamSpec, overload

    _P = ParamSpec("_P")

__all__ = [
    "BUILTINS",
    "GRADER_ENTRY_POINT_GROUP",
    "BoundGrader",
    "GraderFactory",
    "GraderInfo",
    "GraderRegistry",
    "default_registry",
    "grader",
    "load_grader",
    "load_spec",
]

GRADER_ENTRY_POINT_GROUP = "rftkit.graders"

BUILTINS: dict[str, str] = {
    "exact_match": "rftkit.rewards.builtin.exact:exact_match",
    "numeric": "rftkit.rewards.builtin.numeric:numeric",
    "format": "rftkit.rewards.builtin.format:format_grader",
    "gsm8k": "rftkit.rewards.builtin.gsm8k:gsm8k",
    "composite": "rftkit.rewards.builtin.combine:composite",
    "judge": "rftkit.rewards.builtin.judge:judge",
    "math": "rftkit.rewards.builtin.math:math",
    "json_schema": "rftkit.rewards.builtin.json_schema:json_schema",
    "finqa": "rftkit.rewards.builtin.finqa:finqa",
    "ifeval": "rftkit.rewards.builtin.ifeval:ifeval",
    "tool_call": "rftkit.rewards.builtin.tool_call:tool_call",
    "text_similarity": "rftkit.rewards.builtin.text_similarity:text_similarity",
    "code": "rftkit.rewards.builtin.code:code",
}
"""Built-in graders, by name. The same table is declared as entry points in pyproject.toml;
it is used directly where rftkit's own distribution metadata is absent (inside a Lambda zip).
``math`` (sympy) and ``judge`` (boto3) need third-party packages: they import them inside the
grader, so an entry here costs a Lambda nothing until that grader is used."""


def _json_normalise(value: Any, what: str) -> Any:
    """Round-trip ``value`` through JSON, so a spec holds exactly what a Lambda will read."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise GraderArgsError(f"{what} is not JSON-serialisable: {exc}") from None


class BoundGrader:
    """A configured grader: call it on a :class:`Sample` to get a :class:`Reward`.

    Attributes:
        spec: the recipe that recreates this grader.
        permissions: IAM actions the grader needs at run time (e.g. ``bedrock:InvokeModel``).
        requires: third-party requirements (PEP 508) a bundle must ship, e.g. ``sympy>=1.12``.
        iam_statements: IAM policy statements scoped to what the grader uses, or None.
        concurrency: how many samples the harness may grade at once in one invocation
            (I/O-bound graders such as a model judge set this above 1).

    Example:
        >>> g = load_grader("exact_match")
        >>> g(Sample.from_text(response="Paris", reference="Paris")).score
        1.0
    """

    __slots__ = (
        "_vouched",
        "concurrency",
        "iam_statements",
        "impl",
        "name",
        "permissions",
        "requires",
        "spec",
    )

    def __init__(
        self,
        impl: Callable[[Sample], Reward | float],
        spec: GraderSpec,
        *,
        permissions: tuple[str, ...] = (),
        concurrency: int = 1,
        requires: tuple[str, ...] = (),
    ) -> None:
        self.impl = impl
        self.spec = spec
        self.name = spec.name
        self.permissions = tuple(getattr(impl, "permissions", permissions))
        self.concurrency = int(getattr(impl, "concurrency", concurrency))
        self.requires = requires
        # Exact IAM statements (e.g. InvokeModel on one model) when the grader knows them;
        # otherwise deploy grants ``permissions`` on "*".
        statements = getattr(impl, "iam_statements", None)
        self.iam_statements: list[dict[str, Any]] | None = (
            list(statements) if statements is not None else None
        )
        # A grader function whose ``finite_rewards`` is True vouches that it returns only
        # Rewards with a finite float score (gsm8k: its scores are a few sums of finite
        # weights): __call__ returns them unchecked, about 500 instructions fewer per
        # sample. (Kept as the function itself: a grader whose impl is replaced is checked.)
        self._vouched = impl if getattr(impl, "finite_rewards", False) is True else None

    def __call__(self, sample: Sample) -> Reward:
        """Score one sample; the result is always a :class:`Reward` with a finite score."""
        impl = self.impl
        value = impl(sample)
        if impl is self._vouched:
            return value  # type: ignore[return-value]
        # What to_reward returns at once for a Reward with a finite float score (the
        # built-ins' every answer), without the call: inf - inf and nan - nan are nan.
        if type(value) is Reward:
            score = value.score
            if type(score) is float and score - score == 0.0:
                return value
        return to_reward(value)

    def __repr__(self) -> str:
        return f"<grader {self.spec.name} {self.spec.args!r}>"


class GraderFactory:
    """A factory decorated with :func:`grader`. Call it with keyword arguments.

    Example:
        >>> @grader(name="always_one", register=False)
        ... def always_one(bonus: float = 0.0):
        ...     return lambda sample: 1.0 + bonus
        >>> always_one(bonus=0.5).spec.args
        {'bonus': 0.5}
    """

    def __init__(
        self,
        func: Callable[..., Callable[[Sample], Reward | float]],
        *,
        name: str,
        description: str,
        permissions: tuple[str, ...] = (),
        concurrency: int = 1,
        requires: tuple[str, ...] = (),
    ) -> None:
        self.func = func
        self.name = name
        self.description = description
        self.permissions = permissions
        self.concurrency = concurrency
        self.requires = requires
        self.signature = _check_signature(func, name)
        self.target = f"{func.__module__}:{func.__qualname__}"
        self.__doc__ = func.__doc__
        self.__wrapped__ = func

    def bind_args(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``args`` against the factory signature and return them JSON-normalised."""
        params = self.signature.names
        unknown = [k for k in args if k not in params]
        missing = [k for k in self.signature.required if k not in args]
        if unknown or missing:
            accepted = ", ".join(params) or "no arguments"
            if unknown:
                problem = "unexpected argument " + ", ".join(repr(k) for k in unknown)
                close = _close_matches(unknown[0], params)
                hint = f"did you mean {', '.join(close)}?" if close else None
            else:
                problem = "missing required argument " + ", ".join(repr(k) for k in missing)
                hint = None
            raise GraderArgsError(
                f"grader {self.name!r}: {problem} (accepted: {accepted})", hint=hint
            )
        normalised = _json_normalise(dict(args), f"arguments of grader {self.name!r}")
        assert isinstance(normalised, dict)
        return normalised

    def create(self, args: Mapping[str, Any], *, target: str | None = None) -> BoundGrader:
        """Make a grader from ``args``; ``target`` overrides the spec target (file graders)."""
        clean = self.bind_args(args)
        try:
            impl = self.func(**clean)
        except RftkitError:
            raise
        except (TypeError, ValueError) as exc:
            raise GraderArgsError(f"grader {self.name!r}: {exc}") from exc
        if not callable(impl):
            raise GraderDefinitionError(
                f"factory {self.target} returned {type(impl).__name__}, not a callable grader"
            )
        spec = GraderSpec(self.name, target or self.target, clean)
        return BoundGrader(
            impl,
            spec,
            permissions=self.permissions,
            concurrency=self.concurrency,
            requires=self.requires,
        )

    def __call__(self, **args: Any) -> BoundGrader:
        return self.create(args)

    def __repr__(self) -> str:
        return f"<grader factory {self.name} ({self.target})>"


class FactorySignature:
    """The named parameters of a grader factory, and which of them have no default."""

    __slots__ = ("names", "required")

    def __init__(self, names: tuple[str, ...], required: tuple[str, ...]) -> None:
        self.names = names
        self.required = required

    def __repr__(self) -> str:
        return f"FactorySignature(names={self.names!r}, required={self.required!r})"


_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08


def _check_signature(func: Callable[..., Any], name: str) -> FactorySignature:
    """A factory takes keyword arguments only, with JSON-serialisable defaults.

    Plain functions are read from their code object; ``inspect`` (off the Lambda path) is
    imported only for other callables.
    """
    if not callable(func):
        raise GraderDefinitionError(f"@grader needs a function, got {type(func).__name__}")
    if isinstance(func, types.FunctionType):
        code = func.__code__
        if code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS) or code.co_posonlyargcount:
            raise GraderDefinitionError(
                f"grader {name!r}: *args, **kwargs and positional-only parameters are not "
                "allowed; a grader factory takes named arguments only, so its arguments can "
                "be baked into a spec"
            )
        n_pos = code.co_argcount
        names = code.co_varnames[: n_pos + code.co_kwonlyargcount]
        pos_defaults = func.__defaults__ or ()
        defaults = dict(zip(names[n_pos - len(pos_defaults) : n_pos], pos_defaults, strict=True))
        defaults.update(func.__kwdefaults__ or {})
    else:
        import inspect

        try:
            sig = inspect.signature(func)
        except (TypeError, ValueError) as exc:
            raise GraderDefinitionError(f"grader {name!r}: cannot read signature: {exc}") from None
        for p in sig.parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY):
                raise GraderDefinitionError(
                    f"grader {name!r}: parameter {p.name!r} is {p.kind.description}; a grader "
                    "factory takes named arguments only, so its arguments can be baked into a "
                    "spec"
                )
        names = tuple(sig.parameters)
        defaults = {k: p.default for k, p in sig.parameters.items() if p.default is not p.empty}
    for key, default in defaults.items():
        try:
            json.dumps(default, allow_nan=False)
        except (TypeError, ValueError):
            raise GraderDefinitionError(
                f"grader {name!r}: default of {key!r} ({default!r}) is not JSON-serialisable"
            ) from None
    return FactorySignature(tuple(names), tuple(n for n in names if n not in defaults))


if TYPE_CHECKING:  # what type checkers see; at run time ``grader`` returns a GraderFactory

    class TypedGraderFactory(GraderFactory, Generic[_P]):
        """A :class:`GraderFactory` whose call signature is the decorated factory's.

        Exists for type checkers only: ``gsm8k(corect_weight=0.5)`` is a type error, as it
        is a :class:`~rftkit.errors.GraderArgsError` at run time.
        """

        def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> BoundGrader: ...


if TYPE_CHECKING:  # the overloads only tell type checkers what each call form returns

    @overload
    def grader(
        func: Callable[_P, Callable[[Sample], Reward | float]], /
    ) -> TypedGraderFactory[_P]: ...

    @overload
    def grader(
        *,
        name: str | None = None,
        description: str | None = None,
        permissions: Iterable[str] = (),
        requires: Iterable[str] = (),
        concurrency: int = 1,
        register: bool = True,
        registry: GraderRegistry | None = None,
    ) -> Callable[[Callable[_P, Callable[[Sample], Reward | float]]], TypedGraderFactory[_P]]: ...


def grader(
    func: Callable[..., Any] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    permissions: Iterable[str] = (),
    requires: Iterable[str] = (),
    concurrency: int = 1,
    register: bool = True,
    registry: GraderRegistry | None = None,
) -> GraderFactory | Callable[[Callable[..., Any]], GraderFactory]:
    """Turn a factory function into a registered grader factory.

    The factory takes keyword arguments (JSON-serialisable) and returns a callable that
    scores a :class:`Sample`, returning a :class:`Reward` or a float.

    Args:
        func: the factory (when used as a bare ``@grader``).
        name: the registry name; defaults to the function's name.
        description: one line for ``rftkit graders list``; defaults to the docstring's first
            line.
        permissions: IAM actions the grader needs in its Lambda, e.g. ``bedrock:InvokeModel``.
        requires: third-party requirements (PEP 508) its Lambda bundle must ship.
        concurrency: samples the harness may grade at once (I/O-bound graders only).
        register: also register in the default registry (or ``registry``).
        registry: the registry to register in.

    Example:
        >>> @grader(register=False)
        ... def contains(word: str = "yes"):
        ...     "Full reward when the reply contains a word."
        ...     return lambda sample: float(word in sample.completion)
        >>> contains(word="ok")(Sample.from_text(response="ok!")).score
        1.0
    """

    def wrap(f: Callable[..., Any]) -> GraderFactory:
        doc = [line.strip() for line in (f.__doc__ or "").strip().splitlines()]
        factory = GraderFactory(
            f,
            name=name or f.__name__,
            description=description or (doc[0] if doc else ""),
            permissions=tuple(permissions),
            concurrency=concurrency,
            requires=tuple(requires),
        )
        if register:
            (registry or default_registry).register(factory, replace=True)
        return factory

    if func is not None:
        return wrap(func)
    return wrap


if TYPE_CHECKING:

    class _GraderInfo(NamedTuple):
        name: str
        target: str
        distribution: str | None
        description: str
        error: str | None = None

else:
    _GraderInfo = namedtuple(
        "GraderInfo", ("name", "target", "distribution", "description", "error"), defaults=(None,)
    )


class GraderInfo(_GraderInfo):
    """What ``rftkit graders list`` shows about one grader.

    A named tuple: ``name``, ``target``, ``distribution``, ``description``, ``error``.
    """

    __slots__ = ()


class _Lazy:
    __slots__ = ("distribution", "entry_point", "target")

    def __init__(self, target: str, distribution: str | None, entry_point: Any = None) -> None:
        self.target = target
        self.distribution = distribution
        self.entry_point = entry_point  # importlib.metadata.EntryPoint, imported lazily


def _is_file_target(ref: str) -> bool:
    path, _, attr = ref.rpartition(":")
    return bool(path and attr) and (path.endswith(".py") or "/" in path or "\\" in path)


def _is_module_target(ref: str) -> bool:
    mod, sep, attr = ref.partition(":")
    return bool(sep and mod and attr) and not _is_file_target(ref)


def _import_module(name: str) -> Any:
    """``importlib.import_module(name)``, without importing ``importlib`` (off the Lambda
    path) for absolute names: for them it is ``__import__`` and a ``sys.modules`` lookup."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    if name.startswith("."):  # relative: let importlib raise its own error
        import importlib

        return importlib.import_module(name)
    __import__(name)
    return sys.modules[name]


def _close_matches(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=3, cutoff=cutoff)


def _load_file_module(path: str) -> Any:
    """Import a Python file under a stable, unique module name."""
    import hashlib
    import importlib.util

    resolved = os.path.realpath(path)
    digest = hashlib.sha1(resolved.encode(), usedforsecurity=False).hexdigest()[:10]
    stem = os.path.splitext(os.path.basename(resolved))[0]
    mod_name = f"rftkit_user_{stem}_{digest}"
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    spec = importlib.util.spec_from_file_location(mod_name, resolved)
    if spec is None or spec.loader is None:
        raise GraderNotFoundError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:
        del sys.modules[mod_name]
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise PluginError(f"{path} failed to import: {type(exc).__name__}: {exc}") from exc
    return module


def _as_factory(obj: Any, ref: str) -> GraderFactory:
    if isinstance(obj, GraderFactory):
        return obj
    if isinstance(obj, types.FunctionType):
        # A plain factory function: wrap it without registering it anywhere.
        return grader(register=False)(obj)
    return _not_factory(ref)


def _not_factory(ref: str) -> GraderFactory:
    raise GraderNotFoundError(
        f"{ref} is not a grader factory",
    )


def _resolve_attr(module: Any, attr: str, ref: str) -> Any:
    obj = module
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            names = [n for n in dir(module) if not n.startswith("_")]
            raise GraderNotFoundError(
                f"{ref}: no attribute {attr!r}",
                suggestions=_close_matches(attr, names),
            ) from None
    return obj


class GraderRegistry:
    """Graders by name: registered factories plus lazily loaded entry points.

    Create a fresh instance for isolation (tests); :data:`default_registry` is the
    process-wide one that ``@grader`` and :func:`load_grader` use.

    Example:
        >>> reg = GraderRegistry(entry_points=False)
        >>> "gsm8k" in reg.names()
        True
    """

    def __init__(
        self,
        group: str = GRADER_ENTRY_POINT_GROUP,
        *,
        entry_points: bool = True,
        builtins: bool = True,
    ) -> None:
        self.group = group
        self._factories: dict[str, GraderFactory] = {}
        self._lazy: dict[str, _Lazy] = {}
        self._use_entry_points = entry_points
        self._use_builtins = builtins
        self._scanned = False
        self._lock = _thread.RLock()  # threading.RLock, without importing threading

    # -- discovery ---------------------------------------------------------------------------

    def _scan(self) -> None:
        if self._scanned:
            return
        with self._lock:
            if self._scanned:
                return
            if self._use_builtins:
                for name, target in BUILTINS.items():
                    self._lazy.setdefault(name, _Lazy(target, "rftkit"))
            if self._use_entry_points:
                from importlib import metadata

                for ep in metadata.entry_points(group=self.group):
                    dist = ep.dist.name if ep.dist is not None else None
                    existing = self._lazy.get(ep.name)
                    if existing is not None and existing.target == ep.value:
                        continue  # our own built-ins, declared twice on purpose
                    self._lazy[ep.name] = _Lazy(ep.value, dist, ep)
            self._scanned = True

    def register(self, factory: GraderFactory, *, replace: bool = False) -> None:
        """Add a factory under ``factory.name``.

        Raises:
            GraderDefinitionError: the name is taken by a different factory and not ``replace``.
        """
        with self._lock:
            old = self._factories.get(factory.name)
            if old is not None and old.target != factory.target and not replace:
                raise GraderDefinitionError(
                    f"grader name {factory.name!r} is taken by {old.target}"
                )
            self._factories[factory.name] = factory

    def names(self) -> list[str]:
        """Every known grader name, sorted (without importing any plugin)."""
        self._scan()
        return sorted(set(self._factories) | set(self._lazy))

    def _load_lazy(self, name: str, lazy: _Lazy) -> GraderFactory:
        try:
            if lazy.entry_point is not None:
                obj = lazy.entry_point.load()
            else:
                mod, _, attr = lazy.target.partition(":")
                obj = _resolve_attr(_import_module(mod), attr, lazy.target)
        except RftkitError:
            raise
        except Exception as exc:
            raise PluginError(
                f"grader {name!r} ({lazy.target}) from distribution "
                f"{lazy.distribution or 'unknown'} failed to load: {type(exc).__name__}: {exc}",
                distribution=lazy.distribution,
            ) from exc
        try:
            factory = _as_factory(obj, lazy.target)
        except GraderNotFoundError as exc:
            raise PluginError(
                f"grader {name!r} from distribution {lazy.distribution or 'unknown'}: "
                f"{exc.message}",
                distribution=lazy.distribution,
            ) from None
        if factory.name != name:
            # Registered under the entry-point name, whatever the decorator called it.
            factory = GraderFactory(
                factory.func,
                name=name,
                description=factory.description,
                permissions=factory.permissions,
                concurrency=factory.concurrency,
                requires=factory.requires,
            )
        self._factories[name] = factory
        return factory

    def get(self, ref: str) -> GraderFactory:
        """Find a factory by name, ``module:attr`` or ``path/to/file.py:attr``.

        Raises:
            GraderNotFoundError: unknown name (with the closest names), or missing file.
            PluginError: the plugin exists but fails to import.
        """
        if not isinstance(ref, str) or not ref:
            raise GraderNotFoundError(f"grader name must be a non-empty string, got {ref!r}")
        if _is_file_target(ref):
            path_s, _, attr = ref.rpartition(":")
            if not os.path.isfile(path_s):
                raise GraderNotFoundError(f"no such grader file: {path_s}")
            return _as_factory(_resolve_attr(_load_file_module(path_s), attr, ref), ref)
        if _is_module_target(ref):
            mod, _, attr = ref.partition(":")
            try:
                module = _import_module(mod)
            except ImportError as exc:
                raise GraderNotFoundError(f"cannot import module {mod!r}: {exc}") from None
            return _as_factory(_resolve_attr(module, attr, ref), ref)
        factory = self._factories.get(ref)
        if factory is not None:
            return factory
        self._scan()
        lazy = self._lazy.get(ref)
        if lazy is not None:
            with self._lock:
                return self._factories.get(ref) or self._load_lazy(ref, lazy)
        raise GraderNotFoundError(
            f"unknown grader {ref!r}",
            suggestions=_close_matches(ref, self.names(), cutoff=0.5),
        )

    def create(self, ref: str, /, **args: Any) -> BoundGrader:
        """Make a ready grader from a name or path and keyword arguments."""
        factory = self.get(ref)
        target = ref if _is_file_target(ref) else None
        return factory.create(args, target=target)

    def load_spec(self, spec: GraderSpec) -> BoundGrader:
        """Recreate a grader from its spec (what a Lambda does at cold start)."""
        factory = self.get(spec.target)
        bound = factory.create(spec.args, target=spec.target)
        if bound.spec.name != spec.name:
            bound.spec = GraderSpec(spec.name, bound.spec.target, bound.spec.args)
            bound.name = spec.name
        return bound

    def describe(self) -> list[GraderInfo]:
        """Load every grader and describe it; broken ones carry ``error`` instead of failing."""
        infos = []
        for name in self.names():
            lazy = self._lazy.get(name)
            dist = lazy.distribution if lazy else None
            try:
                factory = self.get(name)
            except RftkitError as exc:
                target = lazy.target if lazy else "?"
                infos.append(GraderInfo(name, target, dist, "", error=exc.message))
                continue
            infos.append(GraderInfo(name, factory.target, dist, factory.description))
        return infos

    def check(self) -> list[GraderInfo]:
        """Every grader that fails to load, all at once (empty when all are healthy)."""
        return [info for info in self.describe() if info.error is not None]


default_registry = GraderRegistry()
"""The process-wide registry used by ``@grader`` and :func:`load_grader`."""


def load_grader(name_or_path: str, /, **args: Any) -> BoundGrader:
    """Return a ready grader by name, ``module:attr`` or ``path/to/file.py:factory``.

    Example:
        >>> g = load_grader("gsm8k")
        >>> g(Sample.from_text(response="so 3*12=36\\n#### 36", reference="36")).score
        1.0
    """
    return default_registry.create(name_or_path, **args)


def load_spec(spec: GraderSpec | Mapping[str, Any]) -> BoundGrader:
    """Recreate a grader from a spec or its dict form (used by the Lambda entry module)."""
    if not isinstance(spec, GraderSpec):
        spec = GraderSpec.from_dict(spec)
    return default_registry.load_spec(spec)
