import { type Command, Option } from 'commander';
import { createApiKey, describeApiKey, listApiKeys, parseExpiry, revokeApiKey } from '../../auth/api-keys';
import { Permission } from '../../auth/roles';
import type { ApiKey } from '../../entities';
import { t } from '../../i18n';
import { printJson, say } from '../output';
import { type Cli, jsonOption } from '../program';
import { withStore } from '../runtime';

const keyJson = (row: ApiKey) => ({
  id: row.id,
  name: row.name,
  role: row.role,
  grants: row.grants,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
});

/** `hub keys create|list|revoke`: API keys for dashboards, operators and auditors. */
export function registerKeyCommands(program: Command, cli: Cli): void {
  const keys = program.command('keys').description(t('cmd.keys'));

  keys
    .command('create')
    .description(t('cmd.keys.create'))
    .addOption(new Option('--role <role>', t('opt.keys.role')).choices(['viewer', 'operator', 'auditor', 'admin']).makeOptionMandatory())
    .requiredOption('--name <name>', t('opt.keys.name'))
    .option('--pii', t('opt.keys.pii'))
    .option('--expires <when>', t('opt.keys.expires'))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { role: string; name: string; pii?: boolean; expires?: string; json?: boolean }) =>
        withStore(cli.env(), async ({ em }) => {
          const { key, row } = await createApiKey(em, { role: opts.role, name: opts.name, grants: opts.pii ? [Permission.PII] : [], expiresAt: opts.expires ? parseExpiry(opts.expires) : null });
          if (opts.json) printJson({ key, ...keyJson(row) });
          else say(t('keys.created', { key: describeApiKey(row), secret: key }));
        }),
      ),
    );

  keys
    .command('list')
    .description(t('cmd.keys.list'))
    .addOption(jsonOption())
    .action(
      cli.action(async (opts: { json?: boolean }) =>
        withStore(cli.env(), async ({ em }) => {
          const rows = await listApiKeys(em);
          if (opts.json) printJson(rows.map(keyJson));
          else say(rows.length ? rows.map((r) => describeApiKey(r)).join('\n') : t('keys.none'));
        }),
      ),
    );

  keys
    .command('revoke')
    .description(t('cmd.keys.revoke'))
    .argument('<id>', t('arg.keyId'))
    .addOption(jsonOption())
    .action(
      cli.action(async (id: string, opts: { json?: boolean }) =>
        withStore(cli.env(), async ({ em }) => {
          const row = await revokeApiKey(em, id);
          if (opts.json) printJson(keyJson(row));
          else say(t('keys.revoked', { key: describeApiKey(row) }));
        }),
      ),
    );
}
