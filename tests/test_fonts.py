"""Issue 15: charts made through crmcourse draw Chinese with a CJK font, or say once how to get one.

The machine and CI have Debian's fonts-noto-cjk; the notice is tested by configuring no CJK font.
"""
from __future__ import annotations

import io
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from crmcourse import _charts  # noqa: E402


def chinese_chart(ax):
    ax.bar(["满意", "不满意", "Neutral"], [3, 1, 2], label="客户数")
    ax.set_title("客户满意度 Customer satisfaction")
    ax.set_xlabel("评价")
    ax.set_ylabel("人数")
    ax.annotate("最高", (0, 3))
    ax.legend()


def messages(record):
    return [str(w.message) for w in record]


@pytest.fixture
def fresh_state(monkeypatch):
    """A session that has configured nothing and said nothing yet; rcParams and filters restored."""
    monkeypatch.setitem(_charts._STATE, "configured", False)
    monkeypatch.setitem(_charts._STATE, "notified", False)
    monkeypatch.setitem(_charts._STATE, "fonts", _charts.CJK_FONTS)
    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        yield record
    plt.close("all")


def test_noto_cjk_is_installed_here():
    assert "Noto Sans CJK SC" in _charts.cjk_fonts_available(), "install fonts-noto-cjk (CI does)"


def test_chinese_chart_png_has_no_missing_glyphs(fresh_state):
    png = _charts.chart_png(chinese_chart)
    assert png[:4] == b"\x89PNG"
    assert not [m for m in messages(fresh_state) if "missing from font" in m or "Chinese font" in m]


def test_chinese_pyplot_chart_has_no_missing_glyphs(fresh_state):
    ax = _charts.new_axes()
    chinese_chart(ax)
    ax.figure.canvas.draw()
    ax.figure.savefig(io.BytesIO(), format="png")
    assert not [m for m in messages(fresh_state) if "missing from font" in m or "Chinese font" in m]


def test_font_list_keeps_dejavu_first_for_latin_text(fresh_state):
    _charts.new_axes()
    fonts = matplotlib.rcParams["font.sans-serif"]
    assert fonts[0] == "DejaVu Sans" and fonts[1:7] == list(_charts.CJK_FONTS)
    assert matplotlib.rcParams["font.family"] == ["sans-serif", "Noto Sans CJK SC"]
    assert font_manager.findfont(font_manager.FontProperties(family=["sans-serif"])).endswith("DejaVuSans.ttf")
    _charts.use_cjk_fonts()
    assert matplotlib.rcParams["font.sans-serif"] == fonts  # calling again changes nothing


def test_english_chart_unchanged(fresh_state):
    def english(ax):
        ax.plot([0, 1], [0, 1])
        ax.set_title("Revenue by stage")

    _charts._STATE["configured"] = True  # as before the Chinese edition: matplotlib's defaults
    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        before = _charts.chart_png(english)
    _charts._STATE["configured"] = False
    assert _charts.chart_png(english) == before  # pixel for pixel
    assert matplotlib.rcParams["font.family"] != ["sans-serif"]  # the CJK fallback is configured
    assert not messages(fresh_state)


def test_no_cjk_font_gives_one_notice_with_the_install_command(fresh_state):
    assert _charts.use_cjk_fonts([]) == []
    _charts.chart_png(chinese_chart)
    notices = [w for w in fresh_state if issubclass(w.category, _charts.CJKFontWarning)]
    assert len(notices) == 1
    assert "apt-get install fonts-noto-cjk" in str(notices[0].message)
    assert "macOS" in str(notices[0].message) and "Windows" in str(notices[0].message)
    _charts.chart_png(chinese_chart)  # once per session
    ax = _charts.new_axes()
    chinese_chart(ax)
    ax.figure.canvas.draw()
    assert len([w for w in fresh_state if issubclass(w.category, _charts.CJKFontWarning)]) == 1
    # after the notice, matplotlib's per-character warnings do not repeat it
    assert not [m for m in messages(fresh_state)[1:] if "missing from font" in m]


def test_no_cjk_font_notice_on_pyplot_charts(fresh_state):
    _charts.use_cjk_fonts([])
    ax = _charts.new_axes()
    ax.set_title("Revenue")
    ax.figure.canvas.draw()
    assert not [w for w in fresh_state if issubclass(w.category, _charts.CJKFontWarning)]  # no CJK text
    ax.set_title("收入")
    ax.figure.canvas.draw()
    assert len([w for w in fresh_state if issubclass(w.category, _charts.CJKFontWarning)]) == 1


def test_notice_on_an_axes_passed_in(fresh_state):
    _charts.use_cjk_fonts([])
    fig = plt.figure()
    ax = _charts.new_axes(fig.add_subplot())
    assert _charts.new_axes(ax) is ax  # connecting twice is harmless
    ax.set_xlabel("月份")
    fig.canvas.draw()
    assert len([w for w in fresh_state if issubclass(w.category, _charts.CJKFontWarning)]) == 1


def test_chinese_course_chart_without_cjk_font_gives_the_one_notice(fresh_state, monkeypatch):
    """A topic chart in Chinese on a computer with no CJK font: the notice once, not a glyph warning per character."""
    import crmcourse
    from crmcourse import i18n
    from crmcourse.satisfaction.plots import nps_plot

    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setitem(i18n._STATE, "language", None)
    crmcourse.set_language("zh")
    _charts.use_cjk_fonts([])
    for _ in range(2):
        ax = nps_plot([10, 9, 8, 3, 6, 9])
        ax.figure.canvas.draw()
    crmcourse.set_language(None)
    notices = [w for w in fresh_state if issubclass(w.category, _charts.CJKFontWarning)]
    assert len(notices) == 1 and "fonts-noto-cjk" in str(notices[0].message)
    assert ax.get_title() == "净推荐值 = +16.7"
    assert not [m for m in messages(fresh_state) if "missing from font" in m]


def test_configure_on_import_when_matplotlib_is_loaded(fresh_state):
    assert _charts.configure_on_import() is True
    assert matplotlib.rcParams["font.family"][1:] == _charts.cjk_fonts_available()
    assert not [f for f in __import__("sys").meta_path if isinstance(f, _charts._ConfigureMatplotlib)]
