// Reports end-to-end suite: Debian's Chromium (playwright-core) against `trastienda serve`, through
// the real UI, on a company whose books the test writes itself, so every figure is computed by hand:
// the profit and loss, the balance sheet, the cash flow, a drill-down to the postings behind a
// figure, monthly and comparison columns, the libro diario, the libro mayor, and a PDF export.
//   node tests/e2e/reports.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/reports-*.png.
//
// The books (es-pymes chart; fiscal years 2023 and 2024 are created before the current one):
//   2023-03-01  572 D 10,000.00 / 100 C 10,000.00   capital
//   2023-06-15  430 D  1,210.00 / 700 C 1,000.00, 477 C 210.00   sale
//   2023-07-01  572 D  1,210.00 / 430 C 1,210.00   collection
//   2024-01-10  430 D  2,420.00 / 700 C 2,000.00, 477 C 420.00   sale (E1)
//   2024-02-15  600 D    500.00, 472 D 105.00 / 400 C 605.00      purchase (E2)
//   2024-03-05  621 D    300.00 / 572 C 300.00   rent (E3)
//   2024-04-20  430 D  1,815.00 / 700 C 1,500.00, 477 C 315.00   sale (E4)
//   2024-05-30  572 D  2,420.00 / 430 C 2,420.00   collection (E5)
//   2024-06-30  640 D    800.00 / 572 C 800.00   wages (E6)
// Profit and loss 2024: 1. revenue 3,500.00; 4. supplies -500.00; 6. staff -800.00;
//   7. other operating expenses -300.00; A) = D) result 1,900.00. In 2023: revenue 1,000.00.
// Balance sheet at 31/12/2024 (no year closed, so VII. result holds 2023's 1,000 + 2024's 1,900):
//   bank 12,530.00 + clients 1,815.00 + VAT paid 105.00 = total assets 14,450.00;
//   capital 10,000.00 + result 2,900.00 + suppliers 605.00 + VAT charged 945.00 = 14,450.00.
// Cash 2024: opening 11,210.00, closing 12,530.00, net change 1,320.00; receipts from clients
//   (43) 2,420.00: the collection E5 only, not the invoices.
// Libro diario 2024: 6 entries, debit = credit = 8,360.00.
// Libro mayor 2024, account 700: opening -1,000.00 (2023, not closed), credit 3,500.00, closing -4,500.00.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, Failure, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('reports');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'informes.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('reports');
const { shot, api, byId, visible, textOf, download } = ui;
const acc = {};
const entries = {};

/** A shown amount ("-1.234,56", "1.234,56 €", "–" for zero) as a wire string ("-1234.56"). */
function wire(shown) {
  const s = shown.replace(/[\s\u00a0\u202f€]/g, '').replace('−', '-');
  if (s === '–' || s === '') return '0.00';
  const m = /^(-?)([\d.]+),(\d{2})$/.exec(s);
  if (!m) return `?${shown}`;
  return `${m[1]}${m[2].replace(/\./g, '')}.${m[3]}`;
}

/** The figure of a statement line (by key) in a column, as a wire string. */
async function figure(key, column = 0) {
  const cell = ui.page.locator(`[data-testid=report-line][data-key="${key}"] td[data-column="${column}"]`).first();
  return wire(((await cell.innerText({ timeout: 5_000 })) ?? '').trim());
}

/** Waits until the line shows the expected figure; fails saying what it shows. */
async function expectFigure(key, column, expected, what) {
  let seen = '';
  try {
    await eventually(async () => (seen = await figure(key, column)) === expected, `${what}: line ${key}, column ${column}`);
  } catch {
    throw new Failure(`${what}: line "${key}" column ${column} shows ${seen || '(nothing)'}, expected ${expected} (url ${ui.page.url()})`);
  }
}

async function columnLabels() {
  return (await byId('report-column').allInnerTexts()).map((s) => s.trim());
}

/** Types a date into a DateInput (its test id is on the <data> around the input). */
async function setDate(id, iso) {
  await (await visible(id)).fill(iso);
  await eventually(async () => (await byId(id).first().evaluate((el) => el.value)) === iso, `[data-testid=${id}] did not take ${iso}`);
}

async function postableAccount(prefix) {
  const rows = await api('search_accounts', { query: prefix, limit: 30 });
  const row = rows.find((r) => String(r.code).startsWith(prefix) && r.postable !== false);
  check(row, `no postable account starting with ${prefix} in the es-pymes chart (search gave ${rows.map((r) => r.code).join(', ') || 'nothing'})`);
  return String(row.code);
}

async function post(name, date, description, lines) {
  const e = await api('post_entry', {
    date,
    description,
    lines: lines.map(([account, debit, credit]) => ({ account: acc[account], description: '', debit, credit })),
  });
  check(e && e.id, `post_entry for ${name} returned ${JSON.stringify(e)}`);
  entries[name] = e;
}

async function waitLoaded() {
  await visible('report-table');
  await eventually(async () => !(await ui.page.locator('table.statement.loading').count()), 'the statement kept loading');
}

await suite(
  'e2e reports (Chromium against `trastienda serve`: statements, drill-down, books)',
  [
    ['the CLI and Chromium are there', () => {
      requireFile(CLI, 'run scripts/setup.sh (cargo build --workspace --bins)');
      check(!chromiumMissing(), chromiumMissing());
    }],
    ['`trastienda init` makes "Informes SL" (es-pymes) and `serve` opens it', async () => {
      run(CLI, ['init', '--company', company, '--name', 'Informes SL', '--tax-id', 'B12345674', '--template', 'es-pymes'], { env });
      await ui.serve(company, env);
    }],
    ['fiscal years back to 2023 exist', async () => {
      for (;;) {
        const info = await api('periods_info');
        const first = Math.min(...info.years.map((y) => y.year));
        if (first <= 2023) break;
        await api('create_fiscal_year', { year: first - 1 });
      }
    }],
    ['the books of 2023 and 2024 are posted', async () => {
      for (const p of ['572', '100', '430', '700', '477', '472', '400', '600', '621', '640']) acc[p] = await postableAccount(p);
      await post('capital', '2023-03-01', 'Aportación de capital', [['572', '10000.00', '0'], ['100', '0', '10000.00']]);
      await post('sale2023', '2023-06-15', 'Venta 2023', [['430', '1210.00', '0'], ['700', '0', '1000.00'], ['477', '0', '210.00']]);
      await post('collect2023', '2023-07-01', 'Cobro 2023', [['572', '1210.00', '0'], ['430', '0', '1210.00']]);
      await post('E1', '2024-01-10', 'Factura 1 a Cliente Uno', [['430', '2420.00', '0'], ['700', '0', '2000.00'], ['477', '0', '420.00']]);
      await post('E2', '2024-02-15', 'Compra de mercaderías', [['600', '500.00', '0'], ['472', '105.00', '0'], ['400', '0', '605.00']]);
      await post('E3', '2024-03-05', 'Alquiler de marzo', [['621', '300.00', '0'], ['572', '0', '300.00']]);
      await post('E4', '2024-04-20', 'Factura 2 a Cliente Dos', [['430', '1815.00', '0'], ['700', '0', '1500.00'], ['477', '0', '315.00']]);
      await post('E5', '2024-05-30', 'Cobro de la factura 1', [['572', '2420.00', '0'], ['430', '0', '2420.00']]);
      await post('E6', '2024-06-30', 'Nómina de junio', [['640', '800.00', '0'], ['572', '0', '800.00']]);
    }],
    ['the UI opens on the company', async () => {
      await ui.open();
      await eventually(async () => (await textOf('company-name')).includes('Informes SL'), 'the top bar never showed "Informes SL"');
    }],
    ['the profit and loss of 2024: revenue 3,500.00, result 1,900.00', async () => {
      await (await visible('nav-profit-loss')).click();
      await visible('report-screen');
      await setDate('report-from', '2024-01-01');
      await setDate('report-to', '2024-12-31');
      await waitLoaded();
      const title = await textOf('report-title');
      check(/pérdidas y ganancias/i.test(title), `the statement's title is "${title}", expected the cuenta de pérdidas y ganancias`);
      await expectFigure('1', 0, '3500.00', '1. Importe neto de la cifra de negocios');
      await expectFigure('4', 0, '-500.00', '4. Aprovisionamientos');
      await expectFigure('6', 0, '-800.00', '6. Gastos de personal');
      await expectFigure('7', 0, '-300.00', '7. Otros gastos de explotación');
      await expectFigure('A', 0, '1900.00', 'A) Resultado de explotación');
      await expectFigure('D', 0, '1900.00', 'D) RESULTADO DEL EJERCICIO');
      const d = ui.page.locator('[data-testid=report-line][data-key="D"]');
      check(/RESULTADO DEL EJERCICIO/.test(await d.innerText()), 'line D is not "RESULTADO DEL EJERCICIO"');
      check((await d.getAttribute('data-style')) === 'total', 'line D is not styled as a total');
      check(ui.page.url().includes('from=2024-01-01') && ui.page.url().includes('to=2024-12-31'), `the period is not in the URL: ${ui.page.url()}`);
      check((await byId('report-check-failed').count()) === 0, 'a check failed on books that balance');
      await shot('profit-loss');
    }],
    ['a reload keeps the period', async () => {
      await ui.page.reload();
      await waitLoaded();
      await expectFigure('1', 0, '3500.00', 'after a reload, 1. revenue');
    }],
    ['compared with the previous year: revenue 1,000.00 in 2023', async () => {
      await (await visible('report-compare')).selectOption('previous-year');
      await eventually(async () => (await columnLabels()).length === 2, 'the comparison column did not appear');
      await expectFigure('1', 1, '1000.00', 'revenue of 2023');
      await expectFigure('D', 1, '1000.00', 'result of 2023');
      await expectFigure('1', 0, '3500.00', 'revenue of 2024 beside 2023');
      const labels = await columnLabels();
      check(labels[0] === '2024' && labels[1] === '2023', `the columns are ${JSON.stringify(labels)}, expected ["2024","2023"]`);
      await (await visible('report-compare')).selectOption('');
      await eventually(async () => (await columnLabels()).length === 1, 'the comparison column did not go away');
    }],
    ['monthly columns: 12 months and the total', async () => {
      await (await visible('report-monthly')).check();
      await eventually(async () => (await columnLabels()).length === 13, 'the monthly columns did not appear');
      const labels = await columnLabels();
      check(/^ene/i.test(labels[0]) && /^dic/i.test(labels[11]) && /total/i.test(labels[12]), `the monthly columns are ${JSON.stringify(labels)}`);
      await expectFigure('1', 0, '2000.00', 'revenue in January');
      await expectFigure('1', 3, '1500.00', 'revenue in April');
      await expectFigure('1', 1, '0.00', 'revenue in February');
      await expectFigure('1', 12, '3500.00', 'revenue in the total column');
      await expectFigure('D', 12, '1900.00', 'result in the total column');
      check(ui.page.url().includes('monthly=1'), `monthly is not in the URL: ${ui.page.url()}`);
      await shot('profit-loss-monthly');
      await (await visible('report-monthly')).uncheck();
      await eventually(async () => (await columnLabels()).length === 1, 'the monthly columns did not go away');
    }],
    ['export the statement as PDF: a PDF with the title and the figures', async () => {
      const pdf = await download('export-pdf', 'profit-loss.pdf');
      const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
      check(head === '%PDF-', `the exported PDF ${pdf} does not start with %PDF- (starts with ${JSON.stringify(head)})`);
      const txt = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      check(txt.status === 0, `pdftotext could not read ${pdf}: ${txt.stderr}`);
      check(/p[ée]rdidas y ganancias/i.test(txt.stdout), `the PDF's text has no title "pérdidas y ganancias":\n${txt.stdout.slice(0, 600)}`);
      check(/3\.500,00/.test(txt.stdout), `the PDF's text has no revenue 3.500,00:\n${txt.stdout.slice(0, 1200)}`);
      check(/1\.900,00/.test(txt.stdout), `the PDF's text has no result 1.900,00`);
      check(/Informes SL/.test(txt.stdout), `the PDF's text has no company name`);
    }],
    ['the revenue figure drills down to exactly its two postings', async () => {
      const link = ui.page.locator('[data-testid=report-line][data-key="1"] [data-testid=report-drill]').first();
      await link.click();
      await visible('drill-screen');
      await eventually(async () => (await byId('drill-row').count()) === 2, `the drill-down does not list 2 postings`);
      const ids = await byId('drill-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-entry'))));
      check(
        JSON.stringify(ids) === JSON.stringify([entries.E1.id, entries.E4.id]),
        `the drill-down lists entries ${JSON.stringify(ids)}, expected the two sales ${JSON.stringify([entries.E1.id, entries.E4.id])}`,
      );
      const title = await textOf('drill-title');
      check(/Importe neto de la cifra de negocios/.test(title) && /2024/.test(title), `the drill-down title is "${title}"`);
      check(wire(await textOf('drill-total')) === '-3500.00', `drill-total shows ${await textOf('drill-total')}, expected -3.500,00 (debit − credit)`);
      await eventually(async () => wire(await textOf('drill-figure')) === '3500.00', 'drill-figure does not show the report figure 3.500,00 €');
      const rows = await byId('drill-table').innerText();
      check(/2\.000,00/.test(rows) && /1\.500,00/.test(rows), `the postings are not 2.000,00 and 1.500,00:\n${rows}`);
      await shot('drill-down');
    }],
    ['a posting links to its entry, and Back returns to the same statement', async () => {
      const first = byId('drill-entry').first();
      check((await first.getAttribute('href')) === `#/journal/${entries.E1.id}`, `the first posting links to ${await first.getAttribute('href')}`);
      await first.click();
      await visible('entry-screen');
      const t = await textOf('entry-title');
      check(t.includes(`${entries.E1.number}/2024`), `the entry screen's title is "${t}", expected entry ${entries.E1.number}/2024`);
      await ui.page.goBack();
      await visible('drill-screen');
      await (await visible('drill-back')).click();
      await waitLoaded();
      check(ui.page.url().includes('from=2024-01-01') && ui.page.url().includes('to=2024-12-31'), `back from the drill-down lost the period: ${ui.page.url()}`);
      await expectFigure('1', 0, '3500.00', 'back on the statement, revenue');
    }],
    ['the balance sheet at 31/12/2024: total assets = equity + liabilities = 14,450.00', async () => {
      await (await visible('nav-balance-sheet')).click();
      await visible('report-screen');
      // The P&L's screen may still be on its way out: wait for the balance sheet's toolbar.
      await eventually(async () => (await byId('report-from').count()) === 0, 'the balance sheet shows a "from" date; it has only "at"');
      await setDate('report-to', '2024-12-31');
      await waitLoaded();
      await expectFigure('TA', 0, '14450.00', 'TOTAL ACTIVO');
      await expectFigure('TPNP', 0, '14450.00', 'TOTAL PATRIMONIO NETO Y PASIVO');
      await expectFigure('AC.6', 0, '12530.00', 'VI. Efectivo');
      await expectFigure('AC.2.1', 0, '1815.00', '1. Clientes');
      await expectFigure('PN.1.7', 0, '2900.00', 'VII. Resultado del ejercicio');
      await expectFigure('PC.4.1', 0, '605.00', '1. Proveedores');
      await expectFigure('PC.4.2', 0, '945.00', '2. Otros acreedores');
      check((await byId('report-check-failed').count()) === 0, 'the balance sheet says it does not balance');
      check((await byId('report-unassigned').count()) === 0, 'the balance sheet lists unassigned accounts');
      await shot('balance-sheet');
    }],
    ['the cash flow of 2024: 11,210.00 + 1,320.00 = 12,530.00', async () => {
      await (await visible('nav-cash-flow')).click();
      await visible('report-screen');
      await setDate('report-from', '2024-01-01');
      await setDate('report-to', '2024-12-31');
      await waitLoaded();
      await expectFigure('opening', 0, '11210.00', 'opening cash');
      await expectFigure('net_change', 0, '1320.00', 'net change in cash');
      await expectFigure('closing', 0, '12530.00', 'closing cash');
      await expectFigure('receipts.43', 0, '2420.00', 'receipts from clients (43)');
      await shot('cash-flow');
    }],
    ['the clients\' receipts drill down to the collection only, not the invoices', async () => {
      await ui.page.locator('[data-testid=report-line][data-key="receipts.43"] [data-testid=report-drill]').first().click();
      await visible('drill-screen');
      await eventually(async () => (await byId('drill-row').count()) === 1, 'the cash drill-down does not list exactly 1 row');
      const ids = await byId('drill-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-entry'))));
      check(ids[0] === entries.E5.id, `the receipts from clients drill down to entry ${ids[0]}, expected the collection ${entries.E5.id}`);
      check(wire(await textOf('drill-total')) === '2420.00', `drill-total shows ${await textOf('drill-total')}, expected 2.420,00`);
      await shot('cash-flow-drill-down');
      await (await visible('drill-back')).click();
      await waitLoaded();
    }],
    ['the libro diario of 2024: 6 entries numbered 1–6, totals 8,360.00', async () => {
      await (await visible('nav-journal-book')).click();
      await visible('book-screen');
      await setDate('book-from', '2024-01-01');
      await setDate('book-to', '2024-12-31');
      await eventually(async () => (await byId('book-entry').count()) === 6, 'the journal book does not show 6 entries');
      const numbers = await byId('book-number').allInnerTexts();
      check(numbers.join(',') === '1,2,3,4,5,6', `the correlative numbers are ${numbers.join(',')}`);
      check(wire(await textOf('book-total-debit')) === '8360.00', `book-total-debit shows ${await textOf('book-total-debit')}`);
      check(wire(await textOf('book-total-credit')) === '8360.00', `book-total-credit shows ${await textOf('book-total-credit')}`);
      const first = await byId('book-entry').first().innerText();
      check(first.includes('Factura 1 a Cliente Uno') && first.includes(acc['700']), `the first entry is not the sale on 10/01/2024:\n${first}`);
      await shot('journal-book');
    }],
    ['the libro mayor of account 700 in 2024: opening -1,000.00, two credits, closing -4,500.00', async () => {
      await (await visible('nav-ledger')).click();
      await visible('ledger-screen');
      await setDate('ledger-from', '2024-01-01');
      await setDate('ledger-to', '2024-12-31');
      for (const id of ['ledger-first', 'ledger-last']) {
        const input = await visible(id);
        await input.fill(acc['700']);
        await input.press('Enter');
      }
      await eventually(async () => (await byId('ledger-row').count()) === 1, 'the ledger for 700–700 does not show exactly one account');
      const row = byId('ledger-row').first();
      check((await row.getAttribute('data-code')) === acc['700'], `the ledger row is ${await row.getAttribute('data-code')}`);
      // No year is closed, so 2023's sales are 700's opening balance.
      check(wire(await textOf('ledger-total-opening')) === '-1000.00', `the opening balance is ${await textOf('ledger-total-opening')}`);
      check(wire(await textOf('ledger-total-closing')) === '-4500.00', `the closing balance is ${await textOf('ledger-total-closing')}`);
      check(wire(await textOf('ledger-total-credit')) === '3500.00', `the credit total is ${await textOf('ledger-total-credit')}`);
      await (await visible('ledger-toggle')).click();
      await eventually(async () => (await byId('ledger-posting').count()) === 2, 'the expanded account does not show its 2 postings');
      await shot('ledger');
    }],
    ['the trial balance opens as monthly columns and comes back', async () => {
      await (await visible('nav-trial-balance')).click();
      await visible('tb-table');
      await setDate('tb-from', '2024-01-01');
      await setDate('tb-to', '2024-12-31');
      await (await visible('tb-monthly')).click();
      await visible('report-screen');
      await waitLoaded();
      await eventually(async () => (await columnLabels()).length === 13, 'the trial balance did not show 12 months and the total');
      check(ui.page.url().includes('/reports/trial-balance') && ui.page.url().includes('from=2024-01-01'), `the URL is ${ui.page.url()}`);
      await shot('trial-balance-monthly');
      await (await visible('report-monthly')).click();
      await visible('tb-table');
      await eventually(async () => wire(await textOf('tb-total-debit')) === '8360.00', 'back in the trial balance, the debit total is not 8.360,00');
    }],
    ['in English the statement is worded in English', async () => {
      await (await visible('nav-profit-loss')).click();
      await visible('report-screen');
      await (await visible('lang-toggle')).click();
      await eventually(async () => /profit and loss/i.test(await textOf('report-title')), 'the title did not switch to English');
      await eventually(async () => /revenue/i.test(await ui.page.locator('[data-testid=report-line][data-key="1"]').innerText()), 'line 1 did not switch to English');
      await shot('profit-loss-english');
      await (await visible('lang-toggle')).click();
      await eventually(async () => /pérdidas y ganancias/i.test(await textOf('report-title')), 'the title did not switch back to Spanish');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
