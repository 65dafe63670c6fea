import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printHubAccessMatrix, printHubSchema } from '../../src/api/schema';

describe('schema/schema.graphql and schema/access-matrix.txt', () => {
  it('are what the code generates (run `npm run schema:emit` after changing the API or its access policy)', async () => {
    expect(readFileSync(resolve(__dirname, '../../schema/schema.graphql'), 'utf8')).toBe(await printHubSchema());
    expect(readFileSync(resolve(__dirname, '../../schema/access-matrix.txt'), 'utf8')).toBe(await printHubAccessMatrix());
  });
});
