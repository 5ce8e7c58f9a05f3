// Correspondence and e-mail end to end: Debian's Chromium against `trastienda serve` on the
// demo company, through the real UI only. A call with a follow-up in two days is added on a
// customer's card (a missing subject named first) and listed there, a file attached to it;
// Seguimientos shows it with
// the customer, and marking it done takes it off. On Correo the fixture mailbox (24 messages,
// crates/api/tests/fixtures/mail/triage.mbox) is imported with the file picker: the report and
// each pile's count; the adviser's message is moved from Otros to Facturación with 'crear
// regla' by sender, the counts follow and the rule heads the rules list.
//   node tests/e2e/mail.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/mail-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, ROOT, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('mail');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, TRASTIENDA_NO_VIEWER: '1', RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });
const MBOX = path.join(ROOT, 'crates/api/tests/fixtures/mail/triage.mbox');

const ui = new BrowserSession('mail');
const { shot, api, byId, visible, textOf, click } = ui;

const DAY = 86_400_000;
const todayD = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
const iso = (d) => d.toISOString().slice(0, 10);
const es = (d) => `${iso(d).slice(8, 10)}/${iso(d).slice(5, 7)}/${iso(d).slice(0, 4)}`;
const plusDays = (n) => new Date(todayD.getTime() + n * DAY);

let customer = null;
/** The demo's own mail per pile, before the fixture is imported. */
let base = {};
const count = async (pile) => Number((await textOf(`mail-pile-count-${pile}`)).trim());

await suite(
  'e2e mail (Chromium against `trastienda serve`: correspondence, follow-ups, e-mail import and triage)',
  [
    ['the CLI, Chromium and the fixture mailbox are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      requireFile(MBOX, 'the fixture is committed with the api tests');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda demo` makes the demo company and `serve` opens it', async () => {
      run(CLI, ['demo', '--company', company, '--entries', '200'], { env });
      await ui.serve(company, env);
      await ui.open();
      await visible('company-name');
      // A customer the demo's own correspondence does not involve, so the card starts empty.
      for (const c of (await api('list_customers', { page_size: 50 })).rows) {
        if ((await api('correspondence_list', { party_kind: 'customer', party_id: c.id })).length === 0) {
          customer = c;
          break;
        }
      }
      check(customer, 'every demo customer already has correspondence');
      base = Object.fromEntries((await api('triage_piles', {})).map((p) => [p.pile, p.count]));
    }],
    ['a call with a follow-up is added on a customer card', async () => {
      await ui.page.goto(`${ui.baseUrl}/#/customers/${customer.id}`);
      await visible('correspondence');
      await click('corr-add');
      await visible('corr-form');
      await click('corr-save');
      await visible('problem-subject');
      await byId('corr-channel').selectOption('call');
      await byId('corr-direction').selectOption('out');
      await byId('corr-subject').fill('Llamada por el pedido de primavera');
      await byId('corr-notes').fill('Quiere precio para 200 unidades; volver a llamar');
      const f = byId('corr-follow-up-input');
      await f.fill(es(plusDays(2)));
      await f.press('Tab');
      await eventually(async () => (await byId('corr-follow-up').getAttribute('value')) === iso(plusDays(2)), `the follow-up holds ${await byId('corr-follow-up').getAttribute('value')}`);
      await click('corr-save');
      await eventually(async () => (await byId('corr-row').count()) === 1, 'the entry is not listed on the card');
      const row = await byId('corr-row').first().innerText();
      check(/Llamada por el pedido de primavera/.test(row) && row.includes(es(plusDays(2))), `the entry reads "${row}"`);
      await shot('card');
    }],
    ['a file attached to the entry is counted on it', async () => {
      await byId('corr-subject-text').first().click();
      const detail = await visible('corr-detail');
      await detail.locator('[data-testid="attachments-input"]').setInputFiles({ name: 'notas-llamada.txt', mimeType: 'text/plain', buffer: Buffer.from('Precio acordado: 3,20 por unidad') });
      await eventually(async () => (await detail.locator('[data-testid="attachment"]').count()) === 1, 'the attached file is not listed on the entry');
      await eventually(async () => /1 adjunto/.test(await byId('corr-row').first().innerText()), 'the entry does not count its attachment');
      await shot('card-attachment');
    }],
    ['Seguimientos lists it with the customer; done takes it off', async () => {
      await click('nav-follow-ups');
      await visible('follow-ups-screen');
      const ours = async () => (await byId('follow-up-row').allInnerTexts()).findIndex((r) => /pedido de primavera/.test(r));
      await eventually(async () => (await ours()) >= 0, 'Seguimientos does not list the follow-up');
      const i = await ours();
      const row = await byId('follow-up-row').nth(i).innerText();
      check(row.includes(customer.legal_name) && /en 2 día/.test(row), `the follow-up reads "${row}"`);
      await shot('follow-ups');
      await byId('follow-up-done').nth(i).click();
      await eventually(async () => (await ours()) < 0, 'the follow-up marked done is still listed');
    }],
    ['Correo imports the fixture mailbox into its piles', async () => {
      await click('nav-mail');
      await visible('mail-screen');
      await byId('mail-import-file').setInputFiles(MBOX);
      await visible('mail-import-report', 30_000);
      const report = await textOf('mail-import-report');
      check(/24 importado/.test(report), `the report reads "${report}"`);
      const counts = {};
      for (const p of ['billing', 'payments', 'complaint', 'order', 'other']) counts[p] = await count(p);
      const fixture = { billing: 6, payments: 4, complaint: 4, order: 5, other: 5 };
      const want = Object.fromEntries(Object.entries(fixture).map(([p, n]) => [p, n + (base[p] ?? 0)]));
      check(JSON.stringify(counts) === JSON.stringify(want), `the piles hold ${JSON.stringify(counts)}, not the demo's ${JSON.stringify(base)} plus the fixture's ${JSON.stringify(fixture)}`);
      await eventually(async () => (await byId('mail-row').count()) === want.billing, `Facturación does not list its ${want.billing} messages`);
      const progress = await api('mail_import_progress', {});
      check(progress.done === 24 && progress.total === 24 && !progress.active, `the progress says ${JSON.stringify(progress)}`);
      await shot('billing');
    }],
    ['a message moved with “crear regla” changes the counts and makes a rule', async () => {
      await click('mail-pile-other');
      const other = 5 + (base.other ?? 0);
      const billing = 6 + (base.billing ?? 0);
      await eventually(async () => (await byId('mail-row').count()) === other, `Otros does not list its ${other} messages`);
      await byId('mail-make-rule').check();
      await byId('mail-rule-from').selectOption('sender');
      const rows = await byId('mail-row').allInnerTexts();
      const i = rows.findIndex((r) => /modelo 303/.test(r));
      check(i >= 0, `the adviser's message is not in Otros: ${rows.join(' | ')}`);
      await byId('mail-move').nth(i).selectOption('billing');
      await eventually(async () => (await count('billing')) === billing + 1 && (await count('other')) === other - 1, 'the counts did not follow the move');
      await eventually(async () => (await byId('mail-row').count()) === other - 1, 'the moved message is still in Otros');
      await click('mail-rules-toggle');
      await visible('mail-rules');
      const first = await byId('mail-rule-row').first().innerText();
      check(/gestoria@asesoriafiscal\.es/.test(first) && /Facturación/.test(first), `the first rule reads "${first}"`);
      await shot('reclassified');
    }],
  ],
  { onFailure: ui.onFailure, onExit: ui.close },
);
