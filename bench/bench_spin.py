"""Benchmark: the SPIN call simulator and classifier (module 3 helpers).

    python bench/bench_spin.py            # 20,000 random calls per scenario (default)
    python bench/bench_spin.py 2000       # fewer calls

Measures, in the same run:

1. ``CallSimulator.ask`` — every move of many random calls (each move drawn uniformly from the
   moves not yet made, so calls mix questions, pitches and closes), timed one by one with
   the benchmarks' clock (``timing.clock``); median, 99th and 99.9th percentile and maximum in microseconds, per
   shipped scenario (the maximum is one outlier: a garbage collection or the OS scheduling
   another process);
2. a whole call: ``CallSimulator(...)`` + moves until the call ends + ``outcome()``;
3. ``load_scenario`` (YAML parse + validation) and ``classify_question`` per question.

The issue's budget is "well under 10 ms" per step. Figures go into docs/performance.md by hand.
"""
from __future__ import annotations

import platform
import random
import statistics
import sys

from crmcourse import spin
from timing import best_of, clock

SCENARIOS = ("hospital", "logistics", "bank")


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def bench_ask(name: str, calls: int, seed: int = 0) -> dict:
    sc = spin.load_scenario(name)
    rng = random.Random(seed)
    ask_us, call_us, turns = [], [], []
    for _ in range(calls):
        start_call = clock()
        sim = spin.CallSimulator(sc, seed=rng.randrange(2**31))
        while not sim.state.ended:
            move = rng.choice(sim.available())
            t0 = clock()
            sim.ask(move)
            ask_us.append((clock() - t0) * 1e6)
        sim.outcome()
        call_us.append((clock() - start_call) * 1e6)
        turns.append(sim.state.turn)
    return {"scenario": name, "calls": calls, "moves": len(ask_us), "ask_median_us": statistics.median(ask_us),
            "ask_p99_us": _percentile(ask_us, 0.99), "ask_p999_us": _percentile(ask_us, 0.999),
            "ask_max_us": max(ask_us),
            "call_median_us": statistics.median(call_us), "turns_mean": statistics.mean(turns)}


def bench_other(repeat: int = 50) -> dict:
    load = best_of(lambda: spin.load_scenario("hospital"), repeat=repeat)
    bank = spin.question_bank()["question"].tolist()
    rounds = 20
    per_q = best_of(lambda: [spin.classify_question(q) for q in bank], repeat=1, number=rounds) / len(bank)
    return {"load_ms": load * 1000, "classify_us": per_q * 1e6}


def main(argv: list[str]) -> int:
    calls = int(argv[1]) if len(argv) > 1 else 20_000
    print(f"Python {platform.python_version()} on {platform.machine()}, {calls:,} random calls per scenario\n")
    print("| scenario | moves timed | median µs per ask | p99 µs | p99.9 µs | max µs | median µs per whole call "
          "| moves per call |")
    print("|---|---|---|---|---|---|---|---|")
    for name in SCENARIOS:
        r = bench_ask(name, calls)
        print(f"| {name} | {r['moves']:,} | {r['ask_median_us']:.1f} | {r['ask_p99_us']:.1f} | {r['ask_p999_us']:.1f} "
              f"| {r['ask_max_us']:.0f} "
              f"| {r['call_median_us']:.0f} | {r['turns_mean']:.1f} |")
    o = bench_other()
    print(f"\nload_scenario('hospital') (parse + validate): {o['load_ms']:.1f} ms (best of 50)")
    print(f"classify_question: {o['classify_us']:.1f} µs per question")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
