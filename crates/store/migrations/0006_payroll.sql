-- Payroll and HR: employees with their contract and pay, IRPF rates by effective date, the
-- company's payroll settings, yearly rate overrides, monthly pay runs and their payslips
-- (immutable once approved; corrected by a correcting payslip in a later run), and the HR
-- records kept on each employee (leave, training, reviews, benefits) and candidates.
-- Money is INTEGER cents; percentages and rates are decimal TEXT ('4.70', '100').

-- The company's accident-at-work rate (AT/EP, % of BCCP; 1.50 is office work), its Social
-- Security employer code (CCC, printed on payslips) and whether shared screens hide salaries.
ALTER TABLE company ADD COLUMN atep_rate TEXT NOT NULL DEFAULT '1.50';
ALTER TABLE company ADD COLUMN ss_employer_code TEXT;
ALTER TABLE company ADD COLUMN hide_salaries INTEGER NOT NULL DEFAULT 0 CHECK (hide_salaries IN (0, 1));

CREATE TABLE employees (
    id                INTEGER PRIMARY KEY,
    nif               TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- Número de afiliación a la Seguridad Social, 12 digits (checked in the store).
    ss_number         TEXT NOT NULL,
    birth_date        TEXT,
    address           TEXT NOT NULL DEFAULT '',
    iban              TEXT,
    email             TEXT,
    phone             TEXT,
    -- The contract.
    contract_type     TEXT NOT NULL
                      CHECK (contract_type IN ('indefinido', 'temporal', 'formacion', 'practicas', 'fijo_discontinuo')),
    start_date        TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date          TEXT CHECK (end_date IS NULL OR end_date >= start_date),
    -- Share of the full working day, '100' for full time.
    part_time_pct     TEXT NOT NULL DEFAULT '100',
    job_title         TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL DEFAULT '',
    cotization_group  INTEGER NOT NULL CHECK (cotization_group BETWEEN 1 AND 11),
    agreement         TEXT NOT NULL DEFAULT '',
    -- Pay, monthly: the base salary, salary complements, allowances (not salary: transport,
    -- meals within the exempt limits) and payments in kind.
    base_salary_cents INTEGER NOT NULL CHECK (base_salary_cents >= 0),
    complement_cents  INTEGER NOT NULL DEFAULT 0 CHECK (complement_cents >= 0),
    allowance_cents   INTEGER NOT NULL DEFAULT 0 CHECK (allowance_cents >= 0),
    in_kind_cents     INTEGER NOT NULL DEFAULT 0 CHECK (in_kind_cents >= 0),
    -- 12, or 14 with extra payments in June and December (paid then, or prorated monthly).
    payments          INTEGER NOT NULL DEFAULT 14 CHECK (payments IN (12, 14)),
    prorate_extras    INTEGER NOT NULL DEFAULT 0 CHECK (prorate_extras IN (0, 1)),
    -- Natural days of vacation a year.
    vacation_days     INTEGER NOT NULL DEFAULT 30 CHECK (vacation_days BETWEEN 0 AND 366),
    -- Termination: the last day worked and why.
    termination_date  TEXT,
    termination_cause TEXT CHECK (termination_cause IS NULL OR termination_cause IN
                      ('voluntary', 'end_of_contract', 'objective', 'disciplinary', 'unfair', 'other')),
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    CHECK ((termination_date IS NULL) = (termination_cause IS NULL))
) STRICT;
CREATE INDEX employees_name ON employees (name COLLATE NOCASE);

-- The IRPF withholding rate an employee has from a date on (the latest not after a payslip's
-- period applies).
CREATE TABLE employee_irpf (
    employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    from_date   TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    pct         TEXT NOT NULL,
    PRIMARY KEY (employee_id, from_date)
) STRICT, WITHOUT ROWID;

-- A year's payroll figure the company changed from the shipped rate file (assets/payroll),
-- by key; the shipped value applies where there is none.
CREATE TABLE payroll_rate_overrides (
    year       INTEGER NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL,
    PRIMARY KEY (year, key)
) STRICT, WITHOUT ROWID;

-- One run per month: 'draft' (computed, adjustable, recomputable), 'approved' (its payslips
-- immutable, its entry posted), 'paid' (the salaries' payment posted).
CREATE TABLE pay_runs (
    id               INTEGER PRIMARY KEY,
    month            TEXT NOT NULL UNIQUE CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    state            TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved', 'paid')),
    created_at       TEXT NOT NULL,
    approved_at      TEXT,
    entry_id         INTEGER REFERENCES entries (id),
    paid_at          TEXT,
    payment_date     TEXT,
    payment_entry_id INTEGER REFERENCES entries (id),
    CHECK (state = 'draft' OR (approved_at IS NOT NULL AND entry_id IS NOT NULL)),
    CHECK (state <> 'paid' OR payment_entry_id IS NOT NULL)
) STRICT;

-- A payslip: the employee as paid that month (copied), every figure of the computation.
CREATE TABLE payslips (
    id                 INTEGER PRIMARY KEY,
    run_id             INTEGER NOT NULL REFERENCES pay_runs (id),
    employee_id        INTEGER NOT NULL REFERENCES employees (id),
    -- A correcting payslip names the approved one it corrects (of an earlier run).
    corrects_id        INTEGER REFERENCES payslips (id),
    period_start       TEXT NOT NULL,
    period_end         TEXT NOT NULL,
    days               INTEGER NOT NULL CHECK (days BETWEEN 0 AND 31),
    employee_name      TEXT NOT NULL,
    employee_nif       TEXT NOT NULL,
    ss_number          TEXT NOT NULL,
    cotization_group   INTEGER NOT NULL,
    category           TEXT NOT NULL DEFAULT '',
    contract_type      TEXT NOT NULL,
    part_time_pct      TEXT NOT NULL,
    irpf_pct           TEXT NOT NULL,
    -- Devengos.
    salary_cents       INTEGER NOT NULL,
    non_salary_cents   INTEGER NOT NULL,
    gross_cents        INTEGER NOT NULL,
    -- Bases: contingencias comunes, profesionales, overtime.
    bccc_cents         INTEGER NOT NULL,
    bccp_cents         INTEGER NOT NULL,
    overtime_base_cents INTEGER NOT NULL DEFAULT 0,
    irpf_base_cents    INTEGER NOT NULL,
    -- Employee deductions.
    ee_cc_cents        INTEGER NOT NULL,
    ee_unemployment_cents INTEGER NOT NULL,
    ee_fp_cents        INTEGER NOT NULL,
    ee_mei_cents       INTEGER NOT NULL,
    ee_solidarity_cents INTEGER NOT NULL DEFAULT 0,
    ee_overtime_cents  INTEGER NOT NULL DEFAULT 0,
    irpf_cents         INTEGER NOT NULL,
    other_deductions_cents INTEGER NOT NULL DEFAULT 0,
    total_deductions_cents INTEGER NOT NULL,
    net_cents          INTEGER NOT NULL,
    -- Employer contributions.
    er_cc_cents        INTEGER NOT NULL,
    er_atep_cents      INTEGER NOT NULL,
    er_unemployment_cents INTEGER NOT NULL,
    er_fogasa_cents    INTEGER NOT NULL,
    er_fp_cents        INTEGER NOT NULL,
    er_mei_cents       INTEGER NOT NULL,
    er_solidarity_cents INTEGER NOT NULL DEFAULT 0,
    er_overtime_cents  INTEGER NOT NULL DEFAULT 0,
    employer_cost_cents INTEGER NOT NULL,
    -- What the computation warned about (a base raised to the group's minimum...), one a line.
    warnings           TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    CHECK (gross_cents - total_deductions_cents = net_cents)
) STRICT;
CREATE INDEX payslips_employee ON payslips (employee_id, period_start);
-- One ordinary payslip per employee and run (correcting payslips besides).
CREATE UNIQUE INDEX payslips_one_per_run ON payslips (run_id, employee_id) WHERE corrects_id IS NULL;

-- A payslip's devengos and other lines as printed: 'salary' (base, complements, overtime,
-- extra payment or its proration, in kind), 'non_salary' (allowances), 'deduction' (other
-- deductions: advances, in-kind value). Lines with source 'manual' were adjusted in review.
CREATE TABLE payslip_lines (
    payslip_id   INTEGER NOT NULL REFERENCES payslips (id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no >= 1),
    kind         TEXT NOT NULL CHECK (kind IN ('salary', 'non_salary', 'deduction')),
    code         TEXT NOT NULL,
    label        TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    source       TEXT NOT NULL DEFAULT 'contract' CHECK (source IN ('contract', 'manual')),
    PRIMARY KEY (payslip_id, line_no)
) STRICT, WITHOUT ROWID;

-- Approved (and paid) runs and their payslips never change.
CREATE TRIGGER pay_runs_approved_fixed BEFORE UPDATE ON pay_runs
WHEN OLD.state <> 'draft' AND NOT (OLD.state = 'approved' AND NEW.state = 'paid'
                                   AND NEW.month = OLD.month AND NEW.entry_id IS OLD.entry_id
                                   AND NEW.approved_at IS OLD.approved_at)
BEGIN
    SELECT RAISE(ABORT, 'an approved pay run never changes: correct it with a correcting payslip in a later run');
END;
CREATE TRIGGER pay_runs_approved_no_delete BEFORE DELETE ON pay_runs
WHEN OLD.state <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an approved pay run is never deleted');
END;
CREATE TRIGGER payslips_approved_fixed BEFORE UPDATE ON payslips
WHEN (SELECT state FROM pay_runs WHERE id = OLD.run_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an approved payslip never changes: correct it with a correcting payslip in a later run');
END;
CREATE TRIGGER payslips_approved_no_delete BEFORE DELETE ON payslips
WHEN (SELECT state FROM pay_runs WHERE id = OLD.run_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an approved payslip is never deleted');
END;
CREATE TRIGGER payslips_approved_no_insert BEFORE INSERT ON payslips
WHEN (SELECT state FROM pay_runs WHERE id = NEW.run_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an approved pay run takes no more payslips');
END;
CREATE TRIGGER payslip_lines_approved_insert BEFORE INSERT ON payslip_lines
WHEN (SELECT r.state FROM payslips p JOIN pay_runs r ON r.id = p.run_id WHERE p.id = NEW.payslip_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an approved payslip never changes');
END;
CREATE TRIGGER payslip_lines_approved_update BEFORE UPDATE ON payslip_lines
WHEN (SELECT r.state FROM payslips p JOIN pay_runs r ON r.id = p.run_id WHERE p.id = OLD.payslip_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an approved payslip never changes');
END;
CREATE TRIGGER payslip_lines_approved_delete BEFORE DELETE ON payslip_lines
WHEN (SELECT r.state FROM payslips p JOIN pay_runs r ON r.id = p.run_id WHERE p.id = OLD.payslip_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an approved payslip never changes');
END;

-- Each approved payslip's PDF as it was printed when the run was approved: what the worker
-- got, kept even if the company's name, address or logo change later. Never changed.
CREATE TABLE payslip_archive (
    payslip_id INTEGER PRIMARY KEY REFERENCES payslips (id),
    pdf        BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER payslip_archive_no_update BEFORE UPDATE ON payslip_archive
BEGIN
    SELECT RAISE(ABORT, 'an archived payslip never changes');
END;
CREATE TRIGGER payslip_archive_no_delete BEFORE DELETE ON payslip_archive
BEGIN
    SELECT RAISE(ABORT, 'an archived payslip is never deleted');
END;

-- HR records.
CREATE TABLE leave_records (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('vacation', 'sick', 'parental', 'unpaid', 'other')),
    start_date  TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date    TEXT NOT NULL CHECK (end_date >= start_date),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX leave_records_employee ON leave_records (employee_id, start_date);

CREATE TABLE trainings (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    course      TEXT NOT NULL CHECK (length(trim(course)) > 0),
    hours       TEXT NOT NULL,
    date        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE performance_reviews (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    reviewer    TEXT NOT NULL DEFAULT '',
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comments    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE employee_benefits (
    id           INTEGER PRIMARY KEY,
    employee_id  INTEGER NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    description  TEXT NOT NULL CHECK (length(trim(description)) > 0),
    amount_cents INTEGER,
    start_date   TEXT,
    end_date     TEXT,
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE candidates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    position   TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'interview', 'offer', 'hired', 'rejected')),
    email      TEXT,
    phone      TEXT,
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
