import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../src/config-as-code/export';
import { readConfigFile } from '../../src/config-as-code/file';
import { type CurrentConnector, planConfig } from '../../src/config-as-code/plan';
import { ConfigFileError } from '../../src/config-as-code/problems';

const env = { MCDT_API_KEY: 'k-123456', DVC_PASSWORD: 'pw-abcdef' };
const noScheduleProblem = () => null;

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigFileError');
};

const FILE = `
version: 1
connectors:
  - name: motcua
    kind: mcdt
    config:
      baseUrl: https://motcua.example.vn
      apiKey: \${MCDT_API_KEY}
      startDate: "2024-01-01"
    schedule:
      cron: "0 7 * * *"
  - name: cong-dvc
    kind: dvc
    paused: true
    config:
      baseUrl: https://dvc.example.vn
      username: hub
      password: \${DVC_PASSWORD}
      agencyCode: "000.00.00.H02"
      startDate: "2024-01-01"
`;

describe('configuration file', () => {
  it('reads connectors, resolving environment references, with defaults for paused and the time zone', () => {
    const [motcua, dvc] = readConfigFile('f.yaml', FILE, env);
    expect(motcua).toMatchObject({ name: 'motcua', kind: 'mcdt', paused: false, config: { apiKey: 'k-123456' }, secretReferences: { apiKey: 'MCDT_API_KEY' }, schedule: { cron: '0 7 * * *', timeZone: 'Asia/Ho_Chi_Minh', streams: null } });
    expect(dvc).toMatchObject({ name: 'cong-dvc', paused: true, schedule: null, secretReferences: { password: 'DVC_PASSWORD' } });
  });

  it('refuses a secret written in the file, naming the field and never echoing the value', () => {
    const problems = problemsOf(() => readConfigFile('f.yaml', FILE.replace('${MCDT_API_KEY}', 'sk-live-1234'), env));
    expect(problems).toEqual([expect.stringMatching(/^connectors\[0\]\.config\.apiKey: is a secret: write an environment reference such as \$\{MOTCUA_API_KEY\}/)]);
    expect(problems.join()).not.toContain('sk-live-1234');
  });

  it('names the path of every problem: shape, kind, duplicate names, unknown streams, unset variables, YAML syntax', () => {
    const bad = `
connectors:
  - name: a
    kind: nope
    config: {}
  - name: b
    kind: mcdt
    config: { apiKey: "\${NOT_SET}" }
    schedule: { cron: "0 7 * * *", streams: [dossiers, dosiers] }
    colour: blue
`;
    expect(problemsOf(() => readConfigFile('f.yaml', bad, env))).toEqual([
      expect.stringMatching(/^connectors\[0\]\.kind: "nope" is not a connector kind; known kinds: mcdt, dvc, qlvb/),
      expect.stringMatching(/^connectors\[1\]: unknown field\(s\) colour/),
    ]);
    const later = bad.replace('nope', 'mcdt').replace('    colour: blue\n', '').replace('name: b', 'name: a');
    expect(problemsOf(() => readConfigFile('f.yaml', later, env))).toEqual([
      'connectors[1].name: "a" is already declared at connectors[0]',
      'connectors[1].config.apiKey: the environment variable NOT_SET is not set',
      expect.stringMatching(/^connectors\[1\]\.schedule\.streams\[1\]: "dosiers" is not a stream of a mcdt connector; its streams: agencies, procedures, dossiers, payments/),
    ]);
    expect(problemsOf(() => readConfigFile('f.yaml', 'connectors: [\n  - name: x', env))[0]).toMatch(/^line \d+, column \d+: /);
  });

  it('plans a create with secrets as values only in memory, and nothing for a store that matches', () => {
    const desired = readConfigFile('f.yaml', FILE, env);
    const plan = planConfig(desired, [], 'f.yaml', noScheduleProblem);
    expect(plan.entries.map((e) => [e.connector, e.action])).toEqual([
      ['motcua', 'create'],
      ['cong-dvc', 'create'],
    ]);
    expect(plan.entries[0]!.config.find((c) => c.field === 'apiKey')).toMatchObject({ secret: true });
    // Defaults come from the connector's schema: the stored config has them.
    expect(plan.entries[0]!.desiredConfig).toMatchObject({ windowDays: 31, pageSize: 200 });

    const current: CurrentConnector[] = plan.entries.map((e) => ({ name: e.connector, kind: e.kind, paused: e.desiredPaused, config: e.desiredConfig, schedule: e.desiredSchedule }));
    const again = planConfig(desired, [...current, { name: 'other', kind: 'mcdt', paused: false, config: {}, schedule: null }], 'f.yaml', noScheduleProblem);
    expect(again.changes).toBe(0);
    expect(again.entries.every((e) => e.action === 'unchanged')).toBe(true);
    expect(again.untouched).toEqual(['other']);
  });

  it('plans field, secret, schedule and pause changes; a kind cannot change', () => {
    const desired = readConfigFile('f.yaml', FILE, env);
    const first = planConfig(desired, [], 'f.yaml', noScheduleProblem);
    const current: CurrentConnector[] = first.entries.map((e) => ({ name: e.connector, kind: e.kind, paused: e.desiredPaused, config: e.desiredConfig, schedule: e.desiredSchedule }));
    const changed = readConfigFile('f.yaml', FILE.replace('"0 7 * * *"', '"30 6 * * 1-5"').replace('paused: true', 'paused: false').replace('username: hub', 'username: hub2'), { ...env, MCDT_API_KEY: 'rotated-key' });
    const plan = planConfig(changed, current, 'f.yaml', noScheduleProblem);
    const [motcua, dvc] = plan.entries;
    expect(motcua!.config).toEqual([{ field: 'apiKey', before: 'k-123456', after: 'rotated-key', secret: true }]);
    expect(motcua!.schedule?.after).toMatchObject({ cron: '30 6 * * 1-5' });
    expect(dvc!.config).toEqual([{ field: 'username', before: 'hub', after: 'hub2', secret: false }]);
    expect(dvc!.paused).toEqual({ before: true, after: false });
    expect(plan.changes).toBe(4);

    const kind = problemsOf(() => planConfig(desired, [{ ...current[0]!, kind: 'dvc' }], 'f.yaml', noScheduleProblem));
    expect(kind).toEqual([expect.stringMatching(/^connectors\[0\]\.kind: "motcua" is a dvc connector, and a connector's kind cannot change/)]);
    const cron = problemsOf(() => planConfig(desired, [], 'f.yaml', () => ({ field: 'cron', message: 'bad cron' })));
    expect(cron[0]).toBe('connectors[0].schedule.cron: bad cron');
    const config = problemsOf(() => planConfig(readConfigFile('f.yaml', FILE.replace('startDate: "2024-01-01"\n    schedule', 'startDate: "yesterday"\n    schedule'), env), [], 'f.yaml', noScheduleProblem));
    expect(config[0]).toMatch(/^connectors\[0\]\.config\.startDate: /);
  });

  it('exports secrets as references and reads back to the same plan', () => {
    const desired = readConfigFile('f.yaml', FILE, env);
    const current: CurrentConnector[] = planConfig(desired, [], 'f.yaml', noScheduleProblem).entries.map((e) => ({ name: e.connector, kind: e.kind, paused: e.desiredPaused, config: e.desiredConfig, schedule: e.desiredSchedule }));
    const { text, variables } = exportConfig(current, { header: ['header'], variablesHeading: 'set:' });
    expect(variables).toEqual(['MOTCUA_API_KEY', 'CONG_DVC_PASSWORD']);
    expect(text).not.toContain('k-123456');
    expect(text).not.toContain('pw-abcdef');
    expect(parse(text).connectors[0].config.apiKey).toBe('${MOTCUA_API_KEY}');
    const back = readConfigFile('export.yaml', text, { MOTCUA_API_KEY: 'k-123456', CONG_DVC_PASSWORD: 'pw-abcdef' });
    expect(planConfig(back, current, 'export.yaml', noScheduleProblem).changes).toBe(0);
  });
});
