import { GraphQLObjectType, GraphQLSchema, GraphQLString, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyFieldPolicies } from '../../src/auth/field-policy';
import { sensitivityOf } from '../../src/auth/policy';
import { buildUnguardedSchema } from '../../src/api/schema';

const LEVELS = ['public', 'internal', 'personal', 'secret'];

describe('every GraphQL field declares its sensitivity', () => {
  it('walks the generated schema: each field of each object and interface type has a level, and personal ones a mask', async () => {
    const schema = await buildUnguardedSchema();
    const missing: string[] = [];
    let fields = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if ((!isObjectType(type) && !isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        fields++;
        const declared = sensitivityOf(field);
        if (!declared || !LEVELS.includes(declared.level) || (declared.level === 'personal' && !declared.mask)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(fields).toBeGreaterThan(200);
    expect(missing, 'add @Sensitivity(…) next to these @Field declarations').toEqual([]);
  });

  it('refuses to build a schema with an unclassified field', () => {
    const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString, extensions: { sensitivity: { level: 'public' } } }, secretive: { type: GraphQLString } } });
    expect(() => applyFieldPolicies(new GraphQLSchema({ query }))).toThrow(/Query\.secretive declares no sensitivity/);
  });
});

describe('fields a caller may be refused', () => {
  it('are nullable, so a refused field never takes its siblings down with it', async () => {
    const { hubSchema } = await import('../../src/api/schema');
    const { accessMatrix } = await import('../../src/auth/access-matrix');
    const { isNonNullType } = await import('graphql');
    const schema = await hubSchema();
    const fieldOf = (name: string) => {
      const [type, field] = name.split('.') as [string, string];
      return (schema.getType(type) as import('graphql').GraphQLObjectType).getFields()[field]!;
    };
    // Refused by their own @Requires (not their type's: a refused object is refused whole) while others may read them.
    const refusable = accessMatrix(schema)
      .filter((r) => (fieldOf(r.field).extensions?.requires as unknown[] | undefined)?.length)
      .filter((r) => Object.values(r.access).includes('denied') && Object.values(r.access).some((a) => a !== 'denied'));
    expect(refusable.length).toBeGreaterThan(5);
    expect(refusable.filter((r) => isNonNullType(fieldOf(r.field).type)).map((r) => r.field)).toEqual([]);
  });
});
