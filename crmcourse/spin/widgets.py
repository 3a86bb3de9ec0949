"""The SPIN role-play widget: pick a move, ask, read the buyer's reply and the needs tracker.

It plays :class:`crmcourse.spin.CallSimulator` and, when the call ends, shows the debrief chart
(:mod:`crmcourse.spin.plots`). ipywidgets and matplotlib load only when the widget is built. Its
labels, buttons and status texts follow the language in use (:func:`crmcourse.set_language`); the
scenario's own texts (questions, replies) are shown as the scenario file writes them.
"""
from __future__ import annotations

from crmcourse._charts import chart_png
from crmcourse.i18n import N_, translate as _
from crmcourse.spin._common import flag, seed_value
from crmcourse.spin.plots import spin_call_timeline, spin_mix_chart
from crmcourse.spin.scenario import load_scenario
from crmcourse.spin.simulator import CallSimulator

__all__ = ["spin_simulator"]

_STATUS_COLOURS = {N_("hidden"): "#999999", N_("implied"): "#e08e0b", N_("developed"): "#c0392b",
                   N_("not stated"): "#999999", N_("explicit"): "#1b7f3b", N_("benefit approved"): "#0b5d1e"}
#: The call stages (crmcourse.spin.CALL_STAGES) and the kinds of the needs tracker, for the catalog.
_NAMES = (N_("preliminaries"), N_("investigating"), N_("demonstrating capability"), N_("obtaining commitment"),
          N_("problem"), N_("need"))
_OUTCOME_COLOURS = {"order": "#0b5d1e", "advance": "#1b7f3b", "continuation": "#b35900", "no-sale": "#b22222"}


def spin_simulator(scenario="hospital", seed: int | None = 0, show_types: bool = True):
    """Role-play a SPIN sales call: choose a move, click *Ask*, read the reply; *End call* (or a
    close) ends it with an outcome and a debrief chart of your question mix.

    ``scenario`` is a shipped scenario's name or a path to a scenario file
    (:func:`crmcourse.spin.load_scenario`); ``seed`` makes the buyer's mood and wording
    repeatable (*New call* moves to the next seed). ``show_types`` labels each move S/P/I/N.

    Parameters
    ----------
    scenario : str, os.PathLike or Scenario, default "hospital"
    seed : int, optional, default 0
    show_types : bool, default True

    Returns
    -------
    ipywidgets.VBox
        Header, status, controls (move, Ask, End call, New call), the types switch, transcript
        and needs tracker, result, and the debrief chart.

    Raises
    ------
    ScenarioError
        The scenario cannot be loaded.
    CourseDataError
        ``seed`` is not a whole number or None, or ``show_types`` is not True or False.

    Examples
    --------
    >>> box = spin_simulator("hospital", seed=0)
    >>> header, status, controls, types, panes, result, chart = box.children
    >>> choose, ask, end, new = controls.children
    >>> choose.value = "p_repairs"; ask.click()
    >>> "implied need: slow_repairs" in panes.children[0].value
    True
    >>> end.click()
    >>> "continuation" in result.value and ask.disabled
    True
    >>> new.click(); ask.disabled
    False
    """
    import html

    import ipywidgets as w

    sc = load_scenario(scenario)
    seed = seed_value(seed)
    show_types = flag(show_types, "show_types")
    box_state = {"sim": CallSimulator(sc, seed=seed), "round": 0}
    header = w.HTML(
        f"<div class='crmcourse-spin-header'><b>{html.escape(sc.title)}</b><br>"
        + _("You sell for {seller}. Buyer: {person} ({company}).").format(
            seller=html.escape(sc.seller), person=html.escape(sc.buyer.get("person", sc.buyer["name"])),
            company=html.escape(sc.buyer["name"]))
        + "</div>")
    status = w.HTML()
    # the dropdown takes what is left of the row, so the buttons keep their labels in narrow windows
    choose = w.Dropdown(description=_("your move"), style={"description_width": "80px"},
                        layout=w.Layout(flex="1 1 auto", width="auto", max_width="640px", min_width="260px"))
    ask = w.Button(description=_("Ask"), button_style="primary", tooltip=_("make the chosen move"),
                   layout=w.Layout(width="80px", flex="0 0 auto"))
    end = w.Button(description=_("End call"), tooltip=_("leave without asking for a commitment"),
                   layout=w.Layout(width="100px", flex="0 0 auto"))
    new = w.Button(description=_("New call"), tooltip=_("start again with the same buyer"),
                   layout=w.Layout(width="100px", flex="0 0 auto"))
    types = w.Checkbox(value=show_types, description=_("show question types (S, P, I, N)"), indent=False)
    talk = w.HTML(layout=w.Layout(width="560px"))
    tracker = w.HTML(layout=w.Layout(width="380px"))
    result = w.HTML()
    chart = w.Image(format="png", layout=w.Layout(width="820px", display="none"))
    for b, cls in ((ask, "crmcourse-spin-ask"), (end, "crmcourse-spin-end"), (new, "crmcourse-spin-new")):
        b.add_class(cls)
    choose.add_class("crmcourse-spin-choose")

    def label(q, asked) -> str:
        kind = f"[{q.type}] " if types.value else ""
        return ("✓ " if q.id in asked else "") + kind + q.text

    def refresh_options():
        sim = box_state["sim"]
        keep = choose.value
        choose.options = [(label(q, sim.state.asked), q.id) for q in sc.questions.values()]
        fresh = [q for q in sc.questions if q not in sim.state.asked]
        choose.value = keep if keep in fresh else (fresh[0] if fresh else keep)

    def render():
        sim = box_state["sim"]
        st = sim.state
        full = max(sc.patience + int(sc.buyer.get("mood", 0)), 1)
        filled = max(0, min(10, round(10 * st.patience / full)))
        bar = "■" * filled + "□" * (10 - filled)
        status.value = ("<span class='crmcourse-spin-status'>" + _(
            "Stage: <b>{stage}</b> · turn {turn} of {turns} · buyer's patience "
            "<span style='font-family:monospace'>{bar}</span> {patience:g}").format(
                stage=_(st.stage), turn=st.turn, turns=sc.max_turns, bar=bar, patience=st.patience) + "</span>")
        buyer_says = _("<i>Buyer:</i> {text}")
        lines = [f"<p>{buyer_says.format(text=html.escape(sc.buyer.get('opening', 'Hello.')))}</p>"]
        for r in sim.history:
            found = (f" <span style='color:#1b7f3b'>[{html.escape('; '.join(r.revealed))}]</span>"
                     if r.revealed else "")
            tag = f"[{r.type}] " if types.value else ""
            you = _("You {tag}").format(tag=tag)
            lines.append(f"<p class='crmcourse-spin-turn'><b>{you}</b>"
                         f"{html.escape(r.question)}<br>{buyer_says.format(text=html.escape(r.reply))}{found}</p>")
        talk.value = ("<div class='crmcourse-spin-transcript' style='max-height:300px;overflow-y:auto;"
                      "border:1px solid #ddd;padding:4px 8px'>" + "".join(lines) + "</div>")
        rows = "".join(
            f"<tr><td>{_(row.kind)}</td><td>{html.escape(row.id)}</td>"
            f"<td style='color:{_STATUS_COLOURS[row.status]}'><b>{_(row.status)}</b></td></tr>"
            for row in sim.needs_tracker().itertuples())
        head = "".join(f"<th>{name}</th>" for name in (_("kind"), _("id"), _("status")))
        title = _("Needs tracker")
        tracker.value = (f"<div class='crmcourse-spin-tracker'><b>{title}</b>"
                         f"<table><tr>{head}</tr>{rows}</table></div>")
        ended = st.ended
        ask.disabled = end.disabled = choose.disabled = ended
        if ended:
            colour = _OUTCOME_COLOURS[st.outcome]
            result.value = (f"<div style='border-left:4px solid {colour};padding:4px 8px'>"
                            "<span class='crmcourse-spin-outcome'>"
                            + _("Outcome: <b style='color:{colour}'>{outcome}</b>").format(colour=colour,
                                                                                         outcome=_(st.outcome))
                            + f"</span><br>{html.escape(st.reason)}</div>")

            def draw(fig):
                left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
                spin_mix_chart(sim.question_mix(), ax=left, title=_("Your question mix"))
                spin_call_timeline(sim.transcript(), ax=right, title=_("Patience over the call"))

            chart.value = chart_png(draw, figsize=(11, 3.8), whole_figure=True)
            chart.layout.display = None
        else:
            result.value = ""
            chart.layout.display = "none"

    def on_ask(_event):
        sim = box_state["sim"]
        if sim.state.ended or choose.value is None:
            return
        sim.ask(choose.value)
        refresh_options()
        render()

    def on_end(_event):
        box_state["sim"].end_call()
        render()

    def on_new(_event):
        box_state["round"] += 1
        next_seed = None if seed is None else seed + box_state["round"]
        box_state["sim"] = CallSimulator(sc, seed=next_seed)
        refresh_options()
        render()

    def on_types(_event):
        refresh_options()
        render()

    ask.on_click(on_ask)
    end.on_click(on_end)
    new.on_click(on_new)
    types.observe(on_types, names="value")
    refresh_options()
    render()
    box = w.VBox([header, status, w.HBox([choose, ask, end, new]), types, w.HBox([talk, tracker]), result, chart])
    box.add_class("crmcourse-spin-simulator")
    return box
