import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeWithSpecs } from '../../src/cli/readme-specs';

describe('README record specs', () => {
  it('are the tables the code generates (run `npm run specs:emit` after changing a spec)', () => {
    const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
    expect(readme).toBe(readmeWithSpecs(readme));
  });
});
