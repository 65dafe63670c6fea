import { GraphQLError, type GraphQLField } from 'graphql';
import { type AuthChecker, Authorized, Extensions } from 'type-graphql';
import { can, type Permission, type Viewer } from './roles';

/**
 * Every GraphQL field says how sensitive it is, next to its `@Field`:
 * - public: open data, served to anyone who can reach the field;
 * - internal: needs a key (any role), e.g. a dossier's dates and codes;
 * - personal: a person's data (Decree 13/2023); masked unless the viewer holds
 *   `pii:read`, and every clear read is recorded (ops.pii_read);
 * - secret: never served in clear, to anyone.
 * A test walks the schema and fails on a field without a declaration.
 */
export type SensitivityLevel = 'public' | 'internal' | 'personal' | 'secret';

/** How a personal value is shown without `pii:read` (src/api/mask.ts). */
export type MaskName = 'initials' | 'tail4' | 'email' | 'address' | 'text' | 'withhold';

export interface SensitivityDeclaration {
  level: SensitivityLevel;
  mask?: MaskName;
}

export const SENSITIVITY = 'sensitivity';
export const REQUIRES = 'requires';

export function Sensitivity(level: 'public' | 'internal' | 'secret'): MethodDecorator & PropertyDecorator;
export function Sensitivity(level: 'personal', mask: MaskName): MethodDecorator & PropertyDecorator;
export function Sensitivity(level: SensitivityLevel, mask?: MaskName): MethodDecorator & PropertyDecorator {
  const declaration: SensitivityDeclaration = mask ? { level, mask } : { level };
  return Extensions({ [SENSITIVITY]: declaration });
}

/**
 * The permission a query, mutation or field needs. Checked by `authChecker` below (one
 * place), and kept in the field's extensions so tests and docs can read the policy.
 */
export function Requires(...permissions: Permission[]): MethodDecorator & PropertyDecorator {
  const authorized = Authorized(...permissions) as MethodDecorator & PropertyDecorator;
  const extension = Extensions({ [REQUIRES]: permissions }) as MethodDecorator & PropertyDecorator;
  return ((target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    authorized(target, key, descriptor as never);
    extension(target, key, descriptor as never);
  });
}

export const sensitivityOf = (field: GraphQLField<unknown, unknown>): SensitivityDeclaration | undefined =>
  field.extensions?.[SENSITIVITY] as SensitivityDeclaration | undefined;

/**
 * The permission a whole object type needs (every field of it, however it is reached:
 * a `node(id)` lookup as well as its own list). Checked by the field policies.
 */
export function RequiresType(...permissions: Permission[]): ClassDecorator {
  return Extensions({ [REQUIRES]: permissions });
}

/** What a field needs: its own `@Requires` and its type's `@RequiresType`. */
export const requiresOf = (field: GraphQLField<unknown, unknown>, type?: { extensions?: Readonly<Record<string, unknown>> }): readonly Permission[] => [
  ...((type?.extensions?.[REQUIRES] as Permission[] | undefined) ?? []),
  ...((field.extensions?.[REQUIRES] as Permission[] | undefined) ?? []),
];

export type FieldAccess = 'allowed' | 'masked' | 'denied';

/** What a viewer gets from a field: the whole policy in one function. */
export function fieldAccess(viewer: Viewer, declaration: SensitivityDeclaration, requires: readonly Permission[] = []): FieldAccess {
  if (requires.some((p) => !can(viewer, p))) return 'denied';
  if (declaration.level === 'public') return 'allowed';
  if (viewer.role === 'public') return 'denied';
  switch (declaration.level) {
    case 'internal':
      return 'allowed';
    case 'personal':
      return can(viewer, 'pii:read') ? 'allowed' : 'masked';
    case 'secret':
      return 'masked';
  }
}

/** The error a refused field gets: UNAUTHENTICATED without a key, FORBIDDEN with one. */
export function accessError(viewer: Viewer, what: string, needs?: string): GraphQLError {
  return viewer.via === 'anonymous'
    ? new GraphQLError(`${what} needs an API key: send "Authorization: Bearer bkh_…" (open data needs none)`, { extensions: { code: 'UNAUTHENTICATED' } })
    : new GraphQLError(`${what} is not open to ${viewer.role} keys${needs ? `: it needs ${needs}` : ''}`, { extensions: { code: 'FORBIDDEN' } });
}

/** type-graphql's check for `@Requires` / `@Authorized`: the viewer must hold every permission named. */
export const authChecker: AuthChecker<{ viewer: Viewer }> = ({ context, info }, permissions) => {
  const missing = (permissions as Permission[]).filter((p) => !can(context.viewer, p));
  if (!missing.length) return true;
  throw accessError(context.viewer, `${info.parentType.name}.${info.fieldName}`, `the permission ${missing.join(', ')}`);
};
