"""The forecast explorer of module 2 (ipywidgets): win probabilities on sliders, the forecast below.

Labels, stage names and the forecast text follow the language in use (:func:`crmcourse.set_language`).

>>> import pandas as pd
>>> box = forecast_explorer(pd.DataFrame({"stage": ["Prospecting"], "amount": [100_000.0]}))
>>> "10,000" in box.children[-1].value
True
"""
from __future__ import annotations

from crmcourse.accounts.pipeline import CLOSED_STAGES, SUITECRM_PROBABILITIES, weighted_pipeline
from crmcourse.accounts.pipeline import probabilities as by_stage
from crmcourse.i18n import N_, translate as _

__all__ = ["forecast_explorer"]

_HEADERS = (N_("stage"), N_("deals"), N_("amount (CNY)"), N_("probability"), N_("expected (CNY)"))


def forecast_explorer(opportunities, probabilities=None, step: float = 0.05):
    """Sliders for the win probability of each open stage, and the weighted forecast they give.

    Closed deals are left out, as in :func:`crmcourse.accounts.weighted_pipeline`, which
    computes every number shown. The reset button puts the SuiteCRM defaults back.

    Parameters
    ----------
    opportunities : pandas.DataFrame
        A table with ``stage`` and ``amount`` columns (e.g. ``huaxin_opportunities``).
    probabilities : dict, optional
        Starting win probabilities per stage (default: SuiteCRM's).
    step : float, default 0.05
        Slider step.

    Returns
    -------
    ipywidgets.VBox
        The sliders, the reset button and the forecast table.

    Raises
    ------
    CourseDataError
        A table or probabilities that :func:`~crmcourse.accounts.weighted_pipeline` refuses.

    Examples
    --------
    >>> import pandas as pd
    >>> deals = pd.DataFrame({"stage": ["Prospecting", "Negotiation/Review"], "amount": [100_000.0, 50_000.0]})
    >>> box = forecast_explorer(deals)
    >>> "50,000" in box.children[-1].value
    True
    >>> box.children[0].children[0].value = 0.5      # Prospecting from 10% to 50%
    >>> "90,000" in box.children[-1].value
    True
    """
    import html

    import ipywidgets as w

    start = by_stage(probabilities)
    weighted_pipeline(opportunities, start)  # validate once, before any slider exists
    stages = [s for s in start if s not in CLOSED_STAGES]
    style = {"description_width": "170px"}
    layout = w.Layout(width="480px")
    sliders = [w.FloatSlider(value=start[s], min=0.0, max=1.0, step=step, description=_(s),
                             readout_format=".0%", style=style, layout=layout, continuous_update=False)
               for s in stages]
    reset = w.Button(description=_("SuiteCRM defaults"), tooltip=_("put SuiteCRM's default probabilities back"))
    out = w.HTML()

    def current() -> dict:
        probs = dict(start)
        probs.update({stage: float(s.value) for stage, s in zip(stages, sliders)})
        return probs

    def update(*_args):
        wp = weighted_pipeline(opportunities, current())
        body = "".join(
            f"<tr><td>{html.escape(_(str(stage)))}</td><td style='text-align:right'>{int(r.deals)}</td>"
            f"<td style='text-align:right'>{r.amount:,.0f}</td><td style='text-align:right'>{r.probability:.0%}</td>"
            f"<td style='text-align:right'>{r.expected:,.0f}</td></tr>"
            for stage, r in wp.drop(index="Total").iterrows())
        total = wp.loc["Total"]
        out.value = (
            "<p><span class='crmcourse-forecast'>"
            + _("Weighted forecast: <b>{expected:,.0f} CNY</b> from {deals} open deals worth {amount:,.0f} CNY").format(
                expected=total.expected, deals=int(total.deals), amount=total.amount)
            + "</span></p><table class='crmcourse-forecast-table'><tr>"
            + "".join(f"<th>{html.escape(_(h))}</th>" for h in _HEADERS)
            + f"</tr>{body}</table>")

    def restore(_event):
        for stage, s in zip(stages, sliders):
            s.value = SUITECRM_PROBABILITIES.get(stage, s.value)

    for s in sliders:
        s.observe(update, names="value")
    reset.on_click(restore)
    update()
    box = w.VBox([w.VBox(sliders), reset, out])
    box.add_class("crmcourse-forecast-explorer")
    return box
