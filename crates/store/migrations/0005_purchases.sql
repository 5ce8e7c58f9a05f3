-- Purchases and payables: supplier evaluations and contracts, purchase orders and what was
-- received against them, supplier bills (posted when entered, never edited: a credit bill
-- corrects one), quick expenses paid on the spot, payments made and what they settle, and
-- payment runs (a SEPA credit transfer file, then the payments once the user confirms).
-- Money is INTEGER cents; quantities and rates are decimal TEXT, as in 0003_sales.sql.

CREATE TABLE supplier_evaluations (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    quality     INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
    delivery    INTEGER NOT NULL CHECK (delivery BETWEEN 1 AND 5),
    price       INTEGER NOT NULL CHECK (price BETWEEN 1 AND 5),
    service     INTEGER NOT NULL CHECK (service BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX supplier_evaluations_supplier ON supplier_evaluations (supplier_id, date);

CREATE TABLE supplier_contracts (
    id                  INTEGER PRIMARY KEY,
    supplier_id         INTEGER NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    subject             TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    start_date          TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- NULL: open-ended.
    end_date            TEXT CHECK (end_date IS NULL OR end_date >= start_date),
    -- Renews by itself at the end unless notice is given this many days before.
    auto_renew          INTEGER NOT NULL DEFAULT 0 CHECK (auto_renew IN (0, 1)),
    renewal_notice_days INTEGER NOT NULL DEFAULT 0 CHECK (renewal_notice_days BETWEEN 0 AND 3650),
    -- The contract's amount (a year's fee, the total), NULL when none.
    amount_cents        INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0),
    notes               TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL
) STRICT;
CREATE INDEX supplier_contracts_supplier ON supplier_contracts (supplier_id);
CREATE INDEX supplier_contracts_end ON supplier_contracts (end_date);

-- Purchase orders, numbered PO-YYYY-NNNN when first saved; 'open' until sent, then 'sent',
-- 'partial' or 'received' as goods arrive, 'billed' once turned into a bill, or 'cancelled'.
CREATE TABLE purchase_orders (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    supplier_id   INTEGER NOT NULL REFERENCES suppliers (id),
    date          TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    expected_date TEXT,
    state         TEXT NOT NULL DEFAULT 'open'
                  CHECK (state IN ('open', 'sent', 'partial', 'received', 'billed', 'cancelled')),
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    sent_at       TEXT
) STRICT;
CREATE INDEX purchase_orders_supplier ON purchase_orders (supplier_id, date);

CREATE TABLE purchase_order_lines (
    order_id         INTEGER NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
    line_no          INTEGER NOT NULL CHECK (line_no >= 1),
    product_id       INTEGER REFERENCES products (id),
    description      TEXT NOT NULL CHECK (length(trim(description)) > 0),
    quantity         TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    -- A VAT rate ('21', '10', '4', '0').
    tax              TEXT NOT NULL DEFAULT '21',
    account          TEXT,
    PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;

-- Goods received against an order: one receipt per delivery, its quantities per order line.
CREATE TABLE purchase_receipts (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES purchase_orders (id),
    date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE purchase_receipt_lines (
    receipt_id INTEGER NOT NULL REFERENCES purchase_receipts (id),
    line_no    INTEGER NOT NULL,
    quantity   TEXT NOT NULL,
    PRIMARY KEY (receipt_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX purchase_receipts_order ON purchase_receipts (order_id);

-- Supplier bills, posted when entered: 'bill' (the supplier's invoice), 'credit' (a credit
-- bill correcting one, negative amounts) and 'expense' (a ticket paid on the spot from a
-- cash or bank account, `paid_account`). Never updated or deleted (triggers below).
CREATE TABLE bills (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('bill', 'credit', 'expense')),
    supplier_id      INTEGER REFERENCES suppliers (id),
    -- The supplier's own number, unique per supplier (case and spaces ignored).
    supplier_number  TEXT NOT NULL DEFAULT '',
    number_key       TEXT NOT NULL DEFAULT '',
    date             TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The supplier as entered, copied so a later edit of the supplier does not change it.
    supplier_name    TEXT NOT NULL,
    supplier_tax_id  TEXT NOT NULL DEFAULT '',
    vat_treatment    TEXT NOT NULL
                     CHECK (vat_treatment IN ('deductible', 'recargo', 'intra_eu', 'non_deductible')),
    irpf_pct         TEXT NOT NULL DEFAULT '0',
    base_cents       INTEGER NOT NULL,
    vat_cents        INTEGER NOT NULL,
    recargo_cents    INTEGER NOT NULL DEFAULT 0,
    -- VAT the company may deduct (472), recargo and non-deductible VAT go to the expense.
    deductible_cents INTEGER NOT NULL DEFAULT 0,
    irpf_cents       INTEGER NOT NULL DEFAULT 0,
    -- What is owed to the supplier: base + VAT charged + recargo − IRPF.
    total_cents      INTEGER NOT NULL,
    corrects_id      INTEGER REFERENCES bills (id),
    order_id         INTEGER REFERENCES purchase_orders (id),
    paid_account     TEXT,
    description      TEXT NOT NULL DEFAULT '',
    entry_id         INTEGER NOT NULL REFERENCES entries (id),
    created_at       TEXT NOT NULL,
    CHECK ((kind = 'credit') = (corrects_id IS NOT NULL)),
    CHECK ((kind = 'expense') = (paid_account IS NOT NULL)),
    CHECK (kind = 'expense' OR supplier_id IS NOT NULL),
    CHECK (kind = 'credit' OR total_cents >= 0)
) STRICT;
CREATE UNIQUE INDEX bills_supplier_number ON bills (supplier_id, number_key)
    WHERE number_key <> '';
CREATE INDEX bills_date ON bills (date);
CREATE INDEX bills_corrects ON bills (corrects_id);

CREATE TABLE bill_lines (
    bill_id          INTEGER NOT NULL REFERENCES bills (id),
    line_no          INTEGER NOT NULL CHECK (line_no >= 1),
    description      TEXT NOT NULL,
    quantity         TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    tax              TEXT NOT NULL,
    -- The expense (6xx) or asset (2xx) account debited.
    account          TEXT NOT NULL,
    amount_cents     INTEGER NOT NULL,
    order_line_no    INTEGER,
    PRIMARY KEY (bill_id, line_no)
) STRICT, WITHOUT ROWID;

-- The breakdown per VAT rate, as the VAT input summary reads it.
CREATE TABLE bill_taxes (
    bill_id          INTEGER NOT NULL REFERENCES bills (id),
    vat_rate         TEXT NOT NULL,
    base_cents       INTEGER NOT NULL,
    vat_cents        INTEGER NOT NULL,
    recargo_rate     TEXT NOT NULL DEFAULT '0',
    recargo_cents    INTEGER NOT NULL DEFAULT 0,
    deductible_cents INTEGER NOT NULL,
    PRIMARY KEY (bill_id, vat_rate)
) STRICT, WITHOUT ROWID;

-- When a bill is due: one row, or several for instalments; they add up to the bill's total.
CREATE TABLE bill_due_dates (
    bill_id      INTEGER NOT NULL REFERENCES bills (id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    due_date     TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (bill_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX bill_due_dates_due ON bill_due_dates (due_date);

-- Payment runs: the bills chosen, the SEPA file made for them; 'prepared' until the user
-- confirms the bank took it ('confirmed': the payments are recorded) or drops it ('cancelled').
CREATE TABLE payment_runs (
    id             INTEGER PRIMARY KEY,
    message_id     TEXT NOT NULL UNIQUE,
    execution_date TEXT NOT NULL,
    account        TEXT NOT NULL,
    debtor_iban    TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'confirmed', 'cancelled')),
    total_cents    INTEGER NOT NULL,
    xml            TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    closed_at      TEXT
) STRICT;
CREATE TABLE payment_run_items (
    run_id        INTEGER NOT NULL REFERENCES payment_runs (id),
    bill_id       INTEGER NOT NULL REFERENCES bills (id),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    end_to_end_id TEXT NOT NULL,
    PRIMARY KEY (run_id, bill_id)
) STRICT, WITHOUT ROWID;

-- Payments made: posted with their entry (the supplier's 400 debited, the treasury account
-- credited), never edited; a mistake is undone by a reversing payment (negative amount).
CREATE TABLE supplier_payments (
    id           INTEGER PRIMARY KEY,
    supplier_id  INTEGER NOT NULL REFERENCES suppliers (id),
    date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    method       TEXT NOT NULL CHECK (method IN ('bank', 'cash', 'card', 'direct_debit', 'other')),
    account      TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    run_id       INTEGER REFERENCES payment_runs (id),
    reverses_id  INTEGER REFERENCES supplier_payments (id),
    entry_id     INTEGER NOT NULL REFERENCES entries (id),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX supplier_payments_supplier ON supplier_payments (supplier_id, date);
CREATE TABLE supplier_payment_allocations (
    payment_id   INTEGER NOT NULL REFERENCES supplier_payments (id),
    bill_id      INTEGER NOT NULL REFERENCES bills (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    PRIMARY KEY (payment_id, bill_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX supplier_payment_allocations_bill ON supplier_payment_allocations (bill_id);

-- Posted bills and payments made are never edited or deleted.
CREATE TRIGGER bills_no_update BEFORE UPDATE ON bills
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never edited: correct them with a credit bill');
END;
CREATE TRIGGER bills_no_delete BEFORE DELETE ON bills
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never deleted: correct them with a credit bill');
END;
CREATE TRIGGER bill_lines_no_update BEFORE UPDATE ON bill_lines
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never edited: correct them with a credit bill');
END;
CREATE TRIGGER bill_lines_no_delete BEFORE DELETE ON bill_lines
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never deleted: correct them with a credit bill');
END;
CREATE TRIGGER bill_taxes_no_update BEFORE UPDATE ON bill_taxes
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never edited: correct them with a credit bill');
END;
CREATE TRIGGER bill_taxes_no_delete BEFORE DELETE ON bill_taxes
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never deleted: correct them with a credit bill');
END;
CREATE TRIGGER bill_due_dates_no_update BEFORE UPDATE ON bill_due_dates
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never edited: correct them with a credit bill');
END;
CREATE TRIGGER bill_due_dates_no_delete BEFORE DELETE ON bill_due_dates
BEGIN
    SELECT RAISE(ABORT, 'posted bills are never deleted: correct them with a credit bill');
END;
CREATE TRIGGER supplier_payments_no_update BEFORE UPDATE ON supplier_payments
BEGIN
    SELECT RAISE(ABORT, 'payments are never edited: record a reversing payment');
END;
CREATE TRIGGER supplier_payments_no_delete BEFORE DELETE ON supplier_payments
BEGIN
    SELECT RAISE(ABORT, 'payments are never deleted: record a reversing payment');
END;
CREATE TRIGGER supplier_payment_allocations_no_update BEFORE UPDATE ON supplier_payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'payments are never edited: record a reversing payment');
END;
CREATE TRIGGER supplier_payment_allocations_no_delete BEFORE DELETE ON supplier_payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'payments are never deleted: record a reversing payment');
END;
CREATE TRIGGER payment_runs_closed BEFORE UPDATE ON payment_runs
WHEN OLD.state <> 'prepared'
BEGIN
    SELECT RAISE(ABORT, 'a confirmed or cancelled payment run never changes');
END;
