"""Issue 15: in Chinese, every chart and explorer of the topic packages speaks Chinese and draws it.

Every public plot function (the ``__all__`` of each topic's ``plots`` module) is called with
small inputs made from the case data, with the language set to Chinese. A run fails on a
"Glyph … missing from font" warning or a font log message (a CJK character without a font), on
a title or label left in English while the catalog translates it, and on a chart with no
Chinese text at all. The explorers (``widgets`` modules) are built in Chinese too. English
output is checked to be the untranslated source text (the notebooks' stored outputs, compared
by nbval, guard it byte for byte).
"""
from __future__ import annotations

import importlib
import io
import logging
import os
import re
import subprocess
import sys
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from babel.messages import pofile  # noqa: E402

import crmcourse  # noqa: E402
from crmcourse import _charts, data, i18n  # noqa: E402

TOPICS = ("satisfaction", "accounts", "lifetime", "spin", "segmentation", "crm", "loyalty")
CJK = re.compile("[\u4e00-\u9fff]")
PO = i18n.resources.files("crmcourse").joinpath("locale", "zh_CN", "LC_MESSAGES", "crmcourse.po")


def catalog() -> dict[str, str]:
    with PO.open("rb") as handle:
        return {m.id: m.string for m in pofile.read_po(handle) if m.id and isinstance(m.id, str)}


CATALOG = catalog()


# ------------------------------------------------------------------------------------------ inputs
def _crm_db():
    from crmcourse import crm

    return crm.connect(":memory:")


def _satisfaction():
    from crmcourse import satisfaction as s

    servqual = data.load("qingmei_servqual")
    means = servqual.groupby("dimension")[["perception", "expectation"]].mean()
    grid = pd.DataFrame({"importance": [32.0, 11, 20], "performance": [5.1, 5.7, 4.2]},
                        index=["fast delivery", "shop design", "skin advice"])
    return {
        "satisfaction_zones_plot": lambda ax: s.plots.satisfaction_zones_plot(
            s.satisfaction_ratio(means["perception"], means["expectation"]), ax=ax),
        "promise_tradeoff_plot": lambda ax: s.plots.promise_tradeoff_plot(
            s.promise_tradeoff(np.arange(1.0, 10.01, 0.5)), ax=ax, promise=7),
        "kano_plot": lambda ax: s.plots.kano_plot(s.kano_classify(data.load("qingmei_kano")), ax=ax),
        "servqual_gap_plot": lambda ax: s.plots.servqual_gap_plot(s.servqual_gaps(servqual), ax=ax),
        "nps_plot": lambda ax: s.plots.nps_plot(data.load("qingmei_nps")["likelihood_to_recommend"], ax=ax),
        "importance_performance_plot": lambda ax: s.plots.importance_performance_plot(grid, ax=ax),
    }


def _accounts():
    from crmcourse import accounts as a

    acc = data.load("huaxin_accounts")
    contacts = data.load("huaxin_contacts")
    first = contacts["account_id"].iloc[0]
    return {
        "pareto_chart": lambda ax: a.plots.pareto_chart(a.pareto_table(acc["annual_revenue"]), ax=ax),
        "portfolio_matrix": lambda ax: a.plots.portfolio_matrix(acc, ax=ax, highlight=acc["annual_revenue"] > 1e6),
        "pipeline_funnel": lambda ax: a.plots.pipeline_funnel(
            a.weighted_pipeline(data.load("huaxin_opportunities")), ax=ax),
        "influence_attitude_map": lambda ax: a.plots.influence_attitude_map(
            contacts[contacts["account_id"] == first], ax=ax, covered=set()),
    }


def _lifetime():
    from crmcourse.lifetime import plots

    weeks = pd.RangeIndex(1, 11)
    actual = pd.Series(np.cumsum(np.arange(10.0)), index=weeks)
    return {"tracking_plot": lambda ax: plots.tracking_plot(actual, actual * 1.05, ax=ax, calibration_end=5)}


def _spin():
    from crmcourse import spin

    questions = data.load("spin_questions")
    return {
        "spin_mix_chart": lambda ax: spin.plots.spin_mix_chart(questions["type"].value_counts(), ax=ax, typical=True),
        "spin_call_timeline": lambda ax: spin.plots.spin_call_timeline(
            spin.replay("hospital", ["p_repairs", "i_queues", "n_fast_repair"]).transcript(), ax=ax),
        "spin_outcome_chart": lambda ax: spin.plots.spin_outcome_chart(spin.simulate_calls("hospital", n=30, seed=1),
                                                                       ax=ax),
    }


def _segmentation():
    from crmcourse import segmentation as g

    tx = data.load("qingmei_transactions")
    rfm = g.rfm_table(tx, snapshot="2026-01-01")
    customers = data.load("qingmei_customers").set_index("customer_id")
    value = customers.assign(value=rfm["monetary"].reindex(customers.index).fillna(0.0) + 1.0)
    features = rfm.assign(log_monetary=np.log(rfm["monetary"]), log_frequency=np.log(rfm["frequency"]))
    small = features.iloc[:300]
    labels = g.kmeans_segments(small, ["log_monetary", "log_frequency"], k=3)
    results = pd.DataFrame({"contacts": [100.0, 100], "acceptances": [8.0, 17], "success_rate": [0.08, 0.17],
                            "net": [-50.0, 900]}, index=["blanket", "targeted"])
    return {
        "rfm_grid_plot": lambda ax: g.plots.rfm_grid_plot(g.rfm_scores(rfm), ax=ax),
        "value_expectation_plot": lambda ax: g.plots.value_expectation_plot(
            value, "value", "expectation_score", g.value_expectation_matrix(value, "value", "expectation_score"),
            ax=ax),
        "k_choice_plot": lambda ax: g.plots.k_choice_plot(
            g.k_diagnostics(small, ["log_monetary", "log_frequency"], ks=range(2, 5), n_init=2), ax=ax),
        "segment_profile_plot": lambda ax: g.plots.segment_profile_plot(
            g.segment_profile(small, labels, ["recency", "frequency", "monetary"]), ["recency", "monetary"], ax=ax),
        "campaign_plot": lambda ax: g.plots.campaign_plot(results, ax=ax),
    }


def _crm():
    from crmcourse import crm

    db = _crm_db()
    return {
        "sales_funnel_chart": lambda ax: crm.plots.sales_funnel_chart(crm.sales_funnel(db), ax=ax),
        "resolution_time_plot": lambda ax: crm.plots.resolution_time_plot(
            crm.ticket_hours(db), order=["urgent", "high", "normal", "low"], ax=ax),
        "report_chart": lambda ax: crm.plots.report_chart(crm.activity_report(db), ax=ax),
        "report_heatmap": lambda ax: crm.plots.report_heatmap(
            crm.activity_report(db, columns="month", start="2025-01-01", end="2025-06-30"), ax=ax),
    }


def _loyalty():
    from crmcourse import loyalty

    tx = data.load("qingmei_transactions")
    spend = loyalty.spend_by_customer(tx, "2025-01-01", "2025-12-31")
    bands = spend.groupby(loyalty.spend_bands(spend), observed=True).agg(customers="size", spend="mean")
    bands["margin"] = 0.6 * bands["spend"]
    return {
        "relationship_grid_plot": lambda ax: loyalty.plots.relationship_grid_plot(
            loyalty.level_for_segments(bands, customer_cuts=(300, 1_000), margin_cuts=(1_000, 5_000)), ax=ax),
        "programme_economics_plot": lambda ax: loyalty.plots.programme_economics_plot(
            loyalty.programme_economics(loyalty.retention_by_band(tx, year=2024)), ax=ax),
    }


MAKERS = {"satisfaction": _satisfaction, "accounts": _accounts, "lifetime": _lifetime, "spin": _spin,
          "segmentation": _segmentation, "crm": _crm, "loyalty": _loyalty}
PUBLIC = [(topic, name) for topic in TOPICS for name in importlib.import_module(f"crmcourse.{topic}.plots").__all__]


@pytest.fixture(scope="module")
def charts():
    """Every plot function's drawing call, by (topic, name); built once (the inputs take a few seconds)."""
    return {(topic, name): draw for topic in TOPICS for name, draw in MAKERS[topic]().items()}


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    with matplotlib.rc_context():
        crmcourse.set_language("zh")
        yield
        crmcourse.set_language(None)
    plt.close("all")


def texts_of(ax) -> dict[str, list[str]]:
    """What a reader sees on an Axes (and its twins), by kind."""
    axes = [a for a in ax.figure.axes]
    legend_texts = [t.get_text() for a in axes if a.get_legend() for t in a.get_legend().get_texts()]
    return {
        "title": [a.get_title() for a in axes if a.get_title()],
        "labels": [t for a in axes for t in (a.get_xlabel(), a.get_ylabel()) if t],
        "legend": legend_texts,
        "texts": [t.get_text() for a in axes for t in a.texts],
        "ticks": [t.get_text() for a in axes for t in a.get_xticklabels() + a.get_yticklabels()],
    }


def draw_recording(draw, caplog):
    """Draw a chart to PNG, returning its Axes and every warning and font log message raised."""
    fig, ax = plt.subplots()
    with warnings.catch_warnings(record=True) as record, caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("always")
        ax = draw(ax) or ax
        fig.canvas.draw()
        fig.savefig(io.BytesIO(), format="png")
    messages = [str(w.message) for w in record]
    messages += [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return ax, messages


# ------------------------------------------------------------------------------------------ tests
def test_every_public_plot_function_is_drawn_here():
    covered = {(topic, name) for topic in TOPICS for name in MAKERS[topic]()}
    assert set(PUBLIC) == covered
    assert len(PUBLIC) >= 25


@pytest.mark.parametrize("topic, name", PUBLIC, ids=[f"{t}.{n}" for t, n in PUBLIC])
def test_chart_in_chinese_draws_every_glyph(charts, chinese, caplog, topic, name):
    ax, messages = draw_recording(charts[(topic, name)], caplog)
    missing = [m for m in messages if "missing from font" in m or re.search(r"Glyph \d+", m) or "findfont" in m
               or "Chinese font" in m]
    assert not missing, f"{topic}.{name}: {missing[:3]}"
    shown = texts_of(ax)
    assert shown["title"] and all(CJK.search(t) for t in shown["title"]), shown["title"]
    everything = [t for kind in shown.values() for t in kind]
    untranslated = [t for t in everything if CATALOG.get(t) not in (None, t)]
    assert not untranslated, f"{topic}.{name} left catalog texts in English: {untranslated}"
    assert sum(1 for t in everything if CJK.search(t)) >= (1 if name == "report_heatmap" else 2), everything


@pytest.mark.parametrize("topic, name", PUBLIC, ids=[f"{t}.{n}" for t, n in PUBLIC])
def test_chart_in_english_stays_english(charts, caplog, monkeypatch, topic, name):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    crmcourse.set_language("en")
    try:
        ax, _messages = draw_recording(charts[(topic, name)], caplog)
    finally:
        crmcourse.set_language(None)
        plt.close("all")
    everything = [t for kind in texts_of(ax).values() for t in kind]
    assert not [t for t in everything if CJK.search(t)]


def test_fixed_vocabulary_is_translated():
    """The course's fixed names drawn on charts all have a Chinese form (a renamed constant shows here)."""
    from crmcourse.accounts import SALES_STAGES
    from crmcourse.loyalty.frameworks import KOTLER_GRID
    from crmcourse.satisfaction import KANO_NAMES, NPS_GROUPS, SERVQUAL_DIMENSIONS, ZONES
    from crmcourse.segmentation.frameworks import CUSTOMER_TYPES
    from crmcourse.segmentation.rfm import rfm_segment_grid
    from crmcourse.spin import CALL_STAGES, OUTCOMES

    names = [*KANO_NAMES.values(), *ZONES, *SERVQUAL_DIMENSIONS, *CUSTOMER_TYPES, *OUTCOMES, *CALL_STAGES,
             *SALES_STAGES, *set(rfm_segment_grid().to_numpy().ravel()), *set(KOTLER_GRID.to_numpy().ravel()),
             *KOTLER_GRID.index, *KOTLER_GRID.columns, "economic buyer", "user buyer", "technical buyer", "coach"]
    assert NPS_GROUPS == ("detractor", "passive", "promoter")
    missing = [n for n in names if not CJK.search(CATALOG.get(n, ""))]
    assert not missing


def test_glossary_terms_are_used_for_key_names():
    glossary = data.load("glossary").set_index("term_en")["term_zh"]
    for english, term in [("tangibles", "tangibles"), ("empathy", "empathy"), ("reliability", "reliability"),
                          ("advance", "advance"), ("continuation", "continuation"), ("no-sale", "no-sale"),
                          ("order", "order"), ("economic buyer", "economic buyer"), ("coach", "coach")]:
        assert CATALOG[english] == glossary[term], english
    assert CATALOG["attractive"] == "魅力属性" and CATALOG["must-be"] == "必备属性"
    assert CATALOG["one-dimensional"] == "期望属性" and CATALOG["questionable"] == "可疑结果"
    assert CATALOG["close"] == "成交" and CATALOG["user buyer"] == "用户购买者"
    assert CATALOG["intimate"] == "亲密型" and CATALOG["a need-payoff question"] == "需求-效益问题"


def test_set_language_zh_configures_cjk_fonts(monkeypatch):
    monkeypatch.setitem(_charts._STATE, "configured", False)
    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        crmcourse.set_language("zh")
        try:
            assert "Noto Sans CJK SC" in matplotlib.rcParams["font.family"]
        finally:
            crmcourse.set_language(None)


def test_set_language_zh_before_matplotlib_is_imported():
    code = ("import sys, crmcourse; crmcourse.set_language('zh'); assert 'matplotlib' not in sys.modules; "
            "import matplotlib; assert 'Noto Sans CJK SC' in matplotlib.rcParams['font.family'], "
            "matplotlib.rcParams['font.family']; import matplotlib.pyplot as plt; "
            "assert not [f for f in sys.meta_path if type(f).__name__ == '_ConfigureMatplotlib']")
    subprocess.run([sys.executable, "-c", code], check=True)
    english = "import crmcourse, matplotlib; assert matplotlib.rcParams['font.family'] == ['sans-serif']"
    subprocess.run([sys.executable, "-c", english], check=True)


def test_crmcourse_lang_zh_configures_cjk_fonts_too():
    code = ("import crmcourse; from crmcourse.i18n import translate; assert translate('correct') == '正确'; "
            "import matplotlib; assert 'Noto Sans CJK SC' in matplotlib.rcParams['font.family']")
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "CRMCOURSE_LANG": "zh"})


# ------------------------------------------------------------------------------------------ explorers
def test_explorers_in_chinese(chinese, caplog):
    from crmcourse.accounts.widgets import forecast_explorer
    from crmcourse.satisfaction.widgets import kano_explorer, promise_explorer, ratio_explorer
    from crmcourse.segmentation.widgets import k_explorer, value_expectation_explorer
    from crmcourse.spin.widgets import spin_simulator

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        ratio = ratio_explorer(expected=8, perceived=9)
        promise = promise_explorer(promise=8)
        kano = kano_explorer()
        deals = pd.DataFrame({"stage": ["Prospecting", "Negotiation/Review"], "amount": [100_000.0, 50_000.0]})
        forecast = forecast_explorer(deals)
        values = pd.DataFrame({"clv": [100.0, 200, 300, 400, 500, 600], "exp": [2.0, 9, 4, 7, 3, 8]})
        matrix = value_expectation_explorer(values, "clv", "exp")
        points = pd.DataFrame({"x": [1.0, 1.2, 0.8, 5.0, 5.1, 9.0, 9.3, 8.8], "y": [0.0, 0.1, 0.2, 4.0, 4.1, 0, 0.3, 0.1]})
        clusters = k_explorer(points, ["x", "y"], k=2, ks=range(2, 5))
        call = spin_simulator("hospital", seed=0)
        header, status, controls, types, panes, result, chart = call.children
        choose, ask, end, new = controls.children
        choose.value = "p_repairs"
        ask.click()
        end.click()
    assert not [str(w.message) for w in record if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert ratio.children[0].description == "期望值 a" and "非常满意" in ratio.children[-1].value
    assert "满意的购买者" in promise.children[1].value and promise.children[0].description == "承诺 p"
    feature, group = kano.children[0].children
    assert group.label == "全部受访者" and group.value == "all respondents"
    assert "Fong 检验" in kano.children[1].value
    assert forecast.children[0].children[0].description == "寻找潜在客户"
    assert "加权预测" in forecast.children[-1].value and "赢单概率" in forecast.children[-1].value
    forecast.children[0].children[0].value = 0.5  # Prospecting 10% → 50%: the stage is still found
    assert "90,000" in forecast.children[-1].value
    assert "价值分界" in matrix.children[1].value and "亲密型" in matrix.children[1].value
    assert "轮廓系数" in clusters.children[1].value
    assert "你代表" in header.value and ask.description == "提问" and end.description == "结束拜访"
    assert "需求追踪" in panes.children[1].value and "隐含" in panes.children[1].value
    assert "结果：" in result.value and "延续" in result.value and chart.value[:4] == b"\x89PNG"


def test_the_chinese_notebooks_drew_every_chart_with_a_cjk_font():
    """Charts drawn in the Chinese notebooks themselves (plain matplotlib in a cell, not only the
    package's plot functions): the stored outputs of solutions/zh/ — executed by `crmcourse
    translate build` on a machine with a CJK font — carry no missing-glyph warning, and a notebook
    that draws a chart stores it as an image."""
    from pathlib import Path

    import nbformat

    zh = Path(__file__).resolve().parents[1] / "solutions" / "zh"
    books = sorted(p for p in zh.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert books, "no Chinese edition: run `crmcourse translate build`"
    warned, images = [], 0
    for path in books:
        for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
            for output in cell.get("outputs", []):
                text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
                if re.search(r"missing from font|Glyph \d+ .*missing", text):
                    warned.append(f"{path.relative_to(zh)} cell {index}")
                images += "image/png" in output.get("data", {})
    assert not warned, f"missing CJK glyphs in: {warned}"
    assert images >= 40, f"only {images} charts stored in the Chinese edition"
