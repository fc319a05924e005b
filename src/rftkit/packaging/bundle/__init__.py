"""Build deterministic Lambda bundles for a grader, with pre-ship checks.

:func:`build_bundle` makes one zip holding:

* ``rftkit_grader.json`` at the root: the grader spec plus the build record (Python version,
  architecture, handler, requirements and the versions installed) that
  :mod:`rftkit.harness.lambda_entry` and :class:`rftkit.harness.runtime.LocalLambda` read;
* the rftkit modules a reward Lambda needs: the top-level package, ``errors``, all of
  ``rewards/`` (graders load by name), and the harness modules on the handler's import path
  (``lambda_entry``, ``handler``, ``contract``, ``invoke`` and whatever they import), found
  by following their ``import`` statements; never ``cli``, ``packaging`` or ``jobs``;
* the grader's own code: a local ``file.py:factory`` is copied to the root as a module and its
  spec target rewritten to ``module:factory``; a package ships what its installed
  distribution's RECORD lists, or, for a plain folder, its modules plus the data files
  declared with ``package_data``, with its distribution's metadata. Dotfiles, VCS and cache
  folders, secret-looking data files and symlinks leaving the package never ship;
* third-party dependencies (the grader's ``requires``, the plugin distribution's requirements,
  and ``--requirement``) installed from the *target's* wheels: manylinux up to glibc 2.34,
  CPython ABI of the target version, never the host's.

Bytecode (the default; ``bytecode=False``, ``rftkit build --no-bytecode`` turns it off):
Lambda's task directory is read-only, so a zip of sources makes every cold start compile every
module it imports (for the gsm8k handler that is about half its cold start). The *target*
interpreter compiles each module into a PEP 552 unchecked-hash ``.pyc``
(``py_compile`` with ``UNCHECKED_HASH``): nothing ever compares it with a source file or a
timestamp, so the 1980 timestamps of the zip entries cannot invalidate it.

* rftkit's own modules and the dependencies' modules ship as ``.pyc`` only, in place of their
  ``.py``: shipping both would nearly triple the gsm8k zip (about 146 KB instead of 58 KB
  without bytecode; bytecode only is about 87 KB) and take the sympy-based ``math`` bundle
  from about 7 MB to over 11 MB. Tracebacks through them name the file and line but show no
  source text (the versions are in the build record). The grader's own code keeps its
  source, with the ``.pyc`` in ``__pycache__/<name>.cpython-XY.pyc`` beside it.
* Compiled with ``-X no_debug_ranges``: no column tables, so the compressed bytecode is about a
  fifth smaller; tracebacks lose only their ``^^^`` markers.
* A ``.pyc`` is valid for every interpreter with the same magic number, which CPython keeps
  fixed within a minor version (it changes only between 3.12 and 3.13, and so on): bytecode
  from this machine's 3.12.x runs on Lambda's own 3.12 patch release. Were the numbers ever to
  differ, a module with its source would quietly be compiled from it, but the
  bytecode-only modules would fail to import. CPython's rule is what this relies on: the
  import check and the deploy smoke test catch a bundle that does not import when it is built
  and deployed, not a later patch release of Lambda's runtime.
* Without an interpreter of the target version here, the zip holds sources only and the build
  warns (it is not an error): install it, or point ``RFTKIT_PYTHON_3_12`` (etc.) at one.

Determinism: entries are sorted, every timestamp is 1980-01-01 00:00, modes are fixed (0644,
0755 for shared objects), no directory entries, no comment; the same inputs give the same bytes
(with the same zlib; dependency versions are pinned by pinning the requirements). With bytecode
the bytes also depend on the build of the target interpreter: the same interpreter gives the
same zip, while another patch release (3.12.1 here, 3.12.8 there) may give different ``.pyc``
bytes, so a rebuild on another machine may change ``CodeSha256`` and make deploy upload the
code again. The build record names the interpreter (``"bytecode": "3.12.1"``).

Checks before anything is written to ``out_dir``: Lambda's size limits (250 MB unzipped is an
error; above 50 MB zipped is a warning, as ``rftkit deploy`` uploads directly, not via S3);
every ``.so`` is an ELF file for the target machine and, when it carries a CPython tag, for the
target version; the
grader's code imports nothing the bundle lacks (a missing dependency is an error); and the
handler imports in a clean interpreter of the target version with only the unpacked zip on its
path (skipped, with a warning saying so, when no such interpreter exists here or the bundle
holds compiled code for another architecture).

Slimming: no ``__pycache__``/``*.pyc`` from this machine (only the target's, above),
``tests``/``test`` directories inside packages, ``bin/``, ``share/``, ``include/``, or install
records; shared objects are never stripped.

The package, one module per concern: :mod:`~rftkit.packaging.bundle.build` (the build and its
result), :mod:`~rftkit.packaging.bundle.rftkit_modules` (which rftkit modules ship),
:mod:`~rftkit.packaging.bundle.grader_files` (the grader's own files),
:mod:`~rftkit.packaging.bundle.dependencies` (target wheels),
:mod:`~rftkit.packaging.bundle.checks` (shared objects, imports, the handler import check),
:mod:`~rftkit.packaging.bundle.bytecode` (the target's ``.pyc`` files),
:mod:`~rftkit.packaging.bundle.imports` (reading import statements) and
:mod:`~rftkit.packaging.bundle.archive` (the zip). Import the public names from here.
"""

from rftkit.packaging.bundle.archive import ZIP_EPOCH, write_deterministic_zip
from rftkit.packaging.bundle.build import (
    ARCHITECTURES,
    MAX_UNZIPPED_BYTES,
    MAX_ZIPPED_DIRECT_BYTES,
    PYTHON_VERSIONS,
    BundleResult,
    build_bundle,
)
from rftkit.packaging.bundle.checks import RUNTIME_PROVIDED, check_shared_objects
from rftkit.packaging.bundle.grader_files import check_package_data

__all__ = [
    "ARCHITECTURES",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIPPED_DIRECT_BYTES",
    "PYTHON_VERSIONS",
    "RUNTIME_PROVIDED",
    "ZIP_EPOCH",
    "BundleResult",
    "build_bundle",
    "check_package_data",
    "check_shared_objects",
    "write_deterministic_zip",
]
