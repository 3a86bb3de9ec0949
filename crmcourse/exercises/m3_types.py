"""Exercises of 3.2 The four question types (solutions/03_spin/02_question_types.ipynb).

The quiz answers are the labels of the question bank (data/spin/questions.csv), stored as hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise

QUIZ_IDS = ('Q022', 'Q069', 'Q090', 'Q013', 'Q119', 'Q005', 'Q159', 'Q046', 'Q054', 'Q026')

_ORDER = ('Could a missing document lead to a finding from the regulator?', 'How do signed documents get to the back office?', 'If documents reached the back office within minutes, what would that mean for account opening?', 'Do you have any concerns about documents on their way to the back office?')


def _holdout_accuracy() -> float:
    from crmcourse import spin

    return spin.classifier_report()["accuracy"]


EXERCISES = [
    MappingExercise(
        id="m3_types_purpose",
        title="What each question type is for",
        hint="Situation: the facts of today; problem: what is difficult; implication: what a problem leads to; "
             "need-payoff: what solving it would be worth.",
        options=("S", "P", "I", "N"),
        answer={
            'facts about the current set-up': '3fdfdbe449ae1c22',
            'difficulties and dissatisfactions': '79f6e1108d97748c',
            'consequences of a problem': '68ef0e288111fd60',
            'value of solving a problem': '78a97bc1dc4b76f0',
        },
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
    ),
    ItemsExercise(
        id="m3_types_order",
        title="Four questions about one problem, in the order a call develops them",
        hint="Start with the fact, then the difficulty, then its consequence, and end with the value of a solution.",
        options=_ORDER,
        answer=('6312fc87f93adf68', 'e693eee2156c397d', 'c54a9f968eed6892', '2697443785dff79a',),
        ordered=True,
    ),
    NumberExercise(
        id="m3_types_accuracy",
        title="The classifier's accuracy on the held-apart questions",
        hint="spin.classifier_report() measures it on the held-apart set by default; give the fraction it reports.",
        expected=_holdout_accuracy,
        rel_tol=1e-6,
        percent=True,
    ),
    ChoiceExercise(
        id="m3_types_fair",
        title="Why is accuracy on the question bank not a fair test?",
        hint="Think about how the cue words were chosen.",
        options=("the cues were tuned on it", "it has more questions", "it covers fewer industries",
                 "its labels are less reliable"),
        answer='1c6bab2980f43fcc',
        feedback={
            '58263394894d0991': "More questions make an estimate more precise, not less fair.",
            'c1fccda9d3cc9b13': "Both sets were labelled the same way; look at how "
            "the classifier's cues were chosen.",
        },
    ),
]
