"""The parts of the ``judge`` grader: prompt, verdict parsing, Converse client, cache, replay.

The grader itself (the factory registered as ``judge``) lives in
:mod:`rftkit.rewards.builtin.judge`. Every module here is standard library only at import
time; boto3 is imported by :mod:`rftkit.rewards.judge.client` when the first call is made.
"""
