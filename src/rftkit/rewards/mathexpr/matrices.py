"""Matrix sums and products in an answer (``A + B``, ``A B``, ``2A``, ``-A``), folded into
the matrix they make, so they compare cell by cell; and what counts as a scalar.

Folding is bounded: a product writes at most ``_MAX_MATRIX_TERMS`` cell products, and a
folded matrix holds at most ``_MAX_MATRIX_NODES`` nodes counted as trees; past either,
:class:`~.nodes.MathLimitError`. Standard library only.
"""

from __future__ import annotations

from rftkit.rewards.mathexpr.evaluate import children
from rftkit.rewards.mathexpr.nodes import (
    Add,
    Const,
    Div,
    Func,
    MathLimitError,
    Matrix,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Sym,
)

__all__ = ["is_scalar", "matrix_product", "matrix_sum"]


_SCALAR_KINDS = (Num, Sym, Const, Add, Mul, Div, Pow, Neg, Func)


def is_scalar(node: Node) -> bool:
    """Whether ``node`` is arithmetic on numbers, symbols and functions only (no tuple, set,
    matrix or relation inside)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if type(n) not in _SCALAR_KINDS:
            return False
        stack.extend(children(n))
    return True


_MAX_MATRIX_TERMS = 4096  # products of cells one matrix product may write


def _shape(m: Matrix) -> tuple[int, int]:
    return len(m.rows), len(m.rows[0])


def matrix_sum(kids: tuple[Node, ...]) -> Matrix | None:
    """``A + B`` of matrices of one shape, cell by cell; None unless every term is one."""
    mats = [k for k in kids if isinstance(k, Matrix)]
    if len(mats) != len(kids):
        return None
    rows, cols = _shape(mats[0])
    if any(_shape(m) != (rows, cols) for m in mats):
        return None
    cells = tuple(
        tuple(Add(tuple(m.rows[r][c] for m in mats)) for c in range(cols)) for r in range(rows)
    )
    return _bounded(Matrix(cells))


_MAX_MATRIX_NODES = 20_000  # nodes a folded matrix may hold, counted as a tree


def _bounded(m: Matrix) -> Matrix:
    """``m``, unless its cells hold more than :data:`_MAX_MATRIX_NODES` nodes as trees.

    Folded cells share subtrees (``A A A`` reuses the cells of ``A A``), so a chain of
    products is small in memory but exponential as a tree, and the later stages walk trees;
    the count stops at the limit, so checking costs at most that many steps."""
    stack: list[Node] = [x for row in m.rows for x in row]
    seen = 0
    while stack:
        seen += 1
        if seen > _MAX_MATRIX_NODES:
            raise MathLimitError("matrix arithmetic over the size limit")
        stack.extend(children(stack.pop()))
    return m


def matrix_product(kids: tuple[Node, ...]) -> Matrix | None:
    """``A B`` (or ``2 A``) with at least one matrix, as the matrix it is; None when a
    factor is neither a matrix nor a scalar, or the shapes do not chain."""
    if not any(type(k) is Matrix for k in kids):
        return None
    scalars: list[Node] = []
    result: Matrix | None = None
    terms = 0
    for k in kids:
        if type(k) is not Matrix:
            if not is_scalar(k):
                return None
            scalars.append(k)
            continue
        if result is None:
            result = k
            continue
        (n, m), (m2, p) = _shape(result), _shape(k)
        if m != m2:
            return None
        terms += n * m * p
        if terms > _MAX_MATRIX_TERMS:
            raise MathLimitError("a matrix product over the size limit")
        a, b = result, k
        result = _bounded(
            Matrix(
                tuple(
                    tuple(
                        Add(tuple(Mul((a.rows[i][j], b.rows[j][c])) for j in range(m)))
                        for c in range(p)
                    )
                    for i in range(n)
                )
            )
        )
    assert result is not None
    if scalars:
        factor = scalars[0] if len(scalars) == 1 else Mul(tuple(scalars))
        result = _bounded(
            Matrix(tuple(tuple(Mul((factor, x)) for x in row) for row in result.rows))
        )
    return result
