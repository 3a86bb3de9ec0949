"""Exercises of 2.4 Presenting and handling objections (solutions/02_key_accounts/04_objections.ipynb).

Discrete answers are stored as salted hashes; the loss-analysis number is computed from the shipped
Huaxin opportunities and stage history when a check first runs.
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise

_CENTRALISED = "3cae7fc51727134d"
_GROUP = "a0b2cadf4913b64a"
_FEATURE = "980730ad08622c20"


def _late_share() -> float:
    from crmcourse import data
    from crmcourse.accounts import STAGES

    opps = data.load("huaxin_opportunities")
    hist = data.load("huaxin_stage_history")
    lost = opps[opps["stage"] == "Closed Lost"]
    before = hist[hist["opportunity_id"].isin(lost["opportunity_id"]) & (hist["stage"] != "Closed Lost")]
    reached = before.groupby("opportunity_id")["stage"].last().astype(str)
    late_ids = reached.index[reached.map(STAGES.index) >= STAGES.index("Proposal/Price Quote")]
    late = lost[lost["opportunity_id"].isin(late_ids)]
    return float(late["lost_reason"].isin(["price", "competitor relationship"]).mean())


EXERCISES = [
    MappingExercise(
        id="m2_obj_fab",
        title="Feature, advantage or benefit?",
        hint="A feature is a fact; an advantage says what it does or why it is better, for anyone; a "
             "benefit meets a need this buyer has expressed.",
        options=("feature", "advantage", "benefit"),
        answer={"s1": _FEATURE, "s2": "03aa8203866e2848", "s3": "17eaf956a2150a74", "s4": _FEATURE},
    ),
    ItemsExercise(
        id="m2_obj_process",
        title="The four steps of the objection process, in order",
        hint="Hear it, understand it, turn it into something answerable, answer it.",
        options=("collect", "analyse", "convert", "handle"),
        answer=("6b6f06724fd7c324", "4c16ee468f2b9dc0", "a659d14c52303a38", "493d4d7ca6607199"),
        ordered=True,
    ),
    MappingExercise(
        id="m2_obj_technique",
        title="Name the technique behind three replies",
        hint="A question that reflects the objection back; a story of others who felt the same; acting "
             "as if the decision were made.",
        options=("mirror", "feel-felt-found", "assumptive close"),
        answer={"r1": "9367bfd86b171c3a", "r2": "b05c580bc49c456e", "r3": "c1739a3be327b4d6"},
    ),
    ItemsExercise(
        id="m2_obj_cautions",
        title="The six closing cautions",
        hint="The cautions keep the close calm, short and simple; none of them adds people, talk or discounts.",
        options=("say no more than necessary", "offer an extra discount to speed up the signature",
                 "keep the contract clear and simple", "bring a colleague to witness the signing",
                 "leave soon after signing", "explain every feature once more before signing",
                 "say thank you", "stay calm", "avoid third parties at the close"),
        answer=("a1841fed73636d80", "03d59ec23d3f90cc", "a73c001b0096517e", "cf6177910a6880c4",
                "b3ccce5ab760a903", "efe1235578978fc1"),
    ),
    ChoiceExercise(
        id="m2_obj_early_reason",
        title="The most common reason for losing a deal before the offer",
        hint="Read the 'early (before the offer)' row of the cross-table and take its largest column.",
        options=("chose to do nothing", "no budget", "price", "competitor relationship", "product fit", "timing"),
        answer="8f0ab916fb33a79b",
        feedback={
            "c8ec70169e33db1a": "Price is the top reason late in the process; look at the early row.",
            "783f5d5bfdf6ab40": "Close - no budget is common early on, but one reason is more common still.",
        },
    ),
    NumberExercise(
        id="m2_obj_late_share",
        title="Share of late losses due to price or the competitor relationship",
        hint="In the 'late' row, add the price and competitor relationship counts and divide by the row total.",
        expected=_late_share,
        rel_tol=1e-3,
        percent=True,
    ),
    MappingExercise(
        id="m2_obj_purchase_type",
        title="Centralised procurement or group purchase?",
        hint="An organisation buying through its own process is centralised; individuals following one "
             "leader make a group purchase.",
        options=("centralised", "group"),
        answer={"tax bureau": _CENTRALISED, "teachers": _GROUP, "port": _CENTRALISED, "photo club": _GROUP},
    ),
]
