/**
 * The emulator's record feed over loopback: records/s a client gets paging through
 * GET /v1/auth-records (pages of 5000, signed requests, response bodies parsed), with the
 * emulator running as `onetap emulator` in its own process like the real thing.
 * Baseline, measured in the same run: the same client against a plain node:http server in
 * its own process that returns one fixed, pre-built page of the same bytes — i.e. what
 * loopback HTTP + JSON parsing alone allow on this machine. Goal: ≥ 100k records/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signRequest } from '../shared/platform/signing';
import { resolveOptions } from '../emulator/options';
import { EmulatedPlatform } from '../emulator/platform';

const PAGE = 5000;
const DAYS = 30;
const DAILY = 20_000;
const START = '2026-01-01';
const root = fileURLToPath(new URL('..', import.meta.url));

interface Key {
  role: string;
  accessKey: string;
  secretKey: string;
}

function waitReady(child: ChildProcess): Promise<{ url: string; keys: Key[] }> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve(JSON.parse(line) as { url: string; keys: Key[] }));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

async function pageThrough(base: string, key: Key | null, total: number): Promise<{ records: number; bytes: number; ms: number }> {
  const agent = new http.Agent({ keepAlive: true });
  const path = '/v1/auth-records';
  let after = 0;
  let records = 0;
  let bytes = 0;
  const t0 = performance.now();
  while (records < total) {
    const query = `afterSeq=${after}&limit=${PAGE}`;
    const headers: Record<string, string> = {};
    if (key) {
      const ts = String(Date.now());
      const nonce = randomBytes(16).toString('hex');
      Object.assign(headers, {
        'X-Access-Key': key.accessKey,
        'X-Timestamp': ts,
        'X-Nonce': nonce,
        'X-Signature': signRequest(key.secretKey, { method: 'GET', path, query, timestamp: ts, nonce, body: '' }),
      });
    }
    const body = await get(agent, `${base}${path}?${query}`, headers);
    bytes += body.length;
    const page = JSON.parse(body.toString('utf8')) as { items: unknown[]; nextSeq: number; hasMore: boolean };
    records += page.items.length;
    after = key ? page.nextSeq : after + page.items.length;
    if (key && !page.hasMore) break;
  }
  const ms = performance.now() - t0;
  agent.destroy();
  return { records, bytes, ms };
}

const STATIC_SERVER = `
import http from 'node:http';
import { readFileSync } from 'node:fs';
const body = readFileSync(process.argv[1]);
const server = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }); res.end(body); });
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port, keys: [] })));
`;

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function run(): Promise<void> {
  // In-process generation alone (no HTTP), for orientation.
  const platform = new EmulatedPlatform(resolveOptions({ seed: 1, start: START, days: DAYS, daily: DAILY }));
  let t = performance.now();
  let after = 0;
  let generated = 0;
  while (generated < 300_000) {
    const p = platform.feed.page(after, PAGE);
    after = p.nextSeq;
    generated += p.count;
  }
  const genRate = generated / ((performance.now() - t) / 1000);
  const samplePage = platform.feed.page(0, PAGE).body;

  const emu = spawn(
    process.execPath,
    [join(root, 'bin/onetap.mjs'), 'emulator', '--seed', '1', '--start', START, '--days', String(DAYS), '--daily', String(DAILY)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const dir = mkdtempSync(join(tmpdir(), 'onetap-bench-'));
  const pageFile = join(dir, 'page.json');
  writeFileSync(pageFile, samplePage);
  const baseline = spawn(process.execPath, ['--input-type=module', '-e', STATIC_SERVER, pageFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ready = await waitReady(emu);
    const admin = ready.keys.find((k) => k.role === 'admin')!;
    const base = await waitReady(baseline);
    // Warm both once, then measure.
    await pageThrough(ready.url, admin, 50_000);
    await pageThrough(base.url, null, 50_000);
    const total = Math.floor(DAYS * DAILY * 0.9);
    const feed = await pageThrough(ready.url, admin, total);
    const plain = await pageThrough(base.url, null, feed.records);
    const rate = feed.records / (feed.ms / 1000);
    const baseRate = plain.records / (plain.ms / 1000);
    t = performance.now();
    console.log(
      `feed over loopback:     ${Math.round(rate).toLocaleString('en')} records/s (${feed.records.toLocaleString('en')} records, ${(feed.bytes / feed.ms / 1000).toFixed(1)} MB/s) — goal ≥ 100,000`,
    );
    console.log(`baseline static server: ${Math.round(baseRate).toLocaleString('en')} records/s (same client, same bytes, no generation or signing)`);
    console.log(`ratio feed/baseline:    ${(rate / baseRate).toFixed(2)}`);
    console.log(`generation in-process:  ${Math.round(genRate).toLocaleString('en')} records/s (no HTTP)`);
  } finally {
    await Promise.all([stop(emu), stop(baseline)]);
    rmSync(dir, { recursive: true, force: true });
  }
}
