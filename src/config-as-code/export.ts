import { stringify } from 'yaml';
import { CONNECTORS } from '../../connectors/registry';
import { secretVariable } from './env-refs';
import { DEFAULT_TIME_ZONE } from './file';

/** What `hub export` needs of a connector: no secret values (they become references). */
export interface ExportedConnector {
  name: string;
  kind: string;
  paused: boolean;
  config: Record<string, unknown>;
  schedule: { cron: string; timeZone: string; streams: string[] | null } | null;
}

/**
 * The configuration in the format `hub apply` reads. Secret fields are written as
 * `${CONNECTOR_FIELD}` references (listed in the header), never as values, so the
 * file can be committed; applying it back, with those variables set, changes nothing.
 */
export function exportConfig(connectors: ExportedConnector[], notes: { header: string[]; variablesHeading: string }): { text: string; variables: string[] } {
  const variables: string[] = [];
  const entries = connectors.map((c) => {
    const secretFields = CONNECTORS[c.kind]?.secretFields ?? [];
    const config = Object.fromEntries(
      Object.entries(c.config).map(([field, value]) => {
        if (!secretFields.includes(field)) return [field, value];
        const variable = secretVariable(c.name, field);
        variables.push(variable);
        return [field, `\${${variable}}`];
      }),
    );
    const schedule = c.schedule ? { cron: c.schedule.cron, timeZone: c.schedule.timeZone || DEFAULT_TIME_ZONE, ...(c.schedule.streams ? { streams: c.schedule.streams } : {}) } : null;
    return { name: c.name, kind: c.kind, paused: c.paused, config, schedule };
  });
  const body = stringify({ version: 1, connectors: entries }, { lineWidth: 0 });
  const comments = [...notes.header, ...(variables.length ? [notes.variablesHeading, ...variables.map((v) => `  ${v}`)] : [])].map((l) => `# ${l}`.trimEnd());
  return { text: `${comments.join('\n')}\n${body}`, variables };
}
