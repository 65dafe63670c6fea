/**
 * Who may do what: the one table of roles and the permissions each carries.
 * Queries and mutations name the permission they need (`@Authorized(Permission.X)`);
 * fields declare their sensitivity (`@Sensitivity`, src/auth/sensitivity.ts).
 *
 * - public: no key; open data only (aggregated indicators with small cells
 *   suppressed, the agency and procedure catalogues, data freshness).
 * - viewer: dashboards; dossier-level data with personal data masked.
 * - operator: IT staff; sync runs, quarantine, and (later) connector control.
 * - auditor: lineage and provenance, the record of personal-data reads.
 * - admin: everything above and API keys.
 * `pii:read` is never part of a role: it is granted to a key (or a token) on top.
 */
export const ROLES = ['public', 'viewer', 'operator', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const Permission = {
  /** Aggregated indicators, catalogues, freshness. */
  OPEN_DATA: 'open-data:read',
  /** Indicator cells without small-cell suppression. */
  INDICATORS_DETAIL: 'indicators:detail',
  /** Dossiers, documents and the dossiers behind an indicator. */
  RECORDS: 'records:read',
  /** Sync runs and the quarantine. */
  RUNS: 'runs:read',
  /** Where each value came from: links, field sources, source records and versions. */
  LINEAGE: 'lineage:read',
  /** The record of personal-data reads. */
  AUDIT: 'audit:read',
  /** Connectors, schedules, runs: changes (mutations to come). */
  OPERATE: 'ops:write',
  /** API keys. */
  KEYS: 'keys:manage',
  /** Personal data in clear; every such read is recorded. Granted per key, never by a role. */
  PII: 'pii:read',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
export const PERMISSIONS = Object.values(Permission);

const viewer: Permission[] = [Permission.OPEN_DATA, Permission.INDICATORS_DETAIL, Permission.RECORDS];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  public: [Permission.OPEN_DATA],
  viewer,
  operator: [...viewer, Permission.RUNS, Permission.OPERATE],
  auditor: [...viewer, Permission.RUNS, Permission.LINEAGE, Permission.AUDIT],
  admin: [...viewer, Permission.RUNS, Permission.LINEAGE, Permission.AUDIT, Permission.OPERATE, Permission.KEYS],
};

/** Permissions a role may be granted on top of its own. */
export const GRANTABLE: readonly Permission[] = [Permission.PII];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Who is asking: set on every request (`ctx.viewer`), from an API key, a token, or nobody. */
export interface Viewer {
  role: Role;
  permissions: ReadonlySet<Permission>;
  /** API key id (the public part of the key), when a key was used. */
  keyId: string | null;
  /** Key name, or the token's subject. */
  name: string | null;
  via: 'anonymous' | 'api-key' | 'jwt';
}

export function makeViewer(role: Role, grants: readonly Permission[] = [], who: Pick<Viewer, 'keyId' | 'name' | 'via'> = { keyId: null, name: null, via: 'anonymous' }): Viewer {
  const extra = grants.filter((g) => GRANTABLE.includes(g));
  return { role, permissions: new Set([...ROLE_PERMISSIONS[role], ...extra]), ...who };
}

export const ANONYMOUS: Viewer = makeViewer('public');

export const can = (viewer: Viewer, permission: Permission): boolean => viewer.permissions.has(permission);
