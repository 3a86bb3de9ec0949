"""Interactive explorers (ipywidgets): thin layers over the pure helpers.

Every explorer returns an ipywidgets container; display it by leaving it as the last
expression of a cell. The numbers shown come from the same functions the exercises check.

>>> box = ratio_explorer(expected=8, perceived=9)
>>> "highly satisfied" in box.children[-1].value
True
"""
from __future__ import annotations

__all__ = ["ratio_explorer"]


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
