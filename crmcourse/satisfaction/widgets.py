"""Interactive explorers for module 1 (ipywidgets): the ratio, the promise trade-off, Kano.

Every explorer returns an ipywidgets container; display it by leaving it as the last
expression of a cell. The numbers shown come from the same functions the exercises check; labels
and texts follow the language in use (:func:`crmcourse.set_language`).

>>> box = ratio_explorer(expected=8, perceived=9)
>>> "highly satisfied" in box.children[-1].value
True
"""
from __future__ import annotations

import numpy as np

from crmcourse import data
from crmcourse._charts import chart_png
from crmcourse.i18n import N_, translate as _
from crmcourse.satisfaction.kano import KANO_CATEGORIES, KANO_NAMES, kano_classify
from crmcourse.satisfaction.plots import promise_tradeoff_plot
from crmcourse.satisfaction.ratio import promise_tradeoff, satisfaction_ratio, satisfaction_zone

__all__ = ["ratio_explorer", "promise_explorer", "kano_explorer"]


def ratio_explorer(expected: float = 7.0, perceived: float = 8.0, tolerance: float = 0.05):
    """Two sliders (expectation a, perceived performance b) and the ratio c = b / a with its zone.

    Parameters
    ----------
    expected : float, default 7.0
        Starting expectation a (the slider runs 1–10).
    perceived : float, default 8.0
        Starting perceived performance b (0–10).
    tolerance : float, default 0.05
        The "satisfied" band of :func:`~crmcourse.satisfaction.satisfaction_zone`.

    Returns
    -------
    ipywidgets.VBox
        The two sliders and the result line.

    Raises
    ------
    CourseDataError
        A tolerance outside [0, 1).

    Examples
    --------
    >>> box = ratio_explorer(expected=8, perceived=6)
    >>> box.children[1].value = 8.0
    >>> "satisfied" in box.children[-1].value and "<b>1.00</b>" in box.children[-1].value
    True
    """
    import ipywidgets as w

    style = {"description_width": "150px"}
    layout = w.Layout(width="460px")
    a = w.FloatSlider(value=expected, min=1, max=10, step=0.5, description=_("expectation a"),
                      style=style, layout=layout, continuous_update=False)
    b = w.FloatSlider(value=perceived, min=0, max=10, step=0.5, description=_("perceived b"),
                      style=style, layout=layout, continuous_update=False)
    out = w.HTML()
    colours = {"dissatisfied": "#b22222", "satisfied": "#555555", "highly satisfied": "#1b7f3b"}

    def update(*_args):
        ratio = satisfaction_ratio(b.value, a.value)
        zone = satisfaction_zone(ratio, tolerance)
        out.value = (f"<span class='crmcourse-ratio'>c = b / a = {b.value:.1f} / {a.value:.1f} = "
                     f"<b>{ratio:.2f}</b> → <b style='color:{colours[zone]}'>{_(zone)}</b></span>")

    a.observe(update, names="value")
    b.observe(update, names="value")
    update()
    box = w.VBox([a, b, out])
    box.add_class("crmcourse-ratio-explorer")
    return box


def promise_explorer(promise: float = 8.0, **model):
    """A promise slider over :func:`crmcourse.satisfaction.promise_tradeoff`: buyers, satisfied
    share and satisfied buyers update as you move it, with the trade-off curve below.

    Parameters
    ----------
    promise : float, default 8.0
        Starting promise level (the slider runs 1–10).
    **model
        Other parameters of :func:`~crmcourse.satisfaction.promise_tradeoff` (``performance``,
        ``requirement_mean``, ``market`` …).

    Returns
    -------
    ipywidgets.VBox
        The slider, the result line and the chart.

    Raises
    ------
    CourseDataError
        Model parameters that :func:`~crmcourse.satisfaction.promise_tradeoff` refuses.

    Examples
    --------
    >>> box = promise_explorer(promise=8)
    >>> "satisfied buyers" in box.children[1].value
    True
    >>> before = box.children[1].value
    >>> box.children[0].value = 6.6
    >>> box.children[1].value != before and "<b>6.6</b>" in box.children[1].value
    True
    """
    import ipywidgets as w

    curve = promise_tradeoff(np.round(np.arange(1.0, 10.001, 0.1), 1), **model)
    slider = w.FloatSlider(value=float(promise), min=1, max=10, step=0.1, readout_format=".1f",
                           description=_("promise p"), style={"description_width": "100px"},
                           layout=w.Layout(width="460px"), continuous_update=False)
    text = w.HTML()
    image = w.Image(format="png", layout=w.Layout(width="560px"))

    def update(*_args):
        p = float(slider.value)
        r = promise_tradeoff(p, **model)
        text.value = ("<span class='crmcourse-promise'>" + _(
            "promise <b>{promise:.1f}</b> → buyers <b>{buyers:.0f}</b> · satisfied share <b>{share:.0%}</b> · "
            "satisfied buyers <b>{satisfied:.0f}</b>").format(promise=p, buyers=r["buyers"],
                                                               share=r["satisfied_share"],
                                                               satisfied=r["satisfied_buyers"]) + "</span>")
        image.value = chart_png(lambda ax: promise_tradeoff_plot(curve, ax=ax, promise=p),
                                figsize=(6.4, 3.6), dpi=90)

    slider.observe(update, names="value")
    update()
    box = w.VBox([slider, text, image])
    box.add_class("crmcourse-promise-explorer")
    return box


def kano_explorer(responses=None, by: str = "customer_group", feature: str | None = None):
    """Pick a feature and a customer group; see its Kano answer counts, category, Better/Worse and
    Fong's test (from :func:`crmcourse.satisfaction.kano_classify`).

    Parameters
    ----------
    responses : pandas.DataFrame, optional
        A Kano survey as for :func:`~crmcourse.satisfaction.kano_classify`; default the shipped
        ``qingmei_kano``.
    by : str or None, default "customer_group"
        The group column (None for no group choice).
    feature : str, optional
        The feature shown first.

    Returns
    -------
    ipywidgets.VBox
        The two dropdowns and the feature's card.

    Raises
    ------
    CourseDataError
        A survey that :func:`~crmcourse.satisfaction.kano_classify` refuses.

    Examples
    --------
    >>> box = kano_explorer()
    >>> feature, group = box.children[0].children
    >>> before = box.children[1].value
    >>> feature.value = "refill packaging"; group.value = "mature customers"
    >>> "indifferent" in box.children[1].value and box.children[1].value != before
    True
    """
    import html

    import ipywidgets as w

    if responses is None:
        responses = data.load("qingmei_kano")
    overall = kano_classify(responses)
    features = [str(f) for f in overall["feature"]]
    everyone = N_("all respondents")
    tables = {everyone: overall.assign(_f=features).set_index("_f")}
    if by is not None:
        grouped = kano_classify(responses, by=by)
        for g, part in grouped.groupby(by, observed=True, sort=False):
            tables[str(g)] = part.assign(_f=part["feature"].astype(str)).set_index("_f")
    pick = w.Dropdown(options=features, value=feature if feature in features else features[0],
                      description=_("feature"), layout=w.Layout(width="360px"))

    def shown(name: str) -> str:
        return _(name) if name == everyone else name

    group = w.Dropdown(options=[(shown(g), g) for g in tables], value=everyone, description=_("group"),
                       layout=w.Layout(width="300px"))
    out = w.HTML()
    colours = {"A": "#1e8449", "O": "#2e86c1", "M": "#c0392b", "I": "#7f8c8d", "R": "#8e44ad", "Q": "#222222"}

    def update(*_args):
        table = tables[group.value]
        if pick.value not in table.index:
            out.value = ("<div class='crmcourse-kano'>" + _("No answers about <b>{feature}</b> from {group}.").format(
                feature=html.escape(pick.value), group=html.escape(shown(group.value))) + "</div>")
            return
        row = table.loc[pick.value]
        n = int(row["n"])
        bars = "".join(
            f"<tr><td>{c} {_(KANO_NAMES[c])}</td><td style='text-align:right'>{int(row[c])}</td>"
            f"<td><div style='background:{colours[c]};height:10px;width:{200 * int(row[c]) / max(n, 1):.0f}px'>"
            f"</div></td></tr>" for c in KANO_CATEGORIES)
        lead = _("significant") if bool(row["significant"]) else _(
            "not significant: a mix of its two leading categories")
        cat = row["category"]
        out.value = (
            "<div class='crmcourse-kano'>"
            + _("<b>{feature}</b> — {group} ({count} answers)").format(
                feature=html.escape(pick.value), group=html.escape(shown(group.value)), count=n)
            + f"<table>{bars}</table>"
            + _("category <b style='color:{colour}'>{code} ({name})</b> · Better <b>{better:.2f}</b> · "
                "Worse <b>{worse:.2f}</b> · Fong's test: {lead}").format(
                colour=colours[cat], code=cat, name=_(KANO_NAMES[cat]), better=row["better"], worse=row["worse"],
                lead=lead)
            + "</div>")

    pick.observe(update, names="value")
    group.observe(update, names="value")
    update()
    box = w.VBox([w.HBox([pick, group]), out])
    box.add_class("crmcourse-kano-explorer")
    return box
