-- Banking: bank and cash accounts (each on its own 572/570 subaccount), statement lines
-- imported from the bank's files (CSV with a remembered column mapping, Norma 43, CAMT.053,
-- OFX) with what each import did, the rules that post a line, and how each line is
-- reconciled (with an invoice's payment, a supplier bill's, a posted entry, or an entry made
-- from it). Money is INTEGER cents.

CREATE TABLE bank_accounts (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- 'bank' (572x) or 'cash' (570x).
    kind            TEXT NOT NULL DEFAULT 'bank' CHECK (kind IN ('bank', 'cash')),
    iban            TEXT,
    currency        TEXT NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),
    -- The ledger account the statement is reconciled against (a leaf of 572 or 570).
    account         TEXT NOT NULL UNIQUE,
    opening_date    TEXT CHECK (opening_date IS NULL OR opening_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    opening_cents   INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX bank_accounts_iban ON bank_accounts (iban) WHERE iban IS NOT NULL;

-- A CSV layout the user built once for a bank: which column is what, how numbers and dates
-- are written, the encoding, the rows to skip.
CREATE TABLE bank_csv_mappings (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    delimiter        TEXT NOT NULL DEFAULT ',',
    encoding         TEXT NOT NULL DEFAULT 'utf-8' CHECK (encoding IN ('utf-8', 'windows-1252')),
    skip_rows        INTEGER NOT NULL DEFAULT 0 CHECK (skip_rows BETWEEN 0 AND 100),
    has_header       INTEGER NOT NULL DEFAULT 1 CHECK (has_header IN (0, 1)),
    date_format      TEXT NOT NULL DEFAULT '%d/%m/%Y',
    decimal_comma    INTEGER NOT NULL DEFAULT 1 CHECK (decimal_comma IN (0, 1)),
    -- 1-based column numbers; 0 when the file has none.
    col_date         INTEGER NOT NULL CHECK (col_date >= 1),
    col_value_date   INTEGER NOT NULL DEFAULT 0,
    col_description  INTEGER NOT NULL CHECK (col_description >= 1),
    col_amount       INTEGER NOT NULL DEFAULT 0,
    col_debit        INTEGER NOT NULL DEFAULT 0,
    col_credit       INTEGER NOT NULL DEFAULT 0,
    col_balance      INTEGER NOT NULL DEFAULT 0,
    col_reference    INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    CHECK (col_amount > 0 OR (col_debit > 0 AND col_credit > 0))
) STRICT;

-- One import of a file into an account.
CREATE TABLE bank_imports (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES bank_accounts (id),
    file_name     TEXT NOT NULL,
    format        TEXT NOT NULL CHECK (format IN ('csv', 'n43', 'camt053', 'ofx')),
    mapping_id    INTEGER REFERENCES bank_csv_mappings (id),
    lines_read    INTEGER NOT NULL,
    lines_added   INTEGER NOT NULL,
    -- The file's closing balance, and whether it matched the balance computed from the lines.
    closing_cents INTEGER,
    balance_ok    INTEGER CHECK (balance_ok IS NULL OR balance_ok IN (0, 1)),
    imported_at   TEXT NOT NULL
) STRICT;

-- A statement line. `fingerprint` recognises the same line in another (overlapping) file:
-- date, amount, reference and description normalised, with the line's occurrence number among
-- identical ones of its file, so two equal coffees on one day stay two lines.
CREATE TABLE bank_lines (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES bank_accounts (id),
    import_id     INTEGER NOT NULL REFERENCES bank_imports (id),
    date          TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value_date    TEXT,
    amount_cents  INTEGER NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    reference     TEXT NOT NULL DEFAULT '',
    counterparty  TEXT NOT NULL DEFAULT '',
    balance_cents INTEGER,
    fingerprint   TEXT NOT NULL,
    -- 'open' until reconciled (or set aside as not for the books).
    state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reconciled', 'ignored')),
    UNIQUE (account_id, fingerprint)
) STRICT;
CREATE INDEX bank_lines_account_date ON bank_lines (account_id, date);
CREATE INDEX bank_lines_open ON bank_lines (account_id, state, amount_cents);

-- Rules: when a line's description or counterparty contains `match_text` (case and accents
-- ignored) and, if given, its amount's sign, post it to `account` with `vat_rate`.
CREATE TABLE bank_rules (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    match_text  TEXT NOT NULL CHECK (length(trim(match_text)) > 0),
    sign        TEXT NOT NULL DEFAULT 'any' CHECK (sign IN ('any', 'in', 'out')),
    account     TEXT NOT NULL,
    vat_rate    TEXT NOT NULL DEFAULT '0',
    description TEXT NOT NULL DEFAULT '',
    priority    INTEGER NOT NULL DEFAULT 100,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL
) STRICT;

-- How a line was reconciled: a customer payment recorded from it, a supplier payment, an
-- existing entry's posting on the bank account, or an entry made on the spot (by hand or by
-- a rule). A line may be split across several (one transfer paying two invoices).
CREATE TABLE bank_matches (
    id           INTEGER PRIMARY KEY,
    line_id      INTEGER NOT NULL REFERENCES bank_lines (id),
    kind         TEXT NOT NULL CHECK (kind IN ('payment', 'supplier_payment', 'entry', 'created')),
    payment_id   INTEGER REFERENCES payments (id),
    supplier_payment_id INTEGER REFERENCES supplier_payments (id),
    entry_id     INTEGER NOT NULL REFERENCES entries (id),
    rule_id      INTEGER REFERENCES bank_rules (id),
    amount_cents INTEGER NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX bank_matches_line ON bank_matches (line_id);
CREATE INDEX bank_matches_entry ON bank_matches (entry_id);

-- Reconciliation suggests invoices and bills of a line's exact amount first.
CREATE INDEX invoices_total ON invoices (total_cents);
CREATE INDEX bills_total ON bills (total_cents);
