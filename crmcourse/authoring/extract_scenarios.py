"""Babel extraction method of the ``scenarios`` gettext domain: what the call simulator's buyers say.

The shipped scenarios (``data/spin/scenarios/*.yml``, format in docs/spin-scenarios.md) are
written in English; their Chinese lives in ``crmcourse/locale/zh_CN/LC_MESSAGES/scenarios.po``,
read by :func:`crmcourse.spin.scenario.localise` when a scenario is loaded in a Chinese session.
So the YAML stays one file per buyer, and a trainer's own scenario works unchanged (its texts
are simply not in the catalog and stay as written).

:func:`extract` yields every text a learner sees — the title, the seller, the buyer's name, person
and opening line, and each ``text``, ``reply``, ``feature``, ``advantage`` and ``benefit`` — with
a ``#.`` comment naming the scenario and the field path, so the translator knows who says it.

Registered for ``pybabel extract`` in ``crmcourse/locale/babel-scenarios.cfg``.

>>> import io
>>> yml = b"id: demo\\ntitle: A demo\\nfacts:\\n  - id: size\\n    text: We are small.\\n"
>>> list(extract(io.BytesIO(yml), (), (), {}))
[(2, 'gettext', 'A demo', ['demo: title']), (5, 'gettext', 'We are small.', ['demo: facts[0].text'])]
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["DOMAIN", "TEXT_KEYS", "extract"]

#: The gettext domain of the scenarios' texts.
DOMAIN = "scenarios"

#: Keys whose string values a learner reads (anywhere in a scenario file).
TEXT_KEYS = frozenset({"title", "seller", "name", "person", "opening", "text", "reply", "feature", "advantage",
                       "benefit"})


def _walk(node, path: str) -> Iterator[tuple[int, str, str]]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = f"{path}.{key.value}" if path else str(key.value)
            if isinstance(value, yaml.ScalarNode):
                if key.value in TEXT_KEYS and value.tag == "tag:yaml.org,2002:str" and value.value.strip():
                    yield value.start_mark.line + 1, value.value, here
            else:
                yield from _walk(value, here)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{i}]")


def extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extraction interface: ``(line, "gettext", text, [comment])`` for each text of one scenario."""
    import yaml

    raw: Any = fileobj.read()
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    root = yaml.compose(text)
    scenario = "scenario"
    if isinstance(root, yaml.MappingNode):
        scenario = next((v.value for k, v in root.value if k.value == "id" and isinstance(v, yaml.ScalarNode)),
                        scenario)
    for line, message, path in _walk(root, ""):
        yield line, "gettext", message, [f"{scenario}: {path}"]
