// Documents end to end: Debian's Chromium against `trastienda serve` on the demo company,
// through the real UI only. A PDF with a word no record has ("zarzaparrilla") is attached to
// a supplier from its card (the file picker), listed there; the top bar's search finds the
// word inside the PDF and opens the document, which shows its pages drawn inside the app
// (pdf.js) and says it belongs to the supplier, whose name opens the card again. The same file
// attached to a second supplier is stored once (same fingerprint). An issued invoice of the
// demo carries its archived PDF. In the archive, a standalone file in "Otros" (no retention),
// dropped on the box, is added with its tags and purged from the retention tab; the
// integrity check passes.
//   node tests/e2e/documents.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/documents-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('documents');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, TRASTIENDA_NO_VIEWER: '1', RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('documents');
const { shot, api, byId, visible, textOf, click } = ui;

/** A one-page PDF saying `lines` in Helvetica, written by hand (offsets computed). */
function pdfWith(lines) {
  const esc = (s) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = ['BT', '/F1 18 Tf', '72 760 Td', ...lines.flatMap((l) => [`(${esc(l)}) Tj`, '0 -22 Td']), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CONTRACT = pdfWith(['Contrato de suministro', 'Jarabe de zarzaparrilla, 40 cajas al mes', 'Vigencia: un ano']);
let suppliers = [];

await suite(
  'e2e documents (Chromium against `trastienda serve`: attach, search inside a PDF, preview, archive)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda demo` makes the demo company and `serve` opens it', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '300'], { env });
      await ui.serve(company, env);
      await ui.open();
      await visible('company-name');
      suppliers = (await api('list_suppliers', { page_size: 50 })).rows;
      check(suppliers.length >= 2, `the demo has ${suppliers.length} suppliers`);
    }],
    ['a PDF attached on a supplier card is listed there', async () => {
      const s = suppliers[0];
      await ui.page.goto(`${ui.baseUrl}/#/suppliers/${s.id}`);
      await visible('attachments');
      await byId('attachments-input').setInputFiles({ name: 'contrato-zarzaparrilla.pdf', mimeType: 'application/pdf', buffer: CONTRACT });
      await eventually(async () => (await byId('attachment').count()) === 1, 'the attached PDF is not listed on the card');
      const row = await byId('attachment').first().innerText();
      check(/contrato-zarzaparrilla/.test(row), `the attachment reads "${row}"`);
      await shot('attached');
    }],
    ['the search box finds the word inside the PDF and opens the document', async () => {
      const box = await visible('global-search');
      await box.click();
      await box.fill('zarzaparrilla');
      await eventually(async () => (await byId('search-hit').count()) >= 1, 'the search found nothing for a word inside the attached PDF');
      const hit = await byId('search-hit').first().innerText();
      check(/contrato/i.test(hit), `the first hit reads "${hit}"`);
      await shot('search');
      await byId('search-hit').first().click();
      await visible('document-screen');
      await eventually(async () => /#\/archive\/\d+$/.test(ui.page.url()), `the document's address is ${ui.page.url()}`);
      check(/contrato zarzaparrilla|contrato-zarzaparrilla/i.test(await textOf('document-title')), `the title reads "${await textOf('document-title')}"`);
    }],
    ['the document shows its page inside the app and belongs to the supplier', async () => {
      await eventually(async () => (await byId('preview-page').count()) === 1, 'the PDF page was not drawn in the preview');
      const box = await byId('preview-page').first().boundingBox();
      check(box && box.width > 300 && box.height > 400, `the drawn page is ${JSON.stringify(box)}`);
      check(/leído/.test(await textOf('document-text-status')), `the text status reads "${await textOf('document-text-status')}"`);
      const links = await textOf('document-links');
      check(links.includes(suppliers[0].legal_name), `the links read "${links}"`);
      await shot('document');
      await click('document-link');
      await visible('attachments');
      await eventually(async () => ui.page.url().endsWith(`#/suppliers/${suppliers[0].id}`), `the link opened ${ui.page.url()}`);
    }],
    ['the same file on a second supplier is stored once', async () => {
      await ui.page.goto(`${ui.baseUrl}/#/suppliers/${suppliers[1].id}`);
      await visible('attachments');
      await byId('attachments-input').setInputFiles({ name: 'copia.pdf', mimeType: 'application/pdf', buffer: CONTRACT });
      await eventually(async () => (await byId('attachment').count()) === 1, 'the second attachment is not listed');
      const a = await api('record_documents', { kind: 'supplier', id: suppliers[0].id });
      const b = await api('record_documents', { kind: 'supplier', id: suppliers[1].id });
      check(a.length === 1 && b.length === 1 && a[0].id !== b[0].id, 'two documents were not made');
      check(a[0].sha256 === b[0].sha256, 'the two documents do not share the same content');
    }],
    ['an issued demo invoice carries its archived PDF', async () => {
      const invoices = await api('list_invoices', { state: 'issued' });
      const inv = (invoices.rows ?? invoices)[0];
      check(inv, 'the demo has no issued invoice');
      await ui.page.goto(`${ui.baseUrl}/#/invoices/${inv.id}`);
      await eventually(async () => (await byId('attachment').count()) >= 1, 'the invoice shows no archived PDF');
      check(/Emitido por la app/.test(await byId('attachment').first().innerText()), 'the invoice PDF is not marked as issued by the app');
      await shot('invoice-archived');
    }],
    ['the archive lists, adds a standalone file with tags, and purges what is past retention', async () => {
      await click('nav-documents');
      await visible('archive-screen');
      await eventually(async () => (await byId('archive-row').count()) >= 3, 'the archive lists fewer than 3 documents');
      // Dropped on the box (a drop event carrying the file, as a file manager sends it).
      await byId('archive-drop').evaluate((el) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['Folleto de la feria de muestras\n'], 'folleto.txt', { type: 'text/plain' }));
        el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await visible('archive-title');
      check((await byId('archive-title').inputValue()) === 'folleto', `the title offered is "${await byId('archive-title').inputValue()}"`);
      await byId('archive-title').fill('Folleto feria');
      await byId('archive-category').selectOption('otros');
      await byId('archive-tags').fill('Feria, publicidad');
      await click('archive-add');
      await byId('archive-q').fill('folleto');
      await eventually(async () => (await byId('archive-row').count()) === 1, 'the new document is not found by its title');
      check(/feria/.test(await byId('archive-row').first().innerText()), 'its tags are not shown');
      await shot('archive');
      await click('archive-tab-retention');
      await eventually(async () => (await byId('retention-row').count()) >= 1, 'nothing is past retention although "Otros" keeps nothing');
      const rows = await byId('retention-row').allInnerTexts();
      check(rows.every((r) => !/Factura /.test(r)), `an issued invoice, kept 6 years, is offered for purging: ${rows.join(' | ')}`);
      const i = rows.findIndex((r) => /Folleto feria/.test(r));
      check(i >= 0, `the standalone document is not purgeable: ${rows.join(' | ')}`);
      await byId('retention-pick').nth(i).check();
      ui.page.once('dialog', (d) => d.accept());
      await click('retention-purge');
      await eventually(async () => !(await byId('retention-table').innerText().catch(() => '')).includes('Folleto feria'), 'the purged document is still listed');
      const left = await api('document_list', { q: 'folleto' });
      check(left.total === 0, 'the purged document is still in the archive');
    }],
    ['the integrity check passes', async () => {
      await click('archive-tab-verify');
      await click('verify-run');
      await visible('verify-ok');
      await shot('verify');
    }],
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
