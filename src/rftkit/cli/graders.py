"""``rftkit graders list``: every grader rftkit can load, and whether it loads.

Lists built-ins and installed plugins (entry-point group ``rftkit.graders``) with the
distribution that provides each and its one-line description. ``--check`` loads every
plugin and reports all failures at once, exiting 1 when any grader is broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rftkit.rewards.registry import GraderInfo, GraderRegistry, default_registry

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``rftkit graders list``."""
    parser = subparsers.add_parser(
        "graders",
        help="list the available graders and check that they load",
        description="List the graders rftkit can load: built-ins and installed plugins.",
    )
    sub = parser.add_subparsers(dest="graders_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: _help(parser))
    listing = sub.add_parser(
        "list",
        help="name, source distribution and description of every grader",
        description=(
            "Show every grader by name with the distribution that provides it and its "
            "one-line description. Loading a grader imports its plugin; a plugin that fails "
            "to import is shown as broken."
        ),
        epilog="Example: rftkit graders list --check",
    )
    listing.add_argument(
        "--check",
        action="store_true",
        help="load every plugin and report all failures at once; exit 1 if any is broken",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(func=run_list)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _as_dict(info: GraderInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "distribution": info.distribution,
        "target": info.target,
        "description": info.description,
        "ok": info.error is None,
        "error": info.error,
    }


def run_list(args: argparse.Namespace, registry: GraderRegistry | None = None) -> int:
    """Entry point of ``rftkit graders list``."""
    infos = (registry or default_registry).describe()
    broken = [i for i in infos if i.error is not None]
    if args.json:
        print(json.dumps([_as_dict(i) for i in infos], indent=2))
    else:
        name_w = max([len("NAME"), *(len(i.name) for i in infos)])
        dist_w = max([len("DISTRIBUTION"), *(len(i.distribution or "-") for i in infos)])
        print(f"{'NAME':<{name_w}}  {'DISTRIBUTION':<{dist_w}}  DESCRIPTION")
        for i in infos:
            text = i.description if i.error is None else f"BROKEN: {i.error}"
            print(f"{i.name:<{name_w}}  {i.distribution or '-':<{dist_w}}  {text}")
    if args.check:
        if broken:
            print(f"\n{len(broken)} of {len(infos)} graders failed to load:", file=sys.stderr)
            for i in broken:
                dist = i.distribution or "unknown distribution"
                print(f"  {i.name} ({dist}): {i.error}", file=sys.stderr)
            return 1
        print(f"all {len(infos)} graders load", file=sys.stderr)
    return 0
