"""Helpers of the ``code`` grader: the process sandbox and the test-reference parser."""
