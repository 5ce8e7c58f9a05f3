-- Sales and receivables: customers and their contacts, the products and services catalogue,
-- quotes, invoices (drafts, recurring templates, issued invoices, simplified invoices and
-- credit notes) with their lines and per-rate tax breakdown, invoice series numbered gap-free
-- by the database, payments received and how they apply to invoices, reminder letters, and the
-- VeriFactu-shaped invoice register chained by SHA-256.
-- Money is INTEGER cents; quantities, percentages and rates are decimal TEXT ('21', '5.2',
-- '1.500'); a line's tax is a VAT rate ('21', '10', '4', '0') or an exemption cause ('E1'..'E6').

-- What the company prints on its invoices besides its name, tax id and address.
ALTER TABLE company ADD COLUMN iban TEXT;
ALTER TABLE company ADD COLUMN email TEXT;
ALTER TABLE company ADD COLUMN phone TEXT;
ALTER TABLE company ADD COLUMN logo BLOB;
ALTER TABLE company ADD COLUMN invoice_footer TEXT;

CREATE TABLE customers (
    id                   INTEGER PRIMARY KEY,
    legal_name           TEXT NOT NULL CHECK (length(trim(legal_name)) > 0),
    trade_name           TEXT,
    -- ISO 3166 alpha-2; the tax id is checked for it in the store (NIF/NIE/CIF for ES,
    -- the EU VAT format for intra-EU customers, free text elsewhere). May be empty for a
    -- consumer who only gets simplified invoices.
    country              TEXT NOT NULL DEFAULT 'ES' CHECK (length(country) = 2),
    tax_id               TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    postal_code          TEXT NOT NULL DEFAULT '',
    city                 TEXT NOT NULL DEFAULT '',
    province             TEXT NOT NULL DEFAULT '',
    shipping_address     TEXT,
    email                TEXT,
    phone                TEXT,
    -- Payment terms: days after the invoice date, then the next of the payment days of the
    -- month when given ('5,20').
    payment_days         INTEGER NOT NULL DEFAULT 0 CHECK (payment_days BETWEEN 0 AND 365),
    payment_days_of_month TEXT,
    treatment            TEXT NOT NULL DEFAULT 'domestic'
                         CHECK (treatment IN ('domestic', 'recargo', 'exempt', 'intra_eu', 'export')),
    exemption_cause      TEXT CHECK (exemption_cause IS NULL OR exemption_cause IN ('E1', 'E2', 'E3', 'E4', 'E5', 'E6')),
    iban                 TEXT,
    -- The customer's own receivable subaccount (430xxxx); NULL posts to the default.
    account              TEXT,
    notes                TEXT NOT NULL DEFAULT '',
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at           TEXT NOT NULL,
    CHECK ((treatment = 'exempt') = (exemption_cause IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX customers_tax_id ON customers (country, tax_id) WHERE tax_id <> '';
CREATE INDEX customers_name ON customers (legal_name COLLATE NOCASE);

CREATE TABLE customer_contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role        TEXT NOT NULL DEFAULT '',
    email       TEXT,
    phone       TEXT
) STRICT;
CREATE INDEX customer_contacts_customer ON customer_contacts (customer_id);

CREATE TABLE products (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    description      TEXT NOT NULL CHECK (length(trim(description)) > 0),
    unit_price_cents INTEGER NOT NULL,
    tax              TEXT NOT NULL DEFAULT '21',
    income_account   TEXT,
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- A series per kind and year: F (normal), R (rectificativa), T (simplificada). The database
-- numbers them: an issued invoice must take last_number + 1 on a date not before last_date,
-- and issuing moves both on (triggers below), so the numbers are gap-free and in date order.
CREATE TABLE invoice_series (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL CHECK (length(trim(code)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('F', 'R', 'T')),
    year        INTEGER NOT NULL,
    prefix      TEXT NOT NULL DEFAULT '',
    separator   TEXT NOT NULL DEFAULT '-',
    width       INTEGER NOT NULL DEFAULT 4 CHECK (width BETWEEN 1 AND 10),
    last_number INTEGER NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    last_date   TEXT,
    UNIQUE (code, year)
) STRICT;
CREATE TRIGGER invoice_series_no_delete BEFORE DELETE ON invoice_series
WHEN OLD.last_number > 0
BEGIN
    SELECT RAISE(ABORT, 'a series with issued invoices is never deleted');
END;

CREATE TABLE quotes (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_until TEXT,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected', 'invoiced')),
    -- The invoice (draft, then issued) it became.
    invoice_id  INTEGER REFERENCES invoices (id),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE TABLE quote_lines (
    quote_id            INTEGER NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    line_no             INTEGER NOT NULL CHECK (line_no >= 1),
    product_id          INTEGER REFERENCES products (id),
    description         TEXT NOT NULL,
    quantity            TEXT NOT NULL,
    unit_price_cents    INTEGER NOT NULL,
    discount_pct        TEXT NOT NULL DEFAULT '0',
    tax                 TEXT NOT NULL,
    income_account      TEXT,
    withholding_applies INTEGER NOT NULL DEFAULT 1 CHECK (withholding_applies IN (0, 1)),
    PRIMARY KEY (quote_id, line_no)
) STRICT, WITHOUT ROWID;

-- Invoices in three states: 'draft' (editable, unnumbered), 'template' (a recurring invoice
-- that drafts a copy every period from next_date) and 'issued' (numbered, posted, registered
-- and immutable: corrected only by a credit note, kind 'corrective', citing it).
CREATE TABLE invoices (
    id                  INTEGER PRIMARY KEY,
    state               TEXT NOT NULL CHECK (state IN ('draft', 'template', 'issued')),
    kind                TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'simplified', 'corrective')),
    series_id           INTEGER REFERENCES invoice_series (id),
    number              INTEGER CHECK (number IS NULL OR number >= 1),
    full_number         TEXT UNIQUE,
    issue_date          TEXT NOT NULL CHECK (issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The date of the supply when it differs from the issue date.
    operation_date      TEXT,
    customer_id         INTEGER REFERENCES customers (id),
    -- The customer as printed, copied at issue so a later edit of the customer does not
    -- change an issued invoice.
    customer_name       TEXT,
    customer_tax_id     TEXT,
    customer_country    TEXT,
    customer_address    TEXT,
    treatment           TEXT NOT NULL DEFAULT 'domestic'
                        CHECK (treatment IN ('domestic', 'recargo', 'exempt', 'intra_eu', 'export')),
    exemption_cause     TEXT,
    prices_include_vat  INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_vat IN (0, 1)),
    withholding_pct     TEXT NOT NULL DEFAULT '0',
    -- Credit notes: the invoice corrected, how (difference | substitution) and why.
    corrects_id         INTEGER REFERENCES invoices (id),
    correction_method   TEXT CHECK (correction_method IS NULL OR correction_method IN ('difference', 'substitution')),
    correction_reason   TEXT,
    correction_text     TEXT,
    quote_id            INTEGER REFERENCES quotes (id),
    -- Recurring templates.
    recurrence          TEXT CHECK (recurrence IS NULL OR recurrence IN ('monthly', 'quarterly', 'yearly')),
    next_date           TEXT,
    template_id         INTEGER REFERENCES invoices (id),
    -- Totals, written when issued (and kept up to date on drafts for the lists).
    base_cents          INTEGER NOT NULL DEFAULT 0,
    vat_cents           INTEGER NOT NULL DEFAULT 0,
    recargo_cents       INTEGER NOT NULL DEFAULT 0,
    withholding_cents   INTEGER NOT NULL DEFAULT 0,
    total_cents         INTEGER NOT NULL DEFAULT 0,
    due_date            TEXT,
    entry_id            INTEGER REFERENCES entries (id),
    notes               TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    issued_at           TEXT,
    UNIQUE (series_id, number),
    CHECK ((state = 'issued') = (number IS NOT NULL)),
    CHECK (state <> 'issued' OR (series_id IS NOT NULL AND full_number IS NOT NULL
                                 AND entry_id IS NOT NULL AND issued_at IS NOT NULL
                                 AND customer_name IS NOT NULL)),
    CHECK ((state = 'template') = (recurrence IS NOT NULL)),
    CHECK ((kind = 'corrective') = (corrects_id IS NOT NULL)),
    CHECK (kind = 'corrective' OR total_cents >= 0)
) STRICT;
CREATE INDEX invoices_customer ON invoices (customer_id, issue_date);
CREATE INDEX invoices_state_due ON invoices (state, due_date);
CREATE INDEX invoices_corrects ON invoices (corrects_id);

CREATE TABLE invoice_lines (
    invoice_id          INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    line_no             INTEGER NOT NULL CHECK (line_no >= 1),
    product_id          INTEGER REFERENCES products (id),
    description         TEXT NOT NULL,
    quantity            TEXT NOT NULL,
    unit_price_cents    INTEGER NOT NULL,
    discount_pct        TEXT NOT NULL DEFAULT '0',
    tax                 TEXT NOT NULL,
    income_account      TEXT,
    withholding_applies INTEGER NOT NULL DEFAULT 1 CHECK (withholding_applies IN (0, 1)),
    amount_cents        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (invoice_id, line_no)
) STRICT, WITHOUT ROWID;

-- The tax breakdown of an issued invoice, one row per rate (or exemption cause).
CREATE TABLE invoice_taxes (
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    tax            TEXT NOT NULL,
    base_cents     INTEGER NOT NULL,
    vat_rate       TEXT NOT NULL,
    vat_cents      INTEGER NOT NULL,
    recargo_rate   TEXT NOT NULL DEFAULT '0',
    recargo_cents  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (invoice_id, tax)
) STRICT, WITHOUT ROWID;

-- Issuing: the number must be the series' next, on or after its last date, in the series'
-- year; then the series moves on. Nothing else may change an issued invoice.
CREATE TRIGGER invoices_issue_in_order BEFORE UPDATE OF state ON invoices
WHEN OLD.state = 'draft' AND NEW.state = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'an invoice takes the next number of its series')
    WHERE NEW.number IS NOT (SELECT last_number + 1 FROM invoice_series WHERE id = NEW.series_id);
    SELECT RAISE(ABORT, 'an invoice may not be dated before the last one issued in its series')
    WHERE NEW.issue_date < coalesce((SELECT last_date FROM invoice_series WHERE id = NEW.series_id), '');
    SELECT RAISE(ABORT, 'an invoice is dated in the year of its series')
    WHERE CAST(substr(NEW.issue_date, 1, 4) AS INTEGER) IS NOT (SELECT year FROM invoice_series WHERE id = NEW.series_id);
END;
CREATE TRIGGER invoices_issue_advances_series AFTER UPDATE OF state ON invoices
WHEN OLD.state = 'draft' AND NEW.state = 'issued'
BEGIN
    UPDATE invoice_series SET last_number = NEW.number, last_date = NEW.issue_date
    WHERE id = NEW.series_id;
END;
CREATE TRIGGER invoices_born_unissued BEFORE INSERT ON invoices
WHEN NEW.state = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'an invoice is issued from a draft, never inserted issued');
END;
CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices
WHEN OLD.state = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable: correct them with a credit note');
END;
CREATE TRIGGER invoices_issued_no_delete BEFORE DELETE ON invoices
WHEN OLD.state = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are never deleted');
END;
CREATE TRIGGER invoice_lines_issued_insert BEFORE INSERT ON invoice_lines
WHEN (SELECT state FROM invoices WHERE id = NEW.invoice_id) = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable: correct them with a credit note');
END;
CREATE TRIGGER invoice_lines_issued_update BEFORE UPDATE ON invoice_lines
WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable: correct them with a credit note');
END;
CREATE TRIGGER invoice_lines_issued_delete BEFORE DELETE ON invoice_lines
WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are immutable: correct them with a credit note');
END;
CREATE TRIGGER invoice_taxes_no_update BEFORE UPDATE ON invoice_taxes
BEGIN
    SELECT RAISE(ABORT, 'the tax breakdown of an issued invoice never changes');
END;
CREATE TRIGGER invoice_taxes_no_delete BEFORE DELETE ON invoice_taxes
BEGIN
    SELECT RAISE(ABORT, 'the tax breakdown of an issued invoice never changes');
END;

-- Payments received: posted with their entry, never edited; a mistake is undone by a
-- reversing payment (negative amount, reverses_id set). What a payment does not apply to
-- invoices stays on the customer as unapplied credit.
CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    method       TEXT NOT NULL CHECK (method IN ('bank', 'cash', 'card', 'direct_debit', 'other')),
    -- The treasury account (572x bank, 570x cash) debited.
    account      TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    reverses_id  INTEGER REFERENCES payments (id),
    entry_id     INTEGER NOT NULL REFERENCES entries (id),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX payments_customer ON payments (customer_id, date);
CREATE TABLE payment_allocations (
    payment_id   INTEGER NOT NULL REFERENCES payments (id),
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    PRIMARY KEY (payment_id, invoice_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN
    SELECT RAISE(ABORT, 'payments are never edited: record a reversing payment');
END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN
    SELECT RAISE(ABORT, 'payments are never deleted: record a reversing payment');
END;
CREATE TRIGGER payment_allocations_no_update BEFORE UPDATE ON payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'payments are never edited: record a reversing payment');
END;
CREATE TRIGGER payment_allocations_no_delete BEFORE DELETE ON payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'payments are never deleted: record a reversing payment');
END;
CREATE TRIGGER payment_allocations_issued_only BEFORE INSERT ON payment_allocations
WHEN (SELECT state FROM invoices WHERE id = NEW.invoice_id) IS NOT 'issued'
BEGIN
    SELECT RAISE(ABORT, 'payments apply to issued invoices only');
END;

-- Reminder letters: at most one per invoice and level (1 friendly, 2 firm, 3 final notice).
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    level          INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    date           TEXT NOT NULL,
    open_cents     INTEGER NOT NULL,
    interest_cents INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    UNIQUE (invoice_id, level)
) STRICT;

-- The invoice register (VeriFactu-shaped): one record per issue ('alta') or cancellation
-- ('anulacion'), its fingerprint SHA-256 over the fields in the regulation's order chained
-- to the previous record's (core::verifactu). Append-only.
CREATE TABLE invoice_register (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id),
    kind          TEXT NOT NULL CHECK (kind IN ('alta', 'anulacion')),
    issuer_tax_id TEXT NOT NULL,
    full_number   TEXT NOT NULL,
    issue_date    TEXT NOT NULL,
    invoice_type  TEXT NOT NULL,
    total_tax     TEXT NOT NULL,
    total_amount  TEXT NOT NULL,
    generated_at  TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash          TEXT NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER invoice_register_no_update BEFORE UPDATE ON invoice_register
BEGIN
    SELECT RAISE(ABORT, 'the invoice register is append-only');
END;
CREATE TRIGGER invoice_register_no_delete BEFORE DELETE ON invoice_register
BEGIN
    SELECT RAISE(ABORT, 'the invoice register is append-only');
END;
