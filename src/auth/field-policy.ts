import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema, isObjectType } from 'graphql';
import { initials, maskAddress, maskEmail, maskTail, redactText } from '../api/mask';
import { reachableTypes } from './access-matrix';
import { accessError, fieldAccess, type MaskName, requiresOf, type SensitivityDeclaration, sensitivityOf } from './policy';
import { GRANTABLE, makeViewer, type Permission, ROLES, type Viewer } from './roles';

/**
 * Objects the API builds (an applicant, a process step) say which record they belong
 * to, for the record of personal-data reads, and which names their free text may carry.
 */
export const RECORD_REF = Symbol('recordRef');
export const PERSON_NAMES = Symbol('personNames');

interface Attributed {
  [RECORD_REF]?: string;
  [PERSON_NAMES]?: readonly (string | null)[];
  id?: string | number | null;
  applicantName?: string | null;
}

/** Personal fields served in clear during one request, written to ops.pii_read when it ends. */
export class PiiReads {
  readonly records = new Set<string>();
  readonly fields = new Set<string>();
  add(record: string, field: string): void {
    this.records.add(record);
    this.fields.add(field);
  }
  get empty(): boolean {
    return this.records.size === 0;
  }
}

export interface PolicyContext {
  viewer: Viewer;
  piiReads: PiiReads;
}

const namesOf = (source: Attributed) => source[PERSON_NAMES] ?? (typeof source.applicantName === 'string' ? [source.applicantName] : []);

const MASKS: Record<MaskName, (value: string, source: Attributed) => string | null> = {
  initials: (v) => initials(v),
  tail4: (v) => maskTail(v),
  email: (v) => maskEmail(v),
  address: (v) => maskAddress(v),
  text: (v, source) => redactText(v, namesOf(source)),
  withhold: () => null,
};

function recordOf(source: Attributed, info: GraphQLResolveInfo): string {
  if (source[RECORD_REF]) return source[RECORD_REF];
  return source.id !== undefined && source.id !== null ? `${info.parentType.name}:${source.id}` : info.parentType.name;
}

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown> | null)?.then === 'function';
const mapValue = (value: unknown, fn: (v: unknown) => unknown): unknown => (isPromise(value) ? value.then(fn) : fn(value));

/** Every kind of caller the policy tells apart: each role, with and without the grantable permissions. */
const EVERY_VIEWER: readonly Viewer[] = ROLES.flatMap((role) => [makeViewer(role), makeViewer(role, GRANTABLE)]);

/**
 * Whether the policy can change what a field gives a caller who reaches its type: a
 * caller who may be refused it or served it masked, or a personal value to record. A
 * type is only reached through fields the caller was not refused (graphql-js resolves
 * a field only under its parent's value), so a field that every caller reaching its
 * type may read in clear needs no check of its own: e.g. the fields of a dossier, whose
 * every way in already needs a key.
 */
function needsPolicy(declaration: SensitivityDeclaration, typeRequires: readonly Permission[], reachedBy: readonly Viewer[]): boolean {
  if (declaration.level === 'personal' || declaration.level === 'secret') return true;
  return reachedBy.some((viewer) => fieldAccess(viewer, declaration, typeRequires) !== 'allowed');
}

/**
 * Wraps the resolver of every field whose policy can matter to a caller with the policy
 * its `@Sensitivity` declares (src/auth/policy.ts): denied fields throw before resolving,
 * masked ones are masked, personal ones served in clear are recorded. Other fields keep
 * their resolvers untouched (graphql-js's own property read for most), so open data, and
 * dossier pages, cost nothing extra per field.
 */
export function applyFieldPolicies(schema: GraphQLSchema): GraphQLSchema {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? [t.name] : []));
  const reach = EVERY_VIEWER.map((viewer) => ({ viewer, types: reachableTypes(schema, viewer, roots) }));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const reachedBy = reach.filter((r) => r.types.has(type.name)).map((r) => r.viewer);
    for (const field of Object.values(type.getFields())) {
      const declaration = sensitivityOf(field);
      if (!declaration) throw new Error(`${type.name}.${field.name} declares no sensitivity: add @Sensitivity(…) next to its @Field`);
      // A field's own @Requires is checked by type-graphql (authChecker); the type's here.
      const typeRequires = requiresOf({ extensions: {} } as never, type);
      if (!needsPolicy(declaration, typeRequires, reachedBy)) continue;
      const resolve: GraphQLFieldResolver<unknown, PolicyContext> = field.resolve ?? defaultFieldResolver;
      const label = `${type.name}.${field.name}`;
      const mask = declaration.level === 'secret' ? () => '***' : MASKS[declaration.mask ?? 'withhold'];
      field.resolve = (source, args, ctx: PolicyContext, info) => {
        const access = fieldAccess(ctx.viewer, declaration, typeRequires);
        if (access === 'denied') throw accessError(ctx.viewer, label, typeRequires.length ? `the permission ${typeRequires.join(', ')}` : undefined);
        const value = resolve(source, args, ctx, info);
        if (access === 'allowed') {
          if (declaration.level !== 'personal') return value;
          return mapValue(value, (v) => {
            if (v !== null && v !== undefined && v !== '') ctx.piiReads.add(recordOf(source as Attributed, info), label);
            return v;
          });
        }
        return mapValue(value, (v) => (typeof v === 'string' ? mask(v, source as Attributed) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? mask(x, source as Attributed) : null)) : v === null || v === undefined ? v : null));
      };
    }
  }
  return schema;
}
