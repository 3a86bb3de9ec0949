"""Shared by the CRM lab exercise files: the shipped lab database, read-only, and a one-value query.

Built once per session in memory from the shipped CSVs (never the learner's own database), so an
expected value does not depend on what the learner did to theirs.
"""
import functools


@functools.lru_cache(maxsize=1)
def lab_db():
    """A fresh in-memory copy of the lab database (do not modify it: it is shared)."""
    from crmcourse import crm

    return crm.connect(":memory:")


def one_value(sql: str) -> float:
    """The single number a query returns from the shipped lab data, e.g. ``SELECT COUNT(*) FROM leads``."""
    from crmcourse import crm

    return float(crm.query(lab_db(), sql).iloc[0, 0])
