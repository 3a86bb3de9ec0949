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
           "SQL_START", "CODE_CONTEXT", "course_vocabulary", "DISPLAY_CALLS", "DISPLAY_LIST_CALLS",
           "TABLE_CALLS", "NotebookPins", "notebook_pins"]

#: The msgctxt of every message taken from a code cell (markdown messages use the cell id).
CODE_CONTEXT = "code"

#: Keyword arguments whose string value is shown to the reader, translated even as one word.
DISPLAY_KEYWORDS = frozenset({"title", "xlabel", "ylabel", "label", "description", "suptitle",
                              "caption", "placeholder", "text", "message", "legend_title",
                              "header", "tooltip", "button_text"})
#: Calls whose positional string arguments are shown on a chart (``ax.set_title("Revenue")``).
DISPLAY_CALLS = frozenset({"set_title", "set_xlabel", "set_ylabel", "suptitle", "title", "xlabel", "ylabel",
                           "text", "annotate", "set_label"})
#: Calls whose list arguments (and ``labels=``) are the labels shown on a chart (``ax.legend(["actual", …])``).
DISPLAY_LIST_CALLS = frozenset({"legend", "set_xticklabels", "set_yticklabels", "xticks", "yticks",
                                "set_ticklabels"})
#: Constructors of tables: their dict keys and ``index=``/``columns=``/``name=`` are the table's labels.
TABLE_CALLS = frozenset({"DataFrame", "Series"})
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

    A *follower* (``weak=True``) is not text on its own (one word, or a word beside ``{fields}``):
    it is translated only together with a piece that is, from one of its ``groups`` — the other
    parts of the same joined string, the other branch of a conditional, the other arguments of
    the same ``print``, the other labels of the same display table. A follower that is a table
    ``label`` also stays English when the notebook uses its text anywhere as a plain value.
    """

    start: int
    end: int
    text: str
    kind: str
    line: int
    fstring: bool = False
    note: str = ""
    weak: bool = False
    groups: tuple[str, ...] = ()
    label: bool = False


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


def _may_follow(text: str, letters: int = 1) -> bool:
    """Whether a part that is not text on its own may be translated with its group (has a word)."""
    bare = text.strip()
    if not bare or SQL_START.match(bare) or _EXERCISE_ID.match(bare) or _PATH_LIKE.match(bare):
        return False
    rest = _without_fields(bare).strip()
    if not rest or _FORMAT_SPEC.match(rest):
        return False
    return bool(re.search("[A-Za-z]{%d}" % letters, rest))


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
    argument that is not a display keyword (``source="trade fair"`` is a data value) — except
    ``index=``, ``columns=`` and ``name=`` of ``pd.DataFrame``/``pd.Series``, which are labels.

    Also noted, for the followers (see :class:`Piece`): the groups of each string (conditional
    branches, ``print`` arguments, a table's labels), which strings are table labels, and every
    attribute name (``fab.feature`` names a column).
    """

    def __init__(self):
        self.nodes: list[tuple[ast.AST, str | None, bool]] = []   # node, keyword, excluded
        self.groups: dict[int, set[str]] = {}                      # id(string node) -> its groups
        self.attributes: set[str] = set()                          # names read as attributes
        self.labels: set[int] = set()                              # id(string node) of table labels
        self._pinned_depth = 0

    def _add(self, node, keyword=None, excluded=False):
        if _is_text(node):
            self.nodes.append((node, keyword, excluded or self._pinned_depth > 0))
            return True
        return isinstance(node, ast.Constant)

    def _group(self, nodes, group: str):
        for node in nodes:
            self.groups.setdefault(id(node), set()).add(group)

    def visit_Attribute(self, node):
        self.attributes.add(node.attr)
        self.generic_visit(node)

    def visit_IfExp(self, node):
        self._group([*_shown_texts(node.body), *_shown_texts(node.orelse)], f"alt:{id(node)}")
        self.generic_visit(node)

    def visit_BoolOp(self, node):
        self._group([leaf for value in node.values for leaf in _shown_texts(value)], f"alt:{id(node)}")
        self.generic_visit(node)

    def _table(self, node, name):
        """Group the labels of ``pd.DataFrame``/``pd.Series`` (and a fact card's values)."""
        labels, values = [], []
        data = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "data"), None)
        if isinstance(data, (ast.Dict, ast.DictComp)):
            keys = data.keys if isinstance(data, ast.Dict) else [data.key]
            for value in (data.values if isinstance(data, ast.Dict) else [data.value]):
                if isinstance(value, ast.Dict):
                    keys = [*keys, *value.keys]
                elif name == "Series":   # a fact card: one shown text per row
                    values += _shown_texts(value)
            labels += [k for k in keys if _is_text(k)]
        for kw in node.keywords:
            if kw.arg in _TABLE_KEYWORDS:
                labels += [e for e in (kw.value.elts if isinstance(kw.value, (ast.List, ast.Tuple))
                                       else [kw.value]) if _is_text(e)]
        self._group(labels + values, f"table:{id(node)}")
        self.labels.update(id(label) for label in labels)

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
        table = name in TABLE_CALLS
        if table:
            self._table(node, name)
        if name == "print":
            self._group([leaf for arg in node.args for leaf in _shown_texts(arg)], f"print:{id(node)}")
        for pos, arg in enumerate(node.args):
            if name in _DATA_METHODS or (name == "check" and pos == 0):
                self._visit_pinned(arg)
            elif name in DISPLAY_LIST_CALLS and isinstance(arg, (ast.List, ast.Tuple)):
                self._add_labels(arg)
            elif not self._add(arg, keyword="title" if name in DISPLAY_CALLS else None):
                self.visit(arg)
        for kw in node.keywords:
            if name in DISPLAY_LIST_CALLS and kw.arg == "labels" and isinstance(kw.value, (ast.List, ast.Tuple)):
                self._add_labels(kw.value)
            elif (kw.arg is not None and kw.arg not in DISPLAY_KEYWORDS and not shown
                  and not (table and kw.arg in _TABLE_KEYWORDS)):
                self._visit_pinned(kw.value)
            elif not self._add(kw.value, keyword=kw.arg):
                self.visit(kw.value)

    def _add_labels(self, node):
        for item in node.elts:
            if not self._add(item, keyword="label"):
                self.visit(item)


#: Keywords of a table constructor that hold its labels (not data values).
_TABLE_KEYWORDS = frozenset({"index", "columns", "name"})


def _is_text(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _shown_texts(node) -> list[ast.AST]:
    """The string nodes that make up the *value* of an expression when it is shown.

    Followed: branches of ``a if c else b``, operands of ``or``/``and`` and ``+``, items of a
    list or tuple, the items joined by ``", ".join(...)`` (a generator's element included).
    Strings inside any other call, subscript or comparison are arguments, not the shown value.
    """
    if _is_text(node):
        return [node]
    if isinstance(node, ast.IfExp):
        return _shown_texts(node.body) + _shown_texts(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [leaf for value in node.values for leaf in _shown_texts(value)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _shown_texts(node.left) + _shown_texts(node.right)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [leaf for item in node.elts for leaf in _shown_texts(item)]
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _shown_texts(node.elt)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
            and _is_text(node.func.value)):
        return [leaf for arg in node.args for leaf in _shown_texts(arg)]
    return []


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
    code may use the same text as a column name or data value elsewhere. The pieces include the
    followers (``weak``), which :func:`code_pieces` keeps only beside a piece of their group.

    >>> pieces, pinned = scan_code('df["share of wallet"].plot(title="share of wallet")')
    >>> [p.text for p in pieces], sorted(pinned)
    (['share of wallet'], ['share of wallet'])
    """
    scan = _scan(source)
    return scan.pieces, scan.pinned | scan.answers


@dataclasses.dataclass
class _Scan:
    pieces: list[Piece]
    pinned: set[str]   # texts in a data position (subscript, comparison, data method, keyword …)
    answers: set[str]  # the other texts of solution regions
    loose: set[str]    # texts the cell uses in a position that is neither pinned nor shown


_NOTES = {"table": "a label of a table built for display; translated with the table's other labels",
          "alt": "one branch of a conditional text; translated with the other branch",
          "print": "printed with the other arguments of the same print()"}


def _scan(source: str) -> _Scan:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return _Scan([], set(), set(), set())
    starts = _line_starts(source)
    lines = source.splitlines(keepends=True)
    in_solution = _solution_lines(source)
    visitor = _Context()
    visitor.visit(tree)
    tokens = _string_tokens(source)
    pieces: list[Piece] = []
    pinned: set[str] = set()
    answers: set[str] = set()
    loose: set[str] = set(visitor.attributes)

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
            (pinned if excluded else answers).update(inner[1] for *_, inner in texts)
            continue
        if any(SQL_START.match(inner[1]) or (i and _SQL_CONTINUATION.match(inner[1]))
               for i, (*_, inner) in enumerate(texts)):
            loose.update(inner[1] for *_, inner in texts)
            continue
        groups = tuple(sorted(visitor.groups.get(id(node), ())))
        joined = len(texts) > 1
        if joined:
            groups += (f"join:{node.lineno}:{node.col_offset}",)
        for i, (start, token, (prefix, inner, quote)) in enumerate(texts):
            strong = is_translatable(inner, keyword=keyword)
            weak = not strong and bool(groups) and _may_follow(inner, 1 if joined else 2)
            if not (strong or weak):
                loose.add(inner)
                continue
            offset = _to_offset(starts, start) + len(prefix) + len(quote)
            if joined:
                note = f"part {i + 1} of {len(texts)} of one string joined in code"
            else:
                note = _NOTES[groups[0].split(":")[0]] if weak else ""
            pieces.append(Piece(offset, offset + len(inner), inner, "string", start[0],
                                fstring="f" in prefix.lower(), note=note, weak=weak, groups=groups,
                                label=weak and id(node) in visitor.labels))
    for tok in _comment_tokens(source):
        if is_marker_line(tok.line) and tok.line.strip() == tok.string.strip():
            continue
        body = tok.string.lstrip("#")
        text = body.strip()
        if not re.search(r"[A-Za-z]{2}", text) or _SKIP_COMMENT.match(text):
            continue
        offset = _to_offset(starts, tok.start) + len(tok.string) - len(body) + (len(body) - len(body.lstrip()))
        pieces.append(Piece(offset, offset + len(text), text, "comment", tok.start[0]))
    return _Scan(sorted(pieces, key=lambda p: p.start), pinned, answers, loose)


def _choose(pieces: list[Piece], stop: set[str], weak_stop: set[str]) -> list[Piece]:
    """The pieces not in *stop*, and the followers not in *weak_stop* that a kept piece brings."""
    kept = [p for p in pieces if not p.weak and (p.kind == "comment" or p.text not in stop)]
    active = {g for p in kept for g in p.groups}
    waiting = [p for p in pieces if p.weak and p.text not in weak_stop]
    chosen: list[Piece] = []
    grew = True
    while grew:
        grew = False
        for piece in waiting:
            if active.intersection(piece.groups):
                chosen.append(piece)
                active.update(piece.groups)
                grew = True
        waiting = [p for p in waiting if not any(p is c for c in chosen)]
    return kept + chosen


@dataclasses.dataclass(frozen=True)
class NotebookPins:
    """What a notebook's code cells say about its texts, for :func:`code_pieces`.

    ``pinned``: texts some cell uses as data or writes in a solution region (never translated);
    ``data``: those used as data (a follower honours only these: a table label equal to an answer
    value elsewhere is still shown text); ``loose``: texts some cell uses in a position that is
    neither data nor shown (a helper's argument, a plain dict key, an attribute name) — a table
    label with such a text stays English, since the code may name that column there.
    """

    pinned: frozenset[str] = frozenset()
    data: frozenset[str] = frozenset()
    loose: frozenset[str] = frozenset()


def notebook_pins(sources) -> NotebookPins:
    """The :class:`NotebookPins` of the code cells *sources* (strings) of one notebook.

    >>> pins = notebook_pins(['df["share of wallet"]', 'plots.bar(t, "actual")',
    ...                       '### BEGIN SOLUTION\\nkind = "feature"\\n### END SOLUTION'])
    >>> sorted(pins.pinned), sorted(pins.data), "actual" in pins.loose
    (['feature', 'share of wallet'], ['share of wallet'], True)
    """
    scans = [_scan(source) for source in sources]
    data = frozenset(text for scan in scans for text in scan.pinned)
    answers = frozenset(text for scan in scans for text in scan.answers)
    loose = frozenset(text for scan in scans for text in scan.loose)
    return NotebookPins(data | answers, data, loose)


def code_pieces(source: str, pinned: NotebookPins | frozenset[str] | set[str] = frozenset()) -> list[Piece]:
    """The translatable pieces of one code cell, in source order (strings in *pinned* left out).

    *pinned* is the notebook's :class:`NotebookPins` (:func:`notebook_pins`), or a plain set of
    texts to leave alone. Strings inside solution regions (the exercise's answer) are left
    alone; comments there are translated, the marker lines never. A cell that is not valid
    Python has no pieces.

    A follower (a word that is not text on its own) comes only with a kept piece of its group:
    every part of a joined string (``"… to " f"{end}"``), both branches of ``a if c else b`` (and
    the operands of ``x or "none"``), every argument of one ``print``, every label of a table
    that has a label (or, for a ``pd.Series`` of texts, a value) in words — dict keys,
    ``index=``, ``columns=``, ``name=`` of ``pd.DataFrame``/``pd.Series``. The items of
    ``ax.legend([...])`` and of tick-label lists are chart labels, like ``label=``.

    >>> src = 'ax.set_title("Revenue")\\nplots.bar(t, title="Revenue")\\n# note it\\nq = df.query("a > 1 and b")'
    >>> [(p.kind, p.text) for p in code_pieces(src)]
    [('string', 'Revenue'), ('string', 'Revenue'), ('comment', 'note it')]
    >>> [p.text for p in code_pieces('print(f"{a:%Y-%m-%d} to "\\n      f"{b:%Y-%m-%d}", "fast" if s < 1 else "a bit slow")')]
    ['{a:%Y-%m-%d} to ', 'fast', 'a bit slow']
    >>> [p.text for p in code_pieces('pd.DataFrame({"feature": f, "in one sentence": b}, index=["card"])')]
    ['feature', 'in one sentence', 'card']
    """
    pins = pinned if isinstance(pinned, NotebookPins) else NotebookPins(frozenset(pinned), frozenset(pinned))
    scan = _scan(source)
    vocabulary = course_vocabulary()
    chosen = _choose(scan.pieces, set(pins.pinned) | scan.pinned | scan.answers | vocabulary,
                     set(pins.data) | scan.pinned | vocabulary)
    blocked = set(pins.loose) | scan.loose
    return sorted((p for p in chosen if not (p.label and p.text in blocked)), key=lambda p: p.start)
