"""``rftkit deploy``: build the grader's bundle, plan the changes, apply them, smoke-test.

Every setting comes from a flag, else from the project configuration (``[tool.rftkit]`` in
pyproject.toml or ``rftkit.toml``), else from its default; a configured project deploys with a
bare ``rftkit deploy``. boto3 and pydantic are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rftkit.cli._common import add_grader_args, grader_errors
from rftkit.errors import UsageError

__all__ = ["DeploySettings", "register", "resolve_settings", "run"]

_EPILOG = """\
examples:
  rftkit deploy --grader gsm8k --function-name gsm8k-reward --region us-east-1
  rftkit deploy --grader gsm8k --function-name gsm8k-reward --dry-run
  rftkit deploy            # everything from [tool.rftkit] in pyproject.toml

The plan is printed before anything changes: '+' creates, '~' changes, '-' removes. A
second deploy of unchanged code changes nothing. Each deploy that changes the function
publishes a version, smoke-tests it with a Bedrock-shaped GSM8K event, and only then moves
the alias (default 'live') to it. Give Bedrock the alias ARN that is printed at the end.
rftkit changes only resources it created (tagged rftkit:managed=true).
"""


def register(subparsers: Any) -> None:
    """Add the ``deploy`` command."""
    p = subparsers.add_parser(
        "deploy",
        help="build, plan and deploy a grader as a Lambda function",
        description=(
            "Build the grader's Lambda bundle, compare it with what is deployed, print the\n"
            "plan, and apply it: create or reuse the execution role, create or update the\n"
            "function, publish a version, smoke-test it and move the alias to it. Flags\n"
            "override the project configuration ([tool.rftkit] in pyproject.toml or\n"
            "rftkit.toml)."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--grader",
        metavar="NAME",
        help="grader name, package.module:factory or path/file.py:factory "
        "(config: tool.rftkit.grader)",
    )
    add_grader_args(p)
    p.add_argument(
        "--function-name",
        metavar="F",
        help="the Lambda function's name (config: deploy.function_name)",
    )
    p.add_argument(
        "--region", metavar="R", help="AWS region (default: config, then AWS_REGION / profile)"
    )
    p.add_argument(
        "--role-arn",
        metavar="A",
        help="use this existing execution role as it is; without it rftkit creates and "
        "manages rftkit-<function-name>",
    )
    p.add_argument("--memory", type=int, metavar="MB", help="memory in MB, 128-10240 (default 512)")
    p.add_argument(
        "--timeout", type=int, metavar="S", help="timeout in seconds, 1-900 (default 300)"
    )
    p.add_argument(
        "--python",
        choices=("3.12", "3.13", "3.14"),
        help="Lambda Python runtime (default 3.12)",
    )
    p.add_argument(
        "--arch", choices=("x86_64", "arm64"), help="Lambda architecture (default x86_64)"
    )
    p.add_argument(
        "--endpoint-url",
        metavar="URL",
        help="send Lambda, IAM and STS calls to this endpoint (a local emulator)",
    )
    p.add_argument("--alias", metavar="NAME", help="the alias Bedrock invokes (default live)")
    p.add_argument(
        "--allow-bedrock-resource-policy",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add (or, with --no-..., remove) a resource policy letting "
        "bedrock.amazonaws.com invoke the alias from this account (default: off)",
    )
    p.add_argument(
        "--no-smoke",
        dest="smoke",
        action="store_false",
        default=None,
        help="skip the smoke invocation of the new version",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan and stop; only read calls are made",
    )
    p.add_argument(
        "--out", type=Path, metavar="DIR", help="where the bundle is written (default dist/)"
    )
    p.add_argument(
        "--no-bytecode",
        dest="bytecode",
        action="store_false",
        help="ship sources only, without the .pyc files compiled by the target Python "
        "(slower cold starts; see `rftkit build --help`)",
    )
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="read this configuration file instead of searching for one",
    )
    p.add_argument(
        "--json", action="store_true", help="print the outcome as one JSON object on stdout"
    )
    p.set_defaults(func=run)


@dataclass(slots=True)
class DeploySettings:
    """Every deploy setting after flags, configuration and defaults are merged."""

    grader: str
    function_name: str
    args: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    endpoint_url: str | None = None
    role_arn: str | None = None
    role_name: str | None = None
    memory: int = 512
    timeout: int = 300
    python: str = "3.12"
    arch: str = "x86_64"
    alias: str = "live"
    bedrock_resource_policy: bool = False
    smoke: bool = True
    environment: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    description: str | None = None
    out_dir: Path = Path("dist")
    requirements: tuple[str, ...] = ()
    bytecode: bool = True
    choice: Any = None
    package_data: tuple[str, ...] = ()


def _pick(flag: Any, configured: Any) -> Any:
    return configured if flag is None else flag


def resolve_settings(ns: argparse.Namespace, loaded: Any) -> DeploySettings:
    """Merge flags over a :class:`~rftkit.packaging.config.LoadedConfig`.

    Arguments from the configuration apply only to the configured grader: ``--grader other``
    without ``--args`` starts from no arguments.

    Raises:
        UsageError: no grader or function name, or ``--args`` that is not a JSON object.
    """
    from rftkit.cli.build import resolve_build

    cfg = loaded.config
    # The same resolution as `rftkit build`: the same configuration gives the same zip.
    built = resolve_build(ns, loaded)
    d = cfg.deploy
    function_name = ns.function_name or d.function_name
    if not function_name:
        raise UsageError(
            "no function name",
            hint="pass --function-name F, or set function_name in [tool.rftkit.deploy]",
        )
    return DeploySettings(
        grader=built.grader,
        function_name=function_name,
        args=built.args,
        region=_pick(ns.region, d.region),
        endpoint_url=_pick(ns.endpoint_url, d.endpoint_url),
        role_arn=_pick(ns.role_arn, d.role_arn),
        role_name=d.role_name,
        memory=_pick(ns.memory, d.memory),
        timeout=_pick(ns.timeout, d.timeout),
        python=built.python,
        arch=built.arch,
        alias=_pick(ns.alias, d.alias),
        bedrock_resource_policy=_pick(
            ns.allow_bedrock_resource_policy, d.allow_bedrock_resource_policy
        ),
        smoke=_pick(ns.smoke, d.smoke),
        environment=dict(d.environment),
        tags=dict(d.tags),
        description=d.description,
        out_dir=built.out_dir,
        requirements=built.requirements,
        bytecode=getattr(ns, "bytecode", True),
        choice=built.choice,
        package_data=built.package_data,
    )


def _progress(message: str) -> None:
    print(f"rftkit: {message}", file=sys.stderr, flush=True)


def build(settings: DeploySettings) -> tuple[Any, Any]:
    """Build the bundle; returns its :class:`BundleFacts` and its grader spec."""
    from rftkit.packaging.bundle import build_bundle
    from rftkit.packaging.plan import BundleFacts

    with grader_errors(settings.choice):
        result = build_bundle(
            settings.grader,
            settings.args,
            python=settings.python,
            arch=settings.arch,
            out_dir=settings.out_dir,
            requirements=settings.requirements,
            progress=_progress,
            bytecode=settings.bytecode,
            package_data=list(settings.package_data),
        )
    for warning in result.warnings:
        _progress(f"warning: {warning}")
    _progress(f"built {result.path} ({result.size:,} bytes, CodeSha256 {result.code_sha256})")
    return BundleFacts.from_result(result), result.spec


def make_clients(region: str | None, endpoint_url: str | None) -> tuple[Any, Any, Any]:
    """boto3 Lambda, IAM and STS clients for one region.

    Raises:
        UsageError: no region given and none configured for boto3.
    """
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(region_name=region)
    if not session.region_name:
        raise UsageError(
            "no AWS region",
            hint="pass --region, set deploy.region in the configuration, or set AWS_REGION",
        )
    config = Config(
        retries={"mode": "standard", "max_attempts": 3}, connect_timeout=10, read_timeout=120
    )
    return (
        session.client("lambda", endpoint_url=endpoint_url, config=config),
        session.client("iam", endpoint_url=endpoint_url, config=config),
        session.client("sts", endpoint_url=endpoint_url, config=config),
    )


def _account(sts: Any) -> str | None:
    """The caller's account id (a read), for the ARN of a function not yet created."""
    try:
        return str(sts.get_caller_identity()["Account"])
    except Exception:  # any failure only costs the ARN preview of a dry run
        return None


def _desired(
    settings: DeploySettings, facts: Any, region: str | None = None, account: str | None = None
) -> Any:
    from rftkit.packaging.plan import Desired

    return Desired(
        settings.function_name,
        facts,
        role_arn=settings.role_arn,
        role_name=settings.role_name,
        memory=settings.memory,
        timeout=settings.timeout,
        environment=settings.environment,
        tags=settings.tags,
        alias=settings.alias,
        bedrock_resource_policy=settings.bedrock_resource_policy,
        description=settings.description,
        region=region,
        account=account,
    )


def run(ns: argparse.Namespace) -> int:
    """Run ``rftkit deploy``."""
    from rftkit.packaging.apply import (
        deploy,
        local_smoke_expectation,
        smoke_test,
    )
    from rftkit.packaging.config import load_config
    from rftkit.packaging.plan import (
        BundleFacts,
        format_plan,
        invoke_policy_statement,
        plan_warnings,
    )
    from rftkit.packaging.remote import LambdaInvoker

    loaded = load_config(ns.config)
    if loaded.path is not None:
        _progress(f"configuration from {loaded.path}")
    settings = resolve_settings(ns, loaded)
    # Names, limits and the region are checked before the build, so a typo fails at once.
    desired = _desired(settings, BundleFacts(Path("-"), "", 0, settings.python, settings.arch))
    lambda_client, iam_client, sts_client = make_clients(settings.region, settings.endpoint_url)
    facts, spec = build(settings)
    region = lambda_client.meta.region_name
    # The account scopes the role's log permissions to this function's own log group.
    account = _account(sts_client) if settings.role_arn is None else None
    desired = _desired(settings, facts, region, account)
    for warning in plan_warnings(desired):
        _progress(f"warning: {warning}")

    def show_plan(actions: list[Any]) -> None:
        if not ns.json:
            print(f"plan for {settings.function_name} ({facts.grader}, {facts.path}):")
            print(format_plan(actions))
            sys.stdout.flush()

    smoke = None
    if settings.smoke and not ns.dry_run:
        expected: list[Any] = []

        def smoke(qualifier: str) -> Any:
            if not expected:
                expected.append(
                    local_smoke_expectation(
                        settings.grader, settings.args, timeout_s=settings.timeout
                    )
                )
            _progress(f"smoke test: invoking {settings.function_name}:{qualifier}")
            invoker = LambdaInvoker(
                settings.function_name,
                region=lambda_client.meta.region_name,
                endpoint_url=settings.endpoint_url,
                qualifier=qualifier,
                max_connections=1,
            )
            try:
                return smoke_test(
                    invoker,
                    qualifier,
                    expected=expected[0],
                    check_answer=getattr(spec, "name", None) == "gsm8k",
                )
            finally:
                invoker.close()

    report = deploy(
        desired,
        lambda_client=lambda_client,
        iam_client=iam_client,
        dry_run=ns.dry_run,
        smoke=smoke,
        progress=_progress,
        on_plan=show_plan,
    )
    result = report.result
    function_arn = result.function_arn
    if function_arn is None:
        account = account or _account(sts_client) or "<account>"
        function_arn = f"arn:aws:lambda:{region}:{account}:function:{settings.function_name}"
    alias_arn = f"{function_arn}:{settings.alias}"
    statement = invoke_policy_statement(function_arn, settings.alias)
    if ns.json:
        print(
            json.dumps(
                {
                    "function_arn": function_arn,
                    "alias_arn": alias_arn,
                    "version": result.version,
                    "changed": report.changed,
                    "dry_run": result.dry_run,
                    "plan": [a.to_dict() for a in report.actions],
                    "smoke": None
                    if report.smoke is None
                    else {
                        "qualifier": report.smoke.qualifier,
                        "ok": report.smoke.ok,
                        "scores": report.smoke.scores,
                        "duration_ms": round(report.smoke.duration_ms, 1),
                    },
                    "bundle": {
                        "path": str(facts.path),
                        "code_sha256": facts.code_sha256,
                        "size": facts.size,
                    },
                    "policy_statement": statement,
                    "role_policy": desired.policy_document,
                },
                indent=2,
            )
        )
        return 0
    print()
    if result.dry_run:
        print("dry run: nothing was changed")
        print(f"function ARN would be: {alias_arn}")
    else:
        where = f"version {result.version}" if result.version else "unchanged"
        print(f"deployed: {alias_arn} ({where})")
    if report.smoke is not None:
        scores = ", ".join(f"{s:g}" for s in report.smoke.scores)
        print(
            f"smoke test of {settings.function_name}:{report.smoke.qualifier}: passed "
            f"(scores {scores}; {report.smoke.duration_ms:.0f} ms)"
        )
    print()
    print("Give Bedrock this ARN as the reward function:")
    print(f"  {alias_arn}")
    print("The Bedrock job's role (or the API key's identity) needs this IAM statement:")
    print(json.dumps(statement, indent=2))
    return 0
