"""Every exercise declaration says what it asks the learner to do, and read-offs stay rare (issue 14).

An exercise's ``task`` is one of ``crmcourse.checks.kinds.TASKS``. A *read-off* is an exercise
whose answer is printed above it or whose hint holds the code; the course keeps them at most
1 in 10. The read-off share is counted over the exercises that declare a task:
``read-offs ÷ exercises with a task`` (printed with ``-s``). The per-module counts are printed
too, so a module's author sees their own share.

The declarations' feedback is checked here as well: every declared slip computes, differs from
the expected value, and its message does not give that value.
"""
from __future__ import annotations

import collections

import pytest

from crmcourse.checks import NumberExercise, all_exercises
from crmcourse.checks.diagnose import slip_values
from crmcourse.checks.kinds import TASKS

EXERCISES = all_exercises()
MAX_READ_OFF_SHARE = 0.10


def _module(exercise_id: str) -> str:
    return exercise_id.split("_", 1)[0]


def test_every_exercise_declares_a_known_task():
    missing = [e.id for e in EXERCISES if e.task is None]
    assert not missing, f"exercises without task=: {missing}"
    unknown = [(e.id, e.task) for e in EXERCISES if e.task not in TASKS]
    assert not unknown, unknown


def test_read_off_share_is_at_most_one_in_ten():
    with_task = [e for e in EXERCISES if e.task is not None]
    read_offs = [e.id for e in with_task if e.task == "read-off"]
    per_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for e in EXERCISES:
        per_module[_module(e.id)][e.task or "(none)"] += 1
    print(f"\nexercises: {len(EXERCISES)}; with a task: {len(with_task)}; read-offs: {len(read_offs)}")
    for module, counts in sorted(per_module.items()):
        print(f"  {module}: {dict(sorted(counts.items()))}")
    if with_task:
        share = len(read_offs) / len(with_task)
        print(f"read-off share: {len(read_offs)}/{len(with_task)} = {share:.1%}")
        assert share <= MAX_READ_OFF_SHARE, f"read-offs are {share:.0%} of the exercises with a task: {read_offs}"


def test_written_exercises_declare_the_written_task():
    from crmcourse.checks import WrittenExercise

    wrong = [e.id for e in EXERCISES if isinstance(e, WrittenExercise) and e.task not in (None, "written")]
    assert not wrong, wrong


NUMBERS_WITH_SLIPS = [e for e in EXERCISES if isinstance(e, NumberExercise) and e.slips and not e.exam]


@pytest.mark.parametrize("exercise", NUMBERS_WITH_SLIPS, ids=lambda e: e.id)
def test_declared_slips_compute_and_do_not_give_the_answer(exercise):
    computed = slip_values(exercise.slips)
    assert len(computed) == len(exercise.slips), "a slip's value could not be computed"
    target = exercise.reference()
    for value, message in computed:
        status, _, _ = exercise.judge(value)
        assert status == "incorrect", f"the slip value {value} is accepted as right"
        for shown in {repr(target), f"{target:g}", f"{target:.2f}", f"{target:,.0f}"}:
            assert shown not in message or shown in {"0", "1", "0.00", "1.00"}, (value, message)
