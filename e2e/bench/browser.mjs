// The browser rows of scripts/bench: the console against a vanilla-JS page (vanilla/) that
// fetches the same JSON from the same server and draws the same table, in Debian's Chromium
// through playwright-core (no browser download). Every load is a fresh context, so the cache
// is cold. For 100 and 1,000 rows the two pages alternate, ROUNDS times each; a round's ratio is
// console time / vanilla time (navigation start → the table's last row painted), and the median
// of those ratios is reported. Also: DOM nodes per table row, the WASM memory after 1,000 rows,
// and the bytes of wasm + js + css the first load fetched.
//
// Usage: node browser.mjs <console-url> <account>   (prints one JSON object on stdout)
import { chromium } from 'playwright-core';

const [base, account] = process.argv.slice(2);
if (!base || !account) {
  console.error('usage: node browser.mjs <console-url> <account>');
  process.exit(2);
}
const ROUNDS = Number(process.env.SNAPDECK_BENCH_ROUNDS ?? 7);
const TIMEOUT = 60_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

// Keeps a handle on the WASM instance's memory, whichever way the loader instantiates it.
function recordWasmMemory() {
  const keep = (result) => {
    const instance = result.instance ?? result;
    const memory = instance?.exports?.memory;
    if (memory) window.__benchWasmMemory = memory;
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
  }
}

const pages = {
  console: (rows) => `${base}/accounts/${account}/snapshots?limit=${rows}`,
  vanilla: (rows) => `${base}/bench-vanilla.html?account=${account}&limit=${rows}`,
};

/** One cold load: ms from navigation start to the table's `rows` rows painted, and what the page holds then. */
async function load(kind, rows) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(recordWasmMemory);
  await page.goto(pages[kind](rows), { waitUntil: 'commit', timeout: TIMEOUT });
  await page.waitForFunction(
    (n) => document.querySelectorAll('table tbody tr').length >= n,
    rows,
    { polling: 'raf', timeout: TIMEOUT },
  );
  const facts = await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => {
          const painted = performance.now();
          const body = document.querySelector('table tbody');
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_ALL);
          let nodes = 0;
          while (walker.nextNode()) nodes += 1;
          const shipped = performance
            .getEntriesByType('resource')
            .filter((entry) => /\.(wasm|js|css)(\?|$)/.test(entry.name))
            .reduce((sum, entry) => sum + entry.encodedBodySize, 0);
          resolve({
            ms: painted,
            nodesPerRow: nodes / body.rows.length,
            wasmBytes: window.__benchWasmMemory?.buffer.byteLength ?? null,
            shippedBytes: shipped,
          });
        }),
      ),
  );
  await context.close();
  return facts;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const result = { rounds: ROUNDS };
for (const rows of [100, 1000]) {
  const ratios = [];
  const times = { console: [], vanilla: [] };
  let last;
  // Warm the server's side (connections, the emulator's pages) once; the browser stays cold.
  await load('vanilla', rows);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which goes first, so a drift in the machine's load hits both alike.
    const order = round % 2 ? ['vanilla', 'console'] : ['console', 'vanilla'];
    const got = {};
    for (const kind of order) {
      got[kind] = await load(kind, rows);
      times[kind].push(got[kind].ms);
    }
    ratios.push(got.console.ms / got.vanilla.ms);
    last = got;
  }
  result[`rows${rows}`] = {
    ratio: median(ratios),
    consoleMs: median(times.console),
    vanillaMs: median(times.vanilla),
    consoleNodesPerRow: last.console.nodesPerRow,
    vanillaNodesPerRow: last.vanilla.nodesPerRow,
    wasmBytes: last.console.wasmBytes,
    shippedBytes: last.console.shippedBytes,
  };
}
await browser.close();
console.log(JSON.stringify(result));
