import { type GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * Lets graphql-js read plain `@Field` properties itself. type-graphql gives every such
 * field a resolver of its own (a middleware chain, empty here, around `root[name]`),
 * which a list page pays on every cell. A field keeps type-graphql's resolver when it has
 * a field resolver, `@Requires`/`@Authorized` roles or middlewares, or a GraphQL name
 * other than its property's. Run on the schema as type-graphql built it, before the
 * field policies wrap what they must (src/auth/field-policy.ts).
 */
export function readPlainFieldsDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const interfaces = new Map(storage.interfaceTypes.map((i) => [i.target, i]));
  const hasResolver = (target: unknown, name: string) => storage.fieldResolvers.some((r) => r.getObjectType?.() === target && r.methodName === name);
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    // As type-graphql builds the fields: the interfaces' first, the type's own over them.
    const declared = [...(objectType.interfaceClasses ?? []).flatMap((c) => interfaces.get(c)?.fields ?? []), ...(objectType.fields ?? [])];
    const bySchemaName = new Map(declared.map((f) => [f.schemaName, f]));
    const fields = type.getFields();
    for (const [schemaName, f] of bySchemaName) {
      const field = fields[schemaName];
      if (!field || f.name !== schemaName || f.roles || f.middlewares?.length || hasResolver(f.target, f.name)) continue;
      field.resolve = undefined;
    }
  }
  return schema;
}
