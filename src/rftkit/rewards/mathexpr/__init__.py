"""Math answer equivalence for the ``math`` grader: a bounded parser and staged comparison.

Modules (import the one you need; this package imports nothing on its own):

- :mod:`.nodes`: the AST and the :class:`~.nodes.Limits` that bound parsing.
- :mod:`.lexer`, :mod:`.parser`: LaTeX and plain text to the AST (``parse``).
- :mod:`.evaluate`: exact (fractions) and floating-point evaluation, the magnitude guard.
- :mod:`.canon`: a canonical polynomial form that proves equality without sympy.
- :mod:`.equiv`: the staged comparison (``decide``, ``prepare``, ``compare``).
- :mod:`.to_sympy`: the sympy stages (imports sympy lazily; runs in the worker).
- :mod:`.budget`: the worker process that enforces a per-sample time budget.

Everything except :mod:`.to_sympy` is standard library only.
"""
