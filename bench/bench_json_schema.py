"""The json_schema grader: samples/s on realistic replies, and its bundle's cold start.

Throughput (in-process, run it on one core: ``taskset -c 1``): a 64-reply mix of structured
outputs (a bare object, a fenced ```json block after prose, an object at the end of an
explanation, a schema-invalid object, a reply with no JSON, two blocks) graded against an
invoice schema (nested objects, an array of line items, enums, a safe ``pattern``) in
``mode="fields"`` with an expected object; also ``find_json`` alone.

Cold start (``--cold``): builds the bundle for each ``--python`` (the schema baked in as the
grader's argument), unpacks it, and times a fresh interpreter importing the handler and
answering one 64-sample event (min / median / p90 ms; see bench_coldstart.py for the method),
then the whole local Lambda to its first response.

Usage: ``taskset -c 1 python bench/bench_json_schema.py [--seconds 3] [--cold] [--runs 10]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from bench_coldstart import bundle_coldstart  # noqa: E402
from rftkit.rewards.builtin.json_schema import find_json, json_schema  # noqa: E402
from rftkit.rewards.types import Sample  # noqa: E402

SCHEMA = {
    "type": "object",
    "properties": {
        "invoice_id": {"type": "string", "pattern": "^INV-[0-9]{4,8}$"},
        "currency": {"enum": ["EUR", "USD", "GBP"]},
        "customer": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "vat": {"type": ["string", "null"]}},
            "required": ["name"],
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "sku": {"type": "string"},
                    "qty": {"type": "integer", "minimum": 1},
                    "price": {"type": "number", "minimum": 0},
                },
                "required": ["sku", "qty", "price"],
                "additionalProperties": False,
            },
        },
        "total": {"type": "number"},
    },
    "required": ["invoice_id", "currency", "items", "total"],
    "additionalProperties": False,
}
EXPECTED = {
    "invoice_id": "INV-20931",
    "currency": "EUR",
    "customer": {"name": "Acme GmbH", "vat": "DE123456789"},
    "items": [
        {"sku": "A-1", "qty": 2, "price": 19.5},
        {"sku": "B-7", "qty": 1, "price": 120.0},
    ],
    "total": 159.0,
}


def replies() -> list[str]:
    good = json.dumps(EXPECTED)
    pretty = json.dumps(EXPECTED, indent=2)
    wrong = json.dumps({**EXPECTED, "total": 160.0, "currency": "USD"})
    invalid = json.dumps({**EXPECTED, "items": [{"sku": "A-1", "qty": 0}]})
    prose = "I read the invoice header, the customer block and the two line items. " * 4
    forms = [
        good,
        f"{prose}\n```json\n{pretty}\n```",
        f"{prose}\nThe extracted record is {good}",
        f"```json\n{invalid}\n```",
        f"{prose}\nI could not find a total on this invoice.",
        f"First try:\n```json\n{wrong}\n```\nCorrected:\n```json\n{pretty}\n```",
        f"{prose}\n```json\n{wrong}\n```\nDone.",
        pretty,
    ]
    return [forms[i % len(forms)] for i in range(64)]


def rate(fn: object, items: list[object], seconds: float) -> float:
    call = fn  # type: ignore[assignment]
    n = 0
    t0 = time.perf_counter()
    while True:
        for item in items:
            call(item)  # type: ignore[operator]
        n += len(items)
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return n / elapsed


def bench_throughput(seconds: float) -> None:
    grade = json_schema(schema=SCHEMA, mode="fields")
    texts = replies()
    samples = [
        Sample.from_text(response=t, reference={"expected": EXPECTED}, prompt="Extract.")
        for t in texts
    ]
    scores = [grade(s).score for s in samples]
    print(f"mean score of the mix: {sum(scores) / len(scores):.3f} over {len(samples)} replies")
    print(f"json_schema grade (fields mode): {rate(grade, samples, seconds):10,.0f} samples/s")  # type: ignore[arg-type]
    print(f"find_json alone:                 {rate(find_json, texts, seconds):10,.0f} replies/s")  # type: ignore[arg-type]


def bench_cold(versions: list[str], runs: int) -> None:
    event: list[dict[str, object]] = [
        {
            "id": f"s{i}",
            "messages": [
                {"role": "user", "content": "Extract the invoice."},
                {"role": "assistant", "content": text},
            ],
            "reference_answer": {"expected": EXPECTED},
        }
        for i, text in enumerate(replies())
    ]
    for version in versions:
        bundle_coldstart(
            "json_schema", version, runs, event, args={"schema": SCHEMA, "mode": "fields"}
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--cold", action="store_true", help="also time the bundle's cold start")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--python", nargs="+", default=["3.12", "3.13"])
    args = parser.parse_args()
    bench_throughput(args.seconds)
    if args.cold:
        bench_cold(args.python, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
