//! The demo company's correspondence: calls, letters and meetings with its customers and
//! suppliers (some with a follow-up due this week, one already late), and a small mailbox of
//! the last weeks imported through the real e-mail import, so the triage piles, the
//! follow-ups and each card's log have something to show.

use crate::error::ApiError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use trastienda_store::{Company, CorrespondenceInput, PartyRef};

/// A demo message: days before today, sender, subject, body.
struct DemoMail {
    days_ago: i64,
    from: &'static str,
    subject: &'static str,
    body: &'static str,
}

const MAILS: &[DemoMail] = &[
    DemoMail {
        days_ago: 12,
        from: "Librería El Rincón del Lector <pedidos@rincondellector.example>",
        subject: "Pedido para la campaña de Navidad",
        body: "Buenos días:\n\nQueremos hacer un pedido de 40 agendas 2027 y 25 cajas de \
               bolígrafos azules. ¿Nos pueden confirmar plazo de entrega?\n\nGracias,\nPedidos",
    },
    DemoMail {
        days_ago: 9,
        from: "Clínica Dental Sonrisas <recepcion@clinicasonrisas.example>",
        subject: "Justificante de transferencia",
        body: "Hola,\n\nLes enviamos el justificante del pago de su última factura por \
               transferencia bancaria.\n\nUn saludo,\nRecepción",
    },
    DemoMail {
        days_ago: 6,
        from: "Academia de Idiomas Norte <info@academianorte.example>",
        subject: "Reclamación: tóner defectuoso",
        body: "Buenas tardes:\n\nDos de los tóneres del último envío llegaron defectuosos y \
               manchan las copias. Solicitamos su devolución o reposición.\n\nAcademia Norte",
    },
    DemoMail {
        days_ago: 4,
        from: "Asesoría Martín <facturas@asesoriamartin.es>",
        subject: "Factura de honorarios de noviembre",
        body: "Estimados clientes:\n\nLes remitimos la factura de honorarios del mes, con \
               vencimiento a 15 días.\n\nAsesoría Martín y Asociados",
    },
    DemoMail {
        days_ago: 2,
        from: "Colegio San Ignacio <secretaria@colegiosanignacio.example>",
        subject: "Solicitud de presupuesto de material escolar",
        body: "Buenos días:\n\n¿Podrían enviarnos presupuesto para 300 cuadernos A4 y 150 \
               carpetas? Lo necesitamos para enero.\n\nSecretaría",
    },
    DemoMail {
        days_ago: 1,
        from: "Feria del Papel <noticias@feriadelpapel.example>",
        subject: "Novedades de la feria de primavera",
        body: "Descubra los expositores confirmados y reserve su entrada con descuento.",
    },
];

/// The mailbox as an .mbox file.
fn mailbox(today: NaiveDate) -> String {
    let mut out = String::new();
    for (i, m) in MAILS.iter().enumerate() {
        let day = today - Duration::days(m.days_ago);
        let date = format!("{} 10:{:02}:00 +0100", day.format("%a, %d %b %Y"), 10 + i);
        out.push_str(&format!(
            "From MAILER-DAEMON {}\nFrom: {}\nTo: Papelería Las Rozas <facturas@papelerialasrozas.example>\n\
             Date: {date}\nSubject: {}\nMessage-ID: <demo-{i}@papelerialasrozas.example>\n\
             MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\
             Content-Transfer-Encoding: 8bit\n\n{}\n\n",
            day.format("%a %b %e 10:00:00 %Y"),
            m.from,
            encode_subject(m.subject),
            m.body
        ));
    }
    out
}

/// A subject with accents as an RFC 2047 word (B encoding).
fn encode_subject(s: &str) -> String {
    use base64::Engine;
    if s.is_ascii() {
        s.to_string()
    } else {
        format!(
            "=?utf-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(s)
        )
    }
}

pub(crate) fn add_correspondence(
    company: &mut Company,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let party = |c: &Company, address: &str| -> Result<Option<PartyRef>, ApiError> {
        Ok(c.match_party_by_email(address)?.map(|m| PartyRef {
            kind: m.kind,
            id: m.id,
        }))
    };
    let entries = [
        (
            party(company, "pedidos@rincondellector.example")?,
            "call",
            "in",
            8,
            "Llamada por el pedido de Navidad",
            "Confirman 40 agendas; piden precio especial si suben a 60.",
            Some(2),
        ),
        (
            party(company, "info@academianorte.example")?,
            "call",
            "out",
            5,
            "Tóner defectuoso: recogida",
            "Quedamos en recoger los dos tóneres y reponerlos esta semana.",
            Some(-1),
        ),
        (
            party(company, "secretaria@colegiosanignacio.example")?,
            "meeting",
            "out",
            20,
            "Reunión con la secretaria del colegio",
            "Material para el segundo trimestre; enviar catálogo actualizado.",
            Some(5),
        ),
        (
            party(company, "facturas@asesoriamartin.es")?,
            "letter",
            "in",
            30,
            "Carta: cambio de cuota a partir de enero",
            "La asesoría sube la cuota mensual un 3 %.",
            None,
        ),
    ];
    for (party, channel, direction, days_ago, subject, notes, follow_up) in entries {
        company.save_correspondence(
            None,
            &CorrespondenceInput {
                party,
                channel: channel.into(),
                direction: direction.into(),
                date: today - Duration::days(days_ago),
                subject: subject.into(),
                notes: notes.into(),
                follow_up: follow_up.map(|d| today + Duration::days(d)),
            },
            now,
        )?;
    }
    crate::mail::import_mail_bytes(company, mailbox(today).as_bytes(), now)?;
    Ok(())
}
