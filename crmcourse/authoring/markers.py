"""Solution markers: find the ``### BEGIN SOLUTION`` … ``### END SOLUTION`` regions of a cell.

The marker patterns and the ``solution`` cell tag have one home, :mod:`crmcourse.constants`;
learner generation, leak detection and the slides all read cells through this module.

>>> parts = split_regions("x = 1\\n### BEGIN SOLUTION\\ny = 2\\n### END SOLUTION\\n")
>>> parts[0], parts[1].body
('x = 1\\n', ['y = 2\\n'])
>>> print(strip_marker_lines("### BEGIN SOLUTION\\nanswer = 1\\n### END SOLUTION\\ncheck('x', answer)"))
answer = 1
check('x', answer)
"""
from __future__ import annotations

import dataclasses
import re

from crmcourse.constants import SOLUTION_BEGIN_PATTERN, SOLUTION_END_PATTERN, SOLUTION_TAG

__all__ = ["BEGIN_RE", "END_RE", "SOLUTION_TAG", "MarkerError", "Region", "source_text", "cell_tags",
           "split_regions", "is_marker_line", "has_markers", "strip_marker_lines"]

#: A ``### BEGIN SOLUTION`` line (its indentation in the group ``indent``).
BEGIN_RE = re.compile(SOLUTION_BEGIN_PATTERN)
#: A ``### END SOLUTION`` line.
END_RE = re.compile(SOLUTION_END_PATTERN)


class MarkerError(Exception):
    """Unbalanced or nested markers inside one cell (the caller adds the notebook and cell)."""


@dataclasses.dataclass
class Region:
    """One solution region of a cell source."""

    begin_line: str          # the BEGIN marker line (with its line ending)
    body: list[str]          # lines between the markers (with line endings)
    end_line: str            # the END marker line (may lack a final newline)

    @property
    def marker_indent(self) -> str:
        """The indentation of the BEGIN marker line.

        >>> Region("    ### BEGIN SOLUTION\\n", [], "").marker_indent
        '    '
        """
        return BEGIN_RE.match(self.begin_line.rstrip("\r\n")).group("indent")


def source_text(source) -> str:
    """A cell's source as one string (nbformat allows a list of lines).

    >>> source_text(["a\\n", "b"]), source_text(None)
    ('a\\nb', '')
    """
    return "".join(source) if isinstance(source, list) else (source or "")


def cell_tags(cell) -> list[str]:
    """The cell's ``tags`` metadata as a list (empty when missing or malformed).

    >>> cell_tags({"metadata": {"tags": ["solution"]}}), cell_tags({})
    (['solution'], [])
    """
    tags = cell.get("metadata", {}).get("tags", []) or []
    return list(tags) if isinstance(tags, (list, tuple)) else []


def is_marker_line(line: str) -> bool:
    """True for a BEGIN or END marker line (its line ending ignored).

    >>> is_marker_line("  ## END SOLUTION\\n"), is_marker_line("x = 1  # BEGIN SOLUTION")
    (True, False)
    """
    bare = line.rstrip("\r\n")
    return bool(BEGIN_RE.match(bare) or END_RE.match(bare))


def has_markers(source: str) -> bool:
    """True when any line of ``source`` is a solution marker.

    >>> has_markers("a = 1\\n### BEGIN SOLUTION\\n"), has_markers("a = 1")
    (True, False)
    """
    return any(is_marker_line(line) for line in source.splitlines())


def strip_marker_lines(source: str) -> str:
    """``source`` without its marker lines (the solution itself stays): the trainer's worked version."""
    return "".join(line for line in source.splitlines(keepends=True) if not is_marker_line(line))


def split_regions(source: str) -> list[str | Region]:
    """Split ``source`` into verbatim lines (``str``) and :class:`Region` items.

    Raises
    ------
    MarkerError
        For an END without BEGIN, a BEGIN without END, or a BEGIN inside an open region.

    Examples
    --------
    >>> split_regions("### END SOLUTION")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.markers.MarkerError: '### END SOLUTION' on line 1 has no matching '### BEGIN SOLUTION'
    """
    parts: list[str | Region] = []
    open_region: Region | None = None
    open_lineno = 0
    for lineno, line in enumerate(source.splitlines(keepends=True), start=1):
        bare = line.rstrip("\r\n")
        if BEGIN_RE.match(bare):
            if open_region is not None:
                raise MarkerError(
                    f"nested '### BEGIN SOLUTION' on line {lineno} "
                    f"(the one on line {open_lineno} is not closed yet)")
            open_region, open_lineno = Region(line, [], ""), lineno
        elif END_RE.match(bare):
            if open_region is None:
                raise MarkerError(
                    f"'### END SOLUTION' on line {lineno} has no matching '### BEGIN SOLUTION'")
            open_region.end_line = line
            parts.append(open_region)
            open_region = None
        elif open_region is not None:
            open_region.body.append(line)
        else:
            parts.append(line)
    if open_region is not None:
        raise MarkerError(
            f"'### BEGIN SOLUTION' on line {open_lineno} has no matching '### END SOLUTION'")
    return parts
