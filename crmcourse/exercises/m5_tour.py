"""Exercises of 5.1 Inside a CRM database (solutions/05_crm_lab/01_tour.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database (built from the shipped
CSVs) when a check first runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise
from crmcourse.exercises._lab import one_value as _one

_TABLES = ("users", "suppliers", "products", "price_lists", "price_list_items", "accounts", "contacts",
           "opportunities", "leads", "activities", "quotes", "quote_lines", "sales_orders",
           "sales_order_lines", "invoices", "purchase_orders", "purchase_order_lines", "tickets", "faq", "memos")


EXERCISES = [
    MappingExercise(
        id="m5_tour_where",
        title="Which table holds each record",
        hint="Follow the table of the twelve experiments: prices of a list, addresses of a customer, "
             "events and tasks, service requests, free-text notes.",
        options=_TABLES,
        answer={
            "wholesale price": "5de14ff42599cc9f",
            "delivery address": "cc924a6856476cb6",
            "planned demo": "42a47bc8261abb6e",
            "toner complaint": "233a7be30bb53a0a",
            "budget note": "fa318cebfaed8c1d",
        },
    ),
    NumberExercise(
        id="m5_tour_pl3",
        title="Products on price list PL-3",
        hint="SELECT COUNT(*) FROM price_list_items WHERE price_list_id = ...",
        expected=lambda: _one("SELECT COUNT(*) FROM price_list_items WHERE price_list_id = 'PL-3'"),
        abs_tol=0, rel_tol=0,
    ),
    ChoiceExercise(
        id="m5_tour_industry",
        title="The industry with the most contacts",
        hint="JOIN contacts to accounts ON account_id, GROUP BY the industry, ORDER BY the count.",
        options=("hospital", "school", "bank", "government", "manufacturing", "logistics"),
        answer="51735815119e5ffa",
        feedback={"cdf6148829f384b4": "Hospitals come second. Did you count accounts rather than contacts?"},
    ),
    NumberExercise(
        id="m5_tour_east",
        title="Open pipeline of HX-R04's deals with east-region accounts (CNY)",
        hint="Join opportunities to accounts; keep open stages, region 'east' and owner 'HX-R04'; SUM the amount.",
        expected=lambda: _one("SELECT SUM(o.amount) FROM opportunities o JOIN accounts a USING (account_id) "
                              "WHERE o.stage NOT IN ('Closed Won', 'Closed Lost') AND a.region = 'east' "
                              "AND o.owner = 'HX-R04'"),
        rel_tol=1e-6,
    ),
    ChoiceExercise(
        id="m5_tour_margin",
        title="The product with the highest gross margin share",
        hint="(list_price - unit_cost) / list_price for every product; take the largest.",
        answer="09344ac316ff1f6d",
        feedback={"d7897e5d79258a85": "That is the largest margin in money, not as a share of the price."},
    ),
]
