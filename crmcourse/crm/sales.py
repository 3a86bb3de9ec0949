"""The sales flow (experiments 5, 7, 8 and 9): lead → account, contact and deal → quote → order → invoice.

Each helper is one all-or-nothing transaction: either every record it makes is saved, or none.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Mapping
from typing import Any

import pandas as pd

from crmcourse import _validate
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _

from ._common import KEYS, LINES, CRMError, as_crm_error, check_conn, describe_value, lab_table, plain, run, spec
from ._store import (check_references, clean_value, date_or_today, fetch, insert, key_tuple, prepare_new,
                     translate, unknown_error, writing)
from .reports import query

__all__ = ["convert_lead", "add_quote", "order_from_quote", "invoice_order", "totals"]


def convert_lead(conn: sqlite3.Connection, lead_id: str, *, product_line: str, amount: float | None = None,
                 expected_close_date: str | None = None, stage: str = "Qualification",
                 account_id: str | None = None, date: str | None = None) -> dict[str, str]:
    """Turn a qualified lead into an account, a contact and an opportunity, in one transaction.

    The account takes the lead's company, industry, region and owner (or pass ``account_id`` to
    attach the contact and deal to an existing account); the contact takes the person's name,
    title, phone and e-mail; the opportunity is for ``product_line`` with ``amount`` (default:
    the lead's estimated amount) and closes by ``expected_close_date`` (default: 90 days after
    ``date``, which defaults to the lab's today). The lead is marked converted and linked to the
    three records. Either all four changes are saved, or none.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database (:func:`~crmcourse.crm.connect`).
    lead_id : str
        The lead, e.g. ``"LD-0054"``; not converted or unqualified already.
    product_line : str
        What the deal is for (one of the opportunities' product lines).
    amount : float, optional
        The deal's value in CNY; default the lead's estimated amount.
    expected_close_date : str, optional
        ``'YYYY-MM-DD'``; default 90 days after the conversion date.
    stage : str, default "Qualification"
        An open sales stage; the probability is that stage's default.
    account_id : str, optional
        Attach the contact and deal to this existing account instead of making a new one.
    date : str, optional
        The conversion date; default the lab's today (:data:`~crmcourse.crm.TODAY`).

    Returns
    -------
    dict
        The new ``account_id``, ``contact_id`` and ``opportunity_id``.

    Raises
    ------
    CRMError
        No such lead, a lead already converted or unqualified, a lead without the industry or
        region a new account needs, a closed stage, dates out of order, or any value the tables
        refuse; nothing is saved.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> convert_lead(db, "LD-0054", product_line="multifunction printers", amount=60_000)
    {'account_id': 'HX-A0321', 'contact_id': 'HX-C0223', 'opportunity_id': 'HX-O0681'}
    >>> convert_lead(db, "LD-0054", product_line="consumables", amount=5_000)
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'leads', column 'status': lead 'LD-0054' is already converted (to HX-O0681); nothing was saved. Fix: work on its opportunity, or copy the lead if it is a new enquiry.
    """
    check_conn(conn)
    with writing(conn, "leads"):
        k = key_tuple("leads", lead_id)
        lead = fetch(conn, "leads", k)
        if lead is None:
            raise unknown_error("leads", k, conn)
        if lead["status"] == "converted":
            raise CRMError(_("lead {lead} is already converted (to {opportunity})").format(
                               lead=repr(k[0]), opportunity=lead['opportunity_id']), table="leads",
                           field="status", value=lead["status"],
                           fix=_("work on its opportunity, or copy the lead if it is a new enquiry"))
        if lead["status"] == "unqualified":
            raise CRMError(_("lead {lead} is marked unqualified").format(lead=repr(k[0])), table="leads",
                           field="status", value=lead["status"],
                           fix=_("if it is qualified after all, first {call}").format(
                               call=f"crm.edit(db, 'leads', {k[0]!r}, status='qualified')"))
        on = date_or_today("leads", "converted_date", date)
        if on < lead["created_date"]:
            raise CRMError(_("the conversion date {date} is before the lead was created ({created})").format(
                               date=on, created=lead['created_date']),
                           table="leads", field="converted_date", value=on, fix=_("give a later date"))
        if amount is None:
            amount = lead["estimated_amount"]
            if amount is None:
                raise CRMError(_("lead {lead} has no estimated amount").format(lead=repr(k[0])),
                               table="opportunities", field="amount",
                               fix=_("pass amount=... (the deal's expected value in CNY)"))
        if expected_close_date is None:
            expected_close_date = (_dt.date.fromisoformat(on) + _dt.timedelta(days=90)).isoformat()
        if account_id is None:
            for field in ("industry", "region"):
                if lead[field] is None:
                    raise CRMError(_("lead {lead} has no {field}, which a new account needs").format(
                                       lead=repr(k[0]), field=field), table="leads", field=field,
                                   fix=_("fill it in first: {call}").format(
                                       call=f"crm.edit(db, 'leads', {k[0]!r}, {field}=...)"))
            account = prepare_new(conn, "accounts", {
                "name": lead["company"], "industry": lead["industry"], "region": lead["region"],
                "owner": lead["owner"], "phone": lead["phone"], "created_date": on})
            insert(conn, "accounts", account)
            account_id = account["account_id"]
        else:
            account_id = clean_value("leads", "account_id", account_id, spec("leads")["columns"]["account_id"])
            check_references(conn, "leads", {"account_id": account_id})
        contact = prepare_new(conn, "contacts", {
            "account_id": account_id, "name": lead["name"], "title": lead["title"], "phone": lead["phone"],
            "email": lead["email"]})
        insert(conn, "contacts", contact)
        company = run(conn, "SELECT name FROM accounts WHERE account_id = ?", (account_id,),
                      table="accounts").fetchone()[0]
        line = clean_value("opportunities", "product_line", product_line,
                           spec("opportunities")["columns"]["product_line"])
        opportunity = prepare_new(conn, "opportunities", {
            "account_id": account_id, "contact_id": contact["contact_id"], "owner": lead["owner"],
            "name": f"{company} - {line}", "product_line": line, "amount": amount, "stage": stage, "created_date": on,
            "expected_close_date": expected_close_date, "lead_source": lead["source"]})
        if opportunity["stage"].startswith("Closed"):
            raise CRMError(_("a converted lead starts an open deal"), table="opportunities", field="stage",
                           value=opportunity["stage"], fix=_("use an open stage such as 'Qualification'"))
        if opportunity["expected_close_date"] < on:
            raise CRMError(_("the expected close date is before the conversion date"), table="opportunities",
                           field="expected_close_date", value=opportunity["expected_close_date"],
                           fix=_("give a later {field}").format(field="expected_close_date"))
        insert(conn, "opportunities", opportunity)
        try:
            conn.execute("UPDATE leads SET status = 'converted', converted_date = ?, account_id = ?, "
                         "contact_id = ?, opportunity_id = ? WHERE lead_id = ?",
                         (on, account_id, contact["contact_id"], opportunity["opportunity_id"], k[0]))
        except sqlite3.Error as exc:
            raise translate(exc, "leads", conn=conn) from None
    return {"account_id": account_id, "contact_id": contact["contact_id"],
            "opportunity_id": opportunity["opportunity_id"]}


def _lines_frame(lines: Any) -> list[dict]:
    """The quote's lines as dicts with product_id, quantity and (optionally) discount_pct."""
    if isinstance(lines, pd.DataFrame):
        try:
            rows = _validate.require_frame(lines, source="lines", min_rows=0).to_dict("records")
        except CourseDataError as exc:
            raise as_crm_error(exc, table="quote_lines") from None
    elif isinstance(lines, Mapping):
        rows = [lines]
    elif isinstance(lines, (list, tuple)):
        rows = list(lines)
    else:
        raise CRMError(_("lines should be a list of (product_id, quantity) pairs, got {type}").format(
                           type=type(lines).__name__),
                       table="quote_lines", fix=_("e.g. {example}").format(example="lines=[('PR-001', 10), ('PR-007', 10)]"))
    if not rows:
        raise CRMError(_("a quote needs at least one line"), table="quote_lines",
                       fix=_("e.g. {example}").format(example="lines=[('PR-001', 10)]"))
    out = []
    for i, row in enumerate(rows, start=1):
        if isinstance(row, Mapping):
            row = {plain(name): value for name, value in row.items()}
            unknown = [name for name in row if name not in ("product_id", "quantity", "discount_pct")]
            if unknown:
                shown = unknown[0] if isinstance(unknown[0], str) else describe_value(unknown[0])
                raise CRMError(_("line {number} has unknown field {name}").format(number=i, name=repr(shown[:40])),
                               table="quote_lines", fix=_("a line has product_id, quantity and optionally discount_pct"))
            out.append(row)
        elif isinstance(row, (list, tuple)) and len(row) in (2, 3):
            out.append(dict(zip(("product_id", "quantity", "discount_pct"), row)))
        else:
            raise CRMError(_("line {number} should be (product_id, quantity) or (product_id, quantity, discount_pct), "
                             "got {value}").format(number=i, value=describe_value(row)), table="quote_lines",
                           fix=_("e.g. {example}").format(example="('PR-001', 10)"))
    return out


def add_quote(conn: sqlite3.Connection, account_id: str, lines: Any, *, opportunity_id: str | None = None,
              contact_id: str | None = None, price_list_id: str = "PL-1", owner: str | None = None,
              quote_date: str | None = None, valid_days: int = 30, stage: str = "created") -> str:
    """Make a quote with its lines (experiment 7) and return its id.

    ``lines`` lists ``(product_id, quantity)`` or ``(product_id, quantity, discount_pct)``; each
    unit price comes from the price list (default PL-1, the standard list). The owner defaults
    to the account's owner, the contact to the opportunity's contact. Products must be active
    and on the price list.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    account_id : str
        The customer.
    lines : list of tuple, dict or pandas.DataFrame
        ``[("PR-001", 10), ("PR-007", 10, 5.0)]``: product, quantity and optionally a discount
        in percent; or dicts / a DataFrame with ``product_id``, ``quantity``, ``discount_pct``.
    opportunity_id : str, optional
        The deal the quote is for (it must belong to the account).
    contact_id : str, optional
        Who the quote is addressed to; default the deal's contact.
    price_list_id : str, default "PL-1"
        Where the unit prices come from.
    owner : str, optional
        Who makes the quote; default the account's owner.
    quote_date : str, optional
        ``'YYYY-MM-DD'``; default the lab's today.
    valid_days : int, default 30
        How long the offer holds (0-365 days).
    stage : str, default "created"
        The quote's stage.

    Returns
    -------
    str
        The new quote's id.

    Raises
    ------
    CRMError
        No such account, a deal of another account, no lines, a discontinued product or one
        not on the price list, or any value the tables refuse; nothing is saved.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> q = add_quote(db, "HX-A0002", [("PR-003", 4), ("PR-007", 4)], price_list_id="PL-2")
    >>> q, float(totals(db, "quotes")[q])
    ('QU-0097', 90360.0)
    """
    check_conn(conn)
    with writing(conn, "quotes"):
        acc = clean_value("quotes", "account_id", account_id, spec("quotes")["columns"]["account_id"])
        row = run(conn, "SELECT owner FROM accounts WHERE account_id = ?", (acc,), table="quotes").fetchone()
        if row is None:
            raise unknown_error("accounts", (acc,), conn)
        opportunity_id = plain(opportunity_id)
        if contact_id is None and opportunity_id is not None and isinstance(opportunity_id, str):
            found = run(conn, "SELECT contact_id FROM opportunities WHERE opportunity_id = ?",
                        (opportunity_id,), table="quotes").fetchone()
            contact_id = found[0] if found else None
        day = date_or_today("quotes", "quote_date", quote_date)
        days = clean_value("quotes", "valid_days", valid_days, {"type": "int", "min": 0, "max": 365})
        quote = prepare_new(conn, "quotes", {
            "opportunity_id": opportunity_id, "account_id": acc, "contact_id": contact_id,
            "owner": owner if owner is not None else row[0], "price_list_id": price_list_id, "quote_date": day,
            "valid_until": (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat(), "stage": stage})
        if quote.get("opportunity_id"):
            opp_acc = run(conn, "SELECT account_id FROM opportunities WHERE opportunity_id = ?",
                          (quote["opportunity_id"],), table="quotes").fetchone()[0]
            if opp_acc != acc:
                raise CRMError(_("opportunity {opportunity} belongs to account {account}, not {expected}").format(
                                   opportunity=repr(quote['opportunity_id']), account=opp_acc, expected=acc),
                               table="quotes", field="opportunity_id", value=quote["opportunity_id"],
                               fix=_("quote the account the deal is with"))
        insert(conn, "quotes", quote)
        for line in _lines_frame(lines):
            product = clean_value("quote_lines", "product_id", line.get("product_id"),
                                  spec("quote_lines")["columns"]["product_id"])
            price = run(conn, "SELECT unit_price FROM price_list_items WHERE price_list_id = ? AND product_id = ?",
                        (quote["price_list_id"], product), table="quote_lines").fetchone()
            if price is None:
                check_references(conn, "quote_lines", {"product_id": product})
                raise CRMError(_("product {product} is not on price list {price_list}").format(
                                   product=repr(product), price_list=quote['price_list_id']),
                               table="quote_lines", field="product_id", value=product,
                               fix=_("choose another price list, or add the product to this one with "
                                     "crm.add(db, 'price_list_items', ...)"))
            new = prepare_new(conn, "quote_lines", {
                "quote_id": quote["quote_id"], "product_id": product, "quantity": line.get("quantity"),
                "unit_price": price[0], "discount_pct": line.get("discount_pct", 0.0)})
            insert(conn, "quote_lines", new)
    return quote["quote_id"]


def order_from_quote(conn: sqlite3.Connection, quote_id: str, *, order_date: str | None = None,
                     billing_address: str | None = None, shipping_address: str | None = None,
                     ship_to_billing: bool = False) -> str:
    """Make a sales order from an accepted quote, copying its lines (experiment 8). Returns its id.

    The addresses default to the account's; ``ship_to_billing=True`` copies the billing address
    into the shipping address (the lab form's copy-address button).

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    quote_id : str
        An accepted quote that has no (uncancelled) order yet.
    order_date : str, optional
        ``'YYYY-MM-DD'``, not before the quote; default the lab's today.
    billing_address, shipping_address : str, optional
        Default the account's addresses.
    ship_to_billing : bool, default False
        Ship to the billing address.

    Returns
    -------
    str
        The new order's id.

    Raises
    ------
    CRMError
        No such quote, a quote not accepted or already ordered, a missing address, or a date
        before the quote; nothing is saved.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> order_from_quote(db, "QU-0002")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'quotes', column 'stage': quote 'QU-0002' is 'rejected', not accepted; nothing was saved. Fix: only an accepted quote becomes an order; if the customer accepted, first crm.edit(db, 'quotes', 'QU-0002', stage='accepted').
    """
    check_conn(conn)
    if not isinstance(ship_to_billing, bool):
        raise CRMError(_("{field} should be True or False, got {value}").format(
                           field="ship_to_billing", value=describe_value(ship_to_billing)),
                       table="sales_orders", fix=_("e.g. {example}").format(example="ship_to_billing=True"))
    with writing(conn, "sales_orders"):
        k = key_tuple("quotes", quote_id)
        quote = fetch(conn, "quotes", k)
        if quote is None:
            raise unknown_error("quotes", k, conn)
        if quote["stage"] != "accepted":
            raise CRMError(_("quote {quote} is {stage}, not accepted").format(quote=repr(k[0]),
                                                                              stage=repr(quote['stage'])),
                           table="quotes", field="stage", value=quote["stage"],
                           fix=_("only an accepted quote becomes an order; if the customer accepted, first {call}").format(
                               call=f"crm.edit(db, 'quotes', {k[0]!r}, stage='accepted')"))
        done = run(conn, "SELECT order_id FROM sales_orders WHERE quote_id = ? AND status <> 'cancelled'",
                   k, table="sales_orders").fetchone()
        if done:
            raise CRMError(_("quote {quote} already became order {order}").format(quote=repr(k[0]), order=done[0]),
                           table="sales_orders", field="quote_id",
                           value=k[0], fix=_("work on that order (copy it for a repeat order)"))
        bill, ship = run(conn, "SELECT billing_address, shipping_address FROM accounts WHERE account_id = ?",
                         (quote["account_id"],), table="sales_orders").fetchone()
        bill = billing_address if billing_address is not None else bill
        ship = shipping_address if shipping_address is not None else ship
        if ship_to_billing:
            ship = bill
        for field, value in (("billing_address", bill), ("shipping_address", ship)):
            if value is None:
                raise CRMError((_("account {account} has no billing address on file") if field == "billing_address"
                                else _("account {account} has no shipping address on file")).format(
                                   account=quote['account_id']),
                               table="sales_orders", field=field, value=None,
                               fix=_("pass {field}='...' (or store it on the account with {call})").format(
                                   field=field, call=f"crm.edit(db, 'accounts', {quote['account_id']!r}, {field}='...')"))
        day = date_or_today("sales_orders", "order_date", order_date)
        if day < quote["quote_date"]:
            raise CRMError(_("the order date {date} is before the quote date {quote_date}").format(
                               date=day, quote_date=quote['quote_date']),
                           table="sales_orders", field="order_date", value=day,
                           fix=_("give a later {field}").format(field="order_date"))
        order = prepare_new(conn, "sales_orders", {
            "quote_id": k[0], "account_id": quote["account_id"], "contact_id": quote["contact_id"],
            "owner": quote["owner"], "order_date": day, "status": "created", "billing_address": bill,
            "shipping_address": ship})
        insert(conn, "sales_orders", order)
        conn.execute("INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, unit_price, discount_pct) "
                     "SELECT ?, line_no, product_id, quantity, unit_price, discount_pct FROM quote_lines "
                     "WHERE quote_id = ? ORDER BY line_no", (order["order_id"], k[0]))
    return order["order_id"]


def invoice_order(conn: sqlite3.Connection, order_id: str, *, invoice_date: str | None = None,
                  payment_days: int = 30) -> str:
    """Invoice an approved or delivered sales order for its total (experiment 9). Returns the id.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    order_id : str
        An approved or delivered sales order without an invoice.
    invoice_date : str, optional
        ``'YYYY-MM-DD'``; default the lab's today.
    payment_days : int, default 30
        Days until payment is due (0-365).

    Returns
    -------
    str
        The new invoice's id.

    Raises
    ------
    CRMError
        No such order, an order already invoiced or not approved, or a value the tables refuse;
        nothing is saved.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> db = connect(":memory:")
    >>> invoice_order(db, "SO-0001")
    Traceback (most recent call last):
    ...
    crmcourse.crm.CRMError: CRM table 'invoices', column 'order_id': order 'SO-0001' already has invoice IN-0001; nothing was saved. Fix: an order is invoiced once; look at the existing invoice.
    """
    check_conn(conn)
    with writing(conn, "invoices"):
        k = key_tuple("sales_orders", order_id)
        order = fetch(conn, "sales_orders", k)
        if order is None:
            raise unknown_error("sales_orders", k, conn)
        done = run(conn, "SELECT invoice_id FROM invoices WHERE order_id = ?", k, table="invoices").fetchone()
        if done:
            raise CRMError(_("order {order} already has invoice {invoice}").format(order=repr(k[0]), invoice=done[0]),
                           table="invoices", field="order_id",
                           value=k[0], fix=_("an order is invoiced once; look at the existing invoice"))
        if order["status"] not in ("approved", "delivered"):
            raise CRMError(_("order {order} is {status}").format(order=repr(k[0]), status=repr(order['status'])),
                           table="sales_orders", field="status", value=order["status"],
                           fix=_("invoice approved or delivered orders only; approve it first with {call}").format(
                               call=f"crm.edit(db, 'sales_orders', {k[0]!r}, status='approved')"))
        day = date_or_today("invoices", "invoice_date", invoice_date)
        days = clean_value("invoices", "payment_days", payment_days, {"type": "int", "min": 0, "max": 365})
        total = totals(conn, "sales_orders").get(k[0], 0.0)
        invoice = prepare_new(conn, "invoices", {
            "order_id": k[0], "account_id": order["account_id"], "invoice_date": day,
            "due_date": (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat(),
            "amount": round(float(total), 2), "status": "created"})
        insert(conn, "invoices", invoice)
    return invoice["invoice_id"]


def totals(conn: sqlite3.Connection, table: str = "quotes") -> pd.Series:
    """Total of each quote, sales order or purchase order: Σ quantity × price × (1 − discount).

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database.
    table : str, default "quotes"
        ``"quotes"``, ``"sales_orders"`` or ``"purchase_orders"``.

    Returns
    -------
    pandas.Series
        The total per document (0 for one without lines), rounded to cents, indexed by its id.

    Raises
    ------
    CRMError
        A table without lines, or one that is not a lab table.

    Examples
    --------
    >>> from crmcourse.crm import connect
    >>> totals(connect(":memory:"), "sales_orders").round(2).head(2).to_dict()
    {'SO-0001': 345600.0, 'SO-0002': 15120.0}
    """
    check_conn(conn)
    t = lab_table(table)
    if t not in LINES:
        raise CRMError(_("{table} has no lines to add up").format(table=t), table=t,
                       fix=_("use 'quotes', 'sales_orders' or 'purchase_orders'"))
    lines = LINES[t]
    key = KEYS[t][0]
    price = "unit_cost" if t == "purchase_orders" else "unit_price * (1 - discount_pct / 100.0)"
    frame = query(conn, f"SELECT d.{key} AS id, COALESCE(SUM(l.quantity * {price}), 0) AS total "
                        f"FROM {t} d LEFT JOIN {lines} l ON l.{key} = d.{key} GROUP BY d.{key} ORDER BY d.{key}",
                  timeout=None)
    return frame.set_index("id")["total"].rename("total").rename_axis(key).round(2)


