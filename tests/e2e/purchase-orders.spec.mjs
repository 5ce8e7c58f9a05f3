// Purchase orders end-to-end suite: Debian's Chromium against `trastienda serve` on the demo
// company, through the real UI: "Pedidos" under "Compras" lists the demo's two orders; a new
// order for a demo supplier with a catalogue line and a free line is saved (numbered
// PO-<year>-0003, totals shown), sent (the PDF downloads and the order is 'sent'), refused when
// more is received than ordered (the line named), then partly received: 'Recibido en parte',
// what is outstanding per line, the delivery in the history, the link to the supplier bill;
// the list's state filter finds it.
//   node tests/e2e/purchase-orders.spec.mjs        (after scripts/setup.sh; HEADED=1 to watch)
// Screenshots go to tests/e2e/out/purchase-orders-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { BrowserSession, chromiumMissing } from './browser.mjs';
import { CLI, check, eventually, requireFile, run, suite, tempDir } from './lib.mjs';

const tmp = tempDir('purchase-orders');
const dataDir = path.join(tmp, 'data');
const company = path.join(tmp, 'demo.trastienda');
const env = { ...process.env, TRASTIENDA_DATA_DIR: dataDir, RUST_BACKTRACE: '1' };
fs.mkdirSync(dataDir, { recursive: true });

const ui = new BrowserSession('purchase-orders');
const { shot, api, byId, visible, textOf, click } = ui;
const year = new Date().getFullYear();
let supplierName = '';
let orderId = 0;

await suite(
  'e2e purchase orders (Chromium against `trastienda serve`: order, send, receive in part)',
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
    }],
    ['Pedidos, under Compras, lists the demo\'s two orders', async () => {
      await click('nav-purchase-orders');
      await visible('purchase-orders-screen');
      check(/Pedidos/.test(await textOf('nav-purchase-orders')), `the nav entry reads "${await textOf('nav-purchase-orders')}"`);
      await eventually(async () => (await byId('purchase-order-row').count()) === 2, 'the demo should show two orders');
      const states = await ui.page.getByTestId('purchase-order-row').evaluateAll((rows) => rows.map((r) => r.dataset.state).sort());
      // The received one may already be billed (the demo's payables turn it into a bill).
      check(states.includes('partial') && (states.includes('received') || states.includes('billed')), `the demo's orders are ${states}`);
      await shot('list');
    }],
    ['a new order: a demo supplier, a catalogue line and a free line, saved and numbered', async () => {
      const suppliers = await api('list_suppliers', { page_size: 50 });
      supplierName = suppliers.rows[0].legal_name;
      await click('purchase-order-new');
      await visible('purchase-order-screen');
      await eventually(async () => (await byId('purchase-order-supplier').locator('option').count()) > 1, 'no supplier to pick');
      await byId('purchase-order-supplier').selectOption({ label: supplierName });
      const products = await byId('line-product-1').locator('option').allInnerTexts();
      check(products.length > 1, 'the catalogue picker is empty');
      await byId('line-product-1').selectOption({ index: 1 });
      await eventually(async () => (await byId('line-description-1').inputValue()) !== '', 'picking a product fills no description');
      await byId('line-quantity-1').fill('10');
      await click('purchase-order-add-line');
      await byId('line-description-2').fill('Portes y embalaje especial');
      await byId('line-quantity-2').fill('1');
      await byId('line-price-2').fill('25,50');
      await click('purchase-order-save');
      await eventually(async () => (await textOf('purchase-order-number')) === `PO-${year}-0003`, `the order was not numbered PO-${year}-0003`);
      check((await byId('purchase-order-state').getAttribute('data-state')) === 'open', 'a new order is open');
      check(/25,50/.test(await textOf('purchase-order-progress')), 'the free line is not in the order');
      check(/Total/.test(await textOf('purchase-order-totals')), 'no totals');
      orderId = Number(/purchase-orders\/(\d+)/.exec(ui.page.url())?.[1] ?? 0);
      check(orderId > 0, `the address does not name the saved order: ${ui.page.url()}`);
      const saved = await api('get_purchase_order', { id: orderId });
      check(saved.lines[0].product_id !== null && saved.lines[1].product_id === null, 'one catalogue line and one free line');
      await shot('saved');
    }],
    ['send: the PDF downloads and the order is sent', async () => {
      const file = await ui.download('purchase-order-send', 'pedido.pdf');
      check(path.basename(file).includes(`PO-${year}-0003`), `the PDF is named ${path.basename(file)}`);
      check(fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the download is not a PDF');
      await eventually(async () => (await byId('purchase-order-state').getAttribute('data-state')) === 'sent', 'the order is not marked sent');
    }],
    ['receiving more than ordered is refused, naming the line', async () => {
      await click('purchase-order-receive');
      await visible('receive-dialog');
      await byId('receive-qty-2').fill('3');
      await click('receive-some');
      await visible('receive-problems');
      const said = await textOf('receive-problems');
      check(/Línea 2/.test(said) && /Portes y embalaje especial/.test(said), `the refusal says "${said}"`);
      await shot('over-received');
    }],
    ['receiving part: the order is partly received with what is outstanding per line', async () => {
      await byId('receive-qty-2').fill('');
      await byId('receive-qty-1').fill('4');
      await byId('receive-note').fill('Albarán 5521');
      await click('receive-some');
      await eventually(async () => (await byId('receive-dialog').count()) === 0, 'the dialog stays open');
      await eventually(async () => (await byId('purchase-order-state').getAttribute('data-state')) === 'partial', 'the order is not partly received');
      check((await textOf('purchase-order-state')) === 'Recibido en parte', `the badge reads "${await textOf('purchase-order-state')}"`);
      check((await textOf('received-1')) === '4', `line 1 received ${await textOf('received-1')}`);
      check((await textOf('outstanding-1')) === '6', `line 1 outstanding ${await textOf('outstanding-1')}`);
      check((await textOf('outstanding-2')) === '1', `line 2 outstanding ${await textOf('outstanding-2')}`);
      check(/Albarán 5521/.test(await textOf('purchase-order-receipts')), 'the delivery is not in the history');
      check((await byId('purchase-order-bill').getAttribute('href')) === `#/bills/new?order=${orderId}`, 'no link to the supplier bill');
      check((await byId('purchase-order-save').count()) === 0, 'an order with goods received is still editable');
      await shot('partial');
    }],
    ['the list filtered by state finds it', async () => {
      await click('purchase-order-back');
      await visible('purchase-orders-screen');
      await byId('purchase-orders-state').selectOption('partial');
      await eventually(async () => (await byId('purchase-order-row').count()) === 2, 'two partly received orders (the demo\'s and ours)');
      check((await ui.page.getByTestId('purchase-order-row').allInnerTexts()).some((t) => t.includes(`PO-${year}-0003`)), 'ours is not listed');
      await shot('filtered');
    }],
  ],
  {
    onFailure: ui.onFailure,
    onExit: ui.close,
  },
);
