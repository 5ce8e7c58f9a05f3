-- Suppliers and their contacts. The tax id, IBAN (checksum), BIC (shape) and e-mail are
-- checked in the store with the same rules as customers'; the default expense account, when
-- given, is an existing 6xx leaf account.

CREATE TABLE suppliers (
    id               INTEGER PRIMARY KEY,
    legal_name       TEXT NOT NULL CHECK (length(trim(legal_name)) > 0),
    trade_name       TEXT,
    country          TEXT NOT NULL DEFAULT 'ES' CHECK (length(country) = 2),
    tax_id           TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    postal_code      TEXT NOT NULL DEFAULT '',
    city             TEXT NOT NULL DEFAULT '',
    province         TEXT NOT NULL DEFAULT '',
    email            TEXT,
    phone            TEXT,
    iban             TEXT,
    bic              TEXT,
    -- Payment terms: days after the bill date.
    payment_days     INTEGER NOT NULL DEFAULT 0 CHECK (payment_days BETWEEN 0 AND 365),
    -- The default expense account (6xx leaf); NULL when the bill says.
    expense_account  TEXT,
    vat_treatment    TEXT NOT NULL DEFAULT 'deductible'
                     CHECK (vat_treatment IN ('deductible', 'recargo', 'intra_eu', 'non_deductible')),
    -- IRPF withheld on a professional's bills, a decimal percentage ('15'); NULL for none.
    irpf_pct         TEXT,
    category         TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
    block_reason     TEXT,
    notes            TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    CHECK ((status = 'blocked') = (block_reason IS NOT NULL AND length(trim(block_reason)) > 0))
) STRICT;
CREATE UNIQUE INDEX suppliers_tax_id ON suppliers (country, tax_id) WHERE tax_id <> '';
CREATE INDEX suppliers_name ON suppliers (legal_name COLLATE NOCASE);

CREATE TABLE supplier_contacts (
    id          INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role        TEXT NOT NULL DEFAULT '',
    email       TEXT,
    phone       TEXT
) STRICT;
CREATE INDEX supplier_contacts_supplier ON supplier_contacts (supplier_id);
