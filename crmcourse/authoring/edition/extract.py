"""Find the translatable text of a solution notebook: markdown cells, code strings and comments.

A *piece* is one span of a code cell that a translation replaces: the inner text of a string
literal (between its quotes, escapes kept as written) or the text of a ``#`` comment. The same
function finds the pieces when a catalog is extracted and when a Chinese notebook is built, so
the Chinese code is exactly the English code with those spans replaced.

>>> [p.text for p in code_pieces('print(f"{n} accounts in all")  # count them\\ncheck("m0_x", 1)')]
['{n} accounts in all', 'count them']
"""
from __future__ import annotations

import ast
import dataclasses
import io
import re
import tokenize

from crmcourse.authoring.markers import MarkerError, is_marker_line, split_regions, Region

__all__ = ["Piece", "code_pieces", "scan_code", "is_translatable", "fields_of", "DISPLAY_KEYWORDS",
           "SQL_START", "CODE_CONTEXT", "course_vocabulary", "DISPLAY_CALLS"]

#: The msgctxt of every message taken from a code cell (markdown messages use the cell id).
CODE_CONTEXT = "code"

#: Keyword arguments whose string value is shown to the reader, translated even as one word.
DISPLAY_KEYWORDS = frozenset({"title", "xlabel", "ylabel", "label", "description", "suptitle",
                              "caption", "placeholder", "text", "message", "legend_title",
                              "header", "tooltip", "button_text"})
#: Calls whose positional string arguments are shown on a chart (``ax.set_title("Revenue")``).
DISPLAY_CALLS = frozenset({"set_title", "set_xlabel", "set_ylabel", "suptitle", "title", "xlabel", "ylabel",
                           "text", "annotate", "set_label"})
#: A string starting with one of these SQL words is a query, never translated.
_SQL_WORDS = ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "CREATE")
SQL_START = re.compile(r"^\s*(?:%s)\b" % "|".join(_SQL_WORDS), re.IGNORECASE)
_SQL_CONTINUATION = re.compile(r"^\s*(?:FROM|WHERE|JOIN|LEFT JOIN|GROUP BY|ORDER BY|HAVING|AND|OR|"
                               r"LIMIT|UNION|VALUES|SET|ON)\b")
_TWO_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*\s+[A-Za-z][A-Za-z'’-]*")
_EXERCISE_ID = re.compile(r"^m\d+_\w+$|^cap\w*_\w+$")
_PATH_LIKE = re.compile(r"^[\w.~-]*[/\\][\w./\\~-]*$|^[\w.-]+\.(?:csv|tsv|xlsx?|json|ya?ml|db|sqlite3?|"
                        r"ipynb|png|svg|pdf|html?|txt|md|py|po|mo|zip|parquet)$", re.IGNORECASE)
_FORMAT_SPEC = re.compile(r"^[\s\W\d]*[<>^=]?[+\- ]?#?0?\d*[,_]?(?:\.\d+)?[bcdeEfFgGnosxX%]?$")
_SKIP_COMMENT = re.compile(r"^\s*(?:noqa|type:|pragma|fmt:|pylint:|isort:|%%)", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class Piece:
    """One translatable span of a code cell.

    ``start``/``end`` are character offsets of the replaced text in the cell source; ``text`` is
    that text (the msgid); ``kind`` is ``"string"`` or ``"comment"``; ``fstring`` tells that
    ``{fields}`` are code; ``line`` is the 1-based line; ``note`` a hint for translators.
    """

    start: int
    end: int
    text: str
    kind: str
    line: int
    fstring: bool = False
    note: str = ""


def fields_of(text: str) -> list[str]:
    """The ``{field}`` placeholders of a string, in order (``{{`` and ``}}`` are literal braces).

    Nested braces inside a field (a dict display, a format spec such as ``{x:{w}}``) stay in
    the field; a brace inside a quoted part of a field is not counted.

    >>> fields_of("{n} of {total:,.0f} ({share:.1%}) {{literal}}")
    ['{n}', '{total:,.0f}', '{share:.1%}']
    >>> fields_of("{row['term_en']} ({row['term_zh']})")
    ["{row['term_en']}", "{row['term_zh']}"]
    """
    found, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("{{", i) or text.startswith("}}", i):
            i += 2
            continue
        if text[i] != "{":
            i += 1
            continue
        depth, j, quote = 0, i, None
        while j < n:
            ch = text[j]
            if quote:
                if ch == "\\":
                    j += 1
                elif ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        found.append(text[i:j + 1])
        i = j + 1
    return found


def _without_fields(text: str) -> str:
    out = text
    for field in fields_of(text):
        out = out.replace(field, " ", 1)
    return out


def is_translatable(text: str, *, keyword: str | None = None) -> bool:
    """The rule for a string literal: prose (two words in a row) or a display keyword's value.

    Display: the value of a keyword in :data:`DISPLAY_KEYWORDS`, or a positional argument of a
    chart call in :data:`DISPLAY_CALLS` (passed here as ``keyword="title"``).

    Never SQL, a path, a format spec or an exercise id.

    >>> is_translatable("Share of revenue"), is_translatable("annual_revenue")
    (True, False)
    >>> is_translatable("Revenue", keyword="title"), is_translatable("SELECT a FROM b")
    (True, False)
    >>> is_translatable("data/huaxin_accounts.csv"), is_translatable("{:,.1f}")
    (False, False)
    """
    bare = text.strip()
    if not bare or SQL_START.match(bare) or _EXERCISE_ID.match(bare) or _PATH_LIKE.match(bare):
        return False
    if _FORMAT_SPEC.match(_without_fields(bare).strip() or bare):
        return False
    if keyword in DISPLAY_KEYWORDS and re.search(r"[A-Za-z]{2}", _without_fields(bare)):
        return True
    return bool(_TWO_WORDS.search(_without_fields(bare)))


# --------------------------------------------------------------------------- #
# Code cells
# --------------------------------------------------------------------------- #

def _line_starts(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _solution_lines(source: str) -> set[int]:
    """1-based line numbers inside solution regions (markers included)."""
    inside, lineno = set(), 0
    try:
        parts = split_regions(source)
    except MarkerError:
        return inside
    for part in parts:
        if isinstance(part, Region):
            count = 2 + len(part.body)
            inside.update(range(lineno + 1, lineno + count + 1))
            lineno += count
        else:
            lineno += 1
    return inside


def _string_tokens(source: str) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """(start, end, text) of every whole string literal token (an f-string counts as one)."""
    out, depth, begin = [], 0, None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        name = tokenize.tok_name[tok.type]
        if name == "STRING" and depth == 0:
            out.append((tok.start, tok.end, tok.string))
        elif name == "FSTRING_START":  # Python 3.12+
            if depth == 0:
                begin = tok.start
            depth += 1
        elif name == "FSTRING_END":
            depth -= 1
            if depth == 0:
                out.append((begin, tok.end, None))
    return out


def _comment_tokens(source: str):
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            yield tok


#: Methods whose string arguments are data values or column names (compared, looked up, sorted on).
_DATA_METHODS = frozenset({"eq", "ne", "lt", "le", "gt", "ge", "isin", "contains", "startswith",
                           "endswith", "get", "set_index", "groupby", "sort_values", "sort_index",
                           "drop", "pivot_table", "pivot", "value_counts", "reindex", "xs",
                           "query", "eval", "fillna", "astype", "to_frame", "rename_axis", "filter"})


class _Context(ast.NodeVisitor):
    """Collect every top-level string node with its keyword and whether its position excludes it.

    Excluded (the text is *pinned*): strings in a subscript (``df["col"]``, ``.loc[["a b"]]``),
    in a comparison, as arguments of data methods (``.eq``, ``.isin``, ``.set_index`` …,
    ``.query``/``.eval``), as the exercise id of ``check(...)``, and as the value of a keyword
    argument that is not a display keyword (``source="trade fair"`` is a data value).
    """

    def __init__(self):
        self.nodes: list[tuple[ast.AST, str | None, bool]] = []   # node, keyword, excluded
        self._pinned_depth = 0

    def _add(self, node, keyword=None, excluded=False):
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            self.nodes.append((node, keyword, excluded or self._pinned_depth > 0))
            return True
        return isinstance(node, ast.Constant)

    def _visit_pinned(self, node):
        self._pinned_depth += 1
        try:
            if not self._add(node):
                self.visit(node)
        finally:
            self._pinned_depth -= 1

    def generic_visit(self, node):
        for _field, value in ast.iter_fields(node):
            for item in (value if isinstance(value, list) else [value]):
                if isinstance(item, ast.AST) and not self._add(item):
                    self.visit(item)

    def visit_JoinedStr(self, node):
        self._add(node)

    def visit_Subscript(self, node):
        if not self._add(node.value):
            self.visit(node.value)
        self._visit_pinned(node.slice)

    def visit_Compare(self, node):
        for item in [node.left, *node.comparators]:
            self._visit_pinned(item)

    def visit_Call(self, node):
        self.visit(node.func)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        shown = name in ("print", "display")
        for pos, arg in enumerate(node.args):
            if name in _DATA_METHODS or (name == "check" and pos == 0):
                self._visit_pinned(arg)
            elif not self._add(arg, keyword="title" if name in DISPLAY_CALLS else None):
                self.visit(arg)
        for kw in node.keywords:
            if kw.arg is not None and kw.arg not in DISPLAY_KEYWORDS and not shown:
                self._visit_pinned(kw.value)
            elif not self._add(kw.value, keyword=kw.arg):
                self.visit(kw.value)


def _to_offset(starts, pos) -> int:
    return starts[pos[0] - 1] + pos[1]


def _literal_inner(token: str) -> tuple[str, str, str] | None:
    """Split a literal token into (prefix, inner text, quote); None for bytes."""
    m = re.match(r"([A-Za-z]*)('''|\"\"\"|'|\")", token)
    if not m or "b" in m.group(1).lower():
        return None
    prefix, quote = m.group(1), m.group(2)
    return prefix, token[len(prefix) + len(quote): len(token) - len(quote)], quote


def course_vocabulary() -> frozenset[str]:
    """Names the helpers validate (sales stages, buying roles, Kano answers, SERVQUAL dimensions,
    SPIN types): code passes them as data, so they are never translated in code.

    >>> {"Closed Won", "economic buyer", "responsiveness"} <= course_vocabulary()
    True
    """
    from crmcourse import constants

    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)

    for name in _VOCABULARY:
        walk(getattr(constants, name, ()))
    return frozenset(found)


_VOCABULARY = ("SALES_STAGES", "SUITECRM_PROBABILITIES", "BUYING_ROLES", "KANO_ANSWERS",
               "SERVQUAL_DIMENSIONS", "SPIN_TYPE_NAMES")


def scan_code(source: str) -> tuple[list[Piece], set[str]]:
    """Every candidate piece of one code cell, and the texts the cell *pins* (must stay as written).

    Pinned: each string in an excluded position (see :class:`_Context`) or inside a solution
    region (the exercise's answer). A notebook never translates a pinned text anywhere, since the
    code may use the same text as a column name or data value elsewhere.

    >>> pieces, pinned = scan_code('df["share of wallet"].plot(title="share of wallet")')
    >>> [p.text for p in pieces], sorted(pinned)
    (['share of wallet'], ['share of wallet'])
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [], set()
    starts = _line_starts(source)
    lines = source.splitlines(keepends=True)
    in_solution = _solution_lines(source)
    visitor = _Context()
    visitor.visit(tree)
    tokens = _string_tokens(source)
    pieces: list[Piece] = []
    pinned: set[str] = set()

    def chars(pos):  # ast offsets are UTF-8 byte columns
        return pos[0], len(lines[pos[0] - 1].encode("utf-8")[:pos[1]].decode("utf-8"))

    for node, keyword, excluded in visitor.nodes:
        begin = chars((node.lineno, node.col_offset))
        stop = chars((node.end_lineno, node.end_col_offset))
        texts = []
        for start, end, _ in (t for t in tokens if begin <= t[0] and t[1] <= stop):
            token = source[_to_offset(starts, start):_to_offset(starts, end)]
            texts.append((start, token, _literal_inner(token)))
        if not texts or any(inner is None for *_, inner in texts):
            continue  # bytes
        if excluded or node.lineno in in_solution or node.end_lineno in in_solution:
            pinned.update(inner[1] for *_, inner in texts)
            continue
        if any(SQL_START.match(inner[1]) or (i and _SQL_CONTINUATION.match(inner[1]))
               for i, (*_, inner) in enumerate(texts)):
            continue
        for i, (start, token, (prefix, inner, quote)) in enumerate(texts):
            if not is_translatable(inner, keyword=keyword):
                continue
            offset = _to_offset(starts, start) + len(prefix) + len(quote)
            note = f"part {i + 1} of {len(texts)} of one string joined in code" if len(texts) > 1 else ""
            pieces.append(Piece(offset, offset + len(inner), inner, "string", start[0],
                                fstring="f" in prefix.lower(), note=note))
    for tok in _comment_tokens(source):
        if is_marker_line(tok.line) and tok.line.strip() == tok.string.strip():
            continue
        body = tok.string.lstrip("#")
        text = body.strip()
        if not re.search(r"[A-Za-z]{2}", text) or _SKIP_COMMENT.match(text):
            continue
        offset = _to_offset(starts, tok.start) + len(tok.string) - len(body) + (len(body) - len(body.lstrip()))
        pieces.append(Piece(offset, offset + len(text), text, "comment", tok.start[0]))
    return sorted(pieces, key=lambda p: p.start), pinned


def code_pieces(source: str, pinned: frozenset[str] | set[str] = frozenset()) -> list[Piece]:
    """The translatable pieces of one code cell, in source order (strings in *pinned* left out).

    Strings inside solution regions (the exercise's answer) are left alone; comments there are
    translated, the marker lines never. A cell that is not valid Python has no pieces.

    >>> src = 'ax.set_title("Revenue")\\nplots.bar(t, title="Revenue")\\n# note it\\nq = df.query("a > 1 and b")'
    >>> [(p.kind, p.text) for p in code_pieces(src)]
    [('string', 'Revenue'), ('string', 'Revenue'), ('comment', 'note it')]
    """
    pieces, own = scan_code(source)
    stop = set(pinned) | own | course_vocabulary()
    return [p for p in pieces if p.kind == "comment" or p.text not in stop]
