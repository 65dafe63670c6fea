import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';
import { withPgClient } from '../store/pg';
import { INDICATOR_CODES, type IndicatorCode } from '../indicators/definitions';
import { computeIndicator, explainIndicator } from '../indicators/query';
import { buildBundle, type EvidenceBundle, verifyBundle } from './bundle';
import { bundleHtml } from './bundle-html';
import { latestCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint';
import { keyIdOf, parsePublicKey, signingKey } from './signing';
import { type AuditFinding, verifyAudit } from './verify';

/** A mistake in how a command was typed: printed as is, exit 64. */
export class AuditUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditUsageError';
  }
}

export const AUDIT_USAGE = `  audit verify [--public-key FILE] [--json]
                              recompute the audit chain, checkpoint signatures and every run
                              manifest against the stored versions and payloads; names each
                              altered, missing or reordered entry, version or payload; exit 1 on any
  audit head [--json]         print the latest signed checkpoint (for anchoring outside the hub)
  audit checkpoint            sign the chain's head now
  audit public-key            print the hub's public key (PEM), for verify-bundle
  audit export --dossier CODE [--out FILE]
  audit export --indicator ID --agency CODE --period YYYY-MM [--out FILE]
                              write an evidence bundle (JSON) and its HTML summary
  audit verify-bundle FILE [--public-key FILE]
                              check a bundle offline, with only the hub's public key
`;

export const formatFinding = (f: AuditFinding): string => `${f.kind.padEnd(20)} ${f.detail}`;

export function formatCheckpoint(c: Checkpoint): string {
  return [
    `entry     ${c.seq}`,
    `hash      ${c.hash}`,
    `signed at ${c.signedAt}`,
    `key id    ${c.keyId}`,
    `signature ${c.signature}`,
    c.publicKey.trim(),
  ].join('\n');
}

/** Key ids trusted by `verify`: the one in --public-key, or the hub's own. */
function trustedKeyIds(file: string | undefined): string[] {
  if (file) return [keyIdOf(parsePublicKey(readFileSync(file, 'utf8')))];
  return [signingKey().keyId];
}

/** `hub audit verify`: 0 when the store verifies, 1 on any finding. */
export async function auditVerifyCommand(em: EntityManager, args: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args, options: { 'public-key': { type: 'string' }, json: { type: 'boolean' } } });
  const started = process.hrtime.bigint();
  const report = await withPgClient(em, (client) => verifyAudit(client, { trustedKeyIds: trustedKeyIds(values['public-key']) }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (values.json) {
    out(JSON.stringify({ ...report, seconds }, null, 2));
    return report.ok ? 0 : 1;
  }
  out(`Checked ${report.entries} audit entries, ${report.checkpoints} signed checkpoints, ${report.manifests} run manifests and ${report.versions} record versions in ${seconds.toFixed(1)} s.`);
  if (report.unsealedRuns) out(`${report.unsealedRuns} run(s) finished before the audit chain began: they have no manifest.`);
  if (report.ok) {
    out('The audit log verifies: no entry, version or payload was altered, removed or reordered.');
    return 0;
  }
  out(`${report.findingCount} finding(s); the first is where the store stops matching its log:`);
  for (const f of report.findings) out(`  ${formatFinding(f)}`);
  return 1;
}

/** `hub audit head`: the latest signed checkpoint. */
export async function auditHeadCommand(em: EntityManager, args: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const latest = await withPgClient(em, (client) => latestCheckpoint(client));
  if (!latest) {
    out('No checkpoint yet: the audit log is empty or was never signed (`hub audit checkpoint`).');
    return 1;
  }
  out(values.json ? JSON.stringify(latest, null, 2) : formatCheckpoint(latest));
  return 0;
}

/** `hub audit public-key`: the PEM auditors check bundles with. */
export function auditPublicKeyCommand(_args: string[], out: (line: string) => void = console.log): Promise<number> {
  out(signingKey().publicKeyPem.trim());
  return Promise.resolve(0);
}

/** `hub audit checkpoint`: signs the head now (even when the latest checkpoint covers it). */
export async function auditCheckpointCommand(em: EntityManager, _args: string[], out: (line: string) => void = console.log): Promise<number> {
  const written = await withPgClient(em, (client) => writeCheckpoint(client, { force: true }));
  if (!written) {
    out('The audit log is empty: nothing to sign yet.');
    return 1;
  }
  out(`Signed the audit chain's head.\n${formatCheckpoint(written)}`);
  return 0;
}

/** `hub audit export`: writes the evidence bundle (JSON) and its HTML summary beside it. */
export async function auditExportCommand(em: EntityManager, args: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args, options: { dossier: { type: 'string' }, indicator: { type: 'string' }, agency: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' } } });
  const bundle = await inTransactionOn(em, async (client) => {
    if (values.dossier) {
      const code = values.dossier.normalize('NFC').trim();
      const { rows } = await client.query<{ id: number }>('select id from hub.dossier where code = $1', [code]);
      if (!rows[0]) throw new AuditUsageError(`--dossier: no dossier with code "${code}"`);
      return buildBundle(client, { type: 'dossier', code }, [rows[0].id]);
    }
    if (values.indicator) {
      const code = values.indicator.toUpperCase();
      if (!(INDICATOR_CODES as readonly string[]).includes(code)) throw new AuditUsageError(`--indicator must be one of ${INDICATOR_CODES.join(', ')}`);
      if (!values.agency) throw new AuditUsageError('--indicator needs --agency <agency code>');
      if (!values.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) throw new AuditUsageError('--period must be a month, yyyy-MM (e.g. 2026-10)');
      const from = `${values.period}-01`;
      const next = new Date(`${from}T00:00:00Z`);
      next.setUTCMonth(next.getUTCMonth() + 1);
      const req = { code: code as IndicatorCode, unit: 'MONTH' as const, from, to: next.toISOString().slice(0, 10), groupBy: 'AGENCY' as const, agencyCode: values.agency };
      const value = (await computeIndicator(client, req)).find((r) => r.groupKey === values.agency && r.period === from) ?? null;
      const ids = await explainIndicator(client, { ...req, period: from, groupKey: values.agency, inNumerator: null, afterId: null, limit: 100_000 });
      if (!ids.length) throw new AuditUsageError(`no dossier behind ${code} for agency ${values.agency} in ${values.period}`);
      return buildBundle(client, { type: 'indicator', indicator: code, agency: values.agency, period: values.period, value }, ids);
    }
    throw new AuditUsageError('audit export needs --dossier CODE, or --indicator ID --agency CODE --period yyyy-MM');
  });
  const subject = bundle.subject.type === 'dossier' ? bundle.subject.code : `${bundle.subject.indicator}-${bundle.subject.agency}-${bundle.subject.period}`;
  const file = resolve(values.out ?? `evidence-${subject.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.json`);
  writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
  const html = file.replace(/\.json$/i, '') + '.html';
  writeFileSync(html, bundleHtml(bundle, basename(file)));
  const versions = bundle.records.reduce((n, r) => n + r.versions.length, 0);
  out(`Wrote ${file} (${bundle.dossiers.length} dossier(s), ${bundle.records.length} source records, ${versions} versions, ${Object.keys(bundle.manifests).length} runs, ${bundle.chain.length} chain entries, checkpoint ${bundle.checkpoint.seq})`);
  out(`and ${html}. It holds personal data in the payloads: hand it over as such. The export is in the audit log.`);
  return 0;
}

/** `hub audit verify-bundle FILE`: offline, no database. */
export function auditVerifyBundleCommand(args: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'public-key': { type: 'string' }, json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) throw new AuditUsageError('audit verify-bundle needs the bundle file');
  let bundle: EvidenceBundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8')) as EvidenceBundle;
  } catch (error) {
    throw new AuditUsageError(`${file} is not a readable JSON bundle (${(error as Error).message})`);
  }
  const report = verifyBundle(bundle, values['public-key'] ? readFileSync(values['public-key'], 'utf8') : undefined);
  if (values.json) out(JSON.stringify(report, null, 2));
  else {
    out(`Checked ${report.versions} versions, ${report.runs} run manifests and ${report.entries} chain entries against checkpoint ${bundle.checkpoint?.seq}.`);
    if (!report.keyFromOutside) out('No --public-key given: the signature was checked with the key the bundle names, which proves nothing on its own. Pass the hub\'s public key, obtained apart from the bundle.');
    if (report.ok) out('The bundle verifies.');
    else for (const f of report.findings) out(`  ${f.kind.padEnd(20)} ${f.where}: ${f.detail}`);
  }
  return Promise.resolve(report.ok ? 0 : 1);
}

/** A transaction on a borrowed client of the EntityManager's pool. */
function inTransactionOn<T>(em: EntityManager, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return withPgClient(em, async (client) => {
    await client.query('begin');
    try {
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}
