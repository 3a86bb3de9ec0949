"""Exercise declarations, one file per course module (``m0.py`` … ``m6.py``, ``cap.py``).

An exercise id starts with its file's name: ``m1_kano_q2`` lives in ``m1.py``. Each file
defines ``EXERCISES``, a list of :mod:`crmcourse.checks` exercise objects. Discrete answers
are stored as :func:`crmcourse.checks.answer_hash` values, never as plain text; compute one
with ``python -m crmcourse.checks hash EXERCISE_ID "answer"``.
"""
