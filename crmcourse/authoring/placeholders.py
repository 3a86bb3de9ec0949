"""What a learner sees instead of a solution region: placeholders that still run.

A code region becomes ``name = ...  # YOUR ANSWER HERE`` for every name it binds at module
scope (in order of first appearance), a stub ``def f(<same signature>):`` / ``class C(<same
bases>):`` with body ``...  # YOUR CODE HERE`` for functions and classes, otherwise
``# YOUR CODE HERE`` (plus ``pass`` inside an indented block). A region in a markdown cell
becomes ``*Write your answer here.*``.

>>> print(learner_source("### BEGIN SOLUTION\\nanswer = 6 * 7\\n### END SOLUTION\\nprint(answer)", "code"))
answer = ...  # YOUR ANSWER HERE
print(answer)
>>> print(learner_source("Why?\\n### BEGIN SOLUTION\\nBecause.\\n### END SOLUTION", "markdown"))
Why?
*Write your answer here.*
"""
from __future__ import annotations

import ast
import os
import textwrap
from typing import Callable, Iterable

from crmcourse.authoring.markers import Region, split_regions

__all__ = ["CODE_PLACEHOLDER", "ANSWER_COMMENT", "MARKDOWN_PLACEHOLDER", "code_placeholder",
           "markdown_placeholder", "learner_source"]

CODE_PLACEHOLDER = "# YOUR CODE HERE"
ANSWER_COMMENT = "# YOUR ANSWER HERE"
MARKDOWN_PLACEHOLDER = "*Write your answer here.*"


def _target_names(target: ast.AST, out: dict[str, ast.AST]) -> None:
    if isinstance(target, ast.Name):
        out.setdefault(target.id, target)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            _target_names(elt, out)
    elif isinstance(target, ast.Starred):
        _target_names(target.value, out)
    # attributes and subscripts (``df["x"] = ...``) bind no name


def _bound_names(stmts: Iterable[ast.stmt], out: dict[str, ast.AST]) -> None:
    """Names bound at module scope by *stmts*, in order of first appearance.

    Looks inside ``if``/``for``/``while``/``with``/``try``/``match`` bodies (still
    module scope) but not inside ``def``/``class`` bodies; a ``for`` target
    or ``with ... as`` name is not an answer.
    """
    for stmt in stmts:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.setdefault(stmt.name, stmt)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                _target_names(target, out)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                _target_names(stmt.target, out)
        elif isinstance(stmt, ast.AugAssign):
            _target_names(stmt.target, out)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.If)):
            _bound_names(stmt.body, out)
            _bound_names(stmt.orelse, out)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            _bound_names(stmt.body, out)
        elif isinstance(stmt, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            _bound_names(stmt.body, out)
            for handler in stmt.handlers:
                _bound_names(handler.body, out)
            _bound_names(stmt.orelse, out)
            _bound_names(stmt.finalbody, out)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                _bound_names(case.body, out)


def _stub_lines(name: str, node: ast.AST, indent: str) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
        returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
        header = f"{indent}{keyword} {name}({ast.unparse(node.args)}){returns}:"
        return [header, f"{indent}    ...  {CODE_PLACEHOLDER}"]
    if isinstance(node, ast.ClassDef):
        bases = [ast.unparse(b) for b in node.bases]
        bases += [ast.unparse(k) for k in node.keywords]
        header = f"{indent}class {name}({', '.join(bases)}):" if bases else f"{indent}class {name}:"
        return [header, f"{indent}    ...  {CODE_PLACEHOLDER}"]
    return [f"{indent}{name} = ...  {ANSWER_COMMENT}"]


def _region_indent(region: Region) -> str:
    body = [line for line in region.body if line.strip()]
    if not body:
        return region.marker_indent
    return os.path.commonprefix(
        [line[: len(line) - len(line.lstrip(" \t"))] for line in body])


def code_placeholder(region: Region) -> list[str]:
    """Placeholder lines (without line endings) replacing one code region.

    >>> from crmcourse.authoring.markers import split_regions
    >>> region = split_regions("### BEGIN SOLUTION\\ndef mid(a, b=0):\\n    return (a + b) / 2\\n### END SOLUTION")[0]
    >>> code_placeholder(region)
    ['def mid(a, b=0):', '    ...  # YOUR CODE HERE']
    """
    indent = _region_indent(region)
    body = "".join(region.body)
    try:
        tree = ast.parse(textwrap.dedent(body))
    except SyntaxError:
        tree = None
    if tree is not None:
        names: dict[str, ast.AST] = {}
        _bound_names(tree.body, names)
        if names:
            lines: list[str] = []
            for name, node in names.items():
                lines.extend(_stub_lines(name, node, indent))
            return lines
    # nothing to name (or unparsable): a comment, plus ``pass`` so an enclosing block
    # is not left empty; never shallower than the BEGIN marker itself
    marker_indent = region.marker_indent
    if len(marker_indent) > len(indent):
        indent = marker_indent
    lines = [f"{indent}{CODE_PLACEHOLDER}"]
    if indent:
        lines.append(f"{indent}pass")
    return lines


def markdown_placeholder(region: Region) -> list[str]:
    """The one line replacing a region in a markdown or raw cell (at the marker's indentation).

    >>> from crmcourse.authoring.markers import split_regions
    >>> markdown_placeholder(split_regions("### BEGIN SOLUTION\\nBecause.\\n### END SOLUTION")[0])
    ['*Write your answer here.*']
    """
    return [f"{region.marker_indent}{MARKDOWN_PLACEHOLDER}"]


def _replace_regions(source: str, placeholder: Callable[[Region], list[str]]) -> str:
    out: list[str] = []
    parts = split_regions(source)
    for index, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part)
            continue
        newline = "\r\n" if part.begin_line.endswith("\r\n") else "\n"
        lines = placeholder(part)
        last = index == len(parts) - 1
        for i, line in enumerate(lines):
            final = last and i == len(lines) - 1
            # keep "no trailing newline" when the END marker was the very last line
            out.append(line if final and not part.end_line.endswith("\n") else line + newline)
    return "".join(out)


def learner_source(source: str, cell_type: str) -> str:
    """``source`` with every solution region replaced by its placeholder.

    Raises
    ------
    crmcourse.authoring.markers.MarkerError
        For unbalanced or nested markers.
    """
    if cell_type == "code":
        return _replace_regions(source, code_placeholder)
    return _replace_regions(source, markdown_placeholder)
