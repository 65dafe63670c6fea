import Module from 'node:module';
import path from 'node:path';

/**
 * PostGraphile 4 needs graphql 15; the hub uses graphql 16. npm installs PostGraphile's
 * graphql 15 under node_modules/postgraphile/, but hoists some of its dependencies
 * (graphql-parse-resolve-info, graphile-build-pg with a second graphile-build) where they
 * `require('graphql')` and get the hub's 16: two graphql modules in one schema, and
 * queries with arguments fail ("Unexpected input type: Int"). In the PostGraphile server's
 * own process (nothing else there uses graphql), this sends every `graphql` and
 * `graphile-build` require to the copies under node_modules/postgraphile/. Call it before
 * anything requires postgraphile.
 */
export function pinPostgraphileModules(): void {
  const home = path.dirname(require.resolve('postgraphile/package.json'));
  const pinned = /^(graphql|graphile-build)(\/.*)?$/;
  const internal = Module as unknown as {
    _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
    _nodeModulePaths(from: string): string[];
  };
  const original = internal._resolveFilename.bind(Module);
  // Resolve as if required from a file of the postgraphile package itself.
  const anchor = { id: home, filename: path.join(home, 'package.json'), paths: internal._nodeModulePaths(home) };
  internal._resolveFilename = (request, parent, ...rest) => original(request, pinned.test(request) ? anchor : parent, ...rest);
}
