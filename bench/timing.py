"""The one timing helper every benchmark in bench/ uses, built on :mod:`timeit`.

    from timing import best_of, clock, timed     # bench/ is on sys.path when a bench file runs

    seconds = best_of(lambda: work(), repeat=5, number=1)     # a repeatable step
    result, seconds = timed(lambda: build_database())          # a one-off step whose result is needed
    start = clock(); step(); seconds = clock() - start         # one sample of a distribution

``best_of`` follows the advice of the :mod:`timeit` documentation: the lowest of several
repeats is the figure least disturbed by other processes on the machine; the mean or the
spread of the repeats mostly measures that disturbance. All three use the same clock,
:data:`timeit.default_timer` (:func:`time.perf_counter`).
"""
from __future__ import annotations

import timeit
from typing import Callable, TypeVar

__all__ = ["best_of", "timed", "clock"]

T = TypeVar("T")

#: The clock of every benchmark: :data:`timeit.default_timer` (``time.perf_counter``), in seconds.
clock = timeit.default_timer


def best_of(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Seconds one call of ``fn`` takes: the best of ``repeat`` runs of ``number`` calls each.

    Parameters
    ----------
    fn : callable
        Called with no arguments; its result is ignored.
    repeat : int, default 5
        How many timed runs; the fastest one is kept.
    number : int, default 1
        Calls per run; the run's time is divided by it.

    Returns
    -------
    float
        Seconds per call, from :func:`time.perf_counter` (the :mod:`timeit` default timer).

    Raises
    ------
    ValueError
        If ``repeat`` or ``number`` is below 1.

    Examples
    --------
    >>> seconds = best_of(lambda: sum(range(1000)), repeat=3, number=10)
    >>> 0 < seconds < 1
    True
    """
    if repeat < 1 or number < 1:
        raise ValueError(f"repeat and number must be at least 1, got repeat={repeat}, number={number}")
    runs = timeit.repeat(fn, repeat=repeat, number=number)
    return min(runs) / number


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Run ``fn`` once; return its result and the seconds it took (on :data:`clock`).

    For steps that are too slow to repeat or whose result the benchmark goes on with.

    Parameters
    ----------
    fn : callable
        Called once with no arguments.

    Returns
    -------
    tuple
        ``(result of fn, seconds)``.

    Raises
    ------
    Exception
        Whatever ``fn`` raises.

    Examples
    --------
    >>> value, seconds = timed(lambda: 6 * 7)
    >>> value, seconds >= 0
    (42, True)
    """
    start = clock()
    result = fn()
    return result, clock() - start
