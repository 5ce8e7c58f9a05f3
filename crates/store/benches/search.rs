//! Global search benchmark (issue 8: search over 100k documents and 100k records < 50 ms).
//!
//! Builds once, cached in target/bench-data/: a copy of the receivables bench company (100 000
//! issued invoices through the store's issue path, their entries and payments, 2 000
//! customers; `shared/receivables_data.rs`), to which 1 000 suppliers, 500 employees and N
//! documents (default 100 000) are added by SQL, each document with its own title, tags and
//! notes, sharing 400 blobs of a few hundred words of text; the index triggers of 0008 fill
//! the search index as they would in use. Then measures `Company::search` (5 hits a kind)
//! for a rare word, a common word, 2- and 3-letter prefixes, a two-word query and an invoice
//! number. See README.md.

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use rusqlite::Connection;
use std::time::Instant;
use trastienda_store::Company;

#[path = "shared/receivables_data.rs"]
mod receivables_data;
use receivables_data::{bench_data_dir, first_and_median, invoices_wanted};

/// Bump when the generator changes, so a stale cached file is not reused.
const SEARCH_GENERATOR_VERSION: u32 = 1;
const SEED: u64 = 0x5EA2_C426;
const BLOBS: usize = 400;

fn documents_wanted() -> usize {
    std::env::var("TRASTIENDA_BENCH_DOCUMENTS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000)
}

const KINDS: &[(&str, &str)] = &[
    ("Factura", "facturas_recibidas"),
    ("Contrato", "contratos"),
    ("Nómina", "nominas"),
    ("Extracto bancario", "bancos"),
    ("Carta", "correspondencia"),
    ("Albarán", "otros"),
    ("Póliza de seguro", "legal"),
    ("Presupuesto", "otros"),
    ("Certificado", "legal"),
    ("Requerimiento", "legal"),
];
const SUBJECTS: &[&str] = &[
    "alquiler del local",
    "suministro eléctrico",
    "material de oficina",
    "mantenimiento de la furgoneta",
    "tornillería y herrajes",
    "pintura plástica",
    "asesoría fiscal",
    "limpieza del almacén",
    "telefonía e internet",
    "transporte de mercancías",
    "seguro de responsabilidad civil",
    "renting de maquinaria",
    "formación en prevención de riesgos",
    "reparación de la persiana",
    "compra de herramientas",
    "cuota de la asociación",
];
const MONTHS: &[&str] = &[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const PLACES: &[&str] = &[
    "Madrid",
    "Zaragoza",
    "Valencia",
    "Sevilla",
    "Bilbao",
    "Valladolid",
    "Murcia",
    "Girona",
    "Cáceres",
    "Logroño",
];
const TAGS: &[&str] = &[
    "urgente",
    "pagado",
    "pendiente",
    "revisar",
    "original",
    "copia",
    "trimestre",
    "auditoría",
    "garantía",
    "renovación",
];
const NOTES: &[&str] = &[
    "Recibido por correo ordinario",
    "Escaneado en la tienda",
    "Enviado por el gestor",
    "Pendiente de firma",
    "Archivado en la carpeta azul",
    "Llamar antes de renovar",
    "Comprobar el importe con el banco",
    "",
];
const TEXT_WORDS: &[&str] = &[
    "el",
    "la",
    "de",
    "del",
    "por",
    "para",
    "con",
    "en",
    "los",
    "las",
    "importe",
    "total",
    "base",
    "imponible",
    "cuota",
    "iva",
    "retención",
    "irpf",
    "vencimiento",
    "domiciliación",
    "cuenta",
    "cliente",
    "proveedor",
    "fecha",
    "número",
    "concepto",
    "unidades",
    "precio",
    "descuento",
    "transferencia",
    "recibo",
    "condiciones",
    "cláusula",
    "plazo",
    "entrega",
    "garantía",
    "firma",
    "sello",
    "empresa",
    "sociedad",
    "limitada",
    "anónima",
    "domicilio",
    "calle",
    "avenida",
    "código",
    "postal",
    "teléfono",
    "correo",
    "servicio",
    "periodo",
    "mensual",
    "anual",
    "pago",
    "cobro",
    "pendiente",
    "abonado",
    "euros",
    "céntimos",
];

fn esc(s: &str) -> String {
    s.replace('\'', "''")
}

fn blob_text(rng: &mut Rng, i: usize) -> String {
    let words = 150 + rng.range(0, 350) as usize;
    let mut t = Vec::with_capacity(words + 4);
    for _ in 0..words {
        t.push(*rng.pick(TEXT_WORDS));
    }
    // A few blobs carry a rare word (the "rare" query finds a handful of documents).
    if i.is_multiple_of(97) {
        t.push("expediente zurbarán");
    }
    t.join(" ")
}

fn add_documents(c: &Connection, n: usize) {
    let mut rng = Rng::new(SEED);
    c.execute_batch("PRAGMA synchronous = OFF; BEGIN;").unwrap();
    let mut sql = String::new();
    for i in 0..BLOBS {
        let text = blob_text(&mut rng, i);
        let sha = format!("{:064x}", i + 1);
        sql.push_str(&format!(
            "INSERT INTO document_blobs (sha256, size, data, text_status, text, created_at)
             VALUES ('{sha}', 8, X'255044462D312E34', 'extracted', '{}', '2026-01-01');\n",
            esc(&text)
        ));
    }
    c.execute_batch(&sql).unwrap();
    let started = Instant::now();
    let mut batch = Vec::with_capacity(1000);
    for i in 0..n {
        let (kind, category) = *rng.pick(KINDS);
        let subject = *rng.pick(SUBJECTS);
        let month = *rng.pick(MONTHS);
        let place = *rng.pick(PLACES);
        let year = 2019 + (i * 8 / n.max(1)) as i64;
        let day = 1 + rng.range(0, 27);
        let mon = 1 + rng.range(0, 11);
        let tag_a = *rng.pick(TAGS);
        let tag_b = *rng.pick(TAGS);
        let tags = if tag_a == tag_b {
            format!(",{tag_a},{year},")
        } else {
            format!(",{tag_a},{tag_b},{year},")
        };
        let note = *rng.pick(NOTES);
        let ref_no = 10_000 + i;
        let title = format!("{kind} {ref_no} · {subject} · {month} {year}");
        let file = format!(
            "{}-{ref_no}-{year}{mon:02}{day:02}.pdf",
            kind.to_lowercase().replace(' ', "-")
        );
        let notes = if note.is_empty() {
            String::new()
        } else {
            format!("{note} ({place})")
        };
        let sha = format!("{:064x}", 1 + rng.range(0, BLOBS as i64 - 1));
        batch.push(format!(
            "('{sha}', '{}', 'application/pdf', '{category}', '{}', '{year}-{mon:02}-{day:02}', \
             '{}', '{}', 'upload', '2026-01-01')",
            esc(&file),
            esc(&title),
            esc(&tags),
            esc(&notes)
        ));
        if batch.len() == 1000 || i + 1 == n {
            c.execute_batch(&format!(
                "INSERT INTO documents (sha256, file_name, media_type, category, title, doc_date,
                                        tags, notes, source, created_at) VALUES {};",
                batch.join(",\n")
            ))
            .unwrap();
            batch.clear();
        }
        if (i + 1).is_multiple_of(20_000) {
            eprintln!("  {} documents, {:.1?}", i + 1, started.elapsed());
        }
    }
    // Suppliers and employees, so every kind is in the index.
    c.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
         INSERT INTO suppliers (legal_name, tax_id, city, category, created_at)
         SELECT 'Suministros ' || i || ' SL', printf('B%08d', 60000000 + i), 'Zaragoza',
                'material', '2026-01-01' FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
         INSERT INTO employees (nif, name, ss_number, contract_type, start_date, cotization_group,
                                base_salary_cents, job_title, created_at)
         SELECT printf('%08dZ', 30000000 + i), 'Empleada ' || i || ' García', '281234567890',
                'indefinido', '2025-01-01', 5, 150000, 'dependienta', '2026-01-01' FROM n;",
    )
    .unwrap();
    c.execute_batch("COMMIT").unwrap();
    c.execute_batch("INSERT INTO search_index (search_index) VALUES ('optimize');")
        .unwrap();
    eprintln!("  {n} documents added in {:.1?}", started.elapsed());
}

fn company(invoices: usize, docs: usize) -> Company {
    let dir = bench_data_dir();
    let name = format!("search-{invoices}-{docs}-g{SEARCH_GENERATOR_VERSION}.trastienda");
    let path = dir.join(&name);
    if !path.exists() {
        // The receivables company (built and cached by its own bench's code when missing).
        let base = receivables_data::company(invoices);
        let base_path = base.path().to_path_buf();
        drop(base);
        let building = dir.join(format!("{name}.building"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", building.display()));
        }
        std::fs::copy(&base_path, &building).unwrap();
        // Opened once through the store (bringing the schema up to date, which indexes the
        // records already there), then filled through a plain connection.
        drop(Company::open(&building, now()).unwrap());
        let started = Instant::now();
        let c = Connection::open(&building).unwrap();
        add_documents(&c, docs);
        drop(c);
        std::fs::rename(&building, &path).unwrap();
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "built in {:.1?}: {} MB -> {}",
            started.elapsed(),
            size / 1_000_000,
            path.display()
        );
    } else {
        eprintln!("using cached {}", path.display());
    }
    Company::open(&path, now()).unwrap()
}

fn search(c: &mut Criterion) {
    let invoices = invoices_wanted();
    let docs = documents_wanted();
    let company = company(invoices, docs);
    let raw = Connection::open(company.path()).unwrap();
    let count = |sql: &str| -> i64 { raw.query_row(sql, [], |r| r.get(0)).unwrap() };
    eprintln!(
        "search index: {} rows; {} documents, {} invoices, {} entries, {} customers",
        count("SELECT count(*) FROM search_index"),
        count("SELECT count(*) FROM documents"),
        count("SELECT count(*) FROM invoices"),
        count("SELECT count(*) FROM entries"),
        count("SELECT count(*) FROM customers"),
    );
    // An invoice from the middle of the numbering.
    let full_number: String = raw
        .query_row(
            "SELECT full_number FROM invoices WHERE state = 'issued' ORDER BY id
             LIMIT 1 OFFSET (SELECT count(*) / 2 FROM invoices)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(raw);

    let queries: Vec<(&str, String)> = vec![
        ("rare_word", "zurbaran".into()),
        ("common_word", "cliente".into()),
        ("common_word_documents", "importe".into()),
        ("prefix_2", "fa".into()),
        ("prefix_3", "cli".into()),
        ("two_words", "factura marzo".into()),
        ("two_words_prefix", "alquiler loc".into()),
        ("invoice_number", full_number),
    ];
    for (label, q) in &queries {
        let r = first_and_median(&format!("{label} ({q:?})"), 9, || {
            company.search(q, 5).unwrap()
        });
        let totals: Vec<String> = r
            .groups
            .iter()
            .map(|g| format!("{} {}", g.kind.as_str(), g.total))
            .collect();
        eprintln!(
            "  {} {}",
            totals.join(", "),
            if r.capped { "(capped)" } else { "" }
        );
    }

    let mut g = c.benchmark_group(format!("search_{invoices}_{docs}"));
    g.sample_size(10);
    for (label, q) in &queries {
        g.bench_function(*label, |b| {
            b.iter(|| black_box(company.search(q, 5).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
