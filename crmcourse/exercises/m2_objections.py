"""Exercises of 2.4 Presenting and handling objections (solutions/02_key_accounts/04_objections.ipynb).

Discrete answers are stored as salted hashes; the loss-analysis number is computed from the shipped
Huaxin opportunities and stage history when a check first runs. Two written exercises (a FAB
statement and an objection reply) are judged by rule-based rubrics.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise
from crmcourse.checks.rubrics import fab_rubric, objection_rubric
from crmcourse.checks.written import WrittenExercise

_CENTRALISED = "3cae7fc51727134d"
_GROUP = "a0b2cadf4913b64a"
_FEATURE = "980730ad08622c20"

#: The behaviours of exercise 2.4.4: what a seller did at the signing meeting.
SIGNING_BEHAVIOURS = (
    "tells a joke about the competitor's delays while the buyer reads the contract",
    "has the contract on two pages in plain words",
    "invites the hospital's outside consultant to join the signing",
    "stays for another hour after the signature to chat about new products",
    "thanks the buyer and the coach before leaving",
    "keeps an even tone when the buyer asks for the total once more",
    "leaves the office soon after the signature",
)


def _late_lost():
    from crmcourse import data
    from crmcourse.accounts import STAGES

    opps = data.load("huaxin_opportunities")
    hist = data.load("huaxin_stage_history")
    lost = opps[opps["stage"] == "Closed Lost"]
    before = hist[hist["opportunity_id"].isin(lost["opportunity_id"]) & (hist["stage"] != "Closed Lost")]
    reached = before.groupby("opportunity_id")["stage"].last().astype(str)
    late_ids = reached.index[reached.map(STAGES.index) >= STAGES.index("Proposal/Price Quote")]
    return lost[lost["opportunity_id"].isin(late_ids)]


def _late_share(reasons=("price",), by_value: bool = True) -> float:
    late = _late_lost()
    pick = late["lost_reason"].isin(list(reasons))
    if by_value:
        return float(late.loc[pick, "amount"].sum() / late["amount"].sum())
    return float(pick.mean())


EXERCISES = [
    MappingExercise(
        id="m2_obj_fab",
        title="Feature, advantage or benefit?",
        hint="A feature is a fact; an advantage says what it does or why it is better, for anyone; a "
             "benefit meets a need this buyer has expressed.",
        options=("feature", "advantage", "benefit"),
        answer={"s1": _FEATURE, "s2": "03aa8203866e2848", "s3": "17eaf956a2150a74", "s4": _FEATURE},
        task="classify",
        concepts={
            "feature": "a fact about what the product is or has.",
            "advantage": "what a feature does, or why it is better - true for any buyer.",
            "benefit": "what the product does for a need this particular buyer has stated.",
        },
    ),
    WrittenExercise(
        id="m2_write_fab",
        title="A FAB statement for the school's bursar",
        hint="Feature (what it is or has) -> advantage (what it does) -> benefit (what that means for the "
             "need the bursar stated), in that order.",
        rubric=fab_rubric("the running costs the bursar complained about",
                          need_cues=("running cost*", "cost*", "budget*", "bill*", "spend*", "money", "sav*",
                                     "yuan", "CNY", "成本", "费用", "预算", "省钱", "开支"),
                          feature_cues=("toner", "cartridge*", "20,000", "20000", "page*", "墨盒", "硒鼓")),
    ),
    MappingExercise(
        id="m2_obj_process_steps",
        title="Which step of the objection process is each move?",
        hint="Ask of each move: is the seller still gathering objections, finding out what lies behind one, "
             "rephrasing it into something answerable, or answering it?",
        options=("collect", "analyse", "convert", "handle"),
        answer={
            "a": "675331713ae2c7aa",
            "b": "afe9537433c4564a",
            "c": "d07ec59702d594dc",
            "d": "769c3f50ead949f5",
        },
        task="classify",
        concepts={
            "collect": "gathering the objections - spoken and unspoken - from everyone in the buying centre.",
            "analyse": "finding out what lies behind an objection: a real problem, an unmet need, a misunderstanding.",
            "convert": "turning an objection into a question or need that can be answered.",
            "handle": "answering it with facts, proof and benefits, or a concession.",
        },
    ),
    MappingExercise(
        id="m2_obj_technique",
        title="Name the technique behind three replies",
        hint="Listen to what each reply does: hands the doubt back to the customer, tells of others, or "
             "goes ahead as if the decision were taken.",
        options=("mirror", "feel-felt-found", "assumptive close"),
        answer={"r1": "9367bfd86b171c3a", "r2": "b05c580bc49c456e", "r3": "c1739a3be327b4d6"},
        task="classify",
        concepts={
            "mirror": "reflecting the objection back as a question, so the customer explains it.",
            "feel-felt-found": "acknowledging the feeling, telling of others who felt the same and what they found.",
            "assumptive close": "acting as if the decision were already made.",
        },
    ),
    WrittenExercise(
        id="m2_write_objection",
        title="Answer the price objection with feel-felt-found",
        hint="Acknowledge how the buyer feels, say that others felt the same, and say what those others found.",
        rubric=objection_rubric("feel-felt-found", "your price is 15% higher",
                                objection_cues=("price", "expensive", "cost*", "15%", "higher", "价格", "贵", "成本")),
    ),
    ItemsExercise(
        id="m2_obj_close_slips",
        title="Which moves at the signing break one of the six closing cautions?",
        hint="Take the six cautions one by one and ask whether any move goes against it; a move that follows "
             "a caution does not belong.",
        options=SIGNING_BEHAVIOURS,
        answer=("f0046d0fcdc45bfa",
                "e66efecba67ed5d9",
                "2c85067018a2e319"),
        task="classify",
        explanation="Saying more than necessary, a third party at the close and a long stay after the "
                    "signature each break a caution; the other moves follow one.",
    ),
    ChoiceExercise(
        id="m2_obj_early_remedy",
        title="The remedy for Huaxin's early losses",
        hint="Look at the reasons that dominate the early row and ask what they say about the buyer's need.",
        options=("ask implication and need-payoff questions earlier", "cut the price at the offer",
                 "bring the sales director to the economic buyer", "promise faster delivery"),
        answer="71cdeb824ca5490d",
        feedback={
            "0042b4ddbf469de7": "Price is a late-loss reason; the early deals "
                "never reached an offer. Revisit what 'chose to do nothing' says about the need.",
            "9d015bca45af1da2": "That is the remedy for "
                "late losses to a competitor's relationship. Early losses come from a need that stayed implied.",
            "d1535e2a4a41fd11": "Timing is a minor early reason. Look at the two "
                "largest early reasons and what they share.",
        },
        task="decide",
        explanation="'Chose to do nothing' and 'no budget' mean the buyer never felt the problem strongly "
                    "enough: implication and need-payoff questions make its cost visible (module 3).",
    ),
    NumberExercise(
        id="m2_obj_late_share",
        title="Share of the value lost late that was lost on price",
        hint="Among the deals lost after reaching Proposal/Price Quote, weigh each deal by its amount: the "
             "amount lost on price over the amount lost late.",
        expected=_late_share,
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            (lambda: _late_share(by_value=False)): "That is the share of the late *deals* lost on price. The "
                                                   "question weighs each deal by its amount: revisit count vs value.",
            (lambda: _late_share(("price", "competitor relationship"))): "You added the competitor relationship; "
                                                                         "the question asks about price alone.",
            (lambda: _late_share(("price", "competitor relationship"), by_value=False)):
                "That counts deals lost on price or the competitor relationship; the question weighs price alone "
                "by amount.",
        },
        explanation="By value, price weighs more than by count: the deals lost on price are the larger ones.",
    ),
    MappingExercise(
        id="m2_obj_purchase_type",
        title="Centralised procurement or group purchase?",
        hint="Ask who pays and who decides: an organisation through its own process, or individuals who "
             "follow one leader?",
        options=("centralised", "group"),
        answer={"tax bureau": _CENTRALISED, "teachers": _GROUP, "port": _CENTRALISED, "photo club": _GROUP},
        task="classify",
        concepts={
            "centralised": "an organisation buying through its own procurement or tender process.",
            "group": "several individuals buying together, following one opinion leader.",
        },
    ),
]
