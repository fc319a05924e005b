"""Run a built Lambda zip locally, the way AWS Lambda runs it.

:class:`LocalLambda` unpacks a bundle into a temporary directory, serves the Lambda Runtime API
(``/2018-06-01/runtime/...``) on 127.0.0.1, and starts the real runtime client, ``awslambdaric``
from PyPI, in a clean interpreter of the bundle's Python version with only the unpacked bundle
and the runtime client on ``sys.path``. Each :meth:`LocalLambda.invoke` hands one event to the
runtime loop and waits for its response, exactly as a warm Lambda sandbox would.

What is emulated, and how:

* **Isolation.** The interpreter runs with ``-S -s -P`` (no ``site``: neither the interpreter's
  own site-packages nor user site-packages nor ``.pth`` files; the working directory is not put
  on the path) and a rebuilt environment: only ``PYTHONPATH`` (bundle, then runtime client),
  ``PYTHONDONTWRITEBYTECODE`` (``/var/task`` is read-only on Lambda, so nothing is cached
  between cold starts), the variables Lambda defines (``AWS_LAMBDA_RUNTIME_API``,
  ``LAMBDA_TASK_ROOT``, ``_HANDLER``, ``AWS_LAMBDA_FUNCTION_NAME``, ...) and ``env``. The
  working directory is the task root. Lambda's runtime provides boto3; here it is put on
  the path after the runtime client only when the bundle's build record says its code
  imports the SDK without shipping it (or ``aws_sdk=True``). No AWS credentials are
  provided: pass them through ``env`` when a grader must call AWS.
* **Errors** come from ``awslambdaric`` itself, so they carry Lambda's names:
  ``Runtime.ImportModuleError``, ``Runtime.HandlerNotFound``, ``Runtime.UserCodeSyntaxError``,
  or an unhandled exception's class name. A process that dies mid-invocation gives
  ``Runtime.ExitError``; a response above 6 MB gives ``Function.ResponseSizeTooLarge``.
* **Timeout.** The function timeout runs from the moment the runtime receives the event (the
  ``Lambda-Runtime-Deadline-Ms`` header says when); initialisation has Lambda's own 10 s limit.
  On expiry the process group is killed, the invocation fails with ``Sandbox.Timedout``, and the
  next invocation starts a fresh (cold) process.
* **Memory.** Lambda kills a function whose memory use passes its memory size. Here the peak
  resident set size of the process (``VmHWM`` from ``/proc``, which also catches spikes between
  two looks) is read every 50 ms while an invocation runs and once when it ends; above
  ``memory_mb`` the process is killed and the invocation fails with ``Runtime.OutOfMemory``.
  The figure includes the interpreter and the runtime client, as Lambda's "Max Memory Used"
  does, and is reported in each ``REPORT`` log line. As a backstop against runaway
  allocations, ``RLIMIT_AS`` is set to ``memory_mb`` plus ``max(memory_mb, 1024)`` MB with
  ``resource.prlimit`` right after the process starts (no ``preexec_fn``, which is unsafe with
  threads): address space is not resident memory (untouched thread stacks and allocator
  arenas count; ``MALLOC_ARENA_MAX=2`` keeps the latter small), so the limit itself must be
  generous. Caveats: a spike shorter than the check interval is noticed only at the end of the
  invocation (the response is then discarded); an allocation beyond the backstop raises
  ``MemoryError`` in the handler; Linux only (elsewhere memory is not limited and a note says
  so).
* **Warm starts.** The process stays alive between invocations; module state persists. Cold
  start figures: :attr:`LocalLambda.init_ms` (process start to the runtime's first request for
  an event, Lambda's "Init Duration") and :attr:`LocalLambda.cold_start_ms` (process start to
  the first response).

The runtime client is compiled per Python version and architecture, so it is installed on first
use with the host's pip (``pip install --target ... --only-binary=:all: --python-version X
--platform manylinux...``) into ``$RFTKIT_CACHE_DIR`` (default ``~/.cache/rftkit``) under
``ric/<version>-<arch>-awslambdaric<ver>``, then byte-compiled with the target interpreter.
``RFTKIT_RIC_DIR`` points at a ready directory instead (offline machines).

Standard library only. The package: :mod:`~rftkit.harness.runtime.local` (:class:`LocalLambda`),
:mod:`~rftkit.harness.runtime.sandbox` (one runtime process), :mod:`~rftkit.harness.runtime.api`
(the Runtime API server), :mod:`~rftkit.harness.runtime.interpreters` (finding Python),
:mod:`~rftkit.harness.runtime.install` (target wheels: the runtime client, the SDK, a bundle's
dependencies) and :mod:`~rftkit.harness.runtime.manifest` (a bundle's build record). Import the
public names from here.
"""

from __future__ import annotations

from rftkit.harness.runtime.install import (
    RIC_VERSION,
    ensure_aws_sdk,
    ensure_runtime_client,
    pip_install_for_target,
    target_platforms,
)
from rftkit.harness.runtime.interpreters import (
    find_interpreter,
    host_arch,
)
from rftkit.harness.runtime.local import (
    LocalLambda,
)
from rftkit.harness.runtime.manifest import (
    BUNDLE_MANIFEST,
    DEFAULT_HANDLER,
    read_bundle_manifest,
)

__all__ = [
    "BUNDLE_MANIFEST",
    "DEFAULT_HANDLER",
    "RIC_VERSION",
    "LocalLambda",
    "ensure_aws_sdk",
    "ensure_runtime_client",
    "find_interpreter",
    "host_arch",
    "pip_install_for_target",
    "read_bundle_manifest",
    "target_platforms",
]
