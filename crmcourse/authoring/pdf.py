"""Printing an HTML page to PDF with headless Chromium, offline (used by ``crmcourse handouts``).

The browser is Debian's ``chromium`` — the one the browser tests drive — or the one named by
``$CRMCOURSE_CHROMIUM``. The page is written to a file beside the PDF and printed from there, with
a throw-away browser profile, so nothing is fetched and two prints never share state.

>>> find_chromium("/no/such/chromium")
Traceback (most recent call last):
...
crmcourse.authoring.pdf.PrintError: no Chromium at /no/such/chromium. Fix: install Debian's chromium package (apt-get install chromium) or set CRMCOURSE_CHROMIUM.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from crmcourse.errors import CourseDataError

__all__ = ["PrintError", "CHROMIUM_ENV", "find_chromium", "render_pdf"]

#: The printer: Debian's chromium (the browser the tests use), or this environment variable.
CHROMIUM_ENV = "CRMCOURSE_CHROMIUM"


class PrintError(CourseDataError):
    """A PDF cannot be printed: no Chromium, or it failed or wrote nothing."""


def find_chromium(explicit: str | os.PathLike | None = None) -> str:
    """The Chromium that prints the PDFs: ``explicit``, ``$CRMCOURSE_CHROMIUM``, /usr/bin/chromium or PATH.

    Parameters
    ----------
    explicit : path, optional

    Returns
    -------
    str

    Raises
    ------
    PrintError
        None found.

    Examples
    --------
    >>> find_chromium("/no/such/chromium")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.pdf.PrintError: no Chromium at /no/such/chromium. Fix: install Debian's chromium package (apt-get install chromium) or set CRMCOURSE_CHROMIUM.
    """
    fix = f"install Debian's chromium package (apt-get install chromium) or set {CHROMIUM_ENV}"
    for candidate in (explicit, os.environ.get(CHROMIUM_ENV)):
        if candidate:
            if Path(candidate).is_file():
                return str(candidate)
            raise PrintError(f"no Chromium at {candidate}", fix=fix)
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = name if Path(name).is_file() else shutil.which(name)
        if found:
            return found
    raise PrintError("no Chromium found to print the PDFs", fix=fix)


def render_pdf(html: str, pdf: str | os.PathLike, *, chromium: str | None = None, timeout: float = 180) -> Path:
    """Print an HTML page to ``pdf`` with headless Chromium (offline; the HTML is kept beside it).

    Parameters
    ----------
    html : str
        A complete page with its styles inline.
    pdf : path
        The PDF to write (its folder is created).
    chromium : str, optional
        The browser (see :func:`find_chromium`).
    timeout : float, default 180
        Seconds before printing is given up.

    Returns
    -------
    Path
        ``pdf``.

    Raises
    ------
    PrintError
        No Chromium, or it failed or wrote no PDF (the end of its error output is shown).

    Examples
    --------
    >>> render_pdf("<p>x</p>", "/tmp/x.pdf", chromium="/no/such/chromium")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.pdf.PrintError: no Chromium at /no/such/chromium. Fix: install Debian's chromium package (apt-get install chromium) or set CRMCOURSE_CHROMIUM.
    """
    browser = find_chromium(chromium)
    pdf = Path(pdf).resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    page = pdf.with_suffix(".html")
    page.write_text(html, encoding="utf-8")
    if pdf.exists():
        pdf.unlink()
    with tempfile.TemporaryDirectory(prefix="crmcourse-chromium-") as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--disable-extensions", "--no-pdf-header-footer", f"--user-data-dir={profile}",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PrintError(f"Chromium took more than {timeout:.0f} s to print {pdf.name}",
                               fix="try again on a less busy machine") from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise PrintError(f"Chromium wrote no {pdf.name} (exit {done.returncode}: {' | '.join(tail)})",
                           fix="run the command by hand to see the error")
    return pdf
