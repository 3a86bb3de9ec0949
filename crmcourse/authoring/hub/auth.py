"""The learner accounts of a hub without a shared code: NativeAuthenticator, its accounts made in advance.

Used by the hub process only: ``jupyterhub_config.py`` sets
``c.JupyterHub.authenticator_class = workshop_authenticator()``. The class is built on that first
call because it subclasses NativeAuthenticator, which only the ``classroom`` extra installs;
importing this module needs nothing beyond crmcourse.

Logging in, password checks (bcrypt), the lock-out after failed attempts and the page where a
learner changes their password (``/hub/change-password``) are NativeAuthenticator's own. This
class only adds the accounts of the class list before anyone logs in: for each name in
``<hub dir>/learners.json`` that has no NativeAuthenticator account yet, one is made with the
stored bcrypt hash and marked authorised. Sign-up is off, so nobody outside the list gets in.

**JupyterHub 6 and NativeAuthenticator 1.3.0.** JupyterHub 6.0 removed its statsd client and
passes extra keywords to a login handler's ``_render``; NativeAuthenticator 1.3.0 (the newest
release) still calls ``self.statsd`` when a login form is posted and does not accept those
keywords, so every login fails with HTTP 500. :func:`workshop_authenticator` gives it its own login
handler with those two gaps filled (a no-op timer; extra keywords dropped) and nothing else
changed; drop it once NativeAuthenticator supports JupyterHub 6.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

__all__ = ["workshop_authenticator"]


class _NoTimer:
    """Stands in for the statsd client JupyterHub 6 no longer has: timing calls do nothing."""

    def timer(self, *args, **kwargs):
        return self

    def start(self):
        return self

    def stop(self, *args, **kwargs):
        return None


@functools.lru_cache(maxsize=None)
def workshop_authenticator() -> type:
    """``WorkshopAuthenticator``: NativeAuthenticator whose accounts come from the class list at start.

    Returns
    -------
    type
        A subclass of ``nativeauthenticator.NativeAuthenticator`` (the same class at every call),
        configurable as ``c.WorkshopAuthenticator.accounts_file``.

    Raises
    ------
    ImportError
        If ``jupyterhub-nativeauthenticator`` is not installed (``pip install -e '.[classroom]'``).
    """
    from nativeauthenticator import NativeAuthenticator
    from nativeauthenticator.handlers import LoginHandler as NativeLoginHandler
    from nativeauthenticator.orm import UserInfo
    from traitlets import Unicode

    class LoginHandler(NativeLoginHandler):
        """NativeAuthenticator's login page and form, runnable on JupyterHub 6 (see the module notes)."""

        statsd = _NoTimer()

        def _render(self, login_error=None, username=None, **kwargs):
            return super()._render(login_error=login_error, username=username)

    class WorkshopAuthenticator(NativeAuthenticator):
        """NativeAuthenticator whose accounts come from the class list (``learners.json``) at start."""

        accounts_file = Unicode("", config=True,
                                help="JSON file: learner name -> bcrypt hash of the password given to them")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.add_class_accounts()

        def get_handlers(self, app):
            """NativeAuthenticator's pages, its login page through the JupyterHub 6 login handler."""
            return [(path, LoginHandler if handler is NativeLoginHandler else handler)
                    for path, handler in super().get_handlers(app)]

        def add_class_accounts(self) -> list[str]:
            """Make a NativeAuthenticator account for every listed learner who has none; return their names."""
            if not self.accounts_file:
                return []
            accounts = json.loads(Path(self.accounts_file).read_text(encoding="utf-8"))
            added = []
            for name, hashed in sorted(accounts.items()):
                name = self.normalize_username(name)
                if self.get_user(name) is not None:
                    continue
                self.db.add(UserInfo(username=name, password=hashed.encode("ascii"), is_authorized=True))
                added.append(name)
            if added:
                self.db.commit()
                self.log.info("crmcourse: made accounts for %d learner(s): %s", len(added), ", ".join(added))
            return added

    return WorkshopAuthenticator
