-- The ledger: company settings, chart of accounts, posted entries and their postings, and a
-- per-account-per-month summary kept by triggers in the same transaction as the postings.
-- Money is INTEGER cents. Dates are TEXT 'YYYY-MM-DD'. Timestamps are RFC 3339 UTC.

CREATE TABLE company (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    name                    TEXT NOT NULL CHECK (length(trim(name)) > 0),
    tax_id                  TEXT NOT NULL,
    country                 TEXT NOT NULL,
    address                 TEXT NOT NULL,
    fiscal_year_start_month INTEGER NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    currency                TEXT NOT NULL CHECK (length(currency) = 3),
    language                TEXT NOT NULL CHECK (language IN ('es', 'en')),
    template                TEXT NOT NULL,
    created_at              TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE CHECK (code GLOB '[0-9]*' AND NOT code GLOB '*[^0-9]*'),
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'income', 'expense')),
    parent_id INTEGER REFERENCES accounts (id),
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX accounts_parent ON accounts (parent_id);

CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    fiscal_year INTEGER NOT NULL,
    number      INTEGER NOT NULL CHECK (number > 0),
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    description TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('normal', 'reversal')),
    reverses_id INTEGER REFERENCES entries (id),
    line_count  INTEGER NOT NULL CHECK (line_count >= 2),
    total_cents INTEGER NOT NULL CHECK (total_cents > 0),
    posted_at   TEXT NOT NULL,
    UNIQUE (fiscal_year, number),
    CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
) STRICT;
CREATE INDEX entries_date ON entries (date, id);
-- An entry is reversed at most once; partial, so ordinary entries cost no index insert.
CREATE UNIQUE INDEX entries_reversal ON entries (reverses_id) WHERE reverses_id IS NOT NULL;

CREATE TABLE postings (
    -- Deferred: an entry's postings are written first and the entry row last, so the
    -- entry's insert trigger can check the complete set (see entries_complete).
    entry_id     INTEGER NOT NULL REFERENCES entries (id) DEFERRABLE INITIALLY DEFERRED,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    date         TEXT NOT NULL,
    description  TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
    PRIMARY KEY (entry_id, line_no)
) STRICT, WITHOUT ROWID;
-- One account's register in date order (then posting order), and the running balance
-- before any point of it.
CREATE INDEX postings_register ON postings (account_id, date, entry_id, line_no, amount_cents);

-- Sum of each account's postings per calendar month (yyyymm), maintained by the triggers
-- below inside the posting's own transaction. Reports over whole months read this.
CREATE TABLE account_month_totals (
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    month        INTEGER NOT NULL,
    debit_cents  INTEGER NOT NULL,
    credit_cents INTEGER NOT NULL,
    postings     INTEGER NOT NULL,
    PRIMARY KEY (account_id, month)
) STRICT, WITHOUT ROWID;

-- Postings go only to leaf accounts, and an entry gets exactly its declared number of lines.
CREATE TRIGGER postings_leaf_only BEFORE INSERT ON postings
WHEN EXISTS (SELECT 1 FROM accounts WHERE parent_id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'postings go to accounts without subaccounts');
END;

-- Postings are written before their entry row; once the entry exists it is closed.
CREATE TRIGGER postings_entry_closed BEFORE INSERT ON postings
WHEN EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id)
BEGIN
    SELECT RAISE(ABORT, 'posted entries are immutable; the entry already has all its lines');
END;

-- The entry row arrives last and is refused unless its postings are complete (lines 1..n,
-- n = line_count), sum to zero and their debits equal the declared total. Postings left
-- without an entry fail the deferred foreign key at commit. So no transaction can commit
-- an incomplete or unbalanced entry.
CREATE TRIGGER entries_complete BEFORE INSERT ON entries
BEGIN
    SELECT RAISE(ABORT, 'the postings of an entry must be complete and sum to zero')
    FROM (SELECT count(*) AS n, max(line_no) AS last, coalesce(sum(amount_cents), 0) AS net,
                 coalesce(sum(max(amount_cents, 0)), 0) AS debits
          FROM postings WHERE entry_id = NEW.id)
    WHERE n <> NEW.line_count OR last IS NOT NEW.line_count OR net <> 0
       OR debits <> NEW.total_cents;
END;

CREATE TRIGGER postings_month_totals AFTER INSERT ON postings
BEGIN
    INSERT INTO account_month_totals (account_id, month, debit_cents, credit_cents, postings)
    VALUES (
        NEW.account_id,
        CAST(substr(NEW.date, 1, 4) || substr(NEW.date, 6, 2) AS INTEGER),
        max(NEW.amount_cents, 0),
        max(-NEW.amount_cents, 0),
        1
    )
    ON CONFLICT (account_id, month) DO UPDATE SET
        debit_cents = debit_cents + excluded.debit_cents,
        credit_cents = credit_cents + excluded.credit_cents,
        postings = postings + 1;
END;

-- Posted entries and their postings are never edited or deleted: corrections are reversals.
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'posted entries are immutable; reverse the entry instead');
END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'posted entries are immutable; reverse the entry instead');
END;
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN
    SELECT RAISE(ABORT, 'postings of a posted entry are immutable');
END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
BEGIN
    SELECT RAISE(ABORT, 'postings of a posted entry are immutable');
END;

-- Accounts: one with postings is never deleted; none gets a subaccount once it has postings;
-- its code never changes once it has postings.
CREATE TRIGGER accounts_no_delete_with_postings BEFORE DELETE ON accounts
WHEN EXISTS (SELECT 1 FROM postings WHERE account_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'the account has postings and cannot be deleted');
END;
CREATE TRIGGER accounts_no_child_of_posted BEFORE INSERT ON accounts
WHEN NEW.parent_id IS NOT NULL AND EXISTS (SELECT 1 FROM postings WHERE account_id = NEW.parent_id)
BEGIN
    SELECT RAISE(ABORT, 'the parent account has postings; a subaccount cannot be added under it');
END;
CREATE TRIGGER accounts_no_reparent_under_posted BEFORE UPDATE OF parent_id ON accounts
WHEN NEW.parent_id IS NOT NULL AND EXISTS (SELECT 1 FROM postings WHERE account_id = NEW.parent_id)
BEGIN
    SELECT RAISE(ABORT, 'the parent account has postings; a subaccount cannot be added under it');
END;
CREATE TRIGGER accounts_code_fixed BEFORE UPDATE OF code ON accounts
WHEN OLD.code <> NEW.code AND EXISTS (SELECT 1 FROM postings WHERE account_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'the account has postings; its code cannot change');
END;
