import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withPgClient } from '../store/pg';
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

/** `hub audit export`: filled in by the bundle module. */
export function auditExportCommand(_em: EntityManager, _args: string[]): Promise<number> {
  return Promise.reject(new AuditUsageError('audit export is not available yet'));
}

export function auditVerifyBundleCommand(_args: string[]): Promise<number> {
  return Promise.reject(new AuditUsageError('audit verify-bundle is not available yet'));
}
