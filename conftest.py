"""Shared pytest set-up for tests/ and the doctests in crmcourse/."""
import os
import tempfile

import matplotlib
import pytest

matplotlib.use("Agg")  # no screen needed; plots are inspected, not shown

# The CRM lab notebooks create crm_lab.sqlite (and exports) in their working folder. Under test,
# kernels inherit this variable and put them in a temporary folder instead of the repository.
os.environ.setdefault("CRMCOURSE_WORKDIR", tempfile.mkdtemp(prefix="crmcourse-lab-"))


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test and doctest starts and ends with no open matplotlib figure."""
    import matplotlib.pyplot as plt

    yield
    plt.close("all")
