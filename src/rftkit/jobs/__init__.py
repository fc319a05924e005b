"""RFT jobs on Amazon Bedrock: start them, follow them, evaluate what they produced.

One module per concern; nothing is imported here, so each command loads only what it uses:

* :mod:`rftkit.jobs.routes`: which API trains a model, and the reward Lambda's ARN.
* :mod:`rftkit.jobs.model`: the route-neutral job, its events, one poll's snapshot.
* :mod:`rftkit.jobs.openai`: the OpenAI-compatible endpoint (open-weight models).
* :mod:`rftkit.jobs.native`: the native ``bedrock`` API (Nova models).
* :mod:`rftkit.jobs.watch`: the polling loop that follows a job.
* :mod:`rftkit.jobs.curve`: a metric by step as a sparkline, SVG/HTML chart or PNG.
* :mod:`rftkit.jobs.evaluate`: ask a model held-out prompts and grade its answers.
"""
