"""Exercises of 3.2 The four question types (solutions/03_spin/02_question_types.ipynb).

The quiz answers are the labels of the question bank (data/spin/questions.csv), stored as hashes;
the accuracy is computed with the classifier on the held-apart set (data/spin/holdout.csv) when
the check first runs. The three written exercises are judged by the SPIN-question rubric
(:func:`crmcourse.checks.rubrics.spin_question_rubric`) about the logistics scenario's buyer.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise
from crmcourse.checks import WrittenExercise, spin_question_rubric

QUIZ_IDS = ('Q022', 'Q069', 'Q090', 'Q013', 'Q119', 'Q005', 'Q159', 'Q046', 'Q054', 'Q026')

_ORDER = ('Could a missing document lead to a finding from the regulator?', 'How do signed documents get to the back office?', 'If documents reached the back office within minutes, what would that mean for account opening?', 'Do you have any concerns about documents on their way to the back office?')

#: What defines each type, as a learner should revisit it (never which key has it).
_TYPE_IDEAS = {
    "S": "a situation question gathers a fact about how things are today.",
    "P": "a problem question asks whether a difficulty exists, or how bad it is.",
    "I": "an implication question follows a difficulty the buyer has admitted to what it leads to: "
         "lost time, money, customers or risk.",
    "N": "a need-payoff question asks what solving the problem would be worth to the buyer.",
}


def _accuracy(rows: str) -> float:
    from crmcourse import spin

    held = spin.holdout()
    in_bank = held["industry"].isin(set(spin.question_bank()["industry"]))
    part = {"new": held[~in_bank], "bank industries": held[in_bank], "all": held}[rows]
    return spin.classifier_report(part)["accuracy"]


def _new_industries() -> float:
    return _accuracy("new")


def _bank_industries() -> float:
    return _accuracy("bank industries")


def _whole_holdout() -> float:
    return _accuracy("all")


def _right_on_new() -> int:
    from crmcourse import spin

    held = spin.holdout()
    new = held[~held["industry"].isin(set(spin.question_bank()["industry"]))]
    return int(round(spin.classifier_report(new)["accuracy"] * len(new)))


EXERCISES = [
    MappingExercise(
        id="m3_types_purpose",
        title="Which type of question produced each of the buyer's answers?",
        hint="Ask what the buyer's answer does: does it give a fact, admit a difficulty, size what a difficulty "
             "leads to, or put a value on a fix?",
        options=("S", "P", "I", "N"),
        answer={
            'branches': '3fdfdbe449ae1c22',
            'jams': '79f6e1108d97748c',
            'leaving': '68ef0e288111fd60',
            'swap': '78a97bc1dc4b76f0',
            'signature': '3fdfdbe449ae1c22',
            'staff hours': '68ef0e288111fd60',
        },
        concepts=_TYPE_IDEAS,
        task="classify",
    ),
    MappingExercise(
        id="m3_types_quiz",
        title="Classify ten questions from the bank",
        hint="Ask yourself: does the question gather a fact (S), look for a difficulty (P), follow a problem to its "
             "effects or costs (I), or ask what a solution would be worth (N)?",
        options=("S", "P", "I", "N"),
        answer={
            'Q022': 'add55d0cc20acc98',
            'Q069': '02f24c851468f893',
            'Q090': 'd6e5c0fd32fd5e24',
            'Q013': '4d018671494c8cb8',
            'Q119': 'add55d0cc20acc98',
            'Q005': '02f24c851468f893',
            'Q159': 'd6e5c0fd32fd5e24',
            'Q046': '4d018671494c8cb8',
            'Q054': 'add55d0cc20acc98',
            'Q026': 'd6e5c0fd32fd5e24',
        },
        concepts=_TYPE_IDEAS,
        task="classify",
    ),
    ItemsExercise(
        id="m3_types_order",
        title="Four questions about one problem, in the order a call develops them",
        hint="Start with the fact, then the difficulty, then its consequence, and end with the value of a solution.",
        options=_ORDER,
        answer=('6312fc87f93adf68', 'e693eee2156c397d', 'c54a9f968eed6892', '2697443785dff79a',),
        ordered=True,
        explanation="Fact (how documents travel), difficulty (concerns on the way), consequence (a finding "
                    "from the regulator), value of a solution (faster account opening): the SPIN sequence.",
        task="classify",
    ),
    ChoiceExercise(
        id="m3_types_predict_new",
        title="Predict: does the classifier do better or worse on industries the bank never covered?",
        hint="Where did the cue words come from? Think about the words a hotel or a government office uses for its "
             "difficulties, and whether the cue list has ever seen them.",
        options=("better", "about the same", "worse"),
        answer='347ada2565b82136',
        feedback={
            '20d8a74f7bc021cc': "The cue words were picked from the bank's five industries; questions from other "
                                "industries use words the cues never saw. Revisit how the cues were chosen.",
            '4ec2fcbda11e60c7': "A heuristic tuned on one vocabulary tends to lose accuracy on another. Revisit how "
                                "the cues were chosen, and what happens to a question whose cue word is missing.",
        },
        explanation="The cues were tuned on the bank's five industries. A question from a hotel or a government "
                    "office often states its difficulty in words the cue list has never seen, so the classifier "
                    "misses more of them. With about 25 questions per group the gap is a few questions, so read it "
                    "as a warning, not a precise figure.",
        task="predict",
    ),
    NumberExercise(
        id="m3_types_accuracy",
        title="The classifier's accuracy on the held-apart questions from industries the bank does not cover",
        hint="The held-apart set has an industry column; keep the questions whose industry never appears in the "
             "question bank and measure the classifier on those alone, the same way it was measured on the whole set.",
        expected=_new_industries,
        abs_tol=5e-4,
        rel_tol=0.0,
        percent=True,
        slips={
            _whole_holdout: "That is the accuracy on the whole held-apart set. Keep only the questions from "
                            "industries the bank does not cover.",
            _bank_industries: "That is the accuracy on the held-apart questions from the bank's own industries - the "
                              "other half. Keep the industries the bank never covers.",
            1.0: "That is the score on the question bank, which the cues were tuned on: not a fair test.",
            _right_on_new: "That is the number of questions it got right. Give the share of the questions in that "
                           "group instead.",
        },
        task="compute",
    ),
    ChoiceExercise(
        id="m3_types_fair",
        title="What does 100% on a held-apart set that was used for tuning mean?",
        hint="Ask what the held-apart set was for, and what changes once the cue words are chosen by looking at it.",
        options=("it now understands what the questions mean", "the held-apart set is no longer a fair test",
                 "the held-apart labels must have been wrong", "it will get new questions right too"),
        answer='8032d74196ab99b1',
        feedback={
            '65f8727ba7567622': "The classifier still only matches words; adding cues changed which words it "
                                "looks for, not whether it understands them.",
            'a2d6c42c0842e457': "The labels did not change: the cues were fitted to them. Revisit why a test set "
                                "must not be used for tuning.",
            'd55fb5f54e4fe710': "That is exactly what the 100% can no longer tell you, because the cues were "
                                "chosen to fit these very questions. A fresh set of questions is needed.",
        },
        explanation="Once the cues are chosen by looking at the held-apart questions, the score on them flatters "
                    "the classifier just as the score on the bank did. Only questions that played no part in the "
                    "tuning measure how it does on new questions.",
        task="decide",
    ),
    WrittenExercise(
        id="m3_write_problem_question",
        title="Write a problem question for Zhou Min of Jiatong Express",
        hint="A problem question asks whether a difficulty exists, or how bad it is. Pick one of Zhou Min's facts "
             "where something could go wrong for her and ask about it; test your draft with the classifier.",
        rubric=spin_question_rubric("P", "logistics"),
    ),
    WrittenExercise(
        id="m3_write_implication_question",
        title="Write an implication question about the signal gaps on Jiatong's hill routes",
        hint="Take the difficulty Zhou Min admitted and follow it to what it leads to: late deliveries, wasted "
             "trips, unhappy retailers. Ask about that consequence, not about the difficulty again.",
        rubric=spin_question_rubric("I", "logistics"),
    ),
    WrittenExercise(
        id="m3_write_need_payoff_question",
        title="Write a need-payoff question about the signal gaps on Jiatong's hill routes",
        hint="Imagine the problem solved and ask Zhou Min what that would be worth to her or her customers, so "
             "that she states the value in her own words.",
        rubric=spin_question_rubric("N", "logistics"),
    ),
]
