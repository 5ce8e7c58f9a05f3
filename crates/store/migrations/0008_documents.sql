-- Documents: files kept inside the company file (so a backup carries every one, the company
-- file's encryption covers them and attaching is part of the user's one transaction), stored
-- once per content, catalogued in an archive with categories and retention, linked to any
-- record; and one full-text index over the records and documents for the global search.

-- A file's bytes, once per SHA-256 (the same file attached twice is stored once). The text
-- found in it (a PDF's text, a plain-text file) is kept for the search.
CREATE TABLE document_blobs (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size        INTEGER NOT NULL CHECK (size >= 0),
    -- 'extracted': text found; 'none': a kind of file with no text to look for (an image);
    -- 'failed': a PDF whose text could not be extracted (still stored, marked so);
    -- 'pending': not read yet (moved here by a migration), read when the company opens.
    text_status TEXT NOT NULL CHECK (text_status IN ('extracted', 'none', 'failed', 'pending')),
    text        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    -- Last, so a row is inserted with zeroblob(size) written as zero pages and the content
    -- then streamed in (SQLite materialises a zeroblob that is followed by other columns: a
    -- 500 MB file would be held in memory).
    data        BLOB NOT NULL,
    CHECK (length(data) = size)
) STRICT;
CREATE TRIGGER document_blobs_no_update BEFORE UPDATE OF sha256, size, data ON document_blobs
BEGIN
    SELECT RAISE(ABORT, 'a stored document''s content never changes');
END;
CREATE INDEX document_blobs_pending ON document_blobs (text_status) WHERE text_status = 'pending';

-- Categories of the archive, each with its retention: the number of years a document is kept
-- counted from the close of its year ('year_end') or from its date ('date'). Editable.
CREATE TABLE document_categories (
    code            TEXT PRIMARY KEY CHECK (length(trim(code)) > 0),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    retention_years INTEGER NOT NULL CHECK (retention_years BETWEEN 0 AND 100),
    retention_basis TEXT NOT NULL DEFAULT 'year_end' CHECK (retention_basis IN ('year_end', 'date')),
    -- Why the period is what it is, shown next to it.
    retention_note  TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 100,
    builtin         INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;
-- Código de Comercio art. 30: books, correspondence and vouchers 6 years; Ley General
-- Tributaria arts. 66 and 70: 4 years for tax; Ley General de la Seguridad Social art. 24:
-- 4 years; LISOS art. 4.1: 3 years for employment matters.
INSERT INTO document_categories (code, name, retention_years, retention_basis, retention_note, position, builtin) VALUES
    ('facturas_emitidas', 'Facturas emitidas', 6, 'year_end', 'Código de Comercio art. 30: 6 años desde el cierre del ejercicio', 10, 1),
    ('facturas_recibidas', 'Facturas recibidas', 6, 'year_end', 'Código de Comercio art. 30: 6 años desde el cierre del ejercicio', 20, 1),
    ('nominas', 'Nóminas', 4, 'year_end', 'LGSS art. 24: 4 años', 30, 1),
    ('contratos', 'Contratos', 3, 'year_end', 'LISOS art. 4: 3 años (laboral)', 40, 1),
    ('legal', 'Legal', 4, 'year_end', 'LGT arts. 66 y 70: 4 años (tributario)', 50, 1),
    ('bancos', 'Bancos', 6, 'year_end', 'Código de Comercio art. 30: 6 años desde el cierre del ejercicio', 60, 1),
    ('correspondencia', 'Correspondencia', 6, 'year_end', 'Código de Comercio art. 30: 6 años desde el cierre del ejercicio', 70, 1),
    ('otros', 'Otros', 0, 'year_end', 'Sin plazo legal', 80, 1);

-- The archive: every document, attached to records or standalone.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL REFERENCES document_blobs (sha256),
    file_name   TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    media_type  TEXT NOT NULL,
    category    TEXT NOT NULL REFERENCES document_categories (code) ON UPDATE CASCADE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    doc_date    TEXT NOT NULL CHECK (doc_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- Normalised tags: lower case, each between commas (',contrato,2026,'), '' for none.
    tags        TEXT NOT NULL DEFAULT '' CHECK (tags = '' OR (tags GLOB ',*,' AND tags NOT GLOB '*,,*')),
    notes       TEXT NOT NULL DEFAULT '',
    -- 'upload': added by the user; 'issued': a PDF the app issued, archived exactly as issued;
    -- 'mail': an e-mail's attachment.
    source      TEXT NOT NULL CHECK (source IN ('upload', 'issued', 'mail')),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_category ON documents (category, doc_date);
CREATE INDEX documents_date ON documents (doc_date);
CREATE TRIGGER documents_content_fixed BEFORE UPDATE OF sha256, source ON documents
BEGIN
    SELECT RAISE(ABORT, 'a document''s content and origin never change');
END;
-- Nothing still inside its retention period is deleted (the store checks with the user's
-- today first and says which; this is the backstop).
CREATE TRIGGER documents_retention BEFORE DELETE ON documents
WHEN (SELECT c.retention_years > 0 AND date(CASE c.retention_basis
            WHEN 'date' THEN date(old.doc_date, '+' || c.retention_years || ' years')
            ELSE (CAST(substr(old.doc_date, 1, 4) AS INTEGER) + c.retention_years) || '-12-31'
        END) >= date('now')
      FROM document_categories c WHERE c.code = old.category)
BEGIN
    SELECT RAISE(ABORT, 'a document inside its retention period is never deleted');
END;

-- Which records a document belongs to (several per record, a document on several records).
-- record_kind names the table: entry, invoice, bill, customer, supplier, employee, contract
-- (supplier_contracts), purchase_order, pay_run, payslip, correspondence.
CREATE TABLE document_links (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL CHECK (record_kind IN ('entry', 'invoice', 'bill', 'customer',
                    'supplier', 'employee', 'contract', 'purchase_order', 'pay_run', 'payslip',
                    'correspondence')),
    record_id   INTEGER NOT NULL,
    -- 1: made when the app issued the document (an invoice's PDF on the invoice and its
    -- customer); such a link stays (the store refuses to remove it).
    fixed       INTEGER NOT NULL DEFAULT 0 CHECK (fixed IN (0, 1)),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (record_kind, record_id, document_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_links_document ON document_links (document_id);

-- The global search: one FTS5 index over records and documents. A row's rowid is
-- record id * 16 + kind, so a trigger finds its row without scanning:
--   1 customer, 2 supplier, 3 employee, 4 invoice, 5 bill, 6 entry, 7 document,
--   8 correspondence (0009).
-- Accents and case are folded ('nomina' finds 'Nómina'); prefixes of 2 and 3 characters are
-- indexed for search-as-you-type.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Customers.
CREATE TRIGGER search_customers_ai AFTER INSERT ON customers BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 1, new.legal_name,
        concat_ws(' ', new.trade_name, new.tax_id, new.email, new.phone, new.city, new.notes));
END;
CREATE TRIGGER search_customers_au AFTER UPDATE ON customers BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 1, new.legal_name,
        concat_ws(' ', new.trade_name, new.tax_id, new.email, new.phone, new.city, new.notes));
END;
CREATE TRIGGER search_customers_ad AFTER DELETE ON customers BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
END;

-- Suppliers.
CREATE TRIGGER search_suppliers_ai AFTER INSERT ON suppliers BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 2, new.legal_name,
        concat_ws(' ', new.trade_name, new.tax_id, new.email, new.phone, new.city, new.category, new.notes));
END;
CREATE TRIGGER search_suppliers_au AFTER UPDATE ON suppliers BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 2;
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 2, new.legal_name,
        concat_ws(' ', new.trade_name, new.tax_id, new.email, new.phone, new.city, new.category, new.notes));
END;
CREATE TRIGGER search_suppliers_ad AFTER DELETE ON suppliers BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 2;
END;

-- Employees.
CREATE TRIGGER search_employees_ai AFTER INSERT ON employees BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 3, new.name,
        concat_ws(' ', new.nif, new.email, new.phone, new.job_title, new.notes));
END;
CREATE TRIGGER search_employees_au AFTER UPDATE ON employees BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 3, new.name,
        concat_ws(' ', new.nif, new.email, new.phone, new.job_title, new.notes));
END;
CREATE TRIGGER search_employees_ad AFTER DELETE ON employees BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
END;

-- Invoices (drafts by their customer, issued ones by their number too). Templates are not
-- searched.
CREATE TRIGGER search_invoices_ai AFTER INSERT ON invoices WHEN new.state <> 'template' BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 4,
        coalesce(new.full_number, ''),
        concat_ws(' ', coalesce(new.customer_name,
            (SELECT legal_name FROM customers WHERE id = new.customer_id)),
            new.customer_tax_id, new.notes));
END;
CREATE TRIGGER search_invoices_au AFTER UPDATE ON invoices BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 4;
    INSERT INTO search_index (rowid, title, body)
    SELECT new.id * 16 + 4, coalesce(new.full_number, ''),
        concat_ws(' ', coalesce(new.customer_name,
            (SELECT legal_name FROM customers WHERE id = new.customer_id)),
            new.customer_tax_id, new.notes)
    WHERE new.state <> 'template';
END;
CREATE TRIGGER search_invoices_ad AFTER DELETE ON invoices BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 4;
END;

-- Supplier bills and expenses (never edited).
CREATE TRIGGER search_bills_ai AFTER INSERT ON bills BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 5,
        CASE WHEN new.supplier_number <> '' THEN new.supplier_number ELSE new.description END,
        concat_ws(' ', new.supplier_name, new.supplier_tax_id, new.description));
END;
CREATE TRIGGER search_bills_ad AFTER DELETE ON bills BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
END;

-- Journal entries (never edited): by description.
CREATE TRIGGER search_entries_ai AFTER INSERT ON entries BEGIN
    INSERT INTO search_index (rowid, title, body)
    VALUES (new.id * 16 + 6, new.description, new.fiscal_year || '/' || new.number);
END;

-- Documents: title, file name, tags, notes and the text inside the file.
CREATE TRIGGER search_documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 7, new.title,
        concat_ws(' ', new.file_name, replace(new.tags, ',', ' '), new.notes,
            (SELECT text FROM document_blobs WHERE sha256 = new.sha256)));
END;
CREATE TRIGGER search_documents_au AFTER UPDATE ON documents BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 7;
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 7, new.title,
        concat_ws(' ', new.file_name, replace(new.tags, ',', ' '), new.notes,
            (SELECT text FROM document_blobs WHERE sha256 = new.sha256)));
END;
CREATE TRIGGER search_documents_ad AFTER DELETE ON documents BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 7;
END;

-- A blob's text read later (a 'pending' one) reaches the index of every document holding it.
CREATE TRIGGER search_blob_text_au AFTER UPDATE OF text ON document_blobs BEGIN
    DELETE FROM search_index WHERE rowid IN
        (SELECT id * 16 + 7 FROM documents WHERE sha256 = new.sha256);
    INSERT INTO search_index (rowid, title, body)
    SELECT id * 16 + 7, title,
        concat_ws(' ', file_name, replace(tags, ',', ' '), notes, new.text)
    FROM documents WHERE sha256 = new.sha256;
END;

-- What the company already holds goes into the index.
INSERT INTO search_index (rowid, title, body)
SELECT id * 16 + 1, legal_name,
       concat_ws(' ', trade_name, tax_id, email, phone, city, notes) FROM customers;
INSERT INTO search_index (rowid, title, body)
SELECT id * 16 + 2, legal_name,
       concat_ws(' ', trade_name, tax_id, email, phone, city, category, notes) FROM suppliers;
INSERT INTO search_index (rowid, title, body)
SELECT id * 16 + 3, name, concat_ws(' ', nif, email, phone, job_title, notes) FROM employees;
INSERT INTO search_index (rowid, title, body)
SELECT i.id * 16 + 4, coalesce(i.full_number, ''),
       concat_ws(' ', coalesce(i.customer_name, c.legal_name), i.customer_tax_id, i.notes)
FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id WHERE i.state <> 'template';
INSERT INTO search_index (rowid, title, body)
SELECT id * 16 + 5, CASE WHEN supplier_number <> '' THEN supplier_number ELSE description END,
       concat_ws(' ', supplier_name, supplier_tax_id, description) FROM bills;
INSERT INTO search_index (rowid, title, body)
SELECT id * 16 + 6, description, fiscal_year || '/' || number FROM entries;

-- The payslips archived at approval move into the archive: one store of issued PDFs.
-- Each is filed under Nóminas, dated its period's end and linked to its payslip, pay run and
-- employee; their text is read when the company is next opened.
INSERT OR IGNORE INTO document_blobs (sha256, size, data, text_status, text, created_at)
SELECT sha256, length(pdf), pdf, 'pending', '', created_at FROM payslip_archive;
INSERT INTO documents (sha256, file_name, media_type, category, title, doc_date, tags, notes,
                       source, created_at)
SELECT a.sha256,
       'nomina-' || substr(p.period_end, 1, 7) || '-' || p.employee_nif || '-' || p.id || '.pdf',
       'application/pdf', 'nominas',
       'Nómina ' || substr(p.period_end, 1, 7) || ' · ' || p.employee_name,
       p.period_end, ',nomina,', '', 'issued', a.created_at
FROM payslip_archive a JOIN payslips p ON p.id = a.payslip_id ORDER BY a.payslip_id;
INSERT INTO document_links (document_id, record_kind, record_id, fixed, created_at)
SELECT d.id, 'payslip', p.id, 1, a.created_at
FROM payslip_archive a JOIN payslips p ON p.id = a.payslip_id
JOIN documents d ON d.file_name = 'nomina-' || substr(p.period_end, 1, 7) || '-' || p.employee_nif || '-' || p.id || '.pdf'
                AND d.source = 'issued';
INSERT INTO document_links (document_id, record_kind, record_id, fixed, created_at)
SELECT l.document_id, 'employee', p.employee_id, 1, l.created_at
FROM document_links l JOIN payslips p ON p.id = l.record_id WHERE l.record_kind = 'payslip';
INSERT INTO document_links (document_id, record_kind, record_id, fixed, created_at)
SELECT l.document_id, 'pay_run', p.run_id, 1, l.created_at
FROM document_links l JOIN payslips p ON p.id = l.record_id WHERE l.record_kind = 'payslip';
DROP TRIGGER payslip_archive_no_update;
DROP TRIGGER payslip_archive_no_delete;
DROP TABLE payslip_archive;
