import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printHubSchema } from '../../src/api/schema';

describe('schema/schema.graphql', () => {
  it('is the schema the code generates (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(resolve(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(committed).toBe(await printHubSchema());
  });
});
