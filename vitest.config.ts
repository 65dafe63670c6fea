import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const require = createRequire(__filename);

export default defineConfig({
  // SWC, not esbuild: type-graphql and MikroORM read decorator metadata that esbuild does not emit.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    // One copy of graphql: type-graphql loads the CommonJS build, so tests must too
    // ("Cannot use GraphQLObjectType from another module or realm").
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/console-build.ts', 'test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // SECRETS_KEY: child processes run as deployed (NODE_ENV=production), which refuses the development key.
    env: { TZ: 'UTC', LOG_LEVEL: 'silent', SECRETS_KEY: 'zNsVGMvSUMZDrfSt/wWEdNqyED/luVCNQTA44AzHCQs=', AUDIT_SIGNING_KEY: '4n+Tt9uXV3o4BAC/hlvvC+HDn9nTwFshJWihpHUxuf8=' },
  },
});
