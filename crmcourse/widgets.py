"""Interactive explorers (ipywidgets): thin layers over the pure helpers.

Every explorer returns an ipywidgets container; display it by leaving it as the last
expression of a cell. The numbers shown come from the same functions the exercises check.

>>> box = ratio_explorer(expected=8, perceived=9)
>>> "highly satisfied" in box.children[-1].value
True
"""
from __future__ import annotations

__all__ = ["ratio_explorer"]


def _chart_png(draw, figsize=(6.4, 4.2), dpi=80, whole_figure=False) -> bytes:
    """Render a chart to PNG bytes for an ``Image`` widget, without pyplot.

    ``draw`` gets an Axes (or the Figure when ``whole_figure``). Drawing on a bare ``Figure``
    keeps stray figures out of the notebook's output and behaves the same in doctests,
    JupyterLab and a static export.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    draw(fig if whole_figure else fig.add_subplot())
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def ratio_explorer(expected: float = 7.0, perceived: float = 8.0, tolerance: float = 0.05):
    """Two sliders (expectation a, perceived performance b) and the ratio c = b / a with its zone.

    >>> box = ratio_explorer(expected=8, perceived=6)
    >>> box.children[1].value = 8.0
    >>> "satisfied" in box.children[-1].value and "<b>1.00</b>" in box.children[-1].value
    True
    """
    import ipywidgets as w

    from crmcourse.satisfaction import satisfaction_ratio, satisfaction_zone

    style = {"description_width": "150px"}
    layout = w.Layout(width="460px")
    a = w.FloatSlider(value=expected, min=1, max=10, step=0.5, description="expectation a",
                      style=style, layout=layout, continuous_update=False)
    b = w.FloatSlider(value=perceived, min=0, max=10, step=0.5, description="perceived b",
                      style=style, layout=layout, continuous_update=False)
    out = w.HTML()
    colours = {"dissatisfied": "#b22222", "satisfied": "#555555", "highly satisfied": "#1b7f3b"}

    def update(*_):
        ratio = satisfaction_ratio(b.value, a.value)
        zone = satisfaction_zone(ratio, tolerance)
        out.value = (f"<span class='crmcourse-ratio'>c = b / a = {b.value:.1f} / {a.value:.1f} = "
                     f"<b>{ratio:.2f}</b> → <b style='color:{colours[zone]}'>{zone}</b></span>")

    a.observe(update, names="value")
    b.observe(update, names="value")
    update()
    box = w.VBox([a, b, out])
    box.add_class("crmcourse-ratio-explorer")
    return box


# ---- Module 2: key accounts
__all__ += ["forecast_explorer"]


def forecast_explorer(opportunities, probabilities=None, step: float = 0.05):
    """Sliders for the win probability of each open stage, and the weighted forecast they give.

    ``opportunities`` is a table with ``stage`` and ``amount`` columns (e.g.
    ``huaxin_opportunities``); closed deals are left out, as in
    :func:`crmcourse.accounts.weighted_pipeline`, which computes every number shown.
    ``probabilities`` sets the starting values (default: SuiteCRM's). The reset button puts
    the SuiteCRM defaults back.

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

    from crmcourse.accounts import CLOSED_STAGES, SUITECRM_PROBABILITIES, _probabilities, weighted_pipeline

    start = _probabilities(probabilities)
    weighted_pipeline(opportunities, start)  # validate once, before any slider exists
    stages = [s for s in start if s not in CLOSED_STAGES]
    style = {"description_width": "170px"}
    layout = w.Layout(width="480px")
    sliders = [w.FloatSlider(value=start[s], min=0.0, max=1.0, step=step, description=s,
                             readout_format=".0%", style=style, layout=layout, continuous_update=False)
               for s in stages]
    reset = w.Button(description="SuiteCRM defaults", tooltip="put SuiteCRM's default probabilities back")
    out = w.HTML()

    def current() -> dict:
        probs = dict(start)
        probs.update({s.description: float(s.value) for s in sliders})
        return probs

    def update(*_):
        wp = weighted_pipeline(opportunities, current())
        body = "".join(
            f"<tr><td>{html.escape(str(stage))}</td><td style='text-align:right'>{int(r.deals)}</td>"
            f"<td style='text-align:right'>{r.amount:,.0f}</td><td style='text-align:right'>{r.probability:.0%}</td>"
            f"<td style='text-align:right'>{r.expected:,.0f}</td></tr>"
            for stage, r in wp.drop(index="Total").iterrows())
        total = wp.loc["Total"]
        out.value = (
            f"<p><span class='crmcourse-forecast'>Weighted forecast: <b>{total.expected:,.0f} CNY</b> "
            f"from {int(total.deals)} open deals worth {total.amount:,.0f} CNY</span></p>"
            "<table class='crmcourse-forecast-table'><tr><th>stage</th><th>deals</th><th>amount (CNY)</th>"
            f"<th>probability</th><th>expected (CNY)</th></tr>{body}</table>")

    def restore(_):
        for s in sliders:
            s.value = SUITECRM_PROBABILITIES.get(s.description, s.value)

    for s in sliders:
        s.observe(update, names="value")
    reset.on_click(restore)
    update()
    box = w.VBox([w.VBox(sliders), reset, out])
    box.add_class("crmcourse-forecast-explorer")
    return box


# ---- Module 1: satisfaction
# Explorers for crmcourse.satisfaction: the promise trade-off and the Kano survey by feature.

__all__ += ["promise_explorer", "kano_explorer"]




def promise_explorer(promise: float = 8.0, **model):
    """A promise slider over :func:`crmcourse.satisfaction.promise_tradeoff`: buyers, satisfied
    share and satisfied buyers update as you move it, with the trade-off curve below.

    Extra keyword arguments (``performance``, ``requirement_mean``, ``market`` …) go to the model.

    >>> box = promise_explorer(promise=8)
    >>> "satisfied buyers" in box.children[1].value
    True
    >>> before = box.children[1].value
    >>> box.children[0].value = 6.6
    >>> box.children[1].value != before and "<b>6.6</b>" in box.children[1].value
    True
    """
    import ipywidgets as w
    import numpy as np

    from crmcourse.plots import promise_tradeoff_plot
    from crmcourse.satisfaction import promise_tradeoff

    curve = promise_tradeoff(np.round(np.arange(1.0, 10.001, 0.1), 1), **model)
    slider = w.FloatSlider(value=float(promise), min=1, max=10, step=0.1, readout_format=".1f",
                           description="promise p", style={"description_width": "100px"},
                           layout=w.Layout(width="460px"), continuous_update=False)
    text = w.HTML()
    image = w.Image(format="png", layout=w.Layout(width="560px"))

    def update(*_):
        p = float(slider.value)
        r = promise_tradeoff(p, **model)
        text.value = (f"<span class='crmcourse-promise'>promise <b>{p:.1f}</b> → buyers <b>{r['buyers']:.0f}</b>"
                      f" · satisfied share <b>{r['satisfied_share']:.0%}</b>"
                      f" · satisfied buyers <b>{r['satisfied_buyers']:.0f}</b></span>")
        image.value = _chart_png(lambda ax: promise_tradeoff_plot(curve, ax=ax, promise=p),
                                 figsize=(6.4, 3.6), dpi=90)

    slider.observe(update, names="value")
    update()
    box = w.VBox([slider, text, image])
    box.add_class("crmcourse-promise-explorer")
    return box


def kano_explorer(responses=None, by: str = "customer_group", feature: str | None = None):
    """Pick a feature and a customer group; see its Kano answer counts, category, Better/Worse and
    Fong's test (from :func:`crmcourse.satisfaction.kano_classify`).

    ``responses`` defaults to the shipped ``qingmei_kano`` survey; ``by`` is the group column
    (``None`` for no group choice).

    >>> box = kano_explorer()
    >>> feature, group = box.children[0].children
    >>> before = box.children[1].value
    >>> feature.value = "refill packaging"; group.value = "mature customers"
    >>> "indifferent" in box.children[1].value and box.children[1].value != before
    True
    """
    import html

    import ipywidgets as w

    from crmcourse import data
    from crmcourse.satisfaction import KANO_CATEGORIES, KANO_NAMES, kano_classify

    if responses is None:
        responses = data.load("qingmei_kano")
    overall = kano_classify(responses)
    features = [str(f) for f in overall["feature"]]
    tables = {"all respondents": overall.assign(_f=features).set_index("_f")}
    if by is not None:
        grouped = kano_classify(responses, by=by)
        for g, part in grouped.groupby(by, observed=True, sort=False):
            tables[str(g)] = part.assign(_f=part["feature"].astype(str)).set_index("_f")
    pick = w.Dropdown(options=features, value=feature if feature in features else features[0],
                      description="feature", layout=w.Layout(width="360px"))
    group = w.Dropdown(options=list(tables), value="all respondents", description="group",
                       layout=w.Layout(width="300px"))
    out = w.HTML()
    colours = {"A": "#1e8449", "O": "#2e86c1", "M": "#c0392b", "I": "#7f8c8d", "R": "#8e44ad", "Q": "#222222"}

    def update(*_):
        table = tables[group.value]
        if pick.value not in table.index:
            out.value = (f"<div class='crmcourse-kano'>No answers about <b>{html.escape(pick.value)}</b> "
                         f"from {html.escape(group.value)}.</div>")
            return
        row = table.loc[pick.value]
        n = int(row["n"])
        bars = "".join(
            f"<tr><td>{c} {KANO_NAMES[c]}</td><td style='text-align:right'>{int(row[c])}</td>"
            f"<td><div style='background:{colours[c]};height:10px;width:{200 * int(row[c]) / max(n, 1):.0f}px'>"
            f"</div></td></tr>" for c in KANO_CATEGORIES)
        lead = "significant" if bool(row["significant"]) else "not significant: a mix of its two leading categories"
        cat = row["category"]
        out.value = (
            f"<div class='crmcourse-kano'><b>{html.escape(pick.value)}</b> — {html.escape(group.value)} "
            f"({n} answers)<table>{bars}</table>"
            f"category <b style='color:{colours[cat]}'>{cat} ({KANO_NAMES[cat]})</b> · "
            f"Better <b>{row['better']:.2f}</b> · Worse <b>{row['worse']:.2f}</b> · Fong's test: {lead}</div>")

    pick.observe(update, names="value")
    group.observe(update, names="value")
    update()
    box = w.VBox([w.HBox([pick, group]), out])
    box.add_class("crmcourse-kano-explorer")
    return box


# ---- Module 4: segmentation
# Explorers for crmcourse.segmentation: the cut-offs of the value × expectation matrix, and the
# number of k-means clusters. Every number shown comes from the helpers the exercises check.

__all__ += ["value_expectation_explorer", "k_explorer"]




def value_expectation_explorer(customers, value: str, expectation: str, value_percentile: float = 50.0,
                               expectation_cut: float | None = None, log_value: bool = False):
    """Move the two cut-offs of the value × expectation matrix and see who becomes intimate, safe,
    dangerous or stranger (from :func:`crmcourse.segmentation.value_expectation_matrix`).

    The value cut is set as a percentile of ``value`` (50 = the median) because values are
    usually skewed; the expectation cut in the expectation's own units (default: its median,
    rounded to the slider's steps of 0.25).
    Below the sliders: the number and share of customers of each type, and the matrix.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"clv": [100.0, 200, 300, 400, 500, 600], "exp": [2.0, 9, 4, 7, 3, 8]})
    >>> box = value_expectation_explorer(c, "clv", "exp")
    >>> before = box.children[1].value
    >>> "intimate" in before
    True
    >>> box.children[0].children[0].value = 80.0
    >>> box.children[1].value != before
    True
    """
    import html

    import ipywidgets as w
    import numpy as np

    from crmcourse.plots import value_expectation_plot
    from crmcourse.segmentation import CUSTOMER_TYPES, value_expectation_matrix

    value_expectation_matrix(customers, value, expectation)  # validate once, before any slider exists
    values = customers[value].astype(float).to_numpy()
    expect = customers[expectation].astype(float).to_numpy()
    lo, hi = float(np.floor(expect.min())), float(np.ceil(expect.max()))
    start = float(np.median(expect)) if expectation_cut is None else float(expectation_cut)
    start = lo + round((start - lo) / 0.25) * 0.25  # on the slider's grid, so the browser does not move it
    style = {"description_width": "170px"}
    layout = w.Layout(width="520px")
    pct = w.FloatSlider(value=float(value_percentile), min=5, max=95, step=5, description="value cut (percentile)",
                        readout_format=".0f", style=style, layout=layout, continuous_update=False)
    ecut = w.FloatSlider(value=min(max(start, lo), hi), min=lo, max=hi, step=0.25, description="expectation cut",
                         readout_format=".2f", style=style, layout=layout, continuous_update=False)
    text = w.HTML()
    image = w.Image(format="png", layout=w.Layout(width="600px"))
    colours = {"intimate": "#1e8449", "safe": "#2e86c1", "dangerous": "#c0392b", "stranger": "#7f8c8d"}

    def update(*_):
        vcut = float(np.percentile(values, pct.value))
        types = value_expectation_matrix(customers, value, expectation, value_cut=vcut, expectation_cut=ecut.value)
        counts = types.value_counts().reindex(list(CUSTOMER_TYPES), fill_value=0)
        cells = "".join(
            f"<td style='padding:2px 10px'><b style='color:{colours[t]}'>{t}</b> {int(n):,} "
            f"({n / len(types):.0%})</td>" for t, n in counts.items())
        png = _chart_png(lambda ax: value_expectation_plot(customers, value, expectation, types, ax=ax,
                                                        log_value=log_value))
        image.value = png  # the chart first, then the counts: they change together on screen
        text.value = (f"<div class='crmcourse-ve-counts'>value cut <b>{vcut:,.0f}</b> "
                      f"({pct.value:.0f}th percentile of {html.escape(value)}) · expectation cut "
                      f"<b>{ecut.value:.2f}</b><table><tr>{cells}</tr></table></div>")

    pct.observe(update, names="value")
    ecut.observe(update, names="value")
    update()
    box = w.VBox([w.VBox([pct, ecut]), text, image])
    box.add_class("crmcourse-ve-explorer")
    return box


def k_explorer(frame, features, k: int = 4, ks=range(2, 9), profile_columns=None, random_state: int = 0):
    """A slider for the number of k-means clusters: the silhouette of that k and the profile of
    each cluster (size, share and means), from :func:`crmcourse.segmentation.kmeans_segments`.

    ``features`` are the columns clustered on (e.g. log-transformed RFM); ``profile_columns``
    the columns whose means are shown (default: the features).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1.0, 1.2, 0.8, 5.0, 5.1, 9.0, 9.3, 8.8], "y": [0.0, 0.1, 0.2, 4.0, 4.1, 0.0, 0.3, 0.1]})
    >>> box = k_explorer(df, ["x", "y"], k=2, ks=range(2, 5))
    >>> before = box.children[1].value
    >>> box.children[0].value = 3
    >>> "k = <b>3</b>" in box.children[1].value and box.children[1].value != before
    True
    """
    import html

    import ipywidgets as w

    from crmcourse.segmentation import _feature_matrix, _one_thread, _scaled, kmeans_segments, segment_profile

    ks = list(ks)
    cols = list(profile_columns) if profile_columns is not None else list(features)
    kmeans_segments(frame, features, k=min(ks), random_state=random_state)  # validate first
    slider = w.IntSlider(value=int(k), min=min(ks), max=max(ks), step=1, description="clusters k",
                         continuous_update=False, layout=w.Layout(width="420px"))
    out = w.HTML()
    _, X = _feature_matrix(frame, features)
    Xs = _scaled(X, True)

    def update(*_):
        from sklearn.metrics import silhouette_score

        labels = kmeans_segments(frame, features, k=slider.value, random_state=random_state)
        with _one_thread():
            sil = silhouette_score(Xs, labels.to_numpy(), sample_size=min(3000, len(Xs)), random_state=random_state)
        prof = segment_profile(frame, labels, cols)
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in ["segment", "customers", "share", *cols])
        body = "".join(
            "<tr>" + f"<td>{seg}</td><td style='text-align:right'>{int(r['customers']):,}</td>"
            f"<td style='text-align:right'>{r['share']:.0%}</td>"
            + "".join(f"<td style='text-align:right'>{r[c]:,.1f}</td>" for c in cols) + "</tr>"
            for seg, r in prof.iterrows())
        out.value = (f"<div class='crmcourse-k'><span class='crmcourse-k-summary'>k = <b>{slider.value}</b> · "
                     f"silhouette <b>{sil:.3f}</b></span><table><tr>{head}</tr>{body}</table></div>")

    slider.observe(update, names="value")
    update()
    box = w.VBox([slider, out])
    box.add_class("crmcourse-k-explorer")
    return box


# ---- Module 3: SPIN
# The call simulator (crmcourse.spin.CallSimulator) as a role-play: pick a move, ask, read the
# buyer's reply and the needs tracker, end the call, and get the debrief chart.

__all__ += ["spin_simulator"]

_M3_STATUS_COLOURS = {"hidden": "#999999", "implied": "#e08e0b", "developed": "#c0392b", "not stated": "#999999",
                      "explicit": "#1b7f3b", "benefit approved": "#0b5d1e"}
_M3_OUTCOME_COLOURS = {"order": "#0b5d1e", "advance": "#1b7f3b", "continuation": "#b35900", "no-sale": "#b22222"}




def spin_simulator(scenario="hospital", seed: int | None = 0, show_types: bool = True):
    """Role-play a SPIN sales call: choose a move, click *Ask*, read the reply; *End call* (or a
    close) ends it with an outcome and a debrief chart of your question mix.

    ``scenario`` is a shipped scenario's name or a path to a scenario file
    (:func:`crmcourse.spin.load_scenario`); ``seed`` makes the buyer's mood and wording
    repeatable (*New call* moves to the next seed). ``show_types`` labels each move S/P/I/N.

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

    from crmcourse.plots import spin_call_timeline, spin_mix_chart
    from crmcourse.spin import CallSimulator, load_scenario

    sc = load_scenario(scenario)
    box_state = {"sim": CallSimulator(sc, seed=seed), "round": 0}
    header = w.HTML(
        f"<div class='crmcourse-spin-header'><b>{html.escape(sc.title)}</b><br>"
        f"You sell for {html.escape(sc.seller)}. Buyer: {html.escape(sc.buyer.get('person', sc.buyer['name']))}"
        f" ({html.escape(sc.buyer['name'])}).</div>")
    status = w.HTML()
    # the dropdown takes what is left of the row, so the buttons keep their labels in narrow windows
    choose = w.Dropdown(description="your move", style={"description_width": "80px"},
                        layout=w.Layout(flex="1 1 auto", width="auto", max_width="640px", min_width="260px"))
    ask = w.Button(description="Ask", button_style="primary", tooltip="make the chosen move",
                   layout=w.Layout(width="80px", flex="0 0 auto"))
    end = w.Button(description="End call", tooltip="leave without asking for a commitment",
                   layout=w.Layout(width="100px", flex="0 0 auto"))
    new = w.Button(description="New call", tooltip="start again with the same buyer",
                   layout=w.Layout(width="100px", flex="0 0 auto"))
    types = w.Checkbox(value=show_types, description="show question types (S, P, I, N)", indent=False)
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
        status.value = (f"<span class='crmcourse-spin-status'>Stage: <b>{st.stage}</b> · turn {st.turn} of "
                        f"{sc.max_turns} · buyer's patience <span style='font-family:monospace'>{bar}</span> "
                        f"{st.patience:g}</span>")
        lines = [f"<p><i>Buyer:</i> {html.escape(sc.buyer.get('opening', 'Hello.'))}</p>"]
        for r in sim.history:
            found = (f" <span style='color:#1b7f3b'>[{html.escape('; '.join(r.revealed))}]</span>"
                     if r.revealed else "")
            tag = f"[{r.type}] " if types.value else ""
            lines.append(f"<p class='crmcourse-spin-turn'><b>You {tag}</b>{html.escape(r.question)}<br>"
                         f"<i>Buyer:</i> {html.escape(r.reply)}{found}</p>")
        talk.value = ("<div class='crmcourse-spin-transcript' style='max-height:300px;overflow-y:auto;"
                      "border:1px solid #ddd;padding:4px 8px'>" + "".join(lines) + "</div>")
        rows = "".join(
            f"<tr><td>{row.kind}</td><td>{html.escape(row.id)}</td>"
            f"<td style='color:{_M3_STATUS_COLOURS[row.status]}'><b>{row.status}</b></td></tr>"
            for row in sim.needs_tracker().itertuples())
        tracker.value = ("<div class='crmcourse-spin-tracker'><b>Needs tracker</b>"
                         f"<table><tr><th>kind</th><th>id</th><th>status</th></tr>{rows}</table></div>")
        ended = st.ended
        ask.disabled = end.disabled = choose.disabled = ended
        if ended:
            colour = _M3_OUTCOME_COLOURS[st.outcome]
            result.value = (f"<div style='border-left:4px solid {colour};padding:4px 8px'>"
                            f"<span class='crmcourse-spin-outcome'>Outcome: <b style='color:{colour}'>{st.outcome}</b>"
                            f"</span><br>{html.escape(st.reason)}</div>")

            def draw(fig):
                left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
                spin_mix_chart(sim.question_mix(), ax=left, title="Your question mix")
                spin_call_timeline(sim.transcript(), ax=right, title="Patience over the call")

            chart.value = _chart_png(draw, figsize=(11, 3.8), whole_figure=True)
            chart.layout.display = None
        else:
            result.value = ""
            chart.layout.display = "none"

    def on_ask(_):
        sim = box_state["sim"]
        if sim.state.ended or choose.value is None:
            return
        sim.ask(choose.value)
        refresh_options()
        render()

    def on_end(_):
        box_state["sim"].end_call()
        render()

    def on_new(_):
        box_state["round"] += 1
        next_seed = None if seed is None else seed + box_state["round"]
        box_state["sim"] = CallSimulator(sc, seed=next_seed)
        refresh_options()
        render()

    def on_types(_):
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
