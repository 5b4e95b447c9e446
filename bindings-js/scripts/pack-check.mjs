// `npm pack` → install into an empty project outside the repo → run the README's
// quick start from `import` and from `require` (against the sandbox server on
// 127.0.0.1), and the `/testing` entry. Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, SANDBOX } from '../test/helpers/server.mjs';

const PKG = new URL('../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'exotel-sip-pack-'));
const server = await startServer();
try {
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: PKG, encoding: 'utf8' }).trim().split('\n').at(-1);
  const tarball = join(dir, packed);
  console.log(`packed ${packed}`);
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, version: '1.0.0' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', tarball], { cwd: app, stdio: 'inherit' });
  const files = readdirSync(join(app, 'node_modules/exotel-sip/dist'));
  console.log(`installed: ${files.length} files in dist/ (${files.filter((f) => f.endsWith('.wasm')).join(', ')})`);
  // The README's quick start (Node), as ESM and as CommonJS.
  const quickStart = (mod) => `${mod}
const client = new ExotelClient(); // EXOTEL_ACCOUNT_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN (+ EXOTEL_BASE_URL)
async function main() {
  const trunk = await client.createTrunk({ trunk_name: 'pbx_main' });
  const number = await client.mapPhoneNumber({ trunk_sid: trunk.trunk_sid, phone_number: '+919876543210', mode: 'pstn' });
  try {
    await client.createTrunk({ trunk_name: 'pbx_main' });
  } catch (e) {
    if (!(e instanceof DuplicateError)) throw e;
    console.log('duplicate', e.code);
  }
  console.log('quick start done', trunk.trunk_sid, number.mode);
}
main().catch((e) => { console.error(e); process.exit(1); });
`;
  writeFileSync(join(app, 'quick.mjs'), quickStart("import { ExotelClient, DuplicateError } from 'exotel-sip';"));
  writeFileSync(join(app, 'quick.cjs'), quickStart("const { ExotelClient, DuplicateError } = require('exotel-sip');"));
  writeFileSync(join(app, 'testing.mjs'), `import { InProcessSandbox } from 'exotel-sip/testing';
const client = new InProcessSandbox().client();
const t = await client.createTrunk({ trunk_name: 'hermetic' });
console.log('testing entry done', t.trunk_sid);
`);
  writeFileSync(join(app, 'testing.cjs'), `const { InProcessSandbox } = require('exotel-sip/testing');
new InProcessSandbox().client().createTrunk({ trunk_name: 'hermetic' }).then((t) => console.log('testing entry (require) done', t.trunk_sid));
`);
  const env = { ...process.env, EXOTEL_ACCOUNT_SID: SANDBOX.accountSid, EXOTEL_API_KEY: SANDBOX.apiKey, EXOTEL_API_TOKEN: SANDBOX.apiToken, EXOTEL_BASE_URL: server.url };
  for (const script of ['quick.mjs', 'quick.cjs', 'testing.mjs', 'testing.cjs']) {
    await server.control('POST', 'reset');
    const out = execFileSync('node', [script], { cwd: app, env, encoding: 'utf8', timeout: 30000 });
    process.stdout.write(`${script}: ${out}`);
    if (!/done/.test(out)) throw new Error(`${script} did not finish`);
  }
  // TypeScript consumers, ESM and CommonJS, resolve the declarations through "exports".
  const consumer = `import { ExotelClient, isNotFoundError } from 'exotel-sip';
import { InProcessSandbox } from 'exotel-sip/testing';
const c: ExotelClient = new InProcessSandbox().client();
void c.createTrunk({ trunk_name: 'x' }).catch((e: unknown) => isNotFoundError(e));
`;
  writeFileSync(join(app, 'types.cts'), consumer);
  writeFileSync(join(app, 'types.mts'), consumer);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] }, files: ['types.cts', 'types.mts'] }));
  execFileSync(join(PKG, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app, stdio: 'inherit' });
  console.log('tsc --strict: ESM and CommonJS consumers type-check');
  // The browser quick start, served from the installed package, in headless Chromium.
  writeFileSync(join(app, 'index.html'), `<!doctype html><meta charset="utf-8"><p id="out">running</p>
<script type="module">
  import { InProcessSandbox } from './node_modules/exotel-sip/dist/testing-browser.mjs';
  const client = new InProcessSandbox().client(); // no server, no credentials
  const trunk = await client.createTrunk({ trunk_name: 'pbx_main' });
  document.getElementById('out').textContent = trunk.trunk_sid;
</script>`);
  const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const http = createServer((req, res) => {
    const file = join(app, normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '') || 'index.html');
    if (!file.startsWith(app) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'], timeout: 30000 });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${http.address().port}/index.html`, { timeout: 20000 });
    await page.waitForFunction(() => document.getElementById('out').textContent.startsWith('tr'), null, { timeout: 20000 });
    console.log(`chromium: browser quick start done, ${await page.textContent('#out')}`);
  } finally {
    await browser.close();
    await new Promise((r) => http.close(r));
  }
  console.log('npm pack check passed');
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
