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
        id="m5_tour_principles",
        title="Which relationship principle each use of the CRM serves",
        hint="Ask what the customer feels in each case: remembered, free to choose, understood, or helped at once.",
        options=("warmth", "convenience", "personal service", "fast response"),
        answer={
            "memo": "8a6f248b50bf24e5",
            "price list": "3dc73016294d00bd",
            "contact history": "85b5efab7a1946c5",
            "ticket": "ae661ff2e96e37fc",
        },
        concepts={
            "warmth": "Making the customer feel close to the firm and investing feeling in the relationship.",
            "convenience": "More convenience and more choice in how and where the customer deals with the firm.",
            "personal service": "Service fitted to what the firm knows of this customer's own needs.",
            "fast response": "Fast, effective service and an immediate reaction when the customer needs help.",
        },
        explanation="Each principle rests on records: a memo to remember, price lists and channels to offer "
                    "choice, a history to know the customer, a ticket queue to react at once.",
        task="classify",
    ),
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
        concepts={
            "price_list_items": "One row per product on a price list, with the price that list gives it.",
            "accounts": "The customer organisation, with its billing and shipping addresses.",
            "activities": "Events at a time (calls, meetings, demos) and tasks with a due date.",
            "tickets": "A customer's service request or problem, from opening to closing.",
            "memos": "A free-text note that fits no other field.",
        },
        task="classify",
    ),
    NumberExercise(
        id="m5_tour_pl3",
        title="Products on price list PL-3",
        hint="Which table has one row for each product on each price list? Count only the rows of this list.",
        expected=lambda: _one("SELECT COUNT(*) FROM price_list_items WHERE price_list_id = 'PL-3'"),
        abs_tol=0, rel_tol=0,
        slips={lambda: _one("SELECT COUNT(*) FROM price_list_items"):
               "You counted the lines of every price list: keep only the rows of the one list asked for.",
               lambda: _one("SELECT COUNT(*) FROM products"):
               "That is the whole catalogue. A price list holds only the products it prices: count its own lines."},
        task="compute",
    ),
    ChoiceExercise(
        id="m5_tour_industry",
        title="The industry with the most contacts",
        hint="Contacts carry their account's id and accounts carry the industry: put the two side by side, then "
             "count the contacts in each industry.",
        options=("hospital", "school", "bank", "government", "manufacturing", "logistics"),
        answer="51735815119e5ffa",
        feedback={"cdf6148829f384b4": "Hospitals come second. Did you count accounts rather than contacts?"},
        explanation="A join brings the account's industry to each contact; grouping then counts people, not "
                    "accounts - banks have many contacts per account.",
        task="compute",
    ),
    NumberExercise(
        id="m5_tour_east",
        title="Open pipeline of HX-R04's deals with east-region accounts (CNY)",
        hint="Start from the open-deals-by-region query and narrow it: one region, one deal owner, then add up "
             "the amounts.",
        expected=lambda: _one("SELECT SUM(o.amount) FROM opportunities o JOIN accounts a USING (account_id) "
                              "WHERE o.stage NOT IN ('Closed Won', 'Closed Lost') AND a.region = 'east' "
                              "AND o.owner = 'HX-R04'"),
        rel_tol=1e-6,
        slips={lambda: _one("SELECT SUM(o.amount) FROM opportunities o JOIN accounts a USING (account_id) "
                            "WHERE o.stage NOT IN ('Closed Won', 'Closed Lost') AND a.region = 'east'"):
               "That is every owner's open pipeline in the east: add the condition on the deal's owner.",
               lambda: _one("SELECT SUM(o.amount) FROM opportunities o JOIN accounts a USING (account_id) "
                            "WHERE a.region = 'east' AND o.owner = 'HX-R04'"):
               "Your sum includes closed deals (won or lost): a pipeline holds only the open ones."},
        task="compute",
    ),
    ChoiceExercise(
        id="m5_tour_margin",
        title="The product with the highest gross margin share",
        hint="The margin share is the margin divided by the price: work it out for every product, then find "
             "the largest.",
        answer="09344ac316ff1f6d",
        feedback={"d7897e5d79258a85": "That is the largest margin in money, not as a share of the price."},
        task="compute",
    ),
]
