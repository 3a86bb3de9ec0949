"""Drawing plumbing shared by every topic's ``plots`` and ``widgets`` modules.

Nothing here knows a course topic: :func:`new_axes` gives a chart its Axes, :func:`chart_png`
renders a chart for an ipywidgets ``Image``. matplotlib loads only when a chart is drawn.

Both call :func:`use_cjk_fonts` first, so every chart made through crmcourse can show Chinese
titles, labels and legends: matplotlib (3.6 and later) takes each character from the first font
of ``font.sans-serif`` that has it, so Latin text keeps DejaVu Sans (English charts look as
before) and Chinese characters come from the first CJK font installed. When a chart's text
needs CJK and none of :data:`CJK_FONTS` is installed, one :class:`CJKFontWarning` per session
says how to install one (instead of a stream of "Glyph … missing" warnings).
"""
from __future__ import annotations

import re
import sys
import warnings

__all__ = ["new_axes", "chart_png", "use_cjk_fonts", "cjk_fonts_available", "configure_on_import", "CJK_FONTS",
           "CJKFontWarning"]

#: Latin text is drawn with this font, as before the Chinese edition.
LATIN_FONT = "DejaVu Sans"
#: CJK fonts tried in order: Linux (Noto/Source Han/WenQuanYi), Windows (YaHei, SimHei), macOS (PingFang).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei",
             "WenQuanYi Zen Hei")
#: What the notice tells a learner whose computer has none of :data:`CJK_FONTS`.
INSTALL_HINT = ("install a Chinese font, then restart the kernel: on Debian/Ubuntu "
                "`sudo apt-get install fonts-noto-cjk`; on Fedora `sudo dnf install google-noto-sans-cjk-fonts`; "
                "macOS (PingFang SC) and Windows (Microsoft YaHei) have one built in")

_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
_STATE = {"configured": False, "notified": False}


class CJKFontWarning(UserWarning):
    """A chart has Chinese text but no CJK font is installed (shown once per session)."""


def cjk_fonts_available(fonts=None) -> list[str]:
    """The fonts of ``fonts`` (default :data:`CJK_FONTS`) that matplotlib can use here.

    Parameters
    ----------
    fonts : sequence of str, optional
        Font family names; default :data:`CJK_FONTS`.

    Returns
    -------
    list of str
        Those installed, in the order given.

    Raises
    ------
    None

    Examples
    --------
    >>> cjk_fonts_available(["No Such Font"])
    []
    """
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in (CJK_FONTS if fonts is None else fonts) if name in installed]


def use_cjk_fonts(fonts=None) -> list[str]:
    """Let charts draw Chinese: put the CJK fonts after DejaVu Sans in ``font.sans-serif``.

    :func:`new_axes` and :func:`chart_png` call it, so a learner never has to; call it yourself
    for charts drawn with plain pyplot or pandas ``.plot``. Calling it again changes nothing.

    Parameters
    ----------
    fonts : sequence of str, optional
        CJK font names to try, in order; default :data:`CJK_FONTS`. ``[]`` configures no CJK
        font (for tests of the notice).

    Returns
    -------
    list of str
        The CJK fonts of ``fonts`` installed on this computer (empty: Chinese text would show as
        boxes, and the first chart with Chinese text gives a :class:`CJKFontWarning`).

    Raises
    ------
    None

    Examples
    --------
    >>> import matplotlib
    >>> _ = use_cjk_fonts()
    >>> matplotlib.rcParams["font.sans-serif"][:2]
    ['DejaVu Sans', 'Noto Sans CJK SC']
    >>> matplotlib.rcParams["font.family"][0]
    'sans-serif'
    """
    import matplotlib

    wanted = list(CJK_FONTS if fonts is None else fonts)
    current = [f for f in matplotlib.rcParams["font.sans-serif"] if f != LATIN_FONT]
    others = [f for f in current if f not in CJK_FONTS and f not in wanted]
    matplotlib.rcParams["font.sans-serif"] = [LATIN_FONT, *wanted, *others]
    # matplotlib resolves each entry of font.family to ONE font and falls back glyph by glyph
    # along that list, so the installed CJK fonts go after the generic family (which resolves
    # to DejaVu Sans); names not installed stay out, as each would log "font not found".
    found = cjk_fonts_available(wanted)
    family = [f for f in matplotlib.rcParams["font.family"] if f not in CJK_FONTS and f not in wanted]
    matplotlib.rcParams["font.family"] = [*family, *found]
    _STATE["configured"] = True
    _STATE["fonts"] = wanted
    return found


class _ConfigureMatplotlib:
    """A one-shot import hook: once ``matplotlib`` has been imported, call :func:`use_cjk_fonts`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "matplotlib":
            return None
        _unhook()
        from importlib.util import find_spec

        spec = find_spec(fullname)
        loader = getattr(spec, "loader", None)
        original = getattr(loader, "exec_module", None)
        if original is None:
            return spec

        def exec_module(module):
            original(module)
            try:
                use_cjk_fonts()
            except Exception:  # noqa: BLE001 - fonts are a nicety: never break matplotlib's import
                pass

        loader.exec_module = exec_module
        return spec


def _unhook() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _ConfigureMatplotlib)]


def configure_on_import() -> bool:
    """Apply :func:`use_cjk_fonts` now if matplotlib is loaded, else right after it is imported.

    ``crmcourse.set_language("zh")`` calls it, so that charts drawn with plain pyplot or pandas
    ``.plot`` in a Chinese notebook show Chinese too, while the language switch itself loads no
    matplotlib.

    Returns
    -------
    bool
        True when the fonts were configured now, False when that waits for matplotlib's import.

    Raises
    ------
    None

    Examples
    --------
    >>> import matplotlib
    >>> configure_on_import()
    True
    """
    if "matplotlib" in sys.modules:
        _unhook()
        use_cjk_fonts()
        return True
    if not any(isinstance(f, _ConfigureMatplotlib) for f in sys.meta_path):
        sys.meta_path.insert(0, _ConfigureMatplotlib())
    return False


def _configure() -> None:
    if not _STATE["configured"]:
        use_cjk_fonts()


def _figure_needs_notice(fig) -> bool:
    """True when ``fig`` shows CJK text and no configured CJK font is installed (and not yet said)."""
    if _STATE["notified"]:
        return False
    texts = (t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontname")))
    if not any(_CJK.search(str(t)) for t in texts):
        return False
    return not cjk_fonts_available(_STATE.get("fonts", CJK_FONTS))


def _notify() -> None:
    _STATE["notified"] = True
    # after the notice, matplotlib's own per-character warnings would only repeat it
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
    warnings.warn(f"this chart has Chinese text but no Chinese font is installed, so it shows boxes: "
                  f"{INSTALL_HINT}", CJKFontWarning, stacklevel=3)


def _watch(fig) -> None:
    """Check ``fig``'s text for CJK before each draw (once per figure), so that the notice comes
    before matplotlib's per-character "Glyph … missing" warnings and replaces them."""
    if getattr(fig, "canvas", None) is None or getattr(fig, "_crmcourse_cjk_watch", False):
        return
    original = fig.draw

    def draw(renderer, *args, **kwargs):
        if _figure_needs_notice(fig):
            _notify()
        return original(renderer, *args, **kwargs)

    fig.draw = draw
    fig._crmcourse_cjk_watch = True


def new_axes(ax=None, figsize=(7, 4)):
    """Return ``ax``, or a fresh Axes on a new pyplot figure of ``figsize``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        An Axes to draw on.
    figsize : tuple of float, default (7, 4)
        Size of the new figure in inches.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    None

    Examples
    --------
    >>> ax = new_axes()
    >>> ax.figure.get_size_inches().tolist()
    [7.0, 4.0]
    """
    _configure()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    _watch(ax.figure)
    return ax


def chart_png(draw, figsize=(6.4, 4.2), dpi=80, whole_figure=False) -> bytes:
    """Render a chart to PNG bytes for an ``Image`` widget, without pyplot.

    ``draw`` gets an Axes (or the Figure when ``whole_figure``). Drawing on a bare ``Figure``
    keeps stray figures out of the notebook's output and behaves the same in doctests,
    JupyterLab and a static export.

    Parameters
    ----------
    draw : callable
        Called with the Axes (or Figure) to draw on.
    figsize : tuple of float, default (6.4, 4.2)
    dpi : int, default 80
    whole_figure : bool, default False
        Pass the Figure instead of one Axes.

    Returns
    -------
    bytes
        The PNG file.

    Raises
    ------
    Exception
        Whatever ``draw`` raises.

    Examples
    --------
    >>> png = chart_png(lambda ax: ax.plot([0, 1], [0, 1]))
    >>> png[:4] == b"\\x89PNG"
    True
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _configure()
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    draw(fig if whole_figure else fig.add_subplot())
    if _figure_needs_notice(fig):  # before drawing, so the notice comes first
        _notify()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
