"""The classroom on one server: JupyterHub for a class, run by ``crmcourse hub`` (docs/classroom.md).

* :mod:`.learners` — the class list (``--users``/``--users-file``) and per-learner passwords;
* :mod:`.config` — JupyterHub's ``jupyterhub_config.py`` written from the command's options;
* :mod:`.auth` — NativeAuthenticator accounts made from the class list (imported by the hub only);
* :mod:`.homes` — the course copied into a home at the first login; updates that back up first;
* :mod:`.sandbox` — bubblewrap around each learner server;
* :mod:`.trainer` — ``hub collect`` (homes → ``submissions/``) and ``hub return`` (feedback pages).

Importing this package imports none of JupyterHub, nbgrader or pandas: the hub, the trainer's
commands and the tests each import what they use.
"""
from __future__ import annotations

from crmcourse.authoring.hub.config import HubSettings, default_hub_dir, hub_command, write_config
from crmcourse.authoring.hub.homes import learner_homes, populate_home, update_homes
from crmcourse.authoring.hub.learners import HubSetupError, ensure_accounts, parse_learners, read_learners_file

__all__ = ["HubSettings", "HubSetupError", "default_hub_dir", "hub_command", "write_config", "prepare_hub",
           "learner_homes", "populate_home", "update_homes", "parse_learners", "read_learners_file",
           "ensure_accounts"]


def prepare_hub(settings: HubSettings) -> tuple:
    """Make the hub folder ready to start: accounts (without a code) and the configuration.

    Parameters
    ----------
    settings : HubSettings

    Returns
    -------
    tuple
        ``(config_path, new_passwords)``: the ``jupyterhub_config.py`` written, and name →
        password for learners who got a password now (empty with a shared code).

    Raises
    ------
    HubSetupError
        Bad settings, a missing proxy, or a damaged accounts file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     config, passwords = prepare_hub(HubSettings(pathlib.Path(tmp), ["alice"], code="crm-workshop",
    ...                                                 proxy=pathlib.Path("/usr/bin/true"), sandbox=False))
    ...     print(config.name, passwords, "shared-password" in config.read_text())
    jupyterhub_config.py {} True
    """
    settings.check()
    passwords = ensure_accounts(settings.hub_dir, settings.learners) if settings.code is None else {}
    return write_config(settings), passwords
