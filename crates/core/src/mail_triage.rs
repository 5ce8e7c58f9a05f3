//! E-mail triage: which pile (billing, payments, complaint, order, other) an incoming message
//! goes to, by editable rules that look for a keyword in its sender, subject, body or
//! attachments' names and media types.
//!
//! Rules:
//! - the rules are tried by priority (lowest first), then id; the first that matches wins;
//! - a pattern matches when it appears, case and accents folded ('reclamacion' finds
//!   'RECLAMACIÓN'), at the start of a word of the text: 'roto' is found in 'Pedido roto' and
//!   'rotos' but not in 'protocolo'; a pattern that starts with something other than a letter or
//!   digit ('.xml', '@acme.es') matches anywhere;
//! - no rule matching gives `None` (the caller files the message under 'other').

/// The triage piles, in display order.
pub const PILES: &[&str] = &["billing", "payments", "complaint", "order", "other"];

/// What a rule looks at.
pub const RULE_FIELDS: &[&str] = &["sender", "subject", "body", "attachment"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField {
    /// The sender's address and display name.
    Sender,
    Subject,
    /// The message's text.
    Body,
    /// Each attachment's file name and media type.
    Attachment,
}

impl RuleField {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleField::Sender => "sender",
            RuleField::Subject => "subject",
            RuleField::Body => "body",
            RuleField::Attachment => "attachment",
        }
    }
    pub fn parse(s: &str) -> Option<RuleField> {
        Some(match s {
            "sender" => RuleField::Sender,
            "subject" => RuleField::Subject,
            "body" => RuleField::Body,
            "attachment" => RuleField::Attachment,
            _ => return None,
        })
    }
}

/// A triage rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageRule {
    pub id: i64,
    pub priority: i64,
    pub field: RuleField,
    pub pattern: String,
    pub pile: String,
}

/// What triage looks at in a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailFacts {
    /// The sender: address and display name ('Ana Gil <ana@acme.es>').
    pub sender: String,
    pub subject: String,
    /// The message's text (the plain-text part, or the HTML part's text).
    pub body: String,
    /// Each attachment's file name and media type ('factura.pdf application/pdf').
    pub attachments: Vec<String>,
}

/// Lower case with the accents of Spanish, Catalan, Portuguese, French and German letters
/// removed ('Reclamación' -> 'reclamacion', 'Ñandú' -> 'nandu').
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ý' | 'ÿ' => 'y',
            // Combining marks left by decomposed text ('e' + U+0301).
            '\u{0300}'..='\u{036f}' => continue,
            c => c,
        });
    }
    out
}

/// Whether folded `pattern` occurs in folded `text` at the start of a word (anywhere when the
/// pattern does not start with a letter or digit).
pub fn matches_folded(text: &str, pattern: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    let anywhere = !pattern.chars().next().is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(pos) = text[from..].find(pattern) {
        let at = from + pos;
        if anywhere
            || !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return true;
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The pile of the first rule (by priority, then id) that matches the message, with that
/// rule's id; `None` when no rule matches.
pub fn classify(message: &MailFacts, rules: &[TriageRule]) -> Option<(String, i64)> {
    let sender = fold(&message.sender);
    let subject = fold(&message.subject);
    let body = fold(&message.body);
    let attachments: Vec<String> = message.attachments.iter().map(|a| fold(a)).collect();
    let mut order: Vec<&TriageRule> = rules.iter().collect();
    order.sort_by_key(|r| (r.priority, r.id));
    order.into_iter().find_map(|r| {
        let pattern = fold(r.pattern.trim());
        let hit = match r.field {
            RuleField::Sender => matches_folded(&sender, &pattern),
            RuleField::Subject => matches_folded(&subject, &pattern),
            RuleField::Body => matches_folded(&body, &pattern),
            RuleField::Attachment => attachments.iter().any(|a| matches_folded(a, &pattern)),
        };
        hit.then(|| (r.pile.clone(), r.id))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i64, priority: i64, field: RuleField, pattern: &str, pile: &str) -> TriageRule {
        TriageRule {
            id,
            priority,
            field,
            pattern: pattern.into(),
            pile: pile.into(),
        }
    }

    fn facts(sender: &str, subject: &str, body: &str, att: &[&str]) -> MailFacts {
        MailFacts {
            sender: sender.into(),
            subject: subject.into(),
            body: body.into(),
            attachments: att.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn rules() -> Vec<TriageRule> {
        vec![
            rule(1, 10, RuleField::Attachment, ".xml", "billing"),
            rule(2, 20, RuleField::Subject, "reclamación", "complaint"),
            rule(3, 20, RuleField::Subject, "roto", "complaint"),
            rule(4, 30, RuleField::Subject, "pago", "payments"),
            rule(5, 40, RuleField::Subject, "factura", "billing"),
            rule(6, 40, RuleField::Subject, "invoice", "billing"),
            rule(7, 50, RuleField::Subject, "pedido", "order"),
            rule(8, 60, RuleField::Body, "remittance", "payments"),
            rule(9, 5, RuleField::Sender, "@boletin.", "other"),
        ]
    }

    #[test]
    fn fold_removes_case_and_accents() {
        assert_eq!(fold("RECLAMACIÓN Pedido Nº 3"), "reclamacion pedido nº 3");
        assert_eq!(fold("Ñandú GARANTÍA"), "nandu garantia");
        assert_eq!(fold("e\u{0301}nvio"), "envio");
        assert_eq!(fold("Straße"), "straße");
    }

    #[test]
    fn accents_and_case_do_not_matter_either_way() {
        let r = rules();
        let m = facts("x@y.es", "RECLAMACION del pedido 44", "", &[]);
        assert_eq!(classify(&m, &r), Some(("complaint".into(), 2)));
        let r2 = vec![rule(1, 1, RuleField::Subject, "reclamacion", "complaint")];
        let m2 = facts("x@y.es", "Reclamación", "", &[]);
        assert_eq!(classify(&m2, &r2), Some(("complaint".into(), 1)));
    }

    #[test]
    fn first_rule_by_priority_then_id_wins() {
        let r = rules();
        // 'pago' (30) before 'factura' (40).
        let m = facts("a@b.es", "Pago de la factura 2026/14", "", &[]);
        assert_eq!(classify(&m, &r), Some(("payments".into(), 4)));
        // A complaint about an order is a complaint (20 before 50).
        let m = facts("a@b.es", "Pedido 77 llegó roto", "", &[]);
        assert_eq!(classify(&m, &r), Some(("complaint".into(), 3)));
        // Same priority: the lower id.
        let tie = vec![
            rule(9, 1, RuleField::Subject, "a", "order"),
            rule(3, 1, RuleField::Subject, "a", "billing"),
        ];
        assert_eq!(
            classify(&facts("", "a", "", &[]), &tie),
            Some(("billing".into(), 3))
        );
    }

    #[test]
    fn words_match_at_their_start_only() {
        let r = rules();
        // 'roto' inside 'protocolo' is not a complaint; 'pedido' is an order.
        let m = facts("a@b.es", "Protocolo del pedido", "", &[]);
        assert_eq!(classify(&m, &r), Some(("order".into(), 7)));
        // A prefix of a longer word matches ('facturas').
        let m = facts("a@b.es", "Sus facturas de marzo", "", &[]);
        assert_eq!(classify(&m, &r), Some(("billing".into(), 5)));
        assert!(matches_folded("tus rotos", "roto"));
        assert!(!matches_folded("protocolo", "roto"));
        assert!(matches_folded("protocolo roto", "roto"));
    }

    #[test]
    fn attachments_sender_and_body() {
        let r = rules();
        let m = facts(
            "facturacion@luz.es",
            "Documentación",
            "",
            &["FACTURA-E.XML application/xml"],
        );
        assert_eq!(classify(&m, &r), Some(("billing".into(), 1)));
        let m = facts(
            "Boletín <news@boletin.tienda.es>",
            "Ofertas: factura",
            "",
            &[],
        );
        assert_eq!(classify(&m, &r), Some(("other".into(), 9)));
        let m = facts(
            "ap@big.co.uk",
            "Notification",
            "Please see the REMITTANCE advice",
            &[],
        );
        assert_eq!(classify(&m, &r), Some(("payments".into(), 8)));
    }

    #[test]
    fn nothing_matching_is_none() {
        let r = rules();
        assert_eq!(
            classify(&facts("a@b.es", "Hola", "¿Qué tal?", &[]), &r),
            None
        );
        assert_eq!(classify(&facts("a@b.es", "factura", "", &[]), &[]), None);
        // A blank pattern never matches.
        let blank = vec![rule(1, 1, RuleField::Subject, "  ", "order")];
        assert_eq!(classify(&facts("", "x", "", &[]), &blank), None);
    }
}
