-- The CRM lab database (crmcourse module 5). Dates are text 'YYYY-MM-DD', times 'YYYY-MM-DD HH:MM'
-- (date(x, '+0 days') IS x holds only for real dates in that form),
-- True/False are 1/0. STRICT tables refuse values of the wrong type; CHECK constraints refuse
-- impossible values; foreign keys refuse references to rows that do not exist.

-- Experiment 1: product catalogue, suppliers, price lists -----------------------------------
CREATE TABLE users (
    user_id      TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    role         TEXT NOT NULL CHECK (role IN ('sales director', 'account manager', 'sales engineer', 'service manager')),
    team         TEXT NOT NULL CHECK (team IN ('north', 'east', 'south', 'head office')),
    email        TEXT NOT NULL CHECK (email LIKE '%_@_%')
) STRICT;

CREATE TABLE suppliers (
    supplier_id  TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    city         TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    phone        TEXT NOT NULL,
    email        TEXT NOT NULL CHECK (email LIKE '%_@_%'),
    payment_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_days BETWEEN 0 AND 180)
) STRICT;

CREATE TABLE products (
    product_id   TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (trim(name) <> ''),
    product_line TEXT NOT NULL CHECK (product_line IN ('multifunction printers', 'production printing',
                     'managed print service', 'document software', 'maintenance contract', 'consumables')),
    supplier_id  TEXT REFERENCES suppliers (supplier_id),
    unit         TEXT NOT NULL,
    list_price   REAL NOT NULL CHECK (list_price > 0),
    unit_cost    REAL NOT NULL CHECK (unit_cost > 0),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE price_lists (
    price_list_id TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    description   TEXT,
    valid_from    TEXT NOT NULL CHECK (valid_from IS date(valid_from, '+0 days')),
    valid_to      TEXT NOT NULL CHECK (valid_to IS date(valid_to, '+0 days')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CONSTRAINT price_list_period CHECK (valid_to >= valid_from)
) STRICT;

CREATE TABLE price_list_items (
    price_list_id TEXT NOT NULL REFERENCES price_lists (price_list_id) ON DELETE CASCADE,
    product_id    TEXT NOT NULL REFERENCES products (product_id),
    unit_price    REAL NOT NULL CHECK (unit_price > 0),
    PRIMARY KEY (price_list_id, product_id)
) STRICT;

-- Experiments 2-5: accounts, contacts, leads, opportunities ----------------------------------
CREATE TABLE accounts (
    account_id       TEXT PRIMARY KEY,
    name             TEXT NOT NULL CHECK (trim(name) <> ''),
    industry         TEXT NOT NULL CHECK (industry IN ('hospital', 'school', 'bank', 'government', 'manufacturing', 'logistics')),
    region           TEXT NOT NULL CHECK (region IN ('north', 'northeast', 'east', 'central', 'south', 'southwest')),
    city             TEXT,
    owner            TEXT NOT NULL REFERENCES users (user_id),
    phone            TEXT,
    website          TEXT,
    billing_address  TEXT,
    shipping_address TEXT,
    annual_revenue   REAL NOT NULL DEFAULT 0 CHECK (annual_revenue >= 0),
    created_date     TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days'))
) STRICT;

CREATE TABLE contacts (
    contact_id  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (account_id),
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    title       TEXT,
    phone       TEXT,
    email       TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
    buying_role TEXT CHECK (buying_role IN ('economic buyer', 'user buyer', 'technical buyer', 'coach'))
) STRICT;

CREATE TABLE opportunities (
    opportunity_id      TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id          TEXT REFERENCES contacts (contact_id),
    owner               TEXT NOT NULL REFERENCES users (user_id),
    name                TEXT NOT NULL CHECK (trim(name) <> ''),
    product_line        TEXT NOT NULL CHECK (product_line IN ('multifunction printers', 'production printing',
                            'managed print service', 'document software', 'maintenance contract', 'consumables')),
    amount              REAL NOT NULL CHECK (amount >= 0),
    stage               TEXT NOT NULL CHECK (stage IN ('Prospecting', 'Qualification', 'Needs Analysis',
                            'Value Proposition', 'Id. Decision Makers', 'Perception Analysis',
                            'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost')),
    probability         INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    created_date        TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days')),
    expected_close_date TEXT NOT NULL CHECK (expected_close_date IS date(expected_close_date, '+0 days')),
    closed_date         TEXT CHECK (closed_date IS date(closed_date, '+0 days')),
    lost_reason         TEXT CHECK (lost_reason IN ('price', 'competitor relationship', 'no budget',
                            'chose to do nothing', 'product fit', 'timing')),
    lead_source         TEXT CHECK (lead_source IN ('existing customer', 'website', 'trade fair', 'referral',
                            'cold call', 'advertisement', 'partner')),
    CONSTRAINT closed_deals_have_a_date CHECK ((stage IN ('Closed Won', 'Closed Lost')) = (closed_date IS NOT NULL)),
    CONSTRAINT closed_after_created CHECK (closed_date IS NULL OR closed_date >= created_date),
    CONSTRAINT lost_reason_only_when_lost CHECK (lost_reason IS NULL OR stage = 'Closed Lost')
) STRICT;

CREATE TABLE leads (
    lead_id          TEXT PRIMARY KEY,
    company          TEXT NOT NULL CHECK (trim(company) <> ''),
    name             TEXT NOT NULL CHECK (trim(name) <> ''),
    title            TEXT,
    industry         TEXT CHECK (industry IN ('hospital', 'school', 'bank', 'government', 'manufacturing', 'logistics')),
    region           TEXT CHECK (region IN ('north', 'northeast', 'east', 'central', 'south', 'southwest')),
    phone            TEXT,
    email            TEXT CHECK (email IS NULL OR email LIKE '%_@_%'),
    source           TEXT NOT NULL CHECK (source IN ('website', 'trade fair', 'referral', 'cold call', 'advertisement', 'partner')),
    status           TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
    owner            TEXT NOT NULL REFERENCES users (user_id),
    estimated_amount REAL CHECK (estimated_amount >= 0),
    created_date     TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days')),
    converted_date   TEXT CHECK (converted_date IS date(converted_date, '+0 days')),
    account_id       TEXT REFERENCES accounts (account_id),
    contact_id       TEXT REFERENCES contacts (contact_id),
    opportunity_id   TEXT REFERENCES opportunities (opportunity_id),
    CONSTRAINT converted_leads_link_their_records CHECK ((status = 'converted') = (converted_date IS NOT NULL
        AND account_id IS NOT NULL AND contact_id IS NOT NULL AND opportunity_id IS NOT NULL))
) STRICT;

-- Experiment 6: activities (events and tasks) --------------------------------------------
CREATE TABLE activities (
    activity_id    TEXT PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('event', 'task')),
    type           TEXT NOT NULL,
    subject        TEXT NOT NULL CHECK (trim(subject) <> ''),
    account_id     TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id     TEXT REFERENCES contacts (contact_id),
    opportunity_id TEXT REFERENCES opportunities (opportunity_id),
    owner          TEXT NOT NULL REFERENCES users (user_id),
    start_date     TEXT NOT NULL CHECK (start_date IS date(start_date, '+0 days')),
    due_date       TEXT CHECK (due_date IS date(due_date, '+0 days')),
    duration_min   REAL CHECK (duration_min BETWEEN 1 AND 1440),
    status         TEXT NOT NULL,
    priority       TEXT CHECK (priority IN ('low', 'medium', 'high')),
    CONSTRAINT events_and_tasks_have_their_fields CHECK (
        (kind = 'event' AND type IN ('call', 'meeting', 'demo', 'site visit', 'email')
                        AND status IN ('planned', 'held', 'not held')
                        AND due_date IS NULL AND priority IS NULL)
     OR (kind = 'task'  AND type IN ('follow-up', 'send quote', 'prepare proposal', 'update records')
                        AND status IN ('not started', 'in progress', 'completed', 'deferred')
                        AND due_date IS NOT NULL AND duration_min IS NULL)),
    CONSTRAINT due_after_start CHECK (due_date IS NULL OR due_date >= start_date)
) STRICT;

-- Experiments 7-9: quotes, sales and purchase orders, invoices ----------------------------
CREATE TABLE quotes (
    quote_id       TEXT PRIMARY KEY,
    opportunity_id TEXT REFERENCES opportunities (opportunity_id),
    account_id     TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id     TEXT REFERENCES contacts (contact_id),
    owner          TEXT NOT NULL REFERENCES users (user_id),
    price_list_id  TEXT NOT NULL REFERENCES price_lists (price_list_id),
    quote_date     TEXT NOT NULL CHECK (quote_date IS date(quote_date, '+0 days')),
    valid_until    TEXT NOT NULL CHECK (valid_until IS date(valid_until, '+0 days')),
    stage          TEXT NOT NULL DEFAULT 'created' CHECK (stage IN ('created', 'delivered', 'reviewed', 'accepted', 'rejected')),
    CONSTRAINT valid_after_quote_date CHECK (valid_until >= quote_date)
) STRICT;

CREATE TABLE quote_lines (
    quote_id     TEXT NOT NULL REFERENCES quotes (quote_id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    product_id   TEXT NOT NULL REFERENCES products (product_id),
    quantity     INTEGER NOT NULL CHECK (quantity >= 1),
    unit_price   REAL NOT NULL CHECK (unit_price >= 0),
    discount_pct REAL NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
    PRIMARY KEY (quote_id, line_no)
) STRICT;

CREATE TABLE sales_orders (
    order_id         TEXT PRIMARY KEY,
    quote_id         TEXT REFERENCES quotes (quote_id),
    account_id       TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id       TEXT REFERENCES contacts (contact_id),
    owner            TEXT NOT NULL REFERENCES users (user_id),
    order_date       TEXT NOT NULL CHECK (order_date IS date(order_date, '+0 days')),
    status           TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'approved', 'delivered', 'cancelled')),
    billing_address  TEXT NOT NULL CHECK (trim(billing_address) <> ''),
    shipping_address TEXT NOT NULL CHECK (trim(shipping_address) <> '')
) STRICT;

CREATE TABLE sales_order_lines (
    order_id     TEXT NOT NULL REFERENCES sales_orders (order_id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    product_id   TEXT NOT NULL REFERENCES products (product_id),
    quantity     INTEGER NOT NULL CHECK (quantity >= 1),
    unit_price   REAL NOT NULL CHECK (unit_price >= 0),
    discount_pct REAL NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
    PRIMARY KEY (order_id, line_no)
) STRICT;

CREATE TABLE invoices (
    invoice_id   TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL UNIQUE REFERENCES sales_orders (order_id),
    account_id   TEXT NOT NULL REFERENCES accounts (account_id),
    invoice_date TEXT NOT NULL CHECK (invoice_date IS date(invoice_date, '+0 days')),
    due_date     TEXT NOT NULL CHECK (due_date IS date(due_date, '+0 days')),
    amount       REAL NOT NULL CHECK (amount > 0),
    status       TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'sent', 'paid', 'overdue', 'cancelled')),
    paid_date    TEXT CHECK (paid_date IS date(paid_date, '+0 days')),
    CONSTRAINT due_after_invoice_date CHECK (due_date >= invoice_date),
    CONSTRAINT paid_invoices_have_a_date CHECK ((status = 'paid') = (paid_date IS NOT NULL)),
    CONSTRAINT paid_after_invoice_date CHECK (paid_date IS NULL OR paid_date >= invoice_date)
) STRICT;

CREATE TABLE purchase_orders (
    po_id            TEXT PRIMARY KEY,
    supplier_id      TEXT NOT NULL REFERENCES suppliers (supplier_id),
    owner            TEXT NOT NULL REFERENCES users (user_id),
    order_date       TEXT NOT NULL CHECK (order_date IS date(order_date, '+0 days')),
    status           TEXT NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'approved', 'received', 'cancelled')),
    billing_address  TEXT NOT NULL CHECK (trim(billing_address) <> ''),
    shipping_address TEXT NOT NULL CHECK (trim(shipping_address) <> '')
) STRICT;

CREATE TABLE purchase_order_lines (
    po_id      TEXT NOT NULL REFERENCES purchase_orders (po_id) ON DELETE CASCADE,
    line_no    INTEGER NOT NULL CHECK (line_no >= 1),
    product_id TEXT NOT NULL REFERENCES products (product_id),
    quantity   INTEGER NOT NULL CHECK (quantity >= 1),
    unit_cost  REAL NOT NULL CHECK (unit_cost >= 0),
    PRIMARY KEY (po_id, line_no)
) STRICT;

-- Experiment 10: service centre (tickets and FAQ) ---------------------------------------------
CREATE TABLE tickets (
    ticket_id    TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (account_id),
    contact_id   TEXT REFERENCES contacts (contact_id),
    product_id   TEXT REFERENCES products (product_id),
    title        TEXT NOT NULL CHECK (trim(title) <> ''),
    category     TEXT NOT NULL CHECK (category IN ('installation', 'breakdown', 'print quality', 'consumables',
                     'billing', 'software', 'training')),
    priority     TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in progress', 'waiting for customer', 'closed')),
    channel      TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'web', 'visit')),
    opened_at    TEXT NOT NULL CHECK (opened_at IS strftime('%Y-%m-%d %H:%M', opened_at, '+0 minutes')),
    closed_at    TEXT CHECK (closed_at IS strftime('%Y-%m-%d %H:%M', closed_at, '+0 minutes')),
    assigned_to  TEXT REFERENCES users (user_id),
    satisfaction REAL CHECK (satisfaction IN (1, 2, 3, 4, 5)),
    CONSTRAINT closed_tickets_have_a_time CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CONSTRAINT closed_after_opened CHECK (closed_at IS NULL OR closed_at >= opened_at)
) STRICT;

CREATE TABLE faq (
    faq_id     TEXT PRIMARY KEY,
    category   TEXT NOT NULL CHECK (category IN ('installation', 'breakdown', 'print quality', 'consumables',
                   'billing', 'software', 'training')),
    product_id TEXT REFERENCES products (product_id),
    question   TEXT NOT NULL CHECK (trim(question) <> ''),
    answer     TEXT NOT NULL CHECK (trim(answer) <> ''),
    status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'obsolete'))
) STRICT;

-- Experiment 12: memos -----------------------------------------------------------------------
CREATE TABLE memos (
    memo_id        TEXT PRIMARY KEY,
    account_id     TEXT REFERENCES accounts (account_id),
    opportunity_id TEXT REFERENCES opportunities (opportunity_id),
    title          TEXT NOT NULL CHECK (trim(title) <> ''),
    note           TEXT NOT NULL CHECK (trim(note) <> ''),
    author         TEXT NOT NULL REFERENCES users (user_id),
    created_date   TEXT NOT NULL CHECK (created_date IS date(created_date, '+0 days'))
) STRICT;

-- Indexes: the foreign keys the lab joins on, and the filters its reports use -----------------
CREATE INDEX idx_contacts_account ON contacts (account_id);
CREATE INDEX idx_opportunities_account ON opportunities (account_id);
CREATE INDEX idx_opportunities_owner_stage ON opportunities (owner, stage);
CREATE INDEX idx_leads_status_source ON leads (status, source);
CREATE INDEX idx_activities_owner_date ON activities (owner, start_date);
CREATE INDEX idx_activities_account_date ON activities (account_id, start_date);
CREATE INDEX idx_activities_opportunity ON activities (opportunity_id);
CREATE INDEX idx_quotes_opportunity ON quotes (opportunity_id);
CREATE INDEX idx_quote_lines_product ON quote_lines (product_id);
CREATE INDEX idx_sales_orders_account ON sales_orders (account_id);
CREATE INDEX idx_sales_order_lines_product ON sales_order_lines (product_id);
CREATE INDEX idx_invoices_account ON invoices (account_id);
CREATE INDEX idx_tickets_account ON tickets (account_id);
CREATE INDEX idx_tickets_status_priority ON tickets (status, priority);
