// Copy beside the shared harness (cp bench/shared-harness-ab.mjs /tmp/bench/ab.mjs): it imports ./lib.mjs from there.
import { setTimeout as sleep } from 'node:timers/promises';
// Interleaved A/B on a noisy machine: several builds side by side, the same scenarios in short
// alternating windows, CPU per request (server tree + postgres) beside rps and latency.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  baseEnv, createDatabase, freePort, oursBenchRealm, oursScenarios, oursToken, oursTokens, pidsByComm, processTree,
  runScenario, seedOursUsers, startProcess, strongPassword, waitReady, warmUp, cmdline,
} from './lib.mjs';

const USERS = Number(process.env.AB_USERS ?? 300);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 3);
const SECONDS = Number(process.env.AB_SECONDS ?? 8);
const variants = JSON.parse(process.env.AB_VARIANTS); // [{label, dir, env}]
const say = (s) => process.stderr.write(`${s}\n`);
const smaps = (pid) => { try { const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'); const g = (k) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(t) || [0, 0])[1]) / 1024; return { rss: g('Rss'), pss: g('Pss') }; } catch { return { rss: 0, pss: 0 }; } };
const memOf = (root) => processTree(root).filter((p) => /node/.test(cmdline(p)) && !/npm/.test(cmdline(p))).map((p) => ({ pid: p, cmd: cmdline(p).slice(0, 60), ...smaps(p) }));

const servers = [];
await Promise.all(variants.map(async (v) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const db = createDatabase('bench_ab');
  const admin = { login: 'admin', password: strongPassword() + 'Aa1' };
  const env = { ...baseEnv(), NODE_ENV: 'production', PORT: String(port), PUBLIC_URL: base, DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379/5',
    REDIS_KEY_PREFIX: `ab-${port}:`, APP_SECRET: crypto.randomBytes(32).toString('hex'), BOOTSTRAP_REALM: 'bench', BOOTSTRAP_REALM_PRESET: 'standard',
    BOOTSTRAP_ADMIN_LOGIN: admin.login, BOOTSTRAP_ADMIN_PASSWORD: admin.password, EMAIL_PROVIDER: 'log', SMS_PROVIDER: 'log', EMAIL_FROM: 'bench@example.test',
    THROTTLE_LOGIN_LIMIT: '100000000', THROTTLE_LOGIN_ID_LIMIT: '100000000', THROTTLE_RECOVERY_LIMIT: '100000000', LOG_LEVEL: 'warn', ...(v.env ?? {}) };
  const proc = startProcess({ name: v.label, cmd: 'node', args: [v.entry], cwd: v.dir, env });
  await waitReady(`${base}/health/ready`, proc, { timeoutMs: 240000 });
  const token = await oursToken(base, 'bench', admin.login, admin.password);
  await oursBenchRealm(base, 'bench', token);
  const users = (await seedOursUsers({ base, realm: 'bench', adminToken: token, n: USERS })).items;
  const tokens = (await oursTokens({ base, realm: 'bench', users })).items;
  const scenarios = oursScenarios({ base, realm: 'bench', users, tokens, login: [64], session: [64], recovery: [64] });
  for (const s of scenarios) await warmUp(s, 3);
  await sleep(5000);
  servers.push({ v, proc, db, scenarios, memIdle: memOf(proc.pid), results: {} });
  say(`[ab] ${v.label} ready, ${USERS} users`);
}));
servers.sort((a, b) => variants.indexOf(a.v) - variants.indexOf(b.v));
const groups = { postgres: () => pidsByComm(/^postgres$/), redis: () => pidsByComm(/^redis-server$/) };
for (let r = 0; r < ROUNDS; r++) {
  for (const kind of ['session', 'recovery', 'login']) {
    for (const s of r % 2 ? [...servers].reverse() : servers) {
      const sc = s.scenarios.find((x) => x.kind === kind);
      const res = await runScenario({ ...sc, duration: SECONDS, serverPids: () => processTree(s.proc.pid), groups });
      const c = res.cpu;
      const cpuMs = ((c.server + (c.postgres ?? 0) + (c.redis ?? 0)) / res.rps) * 1000;
      (s.results[kind] ??= []).push({ rps: res.rps, p50: res.p50, p99: res.p99, server: c.server, pg: c.postgres, outside: c.other, cpuMs: Math.round(cpuMs * 100) / 100, srvMs: Math.round((c.server / res.rps) * 100000) / 100, unexpected: res.unexpected });
      say(`[ab] r${r} ${kind} ${s.v.label}: ${res.rps} rps p99 ${res.p99} server ${c.server} pg ${c.postgres} outside ${c.other} → ${cpuMs.toFixed(2)} ms CPU/req`);
    }
  }
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log(`| build | scenario | rps (median of ${ROUNDS}) | p50 ms | p99 ms | server CPU ms/req | server+pg+redis CPU ms/req | outside cores (median) |`);
console.log('|---|---|---|---|---|---|---|---|');
for (const s of servers) for (const [k, rs] of Object.entries(s.results)) {
  console.log(`| ${s.v.label} | ${k}-64 | ${med(rs.map((x) => x.rps))} | ${med(rs.map((x) => x.p50))} | ${med(rs.map((x) => x.p99))} | ${med(rs.map((x) => x.srvMs))} | ${med(rs.map((x) => x.cpuMs))} | ${med(rs.map((x) => x.outside))} |`);
}
console.log('\nMemory (after warm-up, idle; then after the load):');
for (const s of servers) {
  const after = memOf(s.proc.pid);
  const sum = (m, k) => Math.round(m.reduce((a, x) => a + x[k], 0));
  console.log(`- ${s.v.label}: idle RSS sum ${sum(s.memIdle, 'rss')} MiB (PSS ${sum(s.memIdle, 'pss')}) ${JSON.stringify(s.memIdle.map((x) => Math.round(x.rss)))}; after load RSS sum ${sum(after, 'rss')} MiB (PSS ${sum(after, 'pss')}) ${JSON.stringify(after.map((x) => Math.round(x.rss)))}`);
}
console.log('\n```json\n' + JSON.stringify(servers.map((s) => ({ label: s.v.label, results: s.results })), null, 1) + '\n```');
for (const s of servers) { await s.proc.stop(); s.db.drop(); }
process.exit(0);
