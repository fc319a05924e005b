"""Checks for IFEval's verifiable instructions (private helpers of the ``ifeval`` grader).

:mod:`.checks` turns one ``(instruction_id, kwargs)`` pair into a predicate on the reply;
:mod:`.langid` is the small standard-library language identifier some of them need.
"""
