import { getNamedType, type GraphQLField, type GraphQLSchema, isInterfaceType, isObjectType, isUnionType } from 'graphql';
import { type FieldAccess, fieldAccess, requiresOf, sensitivityOf } from './policy';
import { makeViewer, Permission, type Viewer } from './roles';

/** The callers the matrix is drawn for: each role, and a viewer key holding pii:read. */
export const MATRIX_VIEWERS: readonly { label: string; viewer: Viewer }[] = [
  { label: 'public', viewer: makeViewer('public') },
  { label: 'viewer', viewer: makeViewer('viewer', [], { keyId: 'v', name: 'viewer', via: 'api-key' }) },
  { label: 'viewer+pii', viewer: makeViewer('viewer', [Permission.PII], { keyId: 'vp', name: 'viewer+pii', via: 'api-key' }) },
  { label: 'operator', viewer: makeViewer('operator', [], { keyId: 'o', name: 'operator', via: 'api-key' }) },
  { label: 'auditor', viewer: makeViewer('auditor', [], { keyId: 'a', name: 'auditor', via: 'api-key' }) },
  { label: 'admin', viewer: makeViewer('admin', [], { keyId: 'ad', name: 'admin', via: 'api-key' }) },
];

export interface MatrixRow {
  /** `Type.field` */
  field: string;
  declaration: string;
  requires: readonly string[];
  /** What each caller gets, by MATRIX_VIEWERS label. A field on a type the caller cannot reach is denied. */
  access: Record<string, FieldAccess>;
}

type AnyField = GraphQLField<unknown, unknown>;

/** Object types a viewer can reach from the root types (Query unless told) through fields it is not denied. */
export function reachableTypes(schema: GraphQLSchema, viewer: Viewer, roots: readonly string[] = [schema.getQueryType()!.name]): Set<string> {
  const reached = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    const type = schema.getType(name);
    if (isUnionType(type)) queue.push(...type.getTypes().map((t) => t.name));
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const next = isInterfaceType(type) ? schema.getPossibleTypes(type).map((t) => t.name) : [];
    for (const field of Object.values(type.getFields()) as AnyField[]) {
      const declaration = sensitivityOf(field);
      if (!declaration || fieldAccess(viewer, declaration, requiresOf(field, type)) === 'denied') continue;
      const target = getNamedType(field.type);
      if (isObjectType(target) || isInterfaceType(target) || isUnionType(target)) next.push(target.name);
    }
    queue.push(...next);
  }
  return reached;
}

/** The role × field matrix of the schema's declarations: allowed, masked or denied, for every pair. */
export function accessMatrix(schema: GraphQLSchema): MatrixRow[] {
  const reachable = new Map(MATRIX_VIEWERS.map(({ label, viewer }) => [label, reachableTypes(schema, viewer)]));
  const rows: MatrixRow[] = [];
  const types = Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name)) as AnyField[]) {
      const declaration = sensitivityOf(field);
      if (!declaration) throw new Error(`${type.name}.${field.name} declares no sensitivity`);
      const access: Record<string, FieldAccess> = {};
      for (const { label, viewer } of MATRIX_VIEWERS) access[label] = reachable.get(label)!.has(type.name) ? fieldAccess(viewer, declaration, requiresOf(field, type)) : 'denied';
      rows.push({ field: `${type.name}.${field.name}`, declaration: declaration.mask ? `${declaration.level}/${declaration.mask}` : declaration.level, requires: requiresOf(field, type), access });
    }
  }
  return rows;
}

/** The matrix as the text committed in schema/access-matrix.txt (A allowed, M masked, D denied), for review. */
export function printAccessMatrix(schema: GraphQLSchema): string {
  const rows = accessMatrix(schema);
  const width = Math.max(...rows.map((r) => r.field.length));
  const labels = MATRIX_VIEWERS.map((v) => v.label);
  const letter = { allowed: 'A', masked: 'M', denied: 'D' } as const;
  const head = [
    '# Who gets which GraphQL field: A allowed, M masked, D denied (or not reachable).',
    '# Generated from the @Sensitivity and @Requires declarations by `npm run schema:emit`; a test checks it is current.',
    `# ${'field'.padEnd(width)}  ${labels.map((l) => l.padEnd(10)).join(' ')}  sensitivity  requires`,
  ];
  const lines = rows.map((r) => `${r.field.padEnd(width + 2)}  ${labels.map((l) => letter[r.access[l]!].padEnd(10)).join(' ')}  ${r.declaration.padEnd(11)}  ${r.requires.join(' ')}`.trimEnd());
  return `${[...head, ...lines].join('\n')}\n`;
}
