"""Authoring and teaching tools: what a course author or trainer runs, never a learner's notebook.

* :mod:`.markers`, :mod:`.placeholders`, :mod:`.learner`, :mod:`.leaks` — learner notebooks
  generated from the worked solutions (``crmcourse learner``), and the check that they give
  nothing away;
* :mod:`.runner` — executing notebooks deterministically (``crmcourse execute``);
* :mod:`.grading` — running a class's submissions and writing the gradebook (``crmcourse grade``);
* :mod:`.site` — the offline self-study site (``crmcourse site``); :mod:`.slides` — reveal.js
  decks (``crmcourse slides``);
* :mod:`.lab` — running JupyterLab for ``crmcourse lab`` and stopping it with its kernels.

Importing this package imports none of them; the command line (:mod:`crmcourse.cli`) imports
each one when its command runs.
"""
