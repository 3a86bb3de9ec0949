"""Charts for the course: thin layers over the helpers' outputs.

Every function takes a helper's result (a DataFrame or Series), draws on ``ax`` (a new
figure when ``ax`` is None) and returns the matplotlib ``Axes``, so a notebook can add to it
and a test can inspect it without a screen. Sections follow the course modules.
"""
from __future__ import annotations

__all__: list[str] = []


def _axes(ax=None, figsize=(7, 4)):
    """Return ``ax`` or a fresh Axes on a new figure."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax
