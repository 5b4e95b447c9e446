// Headless Chromium (Debian's, driven by playwright-core) loads pages served on
// 127.0.0.1: the example console as plain ES modules (in-process sandbox), and an
// esbuild bundle running a setup over fetch against the sandbox server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { copyFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from '../helpers/server.mjs';

const PKG = new URL('../../', import.meta.url).pathname;
const ROOT = join(PKG, '..');
const OUT = join(PKG, 'build/browser');
const SHOTS = join(PKG, 'build/screenshots');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const ALLOWED = ['bindings-js/dist/', 'bindings-js/build/browser/', 'examples/web/'];

let http;
let base;
let sandbox;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  // The bundle: esbuild, browser platform; the .wasm files go next to it.
  execFileSync(join(PKG, 'node_modules/.bin/esbuild'), [join(PKG, 'test/browser/bundle-entry.mjs'), '--bundle', '--format=esm',
    '--platform=browser', '--target=es2022', '--minify', `--outfile=${join(OUT, 'bundle.mjs')}`, '--log-level=warning']);
  for (const f of ['exotel_sip_wasm_bg.wasm']) copyFileSync(join(PKG, 'dist', f), join(OUT, f));
  copyFileSync(join(PKG, 'test/browser/index.html'), join(OUT, 'index.html'));
  http = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    const file = join(ROOT, path.endsWith('/') || path === '' ? `${path}index.html` : path);
    if (!ALLOWED.some((p) => `${path}`.startsWith(p)) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${http.address().port}`;
  sandbox = await startServer();
});

after(async () => {
  await new Promise((r) => http?.close(r));
  await sandbox?.stop();
});

async function withPage(run) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'], timeout: 30000 });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await run(page, errors);
  } finally {
    await browser.close();
  }
}

test('the example console runs the PSTN setup as plain ES modules (in-process sandbox)', { timeout: 60000 }, async () => {
  await withPage(async (page, errors) => {
    await page.goto(`${base}/examples/web/?autorun`, { timeout: 20000 });
    await page.waitForSelector('#status[data-state="done"], #status[data-state="failed"]', { timeout: 20000 });
    await page.screenshot({ path: join(SHOTS, 'console.png'), fullPage: true });
    const text = await page.textContent('#status');
    assert.match(text, /^PSTN setup done \(trunk tr/, `${text} ${errors}`);
    assert.equal(await page.locator('#steps > li.ok').count(), 6);
    assert.ok((await page.locator('#steps pre').count()) >= 6);
    assert.deepEqual(errors, []);
  });
});

test('an esbuild bundle runs a setup over fetch against the sandbox server (CORS)', { timeout: 60000 }, async () => {
  await withPage(async (page, errors) => {
    await page.goto(`${base}/bindings-js/build/browser/index.html?server=${encodeURIComponent(sandbox.url)}`, { timeout: 20000 });
    await page.waitForSelector('#out[data-state="done"], #out[data-state="failed"]', { timeout: 20000 });
    await page.screenshot({ path: join(SHOTS, 'bundle.png') });
    const text = await page.textContent('#out');
    assert.match(text, /^bundle setup done: tr\w+ pstn NotFoundError$/, `${text} ${errors}`);
    assert.deepEqual(errors, []);
  });
});
