"""An answer section, then another: ``## Answer\\nJanet makes $18 per day.\\n\\n## Explanation
\\nShe has 9 eggs left to sell at $2 each.`` answers 18, not 2.

Helpers of :mod:`rftkit.rewards.checks_after` (docs/graders.md, "An answer section, then an
explanation"). Standard library only: this module ships inside every reward Lambda (no
typing at run time).

Chat models lay a reply out in sections, the answer first: a heading alone on its line
that names the answer (``## Answer``, ``### Final Answer``, ``**Answer:**``, ``Short
answer:``, ``Answer`` with or without Markdown marks and a colon, nothing after it on the
line), the answer's own lines, then another heading (``## Explanation``, ``**Reasoning:**``,
``Work:``: a heading alone on its line, Markdown ``#``, a line wholly bold, or one to four
words and a colon) and the rest of the reply. The final-sentence and last-number rules
read the reply's end, the other section's last number. :func:`answer_section_cut` finds
where the later section starts, so that the text before it, ending in the answer section,
is read (``checks_after.checked``, flag ``answer_section``):

* the answer heading is among the last :data:`REACH` characters and the last 40 lines, and
  its section holds a digit before the next heading;
* a later section that concludes with another value (``So she makes $20.``:
  :func:`sentences.later_statement`) takes the answer back: several answers, as after an
  answer marker (:func:`alternatives.concluded`).

An answer heading with the answer on its own line (``Answer: 18``) is the ``answer_is``
rule's, and a reply whose answer section ends it is read as before (its final sentence is
the section's).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

__all__ = ["FLAG", "REACH", "answer_section_cut"]

FLAG: Final = "answer_section"
"""The flag of an answer read in an answer section that another section follows."""

REACH: Final = 3000
"""Characters from the reply's end in which an answer heading is looked for."""

_MAX_LINES = 40
_MARKS = " \t#*_>-:"
_ANSWER_HEADINGS = frozenset(
    {"answer", "answers", "final answer", "the answer", "the final answer", "short answer"}
)
_MAX_HEADING_WORDS = 4
_MAX_SEARCH = 8  # occurrences of "nswer" looked at for the heading


def _bare(line: str) -> str:
    return line.strip(_MARKS).lower()


def _is_heading(line: str) -> bool:
    """A heading alone on its line: Markdown ``#``, a line wholly bold, or one to four words
    and a colon (``Explanation:``, ``**Step-by-step work:**``), no digit."""
    s = line.strip()
    if not s or any(c.isdigit() for c in s):
        return False
    if s.startswith("#"):
        return True
    if s.startswith("**") and s.endswith("**") and len(s) > 4 and "**" not in s[2:-2]:
        return True
    core = s.strip("*_ ")
    return core.endswith(":") and 0 < len(core[:-1].split()) <= _MAX_HEADING_WORDS


def answer_section_cut(t: str) -> int:
    """Where the section after the reply's answer section starts, or -1 (see the module).

    Example:
        >>> t = "## Answer\\nShe makes $18.\\n\\n## Explanation\\nShe sells 9 eggs at $2."
        >>> t[answer_section_cut(t):]
        '## Explanation\\nShe sells 9 eggs at $2.'
        >>> answer_section_cut("## Explanation\\nShe sells 9 eggs at $2.\\n\\n## Answer\\n$18")
        -1
    """
    lo = len(t) - REACH if len(t) > REACH else 0
    # The last answer heading: an "nswer" whose line is one (at most _MAX_SEARCH looked at).
    i = t.rfind("nswer", lo)
    start = -1
    for _ in range(_MAX_SEARCH):
        if i == -1:
            return -1
        line_start = t.rfind("\n", 0, i) + 1
        line_end = t.find("\n", i)
        if _bare(t[line_start : line_end if line_end != -1 else len(t)]) in _ANSWER_HEADINGS:
            start = line_start
            break
        i = t.rfind("nswer", lo, line_start)
    if start < lo:
        return -1  # none, or its line begins before the reach
    lines = t[start:].split("\n", _MAX_LINES)[:_MAX_LINES]
    pos = start + len(lines[0]) + 1
    digit = False  # does the answer section hold a digit yet?
    for line in lines[1:]:
        if _is_heading(line):
            if _bare(line) in _ANSWER_HEADINGS:
                return -1  # another answer heading: read as before
            return pos if digit else -1  # an empty answer section: read as before
        if not digit and any(c.isdigit() for c in line):
            digit = True
        pos += len(line) + 1
    return -1
