// Starts the sandbox server binary on 127.0.0.1 (port picked by the OS).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export function sandboxBinary() {
  if (process.env.EXOTEL_SIP_SANDBOX_BIN) return process.env.EXOTEL_SIP_SANDBOX_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/exotel-sip/target');
  for (const p of [join(target, 'debug/exotel-sip-sandbox'), join(target, 'release/exotel-sip-sandbox'),
    new URL('../../../target/debug/exotel-sip-sandbox', import.meta.url).pathname]) {
    if (existsSync(p)) return p;
  }
  throw new Error('exotel-sip-sandbox not built: cargo build -p exotel-sip-sandbox-server');
}

/** @returns {Promise<{url: string, stop: () => Promise<void>, control: Function}>} */
export async function startServer(args = []) {
  const child = spawn(sandboxBinary(), ['--port', '0', '--cors', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.resume();
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sandbox server did not start')), 10000);
    child.once('exit', (code) => reject(new Error(`sandbox server exited (${code})`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line: ${line}`));
    });
  });
  lines.on('line', () => {});
  async function control(method, path, body) {
    const res = await fetch(`${url}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }
  async function stop() {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return { url, stop, control };
}

export const SANDBOX = { accountSid: 'ameyo5m', apiKey: 'sandbox_key', apiToken: 'sandbox_token' };
