"""Case crm — the CRM lab database (module 5): Huaxin Office Systems as seen in its CRM.

Written to ``data/crm/``. A subset of the huaxin case (the 80 accounts with a buying centre or
the largest revenue, their contacts and deals) plus the records the lab's twelve experiments work
with: generated products, suppliers, price lists, leads, activities (events and tasks), quotes,
sales and purchase orders, invoices, service tickets, FAQ and memos; ``crmcourse.crm`` builds
SQLite from them. The fixed records (products, suppliers, price lists, FAQ and memo texts) are in
:mod:`crmcourse.cases.crm_catalogue`.

Planted: converted leads link to their 2025 deals; won deals have an accepted quote, an order
and (mostly) a paid invoice, a few overdue; tickets resolve faster the higher their priority
and consumables fastest; satisfaction falls with resolution time. ``size`` scales activities,
leads, tickets and memos only (for benchmarks); the accounts, deals and documents follow the
committed huaxin case whatever the size.

>>> sorted(make(DEFAULT_SEED, 0.05)) == sorted(TABLE_NAMES)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

import crmcourse.cases.crm_catalogue as catalogue
import crmcourse.cases.huaxin as huaxin
from crmcourse.cases.draws import (DEFAULT_SEED, INDUSTRY_SUFFIXES, PREFIXES, SNAPSHOT, as_dates, make_ids,
                                   person_names, rounded, scaled_count, table_rng)
from crmcourse.constants import SUITECRM_PERCENT

__all__ = ["TABLE_NAMES", "CRM_TODAY", "CRM_LEAD_SOURCES", "CRM_TICKET_CATEGORIES", "CRM_PRIORITIES", "make"]

#: The tables of the case, in the order :func:`make` returns them.
TABLE_NAMES = ["crm_users", "crm_suppliers", "crm_products", "crm_price_lists", "crm_price_list_items",
               "crm_accounts", "crm_contacts", "crm_leads", "crm_opportunities", "crm_activities",
               "crm_quotes", "crm_quote_lines", "crm_sales_orders", "crm_sales_order_lines", "crm_invoices",
               "crm_purchase_orders", "crm_purchase_order_lines", "crm_tickets", "crm_faq", "crm_memos"]
#: The lab's "today": the case snapshot date (``crmcourse.constants.SNAPSHOT_DATE``).
CRM_TODAY = SNAPSHOT
#: The head of an organisation by industry, the title of a lead who runs it (``crm_leads.title``).
_CRM_LEAD_HEADS = {"school": "Principal", "hospital": "Hospital President", "bank": "Branch President",
                   "government": "Director-General", "manufacturing": "General Manager",
                   "logistics": "General Manager"}
#: Where a lead came from (``crm_leads.source``).
CRM_LEAD_SOURCES = ["website", "trade fair", "referral", "cold call", "advertisement", "partner"]
#: The kinds of service ticket (``crm_tickets.category``).
CRM_TICKET_CATEGORIES = ["installation", "breakdown", "print quality", "consumables", "billing",
                         "software", "training"]
#: Ticket priorities, lowest first (``crm_tickets.priority``).
CRM_PRIORITIES = ["low", "normal", "high", "urgent"]


def _crm_choose_accounts(accounts: pd.DataFrame, contacts: pd.DataFrame, n: int = 80) -> pd.DataFrame:
    with_contacts = set(contacts.account_id)
    by_rev = accounts.sort_values("annual_revenue", ascending=False, kind="stable")
    chosen = [a for a in by_rev.account_id if a in with_contacts]
    for a in by_rev.account_id:
        if len(chosen) >= n:
            break
        if a not in chosen:
            chosen.append(a)
    return accounts[accounts.account_id.isin(chosen)].reset_index(drop=True)


def _crm_address(rng: np.random.Generator, city: np.ndarray) -> np.ndarray:
    n = len(city)
    num = rng.integers(1, 400, n)
    street = rng.choice(catalogue.STREETS, n)
    kind = rng.choice(["Road", "Street", "Avenue"], n, p=[0.6, 0.3, 0.1])
    return np.array([f"{a} {s} {k}, {c}" for a, s, k, c in zip(num, street, kind, city)], dtype=object)


def _crm_email(name: str, domain: str) -> str:
    parts = name.lower().replace("'", "").split()
    return f"{parts[-1]}.{parts[0]}@{domain}" if len(parts) > 1 else f"{parts[0]}@{domain}"


def _crm_phone(rng: np.random.Generator, n: int) -> np.ndarray:
    head = rng.choice(["139", "138", "186", "135", "150", "177"], n)
    return np.array([f"{h}-{a:04d}-{b:04d}" for h, a, b in zip(head, rng.integers(0, 10_000, n),
                                                                rng.integers(0, 10_000, n))], dtype=object)


def _crm_users(reps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "user_id": reps.rep_id.to_numpy(),
        "name": reps.name.to_numpy(),
        "role": reps.role.to_numpy(),
        "team": reps.team.to_numpy(),
        "email": np.array([_crm_email(n, "huaxin.example") for n in reps.name], dtype=object),
    })


def _crm_products() -> tuple[pd.DataFrame, pd.DataFrame]:
    prod = pd.DataFrame(catalogue.PRODUCTS, columns=["product_id", "name", "product_line", "supplier_id", "unit",
                                                "list_price", "unit_cost", "active"])
    prod["list_price"] = prod.list_price.astype(float)
    prod["unit_cost"] = prod.unit_cost.astype(float)
    active = prod[prod.active]
    hardware = active.product_line.isin(["multifunction printers", "production printing", "document software"])
    rows = []
    for pl, factor, mask in (("PL-1", 1.0, np.ones(len(active), bool)), ("PL-2", 0.9, np.ones(len(active), bool)),
                             ("PL-3", 0.85, hardware.to_numpy()), ("PL-4", None, active.supplier_id.notna().to_numpy())):
        for p, price, cost in zip(active.product_id[mask], active.list_price[mask], active.unit_cost[mask]):
            value = price * factor if factor else max(cost * 1.12, price * 0.75)
            rows.append((pl, p, float(np.round(value, 0))))
    items = pd.DataFrame(rows, columns=["price_list_id", "product_id", "unit_price"])
    return prod, items


def _crm_accounts(rng: np.random.Generator, acc: pd.DataFrame) -> pd.DataFrame:
    n = len(acc)
    city = np.array([catalogue.CITIES[r][k % len(catalogue.CITIES[r])]
                     for r, k in zip(acc.region, rng.integers(0, 12, n))], dtype=object)
    billing = _crm_address(rng, city)
    shipping = billing.copy()
    other = rng.random(n) < 0.25  # a separate delivery address (warehouse, second campus)
    shipping[other] = _crm_address(rng, city[other])
    area = {"Beijing": "010", "Tianjin": "022", "Shanghai": "021", "Chongqing": "023", "Guangzhou": "020",
            "Shenzhen": "0755", "Hangzhou": "0571", "Nanjing": "025", "Suzhou": "0512", "Wuhan": "027",
            "Changsha": "0731", "Zhengzhou": "0371", "Chengdu": "028", "Kunming": "0871", "Shenyang": "024",
            "Harbin": "0451", "Dalian": "0411", "Xiamen": "0592", "Shijiazhuang": "0311"}
    phone = np.array([f"{area[c]}-{a:04d}-{b:04d}" for c, a, b in zip(city, rng.integers(1000, 9999, n),
                                                                     rng.integers(0, 10_000, n))], dtype=object)
    site = np.array(["www." + "".join(ch for ch in name.lower() if ch.isalnum())[:18] + ".example"
                     for name in acc.name], dtype=object)
    site[rng.random(n) < 0.15] = None
    return pd.DataFrame({
        "account_id": acc.account_id.to_numpy(),
        "name": acc.name.to_numpy(),
        "industry": acc.industry.to_numpy(),
        "region": acc.region.to_numpy(),
        "city": city,
        "owner": acc.owner.to_numpy(),
        "phone": phone,
        "website": site,
        "billing_address": billing,
        "shipping_address": shipping,
        "annual_revenue": acc.annual_revenue.to_numpy(),
        "created_date": acc.first_order_date.to_numpy(),
    })


def _crm_contacts(rng: np.random.Generator, accounts: pd.DataFrame, hx_contacts: pd.DataFrame) -> pd.DataFrame:
    known = hx_contacts[hx_contacts.account_id.isin(accounts.account_id)]
    rest = accounts[~accounts.account_id.isin(known.account_id)]
    titles = ["Office Manager", "Procurement Manager", "IT Manager", "Head of Administration",
              "Head of Finance", "Operations Manager", "Print Room Supervisor"]
    k = rng.choice([1, 2, 3], len(rest), p=[0.35, 0.45, 0.2])
    acc_ids = np.repeat(rest.account_id.to_numpy(), k)
    extra = pd.DataFrame({
        "account_id": acc_ids,
        "name": person_names(rng, len(acc_ids)),
        "title": rng.choice(titles, len(acc_ids)),
        "buying_role": None,
    })
    start = int(hx_contacts.contact_id.str[4:].astype(int).max()) + 1
    extra.insert(0, "contact_id", [f"HX-C{i:04d}" for i in range(start, start + len(extra))])
    out = pd.concat([known[["contact_id", "account_id", "name", "title", "buying_role"]], extra], ignore_index=True)
    domain = accounts.set_index("account_id").website.str.replace("www.", "", regex=False)
    emails = []
    for name, acc in zip(out.name, out.account_id):
        d = domain.get(acc)
        emails.append(_crm_email(name, d) if isinstance(d, str) else None)
    out["phone"] = _crm_phone(rng, len(out))
    out["email"] = np.array(emails, dtype=object)
    return out[["contact_id", "account_id", "name", "title", "phone", "email", "buying_role"]]


def _crm_opportunities(rng: np.random.Generator, accounts: pd.DataFrame, contacts: pd.DataFrame,
                       hx_opps: pd.DataFrame) -> pd.DataFrame:
    opp = hx_opps[hx_opps.account_id.isin(accounts.account_id)].reset_index(drop=True)
    name = accounts.set_index("account_id").name
    first_contact = contacts.sort_values(["account_id", "buying_role"], na_position="last", kind="stable") \
        .groupby("account_id").contact_id.first()
    contact = opp.account_id.map(first_contact).to_numpy(dtype=object)
    contact[rng.random(len(opp)) < 0.1] = None
    source = rng.choice(["existing customer"] + CRM_LEAD_SOURCES, len(opp),
                        p=[0.8, 0.05, 0.04, 0.05, 0.02, 0.01, 0.03]).astype(object)
    return pd.DataFrame({
        "opportunity_id": opp.opportunity_id.to_numpy(),
        "account_id": opp.account_id.to_numpy(),
        "contact_id": contact,
        "owner": opp.owner.to_numpy(),
        "name": (opp.account_id.map(name) + " - " + opp.product_line.astype(str)).to_numpy(),
        "product_line": opp.product_line.to_numpy(),
        "amount": opp.amount.to_numpy(),
        "stage": opp.stage.to_numpy(),
        "probability": opp.stage.map(SUITECRM_PERCENT).astype(int).to_numpy(),
        "created_date": opp.created_date.to_numpy(),
        "expected_close_date": opp.expected_close_date.to_numpy(),
        "closed_date": opp.closed_date.to_numpy(),
        "lost_reason": opp.lost_reason.to_numpy(),
        "lead_source": source,
    })


def _crm_leads(seed: int, size: float, accounts: pd.DataFrame, contacts: pd.DataFrame,
               opps: pd.DataFrame, users: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = table_rng(seed, "crm_leads")
    # converted leads: the 2025 deals that came from a lead (not from an existing customer)
    conv = opps[(opps.lead_source != "existing customer") & (opps.created_date >= "2025-01-01")]
    conv = conv[conv.contact_id.notna()].reset_index(drop=True)
    n_other = scaled_count(110, size, 12)
    n = len(conv) + n_other
    acc = accounts.set_index("account_id")
    con = contacts.set_index("contact_id")
    created = np.empty(n, dtype="datetime64[D]")
    lag = rng.integers(3, 45, len(conv))
    created[: len(conv)] = conv.created_date.to_numpy().astype("datetime64[D]") - lag.astype("timedelta64[D]")
    created[len(conv):] = np.datetime64("2025-01-02") + rng.integers(0, 363, n_other).astype("timedelta64[D]")
    source = np.empty(n, dtype=object)
    source[: len(conv)] = conv.lead_source.to_numpy()
    source[len(conv):] = rng.choice(CRM_LEAD_SOURCES, n_other, p=[0.3, 0.15, 0.08, 0.22, 0.17, 0.08])
    # open and dead leads: referrals and trade fairs qualify more often than cold calls and ads
    good = np.isin(source[len(conv):], ["referral", "trade fair", "partner"])
    age = (CRM_TODAY - created[len(conv):]).astype(int)
    p_unq = np.where(good, 0.25, 0.55)
    u = rng.random(n_other)
    status_other = np.where(u < p_unq, "unqualified",
                            np.where(age < 30, "new", np.where(rng.random(n_other) < np.where(good, 0.6, 0.35),
                                                               "qualified", "contacted"))).astype(object)
    status = np.concatenate([np.full(len(conv), "converted", dtype=object), status_other])

    company = np.empty(n, dtype=object)
    company[: len(conv)] = conv.account_id.map(acc.name).to_numpy()
    ind = rng.choice(huaxin.INDUSTRIES, n_other)
    suffix = np.array([INDUSTRY_SUFFIXES[i][k % len(INDUSTRY_SUFFIXES[i])] for i, k in
                       zip(ind, rng.integers(0, 60, n_other))], dtype=object)
    company[len(conv):] = np.char.add(np.char.add(rng.choice(PREFIXES, n_other).astype(str), " "),
                                      suffix.astype(str)).astype(object)
    industry = np.concatenate([conv.account_id.map(acc.industry).to_numpy(dtype=object), ind.astype(object)])
    region = np.concatenate([conv.account_id.map(acc.region).to_numpy(dtype=object),
                             rng.choice(huaxin.REGIONS, n_other).astype(object)])
    region[len(conv):][rng.random(n_other) < 0.08] = None  # incomplete web forms
    name = np.concatenate([conv.contact_id.map(con.name).to_numpy(dtype=object), person_names(rng, n_other)])
    drawn = rng.choice(["Office Manager", "IT Manager", "Procurement Manager", "Head of Administration",
                        "Operations Manager", "Principal", "Print Room Supervisor"], n_other).astype(object)
    # only a school has a principal: the same draw names the head of any other industry
    drawn = np.where(drawn == "Principal", pd.Series(ind).map(_CRM_LEAD_HEADS).to_numpy(dtype=object), drawn)
    title = np.concatenate([conv.contact_id.map(con.title).to_numpy(dtype=object), drawn])
    ams = users[users.role == "account manager"]
    team_of = {"north": "north", "northeast": "north", "east": "east", "central": "east", "south": "south",
               "southwest": "south", None: "east"}
    owner = np.empty(n, dtype=object)
    owner[: len(conv)] = conv.owner.to_numpy()
    for i in range(len(conv), n):
        mates = ams.user_id[ams.team == team_of[region[i]]].to_numpy()
        owner[i] = mates[int(rng.integers(0, len(mates)))]
    email = np.array([_crm_email(p, "mail.example") for p in name], dtype=object)
    no_mail = rng.random(n) < 0.2
    no_mail[: len(conv)] = False
    email[no_mail] = None
    est = np.round(rng.lognormal(np.log(80_000), 0.9, n), -3)
    est[: len(conv)] = conv.amount.to_numpy()
    est[rng.random(n) < 0.3] = np.nan
    est[: len(conv)] = conv.amount.to_numpy()

    leads = pd.DataFrame({
        "company": company, "name": name, "title": title, "industry": industry, "region": region,
        "phone": _crm_phone(rng, n), "email": email, "source": source, "status": status, "owner": owner,
        "estimated_amount": est, "created_date": created,
        "converted_date": np.concatenate([conv.created_date.to_numpy().astype("datetime64[D]"),
                                          np.full(n_other, np.datetime64("NaT"), dtype="datetime64[D]")]),
        "account_id": np.concatenate([conv.account_id.to_numpy(dtype=object), np.full(n_other, None, dtype=object)]),
        "contact_id": np.concatenate([conv.contact_id.to_numpy(dtype=object), np.full(n_other, None, dtype=object)]),
        "opportunity_id": np.concatenate([conv.opportunity_id.to_numpy(dtype=object),
                                          np.full(n_other, None, dtype=object)]),
    })
    leads = leads.iloc[np.lexsort((np.arange(n), leads.created_date.to_numpy()))].reset_index(drop=True)
    leads["created_date"] = as_dates(leads.created_date.to_numpy())
    leads["converted_date"] = as_dates(leads.converted_date.to_numpy())
    leads.insert(0, "lead_id", make_ids("LD-", n, 4))
    return leads


def _crm_line_items(rng: np.random.Generator, line: str, amount: float, price: dict) -> list[tuple]:
    """(product_id, quantity, unit_price) lines whose total is close to ``amount``."""
    mains, addons = catalogue.BUNDLES[line]
    fits = [p for p in mains if price[p] <= amount * 0.7] or mains[:1]
    main = fits[int(rng.integers(max(0, len(fits) - 2), len(fits)))]
    addon_share = sum(price[a] * k for a, k in addons)
    qty = max(1, int(round(amount / (price[main] + addon_share))))
    lines = [(main, qty, price[main])]
    for a, k in addons:
        q = int(round(qty * k))
        if q >= 1:
            lines.append((a, q, price[a]))
    return lines


def _crm_documents(seed: int, accounts: pd.DataFrame, contacts: pd.DataFrame, opps: pd.DataFrame,
                   hx_hist: pd.DataFrame, products: pd.DataFrame, items: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Quotes (with lines), sales orders (with lines) and invoices, following the deals' stage history."""
    rng = table_rng(seed, "crm_quotes")
    acc = accounts.set_index("account_id")
    top20 = set(accounts.nlargest(20, "annual_revenue").account_id)
    plist = {pl: dict(zip(g.product_id, g.unit_price)) for pl, g in items.groupby("price_list_id")}
    prop = hx_hist[(hx_hist.stage == "Proposal/Price Quote") & hx_hist.opportunity_id.isin(opps.opportunity_id)]
    prop = prop[prop.entered_date >= "2024-07-01"]
    deals = opps.set_index("opportunity_id").loc[prop.opportunity_id].reset_index()
    deals["quote_date"] = prop.entered_date.to_numpy()
    quotes, qlines = [], []
    k = 0
    for d in deals.itertuples(index=False):
        ind = acc.industry[d.account_id]
        pl = "PL-2" if d.account_id in top20 else ("PL-3" if ind in ("school", "hospital") and
                                                     d.product_line in ("multifunction printers", "production printing",
                                                                        "document software") else "PL-1")
        prices = {**plist["PL-1"], **plist[pl]}
        lines = _crm_line_items(rng, d.product_line, d.amount, prices)
        won, lost = d.stage == "Closed Won", d.stage == "Closed Lost"
        final = "accepted" if won else ("rejected" if lost else str(rng.choice(["delivered", "created"], p=[.8, .2])))
        revised = rng.random() < 0.2
        versions = [("reviewed", 0), (final, int(rng.integers(5, 15)))] if revised else [(final, 0)]
        for stage, shift in versions:
            k += 1
            qid = f"QU-{k:04d}"
            qdate = np.datetime64(d.quote_date, "D") + np.timedelta64(shift, "D")
            if pd.notna(d.closed_date):
                qdate = min(qdate, np.datetime64(d.closed_date, "D"))
            qdate = min(qdate, CRM_TODAY - np.timedelta64(1, "D"))
            disc = 0.0 if stage == "reviewed" or d.amount < 150_000 else float(rng.choice([0.0, 5.0, 8.0]))
            quotes.append((qid, d.opportunity_id, d.account_id, d.contact_id, d.owner, pl, qdate,
                           qdate + np.timedelta64(30, "D"), stage))
            for no, (p, q, price) in enumerate(lines, start=1):
                qlines.append((qid, no, p, q, price, disc if no == 1 else 0.0))
    quotes = pd.DataFrame(quotes, columns=["quote_id", "opportunity_id", "account_id", "contact_id", "owner",
                                           "price_list_id", "quote_date", "valid_until", "stage"])
    quotes["quote_date"] = as_dates(quotes.quote_date.to_numpy())
    quotes["valid_until"] = as_dates(quotes.valid_until.to_numpy())
    qlines = pd.DataFrame(qlines, columns=["quote_id", "line_no", "product_id", "quantity", "unit_price",
                                           "discount_pct"])

    # sales orders from accepted quotes, on the day the deal was won
    orng = table_rng(seed, "crm_sales_orders")
    acc_q = quotes[quotes.stage == "accepted"].merge(opps[["opportunity_id", "closed_date"]], on="opportunity_id")
    acc_q = acc_q.sort_values(["closed_date", "quote_id"], kind="stable").reset_index(drop=True)
    m = len(acc_q)
    order_date = acc_q.closed_date.to_numpy().astype("datetime64[D]")
    age = (CRM_TODAY - order_date).astype(int)
    status = np.where(age > 25, "delivered", np.where(age > 5, "approved", "created")).astype(object)
    status[orng.random(m) < 0.04] = "cancelled"
    orders = pd.DataFrame({
        "order_id": make_ids("SO-", m, 4),
        "quote_id": acc_q.quote_id.to_numpy(),
        "account_id": acc_q.account_id.to_numpy(),
        "contact_id": acc_q.contact_id.to_numpy(),
        "owner": acc_q.owner.to_numpy(),
        "order_date": as_dates(order_date),
        "status": status,
        "billing_address": acc_q.account_id.map(acc.billing_address).to_numpy(),
        "shipping_address": acc_q.account_id.map(acc.shipping_address).to_numpy(),
    })
    olines = qlines.merge(orders[["order_id", "quote_id"]], on="quote_id")
    olines = olines.sort_values(["order_id", "line_no"], kind="stable")[
        ["order_id", "line_no", "product_id", "quantity", "unit_price", "discount_pct"]].reset_index(drop=True)

    # one invoice per order that was approved or delivered
    irng = table_rng(seed, "crm_invoices")
    billable = orders[orders.status.isin(["approved", "delivered"])].reset_index(drop=True)
    total = (olines.quantity * olines.unit_price * (1 - olines.discount_pct / 100)).groupby(olines.order_id).sum()
    inv_date = billable.order_date.to_numpy().astype("datetime64[D]") + irng.integers(3, 15, len(billable)).astype(
        "timedelta64[D]")
    keep = inv_date < CRM_TODAY
    billable, inv_date = billable[keep].reset_index(drop=True), inv_date[keep]
    due = inv_date + np.timedelta64(30, "D")
    pay_lag = np.round(irng.gamma(3.0, 9.0, len(billable))).astype(int) + 5
    slow = irng.random(len(billable)) < 0.2
    pay_lag[slow] += 200
    paid = inv_date + pay_lag.astype("timedelta64[D]")
    paid = np.where(paid < CRM_TODAY, paid, np.datetime64("NaT"))
    inv_status = np.where(~np.isnat(paid), "paid", np.where(due < CRM_TODAY, "overdue", "sent")).astype(object)
    invoices = pd.DataFrame({
        "invoice_id": make_ids("IN-", len(billable), 4),
        "order_id": billable.order_id.to_numpy(),
        "account_id": billable.account_id.to_numpy(),
        "invoice_date": as_dates(inv_date),
        "due_date": as_dates(due),
        "amount": rounded(billable.order_id.map(total).to_numpy()),
        "status": inv_status,
        "paid_date": as_dates(paid),
    })
    return {"crm_quotes": quotes, "crm_quote_lines": qlines, "crm_sales_orders": orders,
            "crm_sales_order_lines": olines, "crm_invoices": invoices}


def _crm_purchase_orders(seed: int, products: pd.DataFrame, olines: pd.DataFrame,
                         orders: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Huaxin's own orders to its suppliers: each quarter, what the quarter's sales orders used, plus stock."""
    rng = table_rng(seed, "crm_purchase_orders")
    lines = olines.merge(orders[["order_id", "order_date", "status"]], on="order_id")
    lines = lines[(lines.status != "cancelled") & (lines.order_date >= "2025-01-01")]
    lines = lines.merge(products[["product_id", "supplier_id", "unit_cost"]], on="product_id")
    lines = lines[lines.supplier_id.notna()]
    lines["quarter"] = lines.order_date.dt.quarter
    need = lines.groupby(["quarter", "supplier_id", "product_id"], as_index=False).quantity.sum()
    stock = products[products.supplier_id.notna() & products.active &
                     products.product_line.eq("consumables")][["supplier_id", "product_id"]]
    pos, polines = [], []
    k = 0
    for q in (1, 2, 3, 4):
        for sup in catalogue.SUPPLIERS.supplier_id:
            got = need[(need.quarter == q) & (need.supplier_id == sup)]
            extra = stock[stock.supplier_id == sup]
            qty = dict(zip(got.product_id, got.quantity))
            for p in extra.product_id:
                qty[p] = qty.get(p, 0) + int(rng.integers(20, 120))
            if not qty:
                continue
            k += 1
            po = f"PO-{k:04d}"
            day = np.datetime64(f"2025-{3 * q - 2:02d}-01") + np.timedelta64(int(rng.integers(0, 20)), "D")
            status = "received" if q < 4 else str(rng.choice(["approved", "received"]))
            pos.append((po, sup, "HX-R01", day, status, "Huaxin Office Systems, 88 Keji Road, Beijing",
                        "Huaxin central warehouse, 12 Gongye Street, Tianjin"))
            cost = products.set_index("product_id").unit_cost
            for no, p in enumerate(sorted(qty), start=1):
                polines.append((po, no, p, int(qty[p]), float(cost[p])))
    pos = pd.DataFrame(pos, columns=["po_id", "supplier_id", "owner", "order_date", "status", "billing_address",
                                     "shipping_address"])
    pos["order_date"] = as_dates(pos.order_date.to_numpy())
    polines = pd.DataFrame(polines, columns=["po_id", "line_no", "product_id", "quantity", "unit_cost"])
    return pos, polines


_CRM_EVENT_TYPES = ["call", "meeting", "demo", "site visit", "email"]
_CRM_TASK_TYPES = ["follow-up", "send quote", "prepare proposal", "update records"]
_CRM_DURATION = {"call": (10, 40), "meeting": (45, 120), "demo": (60, 180), "site visit": (90, 240), "email": (5, 20)}


def _crm_activities(seed: int, size: float, accounts: pd.DataFrame, contacts: pd.DataFrame,
                    opps: pd.DataFrame, users: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "crm_activities")
    n = scaled_count(1200, size, 40)
    start, end = np.datetime64("2025-01-01"), np.datetime64("2026-03-31")
    live = opps[(opps.closed_date.isna() | (opps.closed_date >= "2025-01-01"))].reset_index(drop=True)
    on_deal = rng.random(n) < 0.7
    w = np.sqrt(live.amount.to_numpy())
    deal = rng.choice(len(live), n, p=w / w.sum())
    acc_w = np.sqrt(accounts.annual_revenue.to_numpy())
    acc_pick = rng.choice(len(accounts), n, p=acc_w / acc_w.sum())
    account = np.where(on_deal, live.account_id.to_numpy()[deal], accounts.account_id.to_numpy()[acc_pick])
    opportunity = np.where(on_deal, live.opportunity_id.to_numpy()[deal], None)
    owner = np.where(on_deal, live.owner.to_numpy()[deal], accounts.owner.to_numpy()[acc_pick]).astype(object)
    # the day: inside the deal's life (created .. closed, or up to 90 days ahead for open deals)
    lo = np.maximum(live.created_date.to_numpy().astype("datetime64[D]"), start)
    hi_open = CRM_TODAY + np.timedelta64(89, "D")
    hi = np.where(live.closed_date.isna().to_numpy(), hi_open,
                  live.closed_date.to_numpy().astype("datetime64[D]"))
    hi = np.minimum(np.maximum(hi, lo), end)
    span = (hi - lo).astype(int)[deal] + 1
    day_deal = lo[deal] + (rng.random(n) * span).astype(int).astype("timedelta64[D]")
    day_acc = start + rng.integers(0, (end - start).astype(int) + 1, n).astype("timedelta64[D]")
    day = np.where(on_deal, day_deal, day_acc)
    kind = np.where(rng.random(n) < 0.62, "event", "task").astype(object)
    ev = kind == "event"
    typ = np.empty(n, dtype=object)
    typ[ev] = rng.choice(_CRM_EVENT_TYPES, ev.sum(), p=[0.36, 0.26, 0.1, 0.12, 0.16])
    typ[~ev] = rng.choice(_CRM_TASK_TYPES, (~ev).sum(), p=[0.45, 0.2, 0.15, 0.2])
    # demos and site visits are often done by the team's sales engineer
    eng = users[users.role == "sales engineer"].set_index("team").user_id
    team = users.set_index("user_id").team
    tech = np.isin(typ, ["demo", "site visit"]) & (rng.random(n) < 0.55)
    owner[tech] = [eng.get(team[o], "HX-R08") for o in owner[tech]]
    # contact: one of the account's contacts, for most events
    by_acc = contacts.groupby("account_id").contact_id.apply(list)
    pick = rng.random(n)
    contact = np.array([by_acc[a][int(p * len(by_acc[a]))] if a in by_acc.index else None
                        for a, p in zip(account, pick)], dtype=object)
    contact[(rng.random(n) < np.where(ev, 0.15, 0.6))] = None
    past = day < CRM_TODAY
    status = np.empty(n, dtype=object)
    status[ev & past] = rng.choice(["held", "not held"], (ev & past).sum(), p=[0.86, 0.14])
    status[ev & ~past] = "planned"
    due = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    due[~ev] = day[~ev] + rng.integers(2, 15, (~ev).sum()).astype("timedelta64[D]")
    t_past = ~ev & (due < CRM_TODAY)
    status[t_past] = rng.choice(["completed", "in progress", "not started", "deferred"], t_past.sum(),
                                p=[0.8, 0.07, 0.08, 0.05])
    t_future = ~ev & ~(due < CRM_TODAY)
    status[t_future] = rng.choice(["not started", "in progress"], t_future.sum(), p=[0.7, 0.3])
    duration = np.full(n, np.nan)
    for t, (a, b) in _CRM_DURATION.items():
        idx = typ == t
        duration[idx] = np.round(rng.integers(a, b + 1, idx.sum()) / 5) * 5
    priority = np.where(ev, None, rng.choice(["low", "medium", "high"], n, p=[0.25, 0.55, 0.2])).astype(object)
    line = np.where(on_deal, live.product_line.to_numpy()[deal], "account care").astype(object)
    subject = np.char.add(np.char.add(np.char.capitalize(typ.astype(str)), " - "), line.astype(str)).astype(object)
    out = pd.DataFrame({"kind": kind, "type": typ, "subject": subject, "account_id": account,
                        "contact_id": contact, "opportunity_id": opportunity, "owner": owner,
                        "start_date": day, "due_date": due, "duration_min": duration,
                        "status": status, "priority": priority})
    out = out.iloc[np.lexsort((np.arange(n), out.start_date.to_numpy()))].reset_index(drop=True)
    out["start_date"] = as_dates(out.start_date.to_numpy())
    out["due_date"] = as_dates(out.due_date.to_numpy())
    out.insert(0, "activity_id", make_ids("AV-", n, 5))
    return out


_CRM_TICKET_TITLES = {
    "installation": ["New device not on the network", "Scan to e-mail not set up", "Second tray not recognised"],
    "breakdown": ["Paper jam in the finisher", "Device shows error code", "Device does not switch on",
                  "Fuser noise"],
    "print quality": ["Pale stripes on prints", "Colours look wrong", "Smudged pages"],
    "consumables": ["Toner not delivered", "Wrong toner delivered", "Need extra paper"],
    "billing": ["Invoice amount unclear", "Page count charge disputed", "Invoice sent to the wrong address"],
    "software": ["Print accounting report empty", "Users cannot log in to document system", "Driver update needed"],
    "training": ["New staff need a briefing", "Press operator course request"],
}
_CRM_TICKET_HOURS = {"urgent": 5.0, "high": 14.0, "normal": 30.0, "low": 70.0}  # median hours to resolve
_CRM_TICKET_FACTOR = {"installation": 1.1, "breakdown": 1.2, "print quality": 1.0, "consumables": 0.55,
                      "billing": 1.5, "software": 1.3, "training": 1.6}


def _crm_tickets(seed: int, size: float, accounts: pd.DataFrame, contacts: pd.DataFrame,
                 products: pd.DataFrame, users: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "crm_tickets")
    n = scaled_count(360, size, 20)
    w = np.sqrt(accounts.annual_revenue.to_numpy())
    account = accounts.account_id.to_numpy()[rng.choice(len(accounts), n, p=w / w.sum())]
    category = rng.choice(CRM_TICKET_CATEGORIES, n, p=[0.1, 0.26, 0.16, 0.2, 0.1, 0.1, 0.08]).astype(object)
    p_prio = {"breakdown": [0.05, 0.35, 0.4, 0.2], "print quality": [0.15, 0.55, 0.25, 0.05],
              "installation": [0.1, 0.6, 0.25, 0.05], "consumables": [0.2, 0.6, 0.17, 0.03],
              "billing": [0.35, 0.55, 0.1, 0.0], "software": [0.15, 0.55, 0.25, 0.05],
              "training": [0.55, 0.45, 0.0, 0.0]}
    priority = np.array([rng.choice(CRM_PRIORITIES, p=p_prio[c]) for c in category], dtype=object)
    title = np.array([_CRM_TICKET_TITLES[c][int(k) % len(_CRM_TICKET_TITLES[c])]
                      for c, k in zip(category, rng.integers(0, 12, n))], dtype=object)
    hw = {"installation": ["PR-001", "PR-002", "PR-003", "PR-004"], "breakdown": ["PR-001", "PR-003", "PR-004", "PR-008", "PR-031"],
          "print quality": ["PR-002", "PR-004", "PR-008", "PR-027"], "consumables": ["PR-023", "PR-024", "PR-025", "PR-028"],
          "software": ["PR-015", "PR-016", "PR-017"], "training": ["PR-008", "PR-015"], "billing": [None]}
    product = np.array([hw[c][int(k) % len(hw[c])] for c, k in zip(category, rng.integers(0, 12, n))], dtype=object)
    by_acc = contacts.groupby("account_id").contact_id.apply(list)
    contact = np.array([by_acc[a][int(p * len(by_acc[a]))] if a in by_acc.index else None
                        for a, p in zip(account, rng.random(n))], dtype=object)
    channel = rng.choice(["phone", "email", "web", "visit"], n, p=[0.45, 0.25, 0.22, 0.08]).astype(object)
    # opened: a working day in 2025, 08:00-18:59
    day = np.datetime64("2025-01-02") + rng.integers(0, 363, n).astype("timedelta64[D]")
    minute = rng.integers(8 * 60, 19 * 60, n)
    opened = day.astype("datetime64[m]") + minute.astype("timedelta64[m]")
    median = np.array([_CRM_TICKET_HOURS[p] * _CRM_TICKET_FACTOR[c] for p, c in zip(priority, category)])
    hours = np.maximum(0.25, median * rng.lognormal(0, 0.6, n))
    closed = opened + np.round(hours * 60).astype("timedelta64[m]")
    done = closed < CRM_TODAY.astype("datetime64[m]")
    stuck = (~done) | ((rng.random(n) < 0.4) & (day >= np.datetime64("2025-11-10")))  # a few tickets stay open long (waiting for the customer)
    status = np.where(stuck, rng.choice(["open", "in progress", "waiting for customer"], n, p=[0.3, 0.4, 0.3]),
                      "closed").astype(object)
    svc = users[users.role.isin(["service manager"])].user_id.to_numpy()
    eng = users[users.role == "sales engineer"].user_id.to_numpy()
    assigned = np.where(np.isin(category, ["software", "training", "installation"]) & (rng.random(n) < 0.5),
                        rng.choice(eng, n), rng.choice(svc, n)).astype(object)
    score = 5.2 - 0.9 * np.log1p(hours / 8) + rng.normal(0, 0.7, n)
    sat = np.clip(np.round(score), 1, 5)
    sat[(status != "closed") | (rng.random(n) < 0.3)] = np.nan

    def fmt(values, mask):
        text = np.datetime_as_string(values, unit="m")
        return np.where(mask, np.char.replace(text.astype(str), "T", " "), None).astype(object)

    out = pd.DataFrame({"account_id": account, "contact_id": contact, "product_id": product, "title": title,
                        "category": category, "priority": priority, "status": status, "channel": channel,
                        "opened_at": fmt(opened, np.ones(n, bool)), "closed_at": fmt(closed, status == "closed"),
                        "assigned_to": assigned, "satisfaction": sat})
    out = out.iloc[np.lexsort((np.arange(n), out.opened_at.to_numpy()))].reset_index(drop=True)
    out.insert(0, "ticket_id", make_ids("TK-", n, 4))
    return out


def _crm_faq() -> pd.DataFrame:
    faq = pd.DataFrame(catalogue.FAQ, columns=["category", "product_id", "question", "answer"])
    faq.insert(0, "faq_id", make_ids("FAQ-", len(faq), 2))
    faq["status"] = catalogue.FAQ_STATUS[: len(faq)]
    return faq


def _crm_memos(seed: int, size: float, accounts: pd.DataFrame, opps: pd.DataFrame) -> pd.DataFrame:
    rng = table_rng(seed, "crm_memos")
    n = scaled_count(60, size, 6)
    which = rng.integers(0, len(catalogue.MEMOS), n)
    w = np.sqrt(accounts.annual_revenue.to_numpy())
    account = accounts.account_id.to_numpy()[rng.choice(len(accounts), n, p=w / w.sum())]
    open_by_acc = opps[opps.closed_date.isna()].groupby("account_id").opportunity_id.first()
    opp = np.array([open_by_acc.get(a) if r < 0.4 else None for a, r in zip(account, rng.random(n))], dtype=object)
    author = accounts.set_index("account_id").owner[account].to_numpy()
    day = np.datetime64("2025-01-02") + np.sort(rng.integers(0, 363, n)).astype("timedelta64[D]")
    return pd.DataFrame({
        "memo_id": make_ids("ME-", n, 4),
        "account_id": account,
        "opportunity_id": opp,
        "title": [catalogue.MEMOS[k][0] for k in which],
        "note": [catalogue.MEMOS[k][1] for k in which],
        "author": author,
        "created_date": as_dates(day),
    })


def make(seed: int = DEFAULT_SEED, size: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the CRM lab tables.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        The generator's seed; every table draws from its own stream, and the Huaxin tables the
        lab starts from are the committed ones (``size=1``) for that seed.
    size : float, default 1
        Multiplier of the activities, leads, tickets and memos (1 gives the committed data).

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :data:`TABLE_NAMES`, in that order.

    Examples
    --------
    >>> tables = make(DEFAULT_SEED, 0.05)
    >>> len(tables["crm_accounts"]), len(tables["crm_activities"])
    (80, 60)
    """
    hx = huaxin.make(seed, 1.0)  # the lab works on the committed Huaxin case, whatever the size
    rng = table_rng(seed, "crm_accounts")
    users = _crm_users(hx["huaxin_reps"])
    products, items = _crm_products()
    base = _crm_choose_accounts(hx["huaxin_accounts"], hx["huaxin_contacts"])
    accounts = _crm_accounts(rng, base)
    contacts = _crm_contacts(table_rng(seed, "crm_contacts"), accounts, hx["huaxin_contacts"])
    opps = _crm_opportunities(table_rng(seed, "crm_opportunities"), accounts, contacts, hx["huaxin_opportunities"])
    leads = _crm_leads(seed, size, accounts, contacts, opps, users)
    docs = _crm_documents(seed, accounts, contacts, opps, hx["huaxin_stage_history"], products, items)
    pos, polines = _crm_purchase_orders(seed, products, docs["crm_sales_order_lines"], docs["crm_sales_orders"])
    return {
        "crm_users": users,
        "crm_suppliers": catalogue.SUPPLIERS.copy(),
        "crm_products": products,
        "crm_price_lists": catalogue.PRICE_LISTS.copy(),
        "crm_price_list_items": items,
        "crm_accounts": accounts,
        "crm_contacts": contacts,
        "crm_leads": leads,
        "crm_opportunities": opps,
        "crm_activities": _crm_activities(seed, size, accounts, contacts, opps, users),
        **docs,
        "crm_purchase_orders": pos,
        "crm_purchase_order_lines": polines,
        "crm_tickets": _crm_tickets(seed, size, accounts, contacts, products, users),
        "crm_faq": _crm_faq(),
        "crm_memos": _crm_memos(seed, size, accounts, opps),
    }


