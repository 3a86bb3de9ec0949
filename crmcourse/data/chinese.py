"""What a Chinese analyst's spreadsheet export looks like, turned into plain CSV values.

:func:`crmcourse.data.read_csv` uses these helpers so that a file saved by Chinese Excel or WPS
reads with no extra argument:

* :func:`decode` — the bytes as text: UTF-8 (with or without the BOM Excel writes for
  *CSV UTF-8*) first, then GB18030 (the superset of GBK, the default of Chinese Windows);
* :func:`plain_number` — ``1,200``, ``1，200``, ``¥1,200.50``, ``￥1200``, ``1200元`` become
  ``1200`` / ``1200.50``;
* :func:`iso_date` — ``2024/3/5``, ``2024年3月5日``, ``2024.3.5`` and ``2024-03-05`` (with an
  optional time) become ISO ``2024-03-05``. Only year-first dates are read: in ``05/01/2025``
  the order of day and month cannot be known, so it stays unread and is reported.
* :func:`drop_trailing_empty_rows` — the rows of empty cells Excel leaves under a table.

A cell that matches none of these shapes is left as it is, so the validation that follows
reports it with its column, its line and the fix.

>>> plain_number("￥1，200.50"), iso_date("2024年3月5日")
('1200.50', '2024-03-05')
"""
from __future__ import annotations

import re

__all__ = ["decode", "plain_number", "iso_date", "drop_trailing_empty_rows", "ENCODINGS"]

#: The encodings tried, in order. GB18030 decodes every GBK (and GB2312) file.
ENCODINGS = ("utf-8-sig", "gb18030")

_CURRENCY = "¥￥"  # U+00A5 (Excel's yen/yuan sign) and U+FFE5 (full-width, Chinese input methods)
_NUMBER = re.compile(
    r"""\s*(?P<sign1>[-+]?)\s*(?:[¥￥]|RMB|CNY)?\s*(?P<sign2>[-+]?)\s*
        (?P<digits>\d{1,3}(?:[,，]\d{3})+|\d+)(?P<decimals>\.\d+)?
        \s*(?:元|RMB|CNY)?\s*""",
    re.VERBOSE)
_DATE = re.compile(
    r"""\s*(?P<y>\d{4})\s*(?:(?P<cn>年)|(?P<sep>[-/.]))\s*(?P<m>\d{1,2})\s*
        (?(cn)月|(?P=sep))\s*(?P<d>\d{1,2})\s*(?(cn)[日号]?)
        (?P<time>\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*""",
    re.VERBOSE)


def decode(raw: bytes) -> tuple[str, str] | None:
    """Decode a file's bytes as UTF-8 (BOM or not), else as GB18030; ``None`` if neither fits.

    UTF-8 is tried first because a GBK file almost never forms valid UTF-8, while plain ASCII is
    valid in both. GB18030 is accepted only when the text has no private-use or C1 control
    characters, which a real Chinese export does not contain but bytes of another encoding
    (e.g. Latin-1) decoded as GB18030 often would.

    Parameters
    ----------
    raw : bytes
        The file's content.

    Returns
    -------
    tuple of (str, str) or None
        ``(text, encoding)`` with ``encoding`` one of :data:`ENCODINGS`, or ``None``.

    Raises
    ------
    None
        Undecodable bytes give ``None``.

    Examples
    --------
    >>> decode("客户,金额".encode("gbk"))
    ('客户,金额', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbfid,amount")
    ('id,amount', 'utf-8-sig')
    >>> decode("Café\\n".encode("latin-1")) is None
    True
    """
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig" and any(
                "\ue000" <= ch <= "\uf8ff" or "\x80" <= ch <= "\x9f" for ch in text):
            continue
        return text, encoding
    return None


def plain_number(cell: str) -> str | None:
    """``cell`` as a plain number if it is an amount written the spreadsheet way, else ``None``.

    Thousands separators must group by three (``1,200,000``; ``1,20`` is not read), one
    currency mark (``¥``, ``￥``, ``RMB``, ``CNY`` before or ``元`` after) may surround it, and a
    sign may stand before or after the ``¥``. ``1.2万`` or ``12%`` are not read.

    Parameters
    ----------
    cell : str

    Returns
    -------
    str or None
        The number as text (``"-1200.5"``), or ``None`` when ``cell`` has no such shape.

    Raises
    ------
    None

    Examples
    --------
    >>> [plain_number(v) for v in ["1,200", "¥ 3,450.5", "-¥80", "1200元", "1,20", "1.2万"]]
    ['1200', '3450.5', '-80', '1200', None, None]
    """
    if not isinstance(cell, str):
        return None
    found = _NUMBER.fullmatch(cell)
    if not found or (found["sign1"] and found["sign2"]):
        return None
    sign = "-" if "-" in (found["sign1"] + found["sign2"]) else ""
    return sign + re.sub(r"[,，]", "", found["digits"]) + (found["decimals"] or "")


def iso_date(cell: str) -> str | None:
    """``cell`` as an ISO date (``YYYY-MM-DD[ HH:MM[:SS]]``) if it is a year-first date, else ``None``.

    Parameters
    ----------
    cell : str

    Returns
    -------
    str or None
        The ISO text (not checked for a real calendar day: the date parser that follows does
        that, so ``2024/2/30`` is still reported), or ``None``.

    Raises
    ------
    None

    Examples
    --------
    >>> [iso_date(v) for v in ["2024/3/5", "2024年3月5日", "2024-03-05 9:30", "05/01/2025", "2024/3-5"]]
    ['2024-03-05', '2024-03-05', '2024-03-05 09:30', None, None]
    """
    if not isinstance(cell, str):
        return None
    found = _DATE.fullmatch(cell)
    if not found:
        return None
    out = f"{found['y']}-{int(found['m']):02d}-{int(found['d']):02d}"
    if found["time"]:
        hour, rest = found["time"].strip().split(":", 1)
        out += f" {int(hour):02d}:{rest}"
    return out


def drop_trailing_empty_rows(frame):
    """``frame`` without the rows at its end whose cells are all empty or blank.

    Empty rows in the middle of a table are kept (the validation reports them).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table read as text.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    None

    Examples
    --------
    >>> import io, pandas as pd
    >>> frame = pd.read_csv(io.StringIO("a,b\\n1,2\\n,\\n3,4\\n,\\n , \\n"), dtype=str)
    >>> len(drop_trailing_empty_rows(frame))
    3
    """
    if frame.shape[1] == 0 or len(frame) == 0:
        return frame
    import pandas as pd

    def blank(v) -> bool:
        if isinstance(v, str):
            return not v.strip()
        try:
            return bool(pd.isna(v))
        except (TypeError, ValueError):
            return False

    flags = [all(blank(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    keep = len(frame)
    while keep > 0 and flags[keep - 1]:
        keep -= 1
    return frame.iloc[:keep]
