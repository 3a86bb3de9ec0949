"""Loaded by pytest before its plugins (``-p crmcourse._pytest_startup`` in pyproject's ``addopts``).

nbval, loaded as a plugin by every pytest process (``make test`` starts four), imports nbformat
and with it ``rfc3987_syntax``: about 1 s of CPU each for nothing the course uses — see
:mod:`crmcourse._startup`. A ``-p`` module is imported before the plugins installed with packages,
so this one can skip it.
"""
from crmcourse._startup import skip_unused_iri_checker

skip_unused_iri_checker()
