-- Bookkeeping: fiscal years with a state, the company's lock date, entry kinds for the
-- year-end close and opening balances, a document reference on every entry, saved draft
-- entries, entry templates (some recurring), and the append-only audit log.
-- Runs with foreign_keys OFF (see migrate.rs): `entries` is rebuilt to widen its kind check.

-- Fiscal years. Every year that already has entries is created open; its bounds follow the
-- company's fiscal_year_start_month.
CREATE TABLE fiscal_years (
    year       INTEGER PRIMARY KEY,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    closed_at  TEXT,
    CHECK (start_date < end_date),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL))
) STRICT;

INSERT INTO fiscal_years (year, start_date, end_date)
SELECT y.fiscal_year,
       printf('%04d-%02d-01', y.fiscal_year, c.fiscal_year_start_month),
       date(printf('%04d-%02d-01', y.fiscal_year, c.fiscal_year_start_month), '+1 year', '-1 day')
FROM (SELECT DISTINCT fiscal_year FROM entries) y, company c;

CREATE TRIGGER fiscal_years_bounds_fixed BEFORE UPDATE OF year, start_date, end_date ON fiscal_years
BEGIN
    SELECT RAISE(ABORT, 'the bounds of a fiscal year never change');
END;
CREATE TRIGGER fiscal_years_no_delete BEFORE DELETE ON fiscal_years
BEGIN
    SELECT RAISE(ABORT, 'fiscal years are never deleted');
END;

-- Each year-end close: its three entries, and when undone, the reversals' time.
CREATE TABLE year_closings (
    id                INTEGER PRIMARY KEY,
    year              INTEGER NOT NULL REFERENCES fiscal_years (year),
    regularisation_id INTEGER REFERENCES entries (id),
    closing_id        INTEGER REFERENCES entries (id),
    opening_id        INTEGER REFERENCES entries (id),
    closed_at         TEXT NOT NULL,
    undone_at         TEXT
) STRICT;
-- At most one close of a year stands at a time.
CREATE UNIQUE INDEX year_closings_standing ON year_closings (year) WHERE undone_at IS NULL;

-- The lock date: nothing is posted or reversed on or before it.
ALTER TABLE company ADD COLUMN lock_date TEXT
    CHECK (lock_date IS NULL OR lock_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

-- entries, rebuilt: more kinds and a document reference. Ids, numbers and dates are kept.
DROP TRIGGER postings_entry_closed;
CREATE TABLE entries_v2 (
    id          INTEGER PRIMARY KEY,
    fiscal_year INTEGER NOT NULL,
    number      INTEGER NOT NULL CHECK (number > 0),
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    description TEXT NOT NULL,
    reference   TEXT CHECK (reference IS NULL OR length(trim(reference)) > 0),
    kind        TEXT NOT NULL
                CHECK (kind IN ('normal', 'opening', 'regularisation', 'closing', 'reversal')),
    reverses_id INTEGER REFERENCES entries (id),
    line_count  INTEGER NOT NULL CHECK (line_count >= 2),
    total_cents INTEGER NOT NULL CHECK (total_cents > 0),
    posted_at   TEXT NOT NULL,
    UNIQUE (fiscal_year, number),
    CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
) STRICT;
INSERT INTO entries_v2 (id, fiscal_year, number, date, description, reference, kind,
                        reverses_id, line_count, total_cents, posted_at)
SELECT id, fiscal_year, number, date, description, NULL, kind, reverses_id, line_count,
       total_cents, posted_at
FROM entries;
DROP TABLE entries;
ALTER TABLE entries_v2 RENAME TO entries;

CREATE INDEX entries_date ON entries (date, id);
CREATE UNIQUE INDEX entries_reversal ON entries (reverses_id) WHERE reverses_id IS NOT NULL;
-- Opening and year-end entries, which some reports leave out; few, so the index is small.
CREATE INDEX entries_special ON entries (date, kind)
    WHERE kind IN ('opening', 'regularisation', 'closing');

CREATE TRIGGER postings_entry_closed BEFORE INSERT ON postings
WHEN EXISTS (SELECT 1 FROM entries WHERE id = NEW.entry_id)
BEGIN
    SELECT RAISE(ABORT, 'posted entries are immutable; the entry already has all its lines');
END;

CREATE TRIGGER entries_complete BEFORE INSERT ON entries
BEGIN
    SELECT RAISE(ABORT, 'the postings of an entry must be complete and sum to zero')
    FROM (SELECT count(*) AS n, max(line_no) AS last, coalesce(sum(amount_cents), 0) AS net,
                 coalesce(sum(max(amount_cents, 0)), 0) AS debits
          FROM postings WHERE entry_id = NEW.id)
    WHERE n <> NEW.line_count OR last IS NOT NEW.line_count OR net <> 0
       OR debits <> NEW.total_cents;
END;

-- The period rules, enforced here whatever the caller: an entry's date lies in a fiscal year
-- the company created, that year is open, and the date is after the lock date; a reversal
-- of an entry on or before the lock date is refused too.
CREATE TRIGGER entries_in_open_year BEFORE INSERT ON entries
BEGIN
    SELECT RAISE(ABORT, 'the entry date is in no fiscal year of the company')
    WHERE NOT EXISTS (SELECT 1 FROM fiscal_years
                      WHERE year = NEW.fiscal_year AND NEW.date BETWEEN start_date AND end_date);
    SELECT RAISE(ABORT, 'the fiscal year of the entry is closed')
    WHERE EXISTS (SELECT 1 FROM fiscal_years WHERE year = NEW.fiscal_year AND state = 'closed');
END;
CREATE TRIGGER entries_after_lock_date BEFORE INSERT ON entries
WHEN NEW.date <= (SELECT lock_date FROM company WHERE id = 1)
  OR (NEW.reverses_id IS NOT NULL
      AND (SELECT date FROM entries WHERE id = NEW.reverses_id)
          <= (SELECT lock_date FROM company WHERE id = 1))
BEGIN
    SELECT RAISE(ABORT, 'the period is locked');
END;

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'posted entries are immutable; reverse the entry instead');
END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'posted entries are immutable; reverse the entry instead');
END;

-- Each cash-moving entry's cash (groups 57) shared among the 2-digit groups of its
-- counterparts on the other side, in proportion to their amounts and exact to the cent
-- (store/src/cash.rs), written with the entry by the store. The cash-flow statement sums it
-- and its drill-down pages through it. Opening and year-end entries move no cash: none.
CREATE TABLE cash_shares (
    grp        TEXT NOT NULL,
    date       TEXT NOT NULL,
    entry_id   INTEGER NOT NULL REFERENCES entries (id),
    -- The counterpart account of the group that took most of it, for display.
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    cents      INTEGER NOT NULL CHECK (cents <> 0),
    PRIMARY KEY (grp, date, entry_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER cash_shares_no_update BEFORE UPDATE ON cash_shares
BEGIN
    SELECT RAISE(ABORT, 'cash shares follow their posted entry and never change');
END;
CREATE TRIGGER cash_shares_no_delete BEFORE DELETE ON cash_shares
BEGIN
    SELECT RAISE(ABORT, 'cash shares follow their posted entry and never change');
END;

-- Draft entries: saved work in progress, editable and deletable, never in any report.
-- Lines keep what was typed (the account need not exist yet; amounts may not balance).
CREATE TABLE entry_templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL,
    reference   TEXT,
    -- A recurring template falls due every period from first_date; `done` occurrences are
    -- already drafted. NULL every = a plain template.
    every       TEXT CHECK (every IS NULL OR every IN ('monthly', 'quarterly', 'yearly')),
    first_date  TEXT,
    until_date  TEXT,
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0),
    CHECK ((every IS NULL) = (first_date IS NULL))
) STRICT;
CREATE TABLE entry_template_lines (
    template_id  INTEGER NOT NULL REFERENCES entry_templates (id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    account      TEXT NOT NULL,
    description  TEXT NOT NULL,
    debit_cents  INTEGER NOT NULL CHECK (debit_cents >= 0),
    credit_cents INTEGER NOT NULL CHECK (credit_cents >= 0),
    PRIMARY KEY (template_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE entry_drafts (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    description TEXT NOT NULL,
    reference   TEXT,
    template_id INTEGER REFERENCES entry_templates (id) ON DELETE SET NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX entry_drafts_date ON entry_drafts (date);
CREATE TABLE entry_draft_lines (
    draft_id     INTEGER NOT NULL REFERENCES entry_drafts (id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    account      TEXT NOT NULL,
    description  TEXT NOT NULL,
    debit_cents  INTEGER NOT NULL CHECK (debit_cents >= 0),
    credit_cents INTEGER NOT NULL CHECK (credit_cents >= 0),
    PRIMARY KEY (draft_id, line_no)
) STRICT, WITHOUT ROWID;

-- The audit log: one row per change, appended and never updated or deleted. Each row's hash
-- is SHA-256 over the previous row's hash and this row's fields (see store/src/audit.rs),
-- so an edited or removed row breaks the chain from there on.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    record    TEXT NOT NULL,
    action    TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    reason    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
