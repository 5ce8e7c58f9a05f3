-- Correspondence: the log of calls, e-mails, letters and meetings with a customer, supplier or
-- employee (or with nobody known yet: an imported e-mail whose sender matched no one), with a
-- follow-up date; imported e-mails carry their Message-ID (imported once), addresses and the
-- triage pile their rules put them in.

-- Triage rules: a keyword looked for in a message's sender, subject, body or attachments'
-- names and types; the first rule that matches (by priority, lowest first, then id) picks the
-- pile. Matching folds case and accents in code ('reclamacion' finds 'Reclamación') and looks
-- for the pattern at the start of a word ('roto' is not found in 'protocolo').
CREATE TABLE mail_rules (
    id         INTEGER PRIMARY KEY,
    priority   INTEGER NOT NULL DEFAULT 100 CHECK (priority BETWEEN -1000000 AND 1000000),
    field      TEXT NOT NULL CHECK (field IN ('sender', 'subject', 'body', 'attachment')),
    pattern    TEXT NOT NULL CHECK (length(trim(pattern)) > 0),
    pile       TEXT NOT NULL CHECK (pile IN ('billing', 'payments', 'complaint', 'order', 'other')),
    builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX mail_rules_order ON mail_rules (priority, id);

CREATE TABLE correspondence (
    id             INTEGER PRIMARY KEY,
    party_kind     TEXT CHECK (party_kind IS NULL OR party_kind IN ('customer', 'supplier', 'employee')),
    party_id       INTEGER,
    channel        TEXT NOT NULL CHECK (channel IN ('call', 'email', 'letter', 'meeting')),
    direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    subject        TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    notes          TEXT NOT NULL DEFAULT '',
    follow_up      TEXT CHECK (follow_up IS NULL OR follow_up GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    follow_up_done INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_done IN (0, 1)),
    -- An imported e-mail: its Message-ID (each imported once), addresses and triage pile.
    message_id     TEXT UNIQUE,
    from_address   TEXT,
    to_address     TEXT,
    pile           TEXT CHECK (pile IS NULL OR pile IN ('billing', 'payments', 'complaint', 'order', 'other')),
    -- The rule that put it in its pile (NULL: no rule matched, or reclassified by hand).
    rule_id        INTEGER REFERENCES mail_rules (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    CHECK ((party_kind IS NULL) = (party_id IS NULL))
) STRICT;
-- A party's log, newest first.
CREATE INDEX correspondence_party ON correspondence (party_kind, party_id, date);
-- Follow-ups still to do, by date.
CREATE INDEX correspondence_follow_up ON correspondence (follow_up)
    WHERE follow_up IS NOT NULL AND follow_up_done = 0;
-- The triage piles, newest first.
CREATE INDEX correspondence_pile ON correspondence (pile, date) WHERE pile IS NOT NULL;
CREATE INDEX correspondence_rule ON correspondence (rule_id) WHERE rule_id IS NOT NULL;

-- The global search (0008): subject, notes and addresses, kind 8.
CREATE TRIGGER search_correspondence_ai AFTER INSERT ON correspondence BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 8, new.subject,
        concat_ws(' ', new.notes, new.from_address, new.to_address));
END;
CREATE TRIGGER search_correspondence_au AFTER UPDATE OF subject, notes, from_address, to_address
    ON correspondence BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 16 + 8, new.subject,
        concat_ws(' ', new.notes, new.from_address, new.to_address));
END;
CREATE TRIGGER search_correspondence_ad AFTER DELETE ON correspondence BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
END;

-- The shipped rules, Spanish and English. Lower priorities are tried first: attachments and
-- complaints before billing words (a complaint about an invoice is a complaint), payments
-- before billing ('pago de la factura' is a payment), orders after billing, newsletters last.
INSERT INTO mail_rules (priority, field, pattern, pile, builtin, created_at) VALUES
    -- An electronic invoice (Facturae) is billing whatever the words say.
    (10, 'attachment', '.xsig', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (10, 'attachment', 'facturae', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (11, 'attachment', '.xml', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    -- Complaints.
    (20, 'subject', 'reclamación', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'queja', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'complaint', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'defectuoso', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'defective', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'damaged', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'roto', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'devolución', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'refund', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'garantía', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'warranty', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (20, 'subject', 'incidencia', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    -- Payments.
    (30, 'subject', 'remittance', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'justificante', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'transferencia', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'pago', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'payment', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'recibo', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'vencimiento', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'cobro', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'domiciliación', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (30, 'subject', 'overdue', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    -- Billing.
    (40, 'subject', 'factura', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (40, 'subject', 'invoice', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (40, 'subject', 'abono', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (40, 'subject', 'credit note', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (40, 'subject', 'proforma', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (40, 'subject', 'billing', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    -- Orders.
    (50, 'subject', 'pedido', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'order', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'presupuesto', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'quote', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'quotation', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'albarán', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'delivery', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'envío', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (50, 'subject', 'shipment', 'order', 1, '2026-01-01T00:00:00+00:00'),
    -- The body when the subject says nothing.
    (60, 'body', 'reclamación', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (60, 'body', 'complaint', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (60, 'body', 'defectuoso', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (60, 'body', 'damaged', 'complaint', 1, '2026-01-01T00:00:00+00:00'),
    (61, 'body', 'justificante de pago', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (61, 'body', 'transferencia', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (61, 'body', 'remittance', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (61, 'body', 'payment advice', 'payments', 1, '2026-01-01T00:00:00+00:00'),
    (62, 'body', 'adjuntamos la factura', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (62, 'body', 'please find attached invoice', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (62, 'body', 'please find attached our invoice', 'billing', 1, '2026-01-01T00:00:00+00:00'),
    (63, 'body', 'número de pedido', 'order', 1, '2026-01-01T00:00:00+00:00'),
    (63, 'body', 'purchase order', 'order', 1, '2026-01-01T00:00:00+00:00'),
    -- Newsletters and notices go to 'other' explicitly (so an 'order now' offer is not an order).
    (5, 'body', 'darse de baja', 'other', 1, '2026-01-01T00:00:00+00:00'),
    (5, 'body', 'unsubscribe', 'other', 1, '2026-01-01T00:00:00+00:00'),
    (5, 'sender', 'newsletter', 'other', 1, '2026-01-01T00:00:00+00:00');
