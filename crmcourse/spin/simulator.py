"""The call simulator: play a sales call against a scenario's buyer, turn by turn, to an outcome.

:class:`CallSimulator` keeps the call's state (what the seller has uncovered, the buyer's
patience, the stage) and applies the rules of ``docs/spin-scenarios.md`` to each move.
Whole calls — a replayed script, an exercise's summary, many simulated sellers — are in
:mod:`crmcourse.spin.calls`.

>>> sim = CallSimulator("hospital", seed=1)
>>> sim.ask("s_fleet").revealed
('fact: fleet',)
>>> sim.outcome() in OUTCOMES
True
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crmcourse._validate import did_you_mean
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_
from crmcourse.i18n import translate as _
from crmcourse.spin._common import OUTCOMES  # noqa: F401 - the doctests use it
from crmcourse.spin._common import MOVE_TYPES, QUESTION_TYPES, SUCCESSFUL_PROFILE, describe, plain_text, seed_value
from crmcourse.spin.scenario import load_scenario
from crmcourse.spin.scenario_schema import Need, Question

if TYPE_CHECKING:  # for the annotations only: pandas is imported inside the functions that use it
    import pandas as pd

__all__ = ["CallError", "Reply", "CallState", "CallSimulator"]


class CallError(CourseDataError):
    """A move the simulator cannot make: an unknown question id, or asking after the call ended.

    A :class:`~crmcourse.errors.CourseDataError`, and so still a ``ValueError``: code that
    catches either keeps working. It takes the same arguments as
    :class:`~crmcourse.errors.CourseDataError` (``problem``, and ``fix=`` for what to do).

    Examples
    --------
    >>> CallSimulator("hospital").ask("s_flet")
    Traceback (most recent call last):
    ...
    crmcourse.spin.CallError: no question 's_flet' in scenario 'hospital' (did you mean 's_fleet'?); its ids are: ...
    """

    __module__ = "crmcourse.spin"  # its public home, shown in tracebacks


@dataclass(frozen=True)
class Reply:
    """What one move produced: the buyer's ``reply``, what it ``revealed`` and the state after it.

    Examples
    --------
    >>> r = CallSimulator("hospital", seed=0).ask("s_fleet")
    >>> r.turn, r.type, r.revealed, r.ended
    (1, 'S', ('fact: fleet',), False)
    """

    turn: int
    question_id: str
    type: str
    question: str
    reply: str
    revealed: tuple[str, ...]
    patience: float
    stage: str
    ended: bool
    outcome: str | None = None


@dataclass
class CallState:
    """The state of a call: what the seller has learnt and how the buyer feels.

    Examples
    --------
    >>> st = CallSimulator("hospital", seed=0).state
    >>> st.stage, st.turn, st.implied_needs
    ('preliminaries', 0, [])
    """

    patience: float
    stage: str = "preliminaries"
    turn: int = 0
    facts: list[str] = field(default_factory=list)
    implied_needs: list[str] = field(default_factory=list)      # problems the buyer has admitted
    implications: list[str] = field(default_factory=list)       # consequences the buyer has explored
    explicit_needs: list[str] = field(default_factory=list)     # wants the buyer has stated
    approved: list[str] = field(default_factory=list)           # benefits the buyer approved
    objections: int = 0
    price_concerns: int = 0
    situation_asked: int = 0
    asked: list[str] = field(default_factory=list)
    ended: bool = False
    outcome: str | None = None
    reason: str = ""


_GENERIC = {
    "repeat": [N_("You asked me that already."), N_("As I said a minute ago - nothing has changed.")],
    "fatigue": [N_("(looks at the clock)"), N_("(sighs) Is this a survey?")],
    "vague": [N_("Hard to say. It depends how you look at it."), N_("Nothing I would call a problem, really.")],
    "no_problem": [N_("No, that works well for us."), N_("No complaints there.")],
    "no_implication": [N_("I'm not sure what you mean - we don't have a problem there."),
                       N_("Why would that happen? I haven't said anything is wrong.")],
    "no_need": [N_("Maybe, but I don't see why we would need that."), N_("I can't say that's something we're looking for.")],
    "lukewarm": [N_("It would be nice, I suppose, but it isn't a big issue for us."),
                 N_("Perhaps. It's not that serious, though.")],
    "approval": [N_("That is exactly what we need."), N_("Good - that would solve it.")],
    "objection": [N_("That sounds expensive for something we can live with."),
                  N_("We manage fine as it is; I'm not sure it's worth the change.")],
    "price": [N_("And what does all that cost?"), N_("Everyone says that. What's the price?")],
}


class CallSimulator:
    """Play a sales call against a scenario's buyer, one move at a time.

    ``ask(question_id)`` makes a move — one of the scenario's questions, pitches or closes — and
    returns a :class:`Reply`; ``state`` holds what the call has uncovered (implied needs,
    implications, explicit needs), the buyer's patience and the call stage; ``outcome()`` is
    order, advance, continuation or no-sale. The same ``seed`` and the same moves always give
    the same call (the seed sets the buyer's mood and the wording of generic replies).

    The rules follow the research (docs/spin-scenarios.md has the full list):

    * situation questions cost patience, and more once the buyer has answered
      ``situation_limit`` of them; problem questions uncover **implied needs**;
    * implication questions develop an uncovered problem; a need-payoff question turns a
      developed problem into an **explicit need** (before that the buyer is lukewarm);
    * a pitch meeting an explicit need is a *benefit* and wins approval; one meeting a need
      that is only implied is an *advantage* and draws an objection; one that meets no need is
      a *feature* and draws a price concern;
    * a close asking for an **advance** succeeds with ``outcomes.advance`` explicit needs; one
      asking for an **order** needs ``outcomes.order`` explicit needs and an approved benefit;
      otherwise the call ends in a continuation (some need uncovered) or a no-sale;
    * if patience runs out or time is up, the buyer ends the call.

    Parameters
    ----------
    scenario : str, os.PathLike or Scenario
        A shipped scenario's name, a scenario file, or a loaded :class:`Scenario`.
    seed : int, optional
        Sets the buyer's mood and the wording of generic replies; None draws them at random.

    Raises
    ------
    ScenarioError
        The scenario cannot be loaded (see :func:`load_scenario`).
    CourseDataError
        ``seed`` is not a whole number or None.

    Examples
    --------
    >>> sim = CallSimulator("hospital", seed=0)
    >>> r = sim.ask("p_repairs")
    >>> r.revealed, r.stage
    (('implied need: slow_repairs',), 'investigating')
    >>> sim.ask("i_queues").revealed
    ('implication: queues',)
    >>> sim.ask("n_fast_repair").revealed
    ('explicit need: fast_repair',)
    >>> sim.ask("c_trial").outcome
    'advance'
    >>> sim.ask("s_fleet")
    Traceback (most recent call last):
    ...
    crmcourse.spin.CallError: the call has ended (outcome: advance). Fix: start a new CallSimulator to play again.
    """

    def __init__(self, scenario, seed: int | None = None):
        self.scenario = load_scenario(scenario)
        self.seed = seed = seed_value(seed)
        self._rng = random.Random(seed)
        mood = int(self.scenario.buyer.get("mood", 0))
        shift = self._rng.randint(-mood, mood) if mood else 0
        self.state = CallState(patience=self.scenario.patience + shift)
        self.history: list[Reply] = []

    # ------------------------------------------------------------------ moves
    def ask(self, question_id: str) -> Reply:
        """Make one move (a question, pitch or close, by its id) and return the buyer's reply.

        Parameters
        ----------
        question_id : str
            The move's id (``scenario.questions_table()`` lists them).

        Returns
        -------
        Reply

        Raises
        ------
        CallError
            The call has ended, or the scenario has no move with that id (with a suggestion).

        Examples
        --------
        >>> r = CallSimulator("logistics", seed=0).ask("p_dispatch")
        >>> r.type, r.revealed, r.stage
        ('P', ('implied need: blind_dispatch',), 'investigating')
        """
        sc, st = self.scenario, self.state
        if st.ended:
            raise CallError(_("the call has ended (outcome: {outcome})").format(outcome=st.outcome),
                            fix=_("start a new CallSimulator to play again"))
        q = self._move(question_id)
        st.turn += 1
        repeat = q.id in st.asked
        st.asked.append(q.id)
        eff = sc.effects
        revealed: list[str] = []
        if q.type == "close":
            text, delta = self._close(q)
        elif repeat:
            text, delta = self._say("repeat"), eff["repeat"]
            st.stage = "investigating" if q.type in QUESTION_TYPES else st.stage
        elif q.type == "S":
            text, delta = self._situation(q, revealed)
        elif q.type == "P":
            text, delta = self._problem(q, revealed)
        elif q.type == "I":
            text, delta = self._implication(q, revealed)
        elif q.type == "N":
            text, delta = self._need_payoff(q, revealed)
        else:
            text, delta = self._pitch(q, revealed)
        st.patience = round(st.patience + delta, 6)
        if not st.ended and st.patience <= 0:
            text += " Look, I have another meeting. Let's stop here."
            self._end_without_close(_("The buyer ran out of patience and ended the call."))
        elif not st.ended and st.turn >= sc.max_turns:
            text += " I'm afraid that's all the time I have today."
            self._end_without_close(_("Time was up before the seller asked for a commitment."))
        reply = Reply(st.turn, q.id, q.type, q.text, text, tuple(revealed), st.patience, st.stage, st.ended,
                      st.outcome)
        self.history.append(reply)
        return reply

    def end_call(self) -> str:
        """Leave without asking for a commitment.

        Returns
        -------
        str
            The outcome: continuation (a problem was admitted) or no-sale; the call's outcome if
            it had already ended.

        Examples
        --------
        >>> CallSimulator("hospital", seed=0).end_call()
        'no-sale'
        """
        if not self.state.ended:
            self._end_without_close(_("The seller ended the call without asking for a commitment."))
        return self.state.outcome

    def outcome(self) -> str:
        """The call's outcome: order, advance, continuation or no-sale.

        Ends an open call first (as leaving the room would), so it always returns one of
        :data:`OUTCOMES`.

        Returns
        -------
        str

        Examples
        --------
        >>> sim = CallSimulator("hospital", seed=0); _ = sim.ask("p_repairs")
        >>> sim.outcome(), sim.state.ended
        ('continuation', True)
        """
        return self.end_call()

    # ------------------------------------------------------------------ reports
    def available(self) -> list[str]:
        """Ids of the moves not yet made (empty once the call has ended).

        Returns
        -------
        list of str

        Examples
        --------
        >>> sim = CallSimulator("hospital", seed=0); _ = sim.ask("s_fleet")
        >>> "s_fleet" in sim.available(), len(sim.available())
        (False, 32)
        """
        if self.state.ended:
            return []
        return [qid for qid in self.scenario.questions if qid not in self.state.asked]

    def pitch_kind(self, question_id: str) -> str:
        """What a pitch would count as *now*: ``feature``, ``advantage`` or ``benefit``.

        A benefit meets a need the buyer has stated (explicit); an advantage meets a need the
        buyer has only implied (or not yet stated); a feature meets no need.

        Parameters
        ----------
        question_id : str
            The id of one of the scenario's pitches.

        Returns
        -------
        str

        Raises
        ------
        CallError
            ``question_id`` is not a pitch of this scenario.

        Examples
        --------
        >>> sim = CallSimulator("hospital", seed=0)
        >>> sim.pitch_kind("b_fast_repair"), sim.pitch_kind("f_speed")
        ('advantage', 'feature')
        """
        q = self._move(question_id)
        if q.type != "pitch":
            pitches = [m.id for m in self.scenario.questions.values() if m.type == "pitch"]
            raise CallError(_("{move} is not a pitch in scenario {scenario} (it is a {type} move)").format(
                move=repr(q.id), scenario=repr(self.scenario.id), type=q.type),
                fix=_("pick one of the pitches: {pitches}").format(pitches=", ".join(pitches)))
        if q.targets is None:
            return "feature"
        return "benefit" if q.targets in self.state.explicit_needs else "advantage"

    def benefits(self) -> "pd.DataFrame":
        """The needs the buyer has made explicit, with the benefits and pitches that meet them.

        What to say in the demonstrating-capability stage.

        Returns
        -------
        pandas.DataFrame
            ``need``, ``buyer said``, ``benefit``, ``pitches`` (ids) and ``approved``.

        Examples
        --------
        >>> sim = CallSimulator("hospital", seed=0)
        >>> _ = [sim.ask(move) for move in ["p_repairs", "i_queues", "n_fast_repair"]]
        >>> sim.benefits()[["need", "pitches"]].values.tolist()
        [['fast_repair', 'b_fast_repair']]
        """
        import pandas as pd

        sc = self.scenario
        rows = []
        for nid in self.state.explicit_needs:
            need = sc.needs[nid]
            pitches = [q.id for q in sc.questions.values() if q.type == "pitch" and q.targets == nid]
            rows.append({"need": nid, "buyer said": need.text, "benefit": need.benefit or "",
                         "pitches": ", ".join(pitches), "approved": nid in self.state.approved})
        return pd.DataFrame(rows, columns=["need", "buyer said", "benefit", "pitches", "approved"])

    def question_mix(self) -> "pd.Series":
        """How many moves of each type the call used (S, P, I, N, pitch, close).

        Returns
        -------
        pandas.Series
            Counts indexed by :data:`MOVE_TYPES`.

        Examples
        --------
        >>> sim = CallSimulator("hospital", seed=0); _ = sim.ask("s_fleet")
        >>> sim.question_mix().to_dict()
        {'S': 1, 'P': 0, 'I': 0, 'N': 0, 'pitch': 0, 'close': 0}
        """
        import pandas as pd

        counts = {t: 0 for t in MOVE_TYPES}
        for r in self.history:
            counts[r.type] += 1
        return pd.Series(counts, name="moves")

    def needs_tracker(self) -> "pd.DataFrame":
        """Each problem and explicit need of the scenario with how far the call has taken it.

        Problems are ``hidden``, ``implied`` (admitted) or ``developed`` (enough implications
        explored); needs are ``not stated``, ``explicit`` or ``benefit approved``. Hidden items
        are shown by id only.

        Returns
        -------
        pandas.DataFrame
            ``kind``, ``id``, ``status``, ``implications`` and ``text``.

        Examples
        --------
        >>> CallSimulator("hospital", seed=0).needs_tracker()["status"].unique().tolist()
        ['hidden', 'not stated']
        """
        import pandas as pd

        sc, st = self.scenario, self.state
        rows = []
        for p in sc.problems.values():
            explored = [i for i in p.implications if i in st.implications]
            if p.id not in st.implied_needs:
                status, text = "hidden", ""
            else:
                needed = min((sc.needs[n].develop for n in p.needs), default=1)
                status = "developed" if len(explored) >= needed else "implied"
                text = p.text
            rows.append({"kind": "problem", "id": p.id, "status": status,
                         "implications": f"{len(explored)} of {len(p.implications)}", "text": text})
        for n in sc.needs.values():
            if n.id in st.approved:
                status = "benefit approved"
            elif n.id in st.explicit_needs:
                status = "explicit"
            else:
                status = "not stated"
            rows.append({"kind": "need", "id": n.id, "status": status, "implications": "",
                         "text": n.text if status != "not stated" else ""})
        return pd.DataFrame(rows)

    def transcript(self) -> "pd.DataFrame":
        """The call so far, one row per move.

        Returns
        -------
        pandas.DataFrame
            ``turn``, ``type``, ``id``, ``question``, ``reply``, ``revealed``, ``patience`` and
            ``stage``.

        Examples
        --------
        >>> sim = CallSimulator("hospital", seed=0)
        >>> _ = [sim.ask(move) for move in ["s_fleet", "p_quality"]]
        >>> sim.transcript()[["turn", "type", "revealed"]].values.tolist()
        [[1, 'S', 'fact: fleet'], [2, 'P', '']]
        """
        import pandas as pd

        return pd.DataFrame([{"turn": r.turn, "type": r.type, "id": r.question_id, "question": r.question,
                              "reply": r.reply, "revealed": "; ".join(r.revealed), "patience": r.patience,
                              "stage": r.stage} for r in self.history],
                            columns=["turn", "type", "id", "question", "reply", "revealed", "patience", "stage"])

    def debrief(self) -> dict:
        """A summary for after the call; ends the call first if it is still open.

        Returns
        -------
        dict
            ``outcome`` and ``reason``, ``turns``, ``mix`` (the S/P/I/N counts and shares next to
            the successful-seller profile) and the ``implied_needs`` and ``explicit_needs`` reached.

        Examples
        --------
        >>> d = CallSimulator("hospital", seed=0).debrief()
        >>> d["outcome"], sorted(d)
        ('no-sale', ['explicit_needs', 'implied_needs', 'mix', 'outcome', 'reason', 'turns'])
        """
        import pandas as pd

        outcome = self.outcome()
        mix = self.question_mix()
        spin = mix[list(QUESTION_TYPES)]
        total = spin.sum()
        table = pd.DataFrame({
            "your call": spin,
            "your share": (spin / total) if total else spin * 0.0,
            "successful sellers (illustrative)": pd.Series(SUCCESSFUL_PROFILE),
        })
        return {"outcome": outcome, "reason": self.state.reason, "turns": self.state.turn, "mix": table,
                "implied_needs": list(self.state.implied_needs), "explicit_needs": list(self.state.explicit_needs)}

    def developed(self, need_id: str) -> bool:
        """Whether a need is ready to be made explicit: enough implications of an admitted problem explored.

        Parameters
        ----------
        need_id : str
            One of the scenario's need ids.

        Returns
        -------
        bool

        Raises
        ------
        CallError
            ``need_id`` is not a need of this scenario.

        Examples
        --------
        >>> sim = CallSimulator("hospital", seed=0); _ = sim.ask("p_repairs")
        >>> sim.developed("fast_repair"), (sim.ask("i_queues") and sim.developed("fast_repair"))
        (False, True)
        """
        key = plain_text(need_id)
        need = self.scenario.needs.get(key) if key is not None else None
        if need is None:
            hint = did_you_mean(key, self.scenario.needs) if key is not None else ""
            raise CallError(_("no need {need} in scenario {scenario}{hint}").format(
                need=describe(need_id), scenario=repr(self.scenario.id), hint=hint),
                fix=_("scenario.needs_table() lists them"))
        return self._developed(need)

    # ------------------------------------------------------------------ internals
    def _move(self, question_id) -> Question:
        """The scenario's move with this id, or a CallError with a suggestion."""
        sc = self.scenario
        key = plain_text(question_id)
        q = sc.questions.get(key) if key is not None else None
        if q is None:
            hint = did_you_mean(key, sc.questions) if key is not None else ""
            shown = ", ".join(list(sc.questions)[:8]) + (" ..." if len(sc.questions) > 8 else "")
            raise CallError(_("no question {question} in scenario {scenario}{hint}; its ids are: {ids}").format(
                question=describe(question_id), scenario=repr(sc.id), hint=hint, ids=shown),
                fix=_("scenario.questions_table() lists them all"))
        return q

    def _say(self, key: str) -> str:
        options = _GENERIC[key]
        return _(options[self._rng.randrange(len(options))])

    def _situation(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        st.situation_asked += 1
        delta = sc.effects["S"]
        if st.situation_asked > sc.effects["situation_limit"]:
            delta += sc.effects["fatigue"]
        if q.targets is None:
            text = q.reply
        else:
            text = q.reply or sc.facts[q.targets]
            if q.targets not in st.facts:
                st.facts.append(q.targets)
                revealed.append(_("fact: {id}").format(id=q.targets))
        if st.situation_asked > sc.effects["situation_limit"]:
            text += " " + self._say("fatigue")
        return text, delta

    def _problem(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        if q.targets is None:
            return (q.reply or self._say("no_problem")), sc.effects["P"]
        prob = sc.problems[q.targets]
        if any(f not in st.facts for f in prob.requires):
            return self._say("vague"), sc.effects["P"]
        if prob.id not in st.implied_needs:
            st.implied_needs.append(prob.id)
            revealed.append(_("implied need: {id}").format(id=prob.id))
        return (q.reply or prob.text), sc.effects["P"]

    def _implication(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        pid, text = sc.implications[q.targets]
        if pid not in st.implied_needs:
            return self._say("no_implication"), sc.effects["misfire"]
        if q.targets not in st.implications:
            st.implications.append(q.targets)
            revealed.append(_("implication: {id}").format(id=q.targets))
        return (q.reply or text), sc.effects["I"]

    def _developed(self, need: Need) -> bool:
        st = self.state
        for pid in need.problems:
            if pid in st.implied_needs:
                explored = sum(1 for i in self.scenario.problems[pid].implications if i in st.implications)
                if explored >= need.develop:
                    return True
        return False

    def _need_payoff(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "investigating"
        need = sc.needs[q.targets]
        if need.id in st.explicit_needs:
            return need.text, sc.effects["N"]
        if not any(pid in st.implied_needs for pid in need.problems):
            return self._say("no_need"), sc.effects["misfire"]
        if not self._developed(need):
            return self._say("lukewarm"), 0.0
        st.explicit_needs.append(need.id)
        revealed.append(_("explicit need: {id}").format(id=need.id))
        return (q.reply or need.text), sc.effects["N"]

    def _pitch(self, q: Question, revealed: list[str]) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "demonstrating capability"
        kind = self.pitch_kind(q.id)
        base = sc.effects["pitch"]
        if kind == "benefit":
            if q.targets not in st.approved:
                st.approved.append(q.targets)
            revealed.append(_("approval: {id}").format(id=q.targets))
            return (q.reply or self._say("approval")), base + sc.effects["approval"]
        if kind == "advantage":
            st.objections += 1
            revealed.append(_("objection"))
            return self._say("objection"), base + sc.effects["objection"]
        st.price_concerns += 1
        revealed.append(_("price concern"))
        return self._say("price"), base + sc.effects["price_concern"]

    def _close(self, q: Question) -> tuple[str, float]:
        sc, st = self.scenario, self.state
        st.stage = "obtaining commitment"
        explicit, thresholds = len(st.explicit_needs), sc.outcomes
        if q.targets == "order":
            if explicit >= thresholds["order"] and st.approved:
                self._end("order", _("The buyer had stated {count} explicit needs and approved your benefits, "
                                     "so the order was agreed.").format(count=explicit))
                return q.reply or _("Yes. Send me the contract and we'll sign it."), 0.0
            if explicit >= thresholds["order"]:
                self._end("continuation", _("Enough explicit needs for an order, but no benefit had been shown to "
                                            "meet them, so the buyer wanted to think it over."))
                return _("First show me how you would actually meet those needs. Let's talk again."), 0.0
            self._end_without_close(_("You asked for an order with {count} explicit need(s); an order needs "
                                      "{needed}. Pressure to buy too early rarely works in a large sale.").format(
                count=explicit, needed=thresholds["order"]))
            return (_("We're a long way from signing anything.") if st.outcome == "continuation"
                    else _("No, thank you. We're not looking to buy.")), 0.0
        if explicit >= thresholds["advance"]:
            self._end("advance", _("The buyer had stated {count} explicit need(s) and agreed to a concrete next "
                                   "step.").format(count=explicit))
            return q.reply or _("Yes, let's do that."), 0.0
        self._end_without_close(_("You proposed an advance with {count} explicit need(s); the buyer needs "
                                  "{needed} before committing to a step.").format(count=explicit,
                                                                                  needed=thresholds["advance"]))
        return (_("Let's keep in touch; call me next quarter.") if st.outcome == "continuation"
                else _("I don't think we need to take this further.")), 0.0

    def _end_without_close(self, why: str) -> None:
        st = self.state
        if st.implied_needs or st.explicit_needs:
            self._end("continuation", _("{why} The buyer admitted a problem, so the sale goes on, "
                                        "but no next step was agreed.").format(why=why))
        else:
            self._end("no-sale", _("{why} No problem was uncovered, so the buyer saw no reason to go on.").format(why=why))

    def _end(self, outcome: str, reason: str) -> None:
        st = self.state
        st.ended, st.outcome, st.reason = True, outcome, reason



