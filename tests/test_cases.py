"""The synthetic case data: reproducible, documented, and carrying the structure the notebooks teach.

The checksum test regenerates every case table and compares it byte for byte with the committed
CSVs under data/. The planted-structure tests run on the committed files, because those are what
the notebooks read.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from crmcourse import cases
from crmcourse.cases import draws
from crmcourse.errors import CourseDataError

DATA = Path(__file__).resolve().parents[1] / "data"
CASE_DIRS = ("huaxin", "qingmei", "lianyun", "dealer", "crm")
SNAPSHOT = pd.Timestamp("2026-01-01")
REGENERATE = "run `crmcourse data generate` (or `crmcourse.cases.generate_files()`) and commit data/"


@pytest.fixture(scope="module")
def dictionary() -> dict:
    with open(DATA / "tables.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["tables"]


@pytest.fixture(scope="module")
def case_entries(dictionary) -> dict:
    return {name: e for name, e in dictionary.items() if e.get("case") in CASE_DIRS}


@pytest.fixture(scope="module")
def committed(case_entries) -> dict[str, pd.DataFrame]:
    """The committed case tables, read as the notebooks would (dates parsed)."""
    out = {}
    for name, entry in case_entries.items():
        dates = [c for c, s in entry["columns"].items() if s["type"] == "date"]
        text = [c for c, s in entry["columns"].items() if s["type"] in ("str", "category")]
        out[name] = pd.read_csv(DATA / entry["file"], parse_dates=dates, dtype={c: str for c in text},
                                keep_default_na=False, na_values=[""])
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ----------------------------------------------------------------------------- reproducibility
def test_committed_data_matches_the_generator(tmp_path):
    sums = cases.write(cases.generate(), tmp_path)
    assert len(sums) == sum(len(t) for t in cases.CASE_TABLES.values())
    stale = []
    for rel, digest in sorted(sums.items()):
        path = DATA / rel
        if not path.exists():
            stale.append(f"{rel} is missing")
        elif _sha(path) != digest:
            stale.append(f"{rel} differs from what the generator makes")
    assert not stale, "; ".join(stale) + f" - {REGENERATE}"


def test_generate_is_deterministic_and_seeded():
    a = cases.generate("qingmei", size=0.03)
    b = cases.generate("qingmei", size=0.03)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    c = cases.generate("qingmei", size=0.03, seed=1)
    assert not a["qingmei_transactions"].equals(c["qingmei_transactions"])


def test_tables_draw_from_independent_streams():
    """A table's random stream depends on the seed and its own name only."""
    r1 = draws.table_rng(5, "huaxin_reps").random(3)
    r2 = draws.table_rng(5, "huaxin_reps").random(3)
    r3 = draws.table_rng(5, "huaxin_accounts").random(3)
    assert np.array_equal(r1, r2) and not np.array_equal(r1, r3)


def test_small_size_has_fewer_rows_and_the_same_columns():
    full = cases.generate()
    small = cases.generate(size=0.05)
    assert list(small) == list(full)
    for name in full:
        assert list(small[name].columns) == list(full[name].columns), name
        assert len(small[name]) <= len(full[name]), name
    for name in ("huaxin_accounts", "huaxin_opportunities", "qingmei_customers",
                 "qingmei_transactions", "lianyun_subscribers", "lianyun_offer_response"):
        ratio = len(small[name]) / len(full[name])
        assert 0.03 <= ratio <= 0.08, (name, ratio)


def test_generate_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown case"):
        cases.generate("acme")
    with pytest.raises(ValueError, match="size"):
        cases.generate(size=0)


def test_generate_refuses_bad_arguments_with_one_error():
    for kwargs in ({"case": "huaxn"}, {"case": ["huaxin"]}, {"size": -1}, {"size": "big"},
                   {"size": float("nan")}, {"seed": -1}, {"seed": 1.5}):
        with pytest.raises(CourseDataError):
            cases.generate(**kwargs)
    with pytest.raises(CourseDataError, match="did you mean 'huaxin'"):
        cases.generate("huaxn")


def test_generate_files_writes_to_a_folder(tmp_path):
    done = cases.generate_files(tmp_path, case="lianyun", size=0.02)
    assert (tmp_path / "lianyun" / "subscribers.csv").exists()
    assert [f.table for f in done.files] == cases.CASE_TABLES["lianyun"]
    for f in done.files:
        data = (tmp_path / f.file).read_bytes()
        assert f.bytes == len(data) and f.sha256 == hashlib.sha256(data).hexdigest()
        assert f.rows == data.count(b"\n") - 1
    assert done.out == tmp_path and done.seconds > 0
    assert "wrote 4 files" in done.summary()
    with pytest.raises(CourseDataError, match="size 1 and the default seed"):
        cases.generate_files(size=0.5)  # other sizes must not overwrite the committed data
    with pytest.raises(CourseDataError):
        cases.generate_files(seed=1)


def test_old_names_are_aliases():
    from crmcourse import constants

    assert cases.TABLES is cases.CASE_TABLES
    assert cases.STAGES == list(cases.SALES_STAGES) == list(constants.SALES_STAGES)
    assert cases.STAGE_PROBABILITY is cases.SUITECRM_PERCENT is constants.SUITECRM_PERCENT
    assert cases.KANO_ANSWERS is constants.KANO_ANSWERS
    assert cases.SERVQUAL_DIMENSIONS is constants.SERVQUAL_DIMENSIONS
    assert str(cases.SNAPSHOT) == str(cases.CRM_TODAY) == constants.SNAPSHOT_DATE


def test_each_case_module_makes_its_tables():
    for case in cases.CASES:
        assert cases.CASE_MAKERS[case].__module__.startswith("crmcourse.cases.")
    assert set(cases.generate("dealer")) == {"dealer_fleet"}


# ----------------------------------------------------------------------------- dictionary
def test_every_case_csv_has_an_entry_and_vice_versa(case_entries):
    on_disk = {p.relative_to(DATA).as_posix() for d in CASE_DIRS for p in (DATA / d).glob("*.csv")}
    documented = {e["file"] for e in case_entries.values()}
    assert on_disk - documented == set(), "CSV files without a data/tables.yml entry"
    assert documented - on_disk == set(), f"tables.yml entries without a file - {REGENERATE}"
    assert set(case_entries) == {t for ts in cases.CASE_TABLES.values() for t in ts}


def test_columns_match_the_csv_headers(case_entries):
    for name, entry in case_entries.items():
        with open(DATA / entry["file"], encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split(",")
        assert header == list(entry["columns"]), name
        assert entry.get("description") and all(s.get("description") for s in entry["columns"].values()), name


def test_files_are_utf8_lf_and_iso_dates(case_entries):
    for entry in case_entries.values():
        raw = (DATA / entry["file"]).read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw and raw.endswith(b"\n"), entry["file"]


def test_committed_values_respect_the_dictionary(case_entries, committed):
    """Types, allowed values, ranges, nulls, keys and references, checked without crmcourse.data."""
    for name, entry in case_entries.items():
        df = committed[name]
        for col, spec in entry["columns"].items():
            s = df[col]
            where = f"{name}.{col}"
            assert spec.get("nullable", False) or s.notna().all(), f"{where} has empty values"
            v = s.dropna()
            kind = spec["type"]
            if kind == "int":
                assert pd.api.types.is_integer_dtype(s), where
            elif kind == "float":
                assert pd.api.types.is_numeric_dtype(s), where
                assert (v.round(2) == v).all(), f"{where} has more than 2 decimals"
            elif kind == "bool":
                assert pd.api.types.is_bool_dtype(s), where
            elif kind == "date":
                assert pd.api.types.is_datetime64_any_dtype(s), where
            if "allowed" in spec:
                bad = set(v.astype(str)) - {str(a) for a in spec["allowed"]}
                assert not bad, f"{where}: {bad} not allowed"
            for bound, op in (("min", np.greater_equal), ("max", np.less_equal)):
                if bound in spec:
                    limit = pd.Timestamp(spec[bound]) if kind == "date" else spec[bound]
                    assert op(v, limit).all(), f"{where} outside its {bound} {spec[bound]}"
            if spec.get("unique"):
                assert not v.duplicated().any(), f"{where} not unique"
            if "references" in spec:
                table, column = spec["references"].split(".")
                dangling = set(v) - set(committed[table][column])
                assert not dangling, f"{where} refers to missing {spec['references']}: {sorted(dangling)[:3]}"
        if entry.get("primary_key"):
            key = entry["primary_key"]
            assert not df.duplicated([key] if isinstance(key, str) else key).any(), f"{name} repeats its key"


def test_total_size_stays_small():
    total = sum(p.stat().st_size for d in CASE_DIRS for p in (DATA / d).glob("*.csv"))
    assert total < 5_000_000, f"case data is {total / 1e6:.2f} MB"


def test_minimum_row_counts(committed):
    minimum = {"huaxin_accounts": 320, "huaxin_opportunities": 650, "qingmei_customers": 3200,
               "qingmei_transactions": 55_000, "qingmei_nps": 1500, "lianyun_subscribers": 6000,
               "qingmei_kano": 220 * 10, "qingmei_servqual": 200 * 22}
    for name, n in minimum.items():
        assert len(committed[name]) >= n, name


# ----------------------------------------------------------------------------- huaxin
def test_revenue_follows_the_80_20_curve(committed):
    rev = committed["huaxin_accounts"].annual_revenue.sort_values(ascending=False)
    top = rev.iloc[: int(round(0.2 * len(rev)))].sum() / rev.sum()
    assert 0.70 <= top <= 0.85, top
    assert (rev > 0).all()
    assert (committed["huaxin_accounts"].wallet_estimate >= rev.sort_index() - 1).all()


def test_portfolio_matrix_has_all_four_cells(committed):
    a = committed["huaxin_accounts"]
    cells = pd.crosstab(a.attractiveness > 5.5, a.our_strength > 5.5)
    assert cells.shape == (2, 2) and (cells.to_numpy() >= 20).all()
    assert a.opinion_leader.any()


def test_stage_history_agrees_with_opportunities(committed):
    opp = committed["huaxin_opportunities"].set_index("opportunity_id")
    hist = committed["huaxin_stage_history"]
    order = {s: i for i, s in enumerate(cases.SALES_STAGES)}
    hist = hist.assign(k=hist.stage.map(order))
    g = hist.groupby("opportunity_id", sort=False)
    # dates never go backwards, stages only forwards
    assert (g.entered_date.diff().dropna().dt.days >= 0).all()
    assert (g.k.diff().dropna() > 0).all()
    first, last = g.first(), g.last()
    assert (first.stage == "Prospecting").all()
    assert (first.entered_date == opp.created_date[first.index]).all()
    assert (last.stage == opp.stage[last.index]).all()
    closed = opp.stage.str.startswith("Closed")
    assert (last.entered_date[closed[closed].index] == opp.closed_date[closed]).all()
    assert opp.closed_date[~closed].isna().all() and opp.closed_date[closed].notna().all()
    assert opp.lost_reason.notna().eq(opp.stage == "Closed Lost").all()
    assert (opp.expected_close_date > opp.created_date).all()


def test_some_open_deals_are_stuck(committed):
    opp = committed["huaxin_opportunities"]
    open_ids = opp.opportunity_id[~opp.stage.str.startswith("Closed")]
    last = committed["huaxin_stage_history"].groupby("opportunity_id").entered_date.max()[open_ids]
    stuck = ((SNAPSHOT - last).dt.days > 120).mean()
    assert 0.08 <= stuck <= 0.10, stuck
    assert (last < SNAPSHOT).all()


def test_buying_centres_have_one_economic_buyer(committed):
    c = committed["huaxin_contacts"]
    acc = committed["huaxin_accounts"]
    eb = c[c.buying_role == "economic buyer"].groupby("account_id").size()
    assert (eb.reindex(c.account_id.unique()) == 1).all()
    largest = acc.nlargest(12, "annual_revenue").account_id
    assert largest.isin(c.account_id).all(), "the 12 largest accounts need a buying centre"
    coached = c[c.buying_role == "coach"].account_id.unique()
    assert 0 < c.account_id.nunique() - len(coached) < c.account_id.nunique() / 2, "some accounts lack a coach"


def test_account_team_has_planted_gaps(committed):
    c, t = committed["huaxin_contacts"], committed["huaxin_account_team"]
    assert set(t.account_id) == set(c.account_id)
    people = t.groupby("account_id").rep_id.nunique()
    assert 2 <= (people == 1).sum() <= len(people) / 3, "a few accounts covered by one person only"
    eb = c[c.buying_role == "economic buyer"]
    uncovered = ~eb.contact_id.isin(t.covers_contact_id.dropna())
    assert 2 <= uncovered.sum() <= len(eb) / 2, "some economic buyers covered by nobody"
    pairs = t.dropna(subset=["covers_contact_id"]).merge(c, left_on="covers_contact_id", right_on="contact_id")
    assert (pairs.account_id_x == pairs.account_id_y).all(), "people cover contacts of their own account"


def test_names_and_titles_fit_the_industry(committed):
    """A `bank` is a bank or one of its branches (no insurer, no broker); a principal runs a school."""
    fits = {"bank": r"Bank|Credit Union", "hospital": r"Hospital|Medical|Dental",
            "school": r"School|College|University"}
    for table, col in (("huaxin_accounts", "name"), ("crm_accounts", "name"), ("crm_leads", "company")):
        t = committed[table]
        assert not t[col].str.contains(r"Insurance|Securities|Broker|Fund|Trust").any(), table
        for industry, words in fits.items():
            names = t.loc[t.industry == industry, col]
            assert len(names) and names.str.contains(words).all(), (table, industry)
    leads = committed["crm_leads"]
    assert (leads.industry[leads.title == "Principal"] == "school").all()
    assert (leads.industry[leads.title == "Hospital President"] == "hospital").all()
    assert (leads.industry[leads.title == "Branch President"] == "bank").all()


# ----------------------------------------------------------------------------- qingmei
def test_personas_show_in_rfm(committed):
    tx = committed["qingmei_transactions"]
    rfm = tx.groupby("customer_id").agg(last=("date", "max"), f=("date", "size"), m=("amount", "sum"))
    rfm["r"] = (SNAPSHOT - rfm["last"]).dt.days
    rfm = rfm.join(committed["qingmei_personas"].set_index("customer_id"))
    assert len(rfm) == len(committed["qingmei_customers"]), "every member bought at least once"
    med = rfm.groupby("persona")[["r", "f", "m"]].median()
    assert set(med.index) == set(cases.PERSONAS)
    assert med.r["champions"] < 30 and med.f["champions"] == med.f.max() and med.m["champions"] == med.m.max()
    assert med.r["at risk"] > 180 and med.m["at risk"] > med.m["loyal regulars"]
    assert med.r["new customers"] < 30 and med.f["new customers"] <= 3
    assert med.r["hibernating"] > 365 and med.f["hibernating"] <= 2
    assert med.m["bargain hunters"] < med.m["loyal regulars"]
    joined = committed["qingmei_customers"].set_index("customer_id").join_date
    new = committed["qingmei_personas"].query("persona == 'new customers'").customer_id
    assert (joined[new] >= SNAPSHOT - pd.Timedelta(days=123)).all(), "new customers joined in the last 4 months"
    first = tx.groupby("customer_id").date.min()
    assert (first >= joined[first.index]).all(), "no purchase before joining"


def test_customer_fields(committed):
    cu = committed["qingmei_customers"]
    assert cu.birthday.str.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])").all()
    assert 0.05 <= cu.opted_out.mean() <= 0.11
    assert set(cu.member_level) == {"ordinary", "silver", "gold", "diamond"}


_KANO = ["like", "must-be", "neutral", "live-with", "dislike"]
_KANO_TABLE = dict(zip(_KANO, ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]))


def _kano_category(functional: str, dysfunctional: str) -> str:
    return _KANO_TABLE[functional][_KANO.index(dysfunctional)]


def _majority(counts: pd.DataFrame) -> pd.Series:
    order = ["M", "O", "A", "I", "R", "Q"]  # tie-break M > O > A > I
    counts = counts.reindex(columns=order, fill_value=0)
    return counts.apply(lambda row: row[row == row.max()].index[0], axis=1)


def test_kano_categories_are_planted(committed):
    k = committed["qingmei_kano"].copy()
    k["cat"] = [_kano_category(f, d) for f, d in zip(k.functional, k.dysfunctional)]
    counts = pd.crosstab(k.feature, k.cat)
    major = _majority(counts)
    n = major.value_counts()
    assert n.get("M", 0) >= 2 and n.get("O", 0) >= 2 and n.get("A", 0) >= 2 and n.get("I", 0) >= 1, n.to_dict()
    assert ((k.cat == "R") | (k.cat == "Q")).mean() > 0.01, "some reverse/questionable noise"

    def fong_significant(row) -> bool:
        a, b = sorted(row, reverse=True)[:2]
        total = row.sum()
        return abs(a - b) >= 1.65 * np.sqrt((a + b) * (2 * total - a - b) / (2 * total))

    significant = counts.apply(fong_significant, axis=1)
    assert (~significant).any(), "at least one near tie"
    assert significant.sum() >= 6
    by_group = _majority(pd.crosstab([k.feature, k.customer_group], k.cat)).unstack()
    assert (by_group.nunique(axis=1) > 1).any(), "a feature whose category differs between groups"


def test_servqual_gaps(committed):
    sq = committed["qingmei_servqual"]
    gap = (sq.perception - sq.expectation).groupby(sq.dimension).mean()
    assert gap["reliability"] < 0 and gap["responsiveness"] < 0 and gap["tangibles"] > 0
    assert set(gap.nsmallest(2).index) == {"reliability", "responsiveness"}
    assert sq.groupby("respondent_id").item.apply(lambda s: sorted(s) == list(range(1, 23))).all()
    w = committed["qingmei_servqual_weights"].set_index("respondent_id")
    assert (w.sum(axis=1) == 100).all()
    assert set(w.index) == set(sq.respondent_id)
    assert w.mean().idxmax() == "reliability"


def test_satisfaction_is_not_loyalty(committed):
    nps = committed["qingmei_nps"]
    rate = nps.groupby("satisfaction").repurchased_within_6m.mean()
    assert rate[5] > 2 * rate[4]
    assert rate[5] < 0.8 and rate[4] < 0.3
    assert (rate[[1, 2, 3]] < rate[4]).all()
    assert nps.groupby("satisfaction").likelihood_to_recommend.mean().is_monotonic_increasing


def test_repurchase_flag_agrees_with_transactions(committed):
    nps = committed["qingmei_nps"]
    tx = committed["qingmei_transactions"].merge(nps[["customer_id", "survey_date"]], on="customer_id")
    after = tx[(tx.date > tx.survey_date) & (tx.date <= tx.survey_date + pd.Timedelta(days=182))]
    assert nps.customer_id.isin(after.customer_id).eq(nps.repurchased_within_6m).all()
    joined = committed["qingmei_customers"].set_index("customer_id").join_date
    assert (joined[nps.customer_id].to_numpy() < nps.survey_date.to_numpy()).all()


# ----------------------------------------------------------------------------- lianyun
def test_targeting_doubles_the_success_rate(committed):
    resp = committed["lianyun_offer_response"]
    tier = committed["lianyun_subscribers"].merge(committed["lianyun_plans"], on="plan_id") \
        .set_index("subscriber_id").tier
    target = committed["lianyun_offers"].set_index("offer_id").target_tier
    fits = resp.subscriber_id.map(tier).to_numpy() == resp.offer_id.map(target).to_numpy()
    blanket = resp.response_propensity.mean()
    targeted = resp.response_propensity[fits].mean()
    assert 0.07 <= blanket <= 0.09, blanket
    assert targeted >= 0.15, targeted
    assert len(resp) == len(committed["lianyun_subscribers"]) * len(committed["lianyun_offers"])
    # usage fit: over-quota users answer the data add-on more often
    addon = resp[resp.offer_id == target.index[target == "basic"][0]].merge(
        committed["lianyun_subscribers"], on="subscriber_id")
    by_oq = addon.groupby("over_quota_months").response_propensity.mean()
    assert by_oq.iloc[-1] > 2 * by_oq.iloc[0]


def test_every_tier_has_a_plan_and_an_offer(committed):
    tiers = {"basic", "standard", "premium", "business"}
    assert set(committed["lianyun_plans"].tier) == tiers
    assert set(committed["lianyun_offers"].target_tier) == tiers
