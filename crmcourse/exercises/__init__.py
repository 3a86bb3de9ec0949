"""Exercise declarations: one file per notebook, named after its module and topic.

An exercise id starts with its module prefix (``m0`` … ``m6``, ``cap``), which is also the
start of its file's name: ``m1_kano_q2`` lives in ``m1_kano.py`` (or ``m1.py``). Each file
defines ``EXERCISES``, a list of exercise objects of the kinds in :mod:`crmcourse.checks.kinds`.
Discrete answers are stored as :func:`crmcourse.checks.answer_hash` values, never as plain
text; compute one in Python with ``answer_hash("m1_kano_q2", "must-be")``. Files whose name
starts with ``_`` (``_lab.py``) hold shared helpers, not exercises.
"""
