"""``rftkit job create``: check everything offline, then upload and start the job."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rftkit.cli._common import add_config_arg, load_project_config
from rftkit.cli.job._shared import add_region, err, open_session, print_json
from rftkit.errors import DatasetError, UsageError
from rftkit.jobs.openai import (
    OpenAIHyperparameters,
    execute_openai_plan,
    plan_openai_job,
    resolve_base_url,
)
from rftkit.jobs.routes import DEFAULT_REGIONS, Route, choose_grader_function, route_for

_NATIVE_ONLY = {
    "role_arn": "--role-arn",
    "s3_prefix": "--s3-prefix",
    "learning_rate": "--learning-rate",
    "samples_per_prompt": "--samples-per-prompt",
    "eval_interval": "--eval-interval",
    "reasoning_effort": "--reasoning-effort",
    "max_prompt_length": "--max-prompt-length",
    "inference_max_tokens": "--inference-max-tokens",
    "job_name": "--job-name",
    "custom_model_name": "--custom-model-name",
}
_OPENAI_ONLY = {"lr_multiplier": "--lr-multiplier", "base_url": "--base-url"}


def _check_route_flags(route: Route, args: argparse.Namespace) -> None:
    other = _NATIVE_ONLY if route == "openai" else _OPENAI_ONLY
    given = [flag for attr, flag in other.items() if getattr(args, attr, None) is not None]
    if given:
        other_kind = "Nova" if route == "openai" else "open-weight"
        verb = "applies" if len(given) == 1 else "apply"
        hint = (
            "open-weight jobs take --epochs, --batch-size and --lr-multiplier"
            if route == "openai"
            else "Nova jobs take --learning-rate rather than --lr-multiplier, and no --base-url"
        )
        raise UsageError(
            f"{', '.join(given)} {verb} only to {other_kind} models, not {args.model}", hint=hint
        )


def _validate_dataset(path: Path, *, min_records: int | None = None) -> None:
    """Run the harness's dataset checks (Bedrock's rules); any error stops the job."""
    from rftkit.harness.dataset import MIN_RECORDS, validate_dataset

    problems = validate_dataset(
        path, min_records=MIN_RECORDS if min_records is None else min_records
    )
    for p in problems:
        if not p.is_error:
            err(p.format(path))  # already "FILE:LINE: warning: ..."
    errors = [p for p in problems if p.is_error]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DatasetError(
            f"{path} fails validation: {errors[0].format(path)}{more}",
            hint=f"rftkit data validate {path} lists every problem",
        )


def _check_references(args: argparse.Namespace, path: Path) -> None:
    """With a configured grader: records that give it nothing to compare with stop the job
    (each would score 0 with an error in every rollout)."""
    from rftkit.cli._common import choose_grader, grader_errors
    from rftkit.harness.dataset import check_references
    from rftkit.rewards.registry import default_registry

    loaded = load_project_config(args)
    if loaded is None or not loaded.grader_ref():
        return
    ns = argparse.Namespace(grader=None, args=None, arg=[], config=None)
    choice = choose_grader(ns, loaded=loaded, default=None)
    with grader_errors(choice):
        bound = default_registry.create(choice.ref, **choice.args)
    probe = not getattr(bound, "permissions", None)  # a judge costs money per call
    problems = check_references(path, bound, bound.name, probe=probe)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DatasetError(
            f"{path} does not suit grader {bound.name}: {problems[0].format(path)}{more}",
            hint=f"rftkit data validate {path} --grader {choice.ref} lists every record",
        )


def _native_hyperparameters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "epochCount": args.epochs,
        "batchSize": args.batch_size,
        "learningRate": args.learning_rate,
        "trainingSamplePerPrompt": args.samples_per_prompt,
        "evalInterval": args.eval_interval,
        "reasoningEffort": args.reasoning_effort,
        "maxPromptLength": args.max_prompt_length,
        "inferenceMaxTokens": args.inference_max_tokens,
    }


def _grader_function_ref(args: argparse.Namespace) -> tuple[str | None, str, str | None]:
    """``--grader-function`` (else the configured function name), the alias to prefer, and
    the region a configured function was deployed to (None for a flag)."""
    loaded = load_project_config(args)
    deploy = loaded.config.deploy if loaded is not None else None
    ref = args.grader_function or (deploy.function_name if deploy is not None else None)
    alias = args.alias or (deploy.alias if deploy is not None else "live")
    deployed_in = None
    if args.grader_function is None and deploy is not None:
        deployed_in = deploy.region
    return ref, alias, deployed_in


def _print_policies(route: Route, region: str, args: argparse.Namespace) -> int:
    from rftkit.jobs.native import open_weight_policies, role_policies
    from rftkit.jobs.routes import check_lambda_arn

    ref, alias, deployed_in = _grader_function_ref(args)
    if ref is None:
        arn = "<GRADER_FUNCTION_ARN>"
    elif ref.startswith("arn:"):
        arn = check_lambda_arn(ref)
        choice = choose_grader_function(arn, region=region, alias=alias)
        if choice.warning:
            err(f"warning: {choice.warning}")
    else:
        # No AWS call for a policy: a name becomes the ARN `job create` would resolve it to,
        # its alias (what deploy smoke-tests and moves), with the account left open.
        qualified = ref if ":" in ref else f"{ref}:{alias}"
        role_parts = (getattr(args, "role_arn", None) or "").split(":")
        account = role_parts[4] if len(role_parts) > 4 and role_parts[4] else "<ACCOUNT_ID>"
        arn = f"arn:aws:lambda:{deployed_in or region}:{account}:function:{qualified}"
        err(f"policy scoped to {arn}")
    if route == "openai":
        print_json(open_weight_policies(grader_arn=arn))
    else:
        print_json(
            role_policies(
                region=region, s3_prefix=args.s3_prefix, grader_arn=arn, role_arn=args.role_arn
            )
        )
    return 0


def _create(args: argparse.Namespace) -> int:
    route = route_for(args.model)
    region = args.region or DEFAULT_REGIONS[route]
    _check_route_flags(route, args)
    if args.print_role_policy:
        return _print_policies(route, region, args)
    if args.training_file is None:
        raise UsageError("job create needs --training-file")
    ref, alias, deployed_in = _grader_function_ref(args)
    if ref is None:
        raise UsageError(
            "job create needs --grader-function (the reward Lambda's ARN or name)",
            hint="deploy one with rftkit deploy (or set deploy.function_name in [tool.rftkit])",
        )
    if route == "native":
        missing = [
            f for f, v in (("--role-arn", args.role_arn), ("--s3-prefix", args.s3_prefix)) if not v
        ]
        if missing:
            raise UsageError(
                f"Nova jobs need {' and '.join(missing)}",
                hint="rftkit job create --model ... --print-role-policy shows the role's policies",
            )
    # Everything checkable offline is checked before the first byte leaves the machine.
    if route == "openai":
        OpenAIHyperparameters(args.epochs, args.batch_size, args.lr_multiplier).check()
    else:
        from rftkit.jobs.native import (
            check_native_hyperparameters,
            check_role_arn,
            parse_s3_uri,
        )

        check_native_hyperparameters(_native_hyperparameters(args))
        check_role_arn(args.role_arn)
        parse_s3_uri(args.s3_prefix)
    _validate_dataset(args.training_file)
    _check_references(args, args.training_file)
    if args.validation_file is not None:
        # The 100-record minimum is documented for training data only.
        _validate_dataset(args.validation_file, min_records=1)
    # A configured function is looked up where it was deployed; a mismatch is warned below.
    chosen = choose_grader_function(ref, region=deployed_in or region, alias=alias)
    if chosen.note:
        err(chosen.note)
    if chosen.warning:
        err(f"warning: {chosen.warning}")
    grader_arn = chosen.arn
    arn_region = grader_arn.split(":")[3]
    if arn_region != region:
        err(f"warning: the grader function is in {arn_region}, the job in {region}")
    if route == "openai":
        return _create_openai(args, region, grader_arn)
    return _create_native(args, region, grader_arn)


def _create_openai(args: argparse.Namespace, region: str, grader_arn: str) -> int:
    base_url = resolve_base_url(region, args.base_url)
    plan = plan_openai_job(
        model=args.model,
        training_file=args.training_file,
        validation_file=args.validation_file,
        grader_arn=grader_arn,
        hyperparameters=OpenAIHyperparameters(args.epochs, args.batch_size, args.lr_multiplier),
        base_url=base_url,
    )
    if args.dry_run:
        print_json({"api": "openai-compatible", "region": region, "requests": plan.requests()})
        return 0
    session = open_session(args)
    created = execute_openai_plan(plan, session.client(), api_key=session.api_key, progress=err)
    if args.json:
        print_json(
            {
                "id": created.job_id,
                "status": created.status,
                "training_file": created.training_file_id,
                "validation_file": created.validation_file_id,
            }
        )
    else:
        print(created.job_id)
    err(
        f"created {created.job_id} ({created.status}); "
        f"follow it with: rftkit job watch {created.job_id}"
    )
    return 0


def _create_native(args: argparse.Namespace, region: str, grader_arn: str) -> int:
    from rftkit.jobs.native import execute_native_plan, plan_native_job

    plan = plan_native_job(
        model=args.model,
        region=region,
        role_arn=args.role_arn,
        grader_arn=grader_arn,
        s3_prefix=args.s3_prefix,
        training_file=args.training_file,
        validation_file=args.validation_file,
        hyperparameters=_native_hyperparameters(args),
        job_name=args.job_name,
        custom_model_name=args.custom_model_name,
    )
    if args.dry_run:
        print_json({"api": "native", "region": region, "requests": plan.requests()})
        return 0
    import boto3

    arn = execute_native_plan(
        plan,
        s3=boto3.client("s3", region_name=region),
        bedrock=boto3.client("bedrock", region_name=region),
        progress=err,
    )
    if args.json:
        print_json({"id": arn, "job_name": plan.job_name, "output": plan.output_uri})
    else:
        print(arn)
    err(f"created {plan.job_name}; follow it with: rftkit job watch {arn}")
    return 0


def add_create(sub: Any) -> None:
    """``job create``."""
    create = sub.add_parser(
        "create",
        help="validate the dataset, upload it and start an RFT job",
        description=(
            "Validate the training file, upload it, and start an RFT job whose reward is "
            "computed by your Lambda. Prints the job id. Every input is checked before "
            "anything is sent; --dry-run prints the exact requests instead of sending them."
        ),
    )
    create.add_argument(
        "--model",
        required=True,
        help="base model id, e.g. openai.gpt-oss-20b or amazon.nova-2-lite-v1:0:256k",
    )
    create.add_argument(
        "--training-file", type=Path, metavar="FILE", help="training prompts (JSONL, RFT format)"
    )
    create.add_argument(
        "--validation-file", type=Path, metavar="FILE", help="optional validation prompts (JSONL)"
    )
    create.add_argument(
        "--grader-function",
        metavar="ARN_OR_NAME",
        help="the reward Lambda: its ARN, or a function name looked up in --region and "
        "resolved to its alias (default: deploy.function_name of [tool.rftkit])",
    )
    create.add_argument(
        "--alias",
        metavar="NAME",
        help="the alias a function name resolves to (default: deploy.alias, else live, the "
        "alias `rftkit deploy` moves after its smoke test)",
    )
    add_config_arg(create)
    hp = create.add_argument_group("hyperparameters (checked against the service bounds)")
    hp.add_argument("--epochs", type=int, metavar="N", help="training epochs (Nova: 1-50)")
    hp.add_argument("--batch-size", type=int, metavar="N", help="prompts per batch (Nova: 16-512)")
    hp.add_argument(
        "--lr-multiplier",
        type=float,
        metavar="X",
        help="learning-rate multiplier (open-weight only)",
    )
    hp.add_argument(
        "--learning-rate", type=float, metavar="X", help="learning rate (Nova only: 1e-7 to 1e-3)"
    )
    hp.add_argument(
        "--samples-per-prompt", type=int, metavar="N", help="rollouts per prompt (Nova only: 2-16)"
    )
    hp.add_argument(
        "--eval-interval",
        type=int,
        metavar="N",
        help="steps between evaluations (Nova only: 1-100)",
    )
    hp.add_argument("--reasoning-effort", metavar="LEVEL", help="low, medium or high (Nova only)")
    hp.add_argument(
        "--max-prompt-length", type=int, metavar="N", help="prompt token limit (Nova only)"
    )
    hp.add_argument(
        "--inference-max-tokens", type=int, metavar="N", help="rollout token limit (Nova only)"
    )
    nova = create.add_argument_group("Nova (native API) options")
    nova.add_argument(
        "--role-arn", metavar="ARN", help="service role Bedrock assumes (see --print-role-policy)"
    )
    nova.add_argument(
        "--s3-prefix",
        metavar="S3_URI",
        help="s3://bucket/prefix for the uploaded data and the job output",
    )
    nova.add_argument(
        "--job-name", metavar="NAME", help="job name (default rftkit-<model>-<UTC time>)"
    )
    nova.add_argument(
        "--custom-model-name",
        metavar="NAME",
        help="name of the resulting custom model (default: the job name)",
    )
    add_region(create)
    create.add_argument(
        "--dry-run", action="store_true", help="print the requests as JSON; send nothing"
    )
    create.add_argument(
        "--print-role-policy",
        action="store_true",
        help="print the IAM policies the job needs and exit (no AWS calls)",
    )
    create.add_argument("--json", action="store_true", help="print the created job as JSON")
    create.set_defaults(func=_create)
