#!/usr/bin/env node
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueueSync } from '../jobs/queue';
import { syncSchedules } from '../jobs/schedule';
import { getConnector } from '../connectors/registry';
import { printHubAccessMatrix, printHubSchema } from './api/schema';
import { startHub, type Hub } from './app';
import { INDICATORS_USAGE, runIndicatorsCommand } from './cli/indicators';
import { upsertConnector } from './cli/connectors';
import { runDemo } from './cli/demo';
import { ApiKeyError, createApiKey, describeApiKey, listApiKeys, parseExpiry, revokeApiKey } from './auth/api-keys';
import { Permission } from './auth/roles';
import { checkServices, PreflightError } from './cli/preflight';
import { ConfigError, env, type Env } from './config';
import { initOrm } from './db/orm';
import { SecretKeyError } from './secrets/cipher';
import { openConfig, rotateConnectorSecrets } from './secrets/connector-secrets';
import { redactSecrets, registerSecret } from './secrets/redact';
import { readmeWithSpecs } from './cli/readme-specs';
import { ensureDatabase } from './db/database';
import { migrateDatabase } from './db/migrate';
import { ConnectorInstance } from './entities';
import { printIntegrity } from './integrity/print';
import { logger } from './logger';

const USAGE = `Usage: hub <command>

  api                         serve GraphQL (PORT, default 4000)
  worker                      run sync jobs from the queue
  all                         api and worker in one process
  demo                        simulator + hub + first sync, for a first look
  migrate                     create the database if missing and apply migrations
  connector:add <name> <kind> <config-json> [cron]
                              register or update a connector (config is validated);
                              with a cron pattern, its streams sync on that schedule
                              ('none' removes the schedule)
  sync <connector> [stream…] [--full]
                              queue a sync of all (or the named) streams; --full reads
                              from the start and flags records no longer listed as gone
  verify                      check the store against its invariant; prints each
                              violation with its keys and exits 1 when there is any
  ${INDICATORS_USAGE}
  schema:emit                 write schema/schema.graphql and schema/access-matrix.txt from the code
  keys create --role <role> --name <name> [--pii] [--expires 90d|yyyy-MM-dd]
                              create an API key (viewer, operator, auditor or admin;
                              --pii grants pii:read); the key is shown once
  keys list                   every key: id, name, role, expiry, last use, revocation
  keys revoke <id>            revoke a key (it stops working within 30 s)
  secrets rotate              re-seal connector secrets with SECRETS_KEY (after moving
                              the old key to SECRETS_PREVIOUS_KEYS)
  specs:emit                  rewrite the README's per-stream record specs from the code
`;

/**
 * The one shutdown path of `api`, `worker` and `all`: runs until SIGTERM/SIGINT, then
 * drains (the API stops taking requests, running syncs finish or go back to the queue
 * within SHUTDOWN_TIMEOUT_MS, pools close) and exits 0. Nothing else in the process
 * handles these signals (Apollo's own handler is off). A second signal exits at once.
 */
function untilSignal(hub: Hub): Promise<void> {
  return new Promise((done) => {
    let closing = false;
    const stop = (signal: NodeJS.Signals) => {
      if (closing) {
        logger.warn({ signal }, 'second signal: exiting without waiting for the drain (running syncs are taken over after JOB_LOCK_MS)');
        process.exit(1);
      }
      closing = true;
      logger.info({ signal }, 'shutting down: draining jobs and connections');
      hub.close().then(
        () => {
          logger.info('shut down cleanly');
          done();
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          done();
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...args] = argv;
  const e = env();
  switch (command) {
    case 'api':
    case 'worker':
    case 'all': {
      const hub = await startHub(e, { api: command !== 'worker', worker: command !== 'api' });
      if (hub.api) logger.info({ url: hub.api.url }, 'GraphQL API listening');
      if (hub.worker) logger.info({ concurrency: e.WORKER_CONCURRENCY }, 'sync worker started');
      await untilSignal(hub);
      return 0;
    }
    case 'demo':
      await runDemo(e);
      return 0;
    case 'migrate': {
      const created = await ensureDatabase(e.DATABASE_URL);
      const applied = await migrateDatabase(e.DATABASE_URL);
      console.log(`${created ? 'Created the database. ' : ''}${applied.length ? `Applied ${applied.join(', ')}.` : 'The database is up to date.'}`);
      return 0;
    }
    case 'connector:add': {
      const [name, kind, json, schedule] = args;
      if (!name || !kind || !json) throw new UsageError('connector:add needs <name> <kind> <config-json>');
      let config: unknown;
      try {
        config = JSON.parse(json);
      } catch (error) {
        // The text may hold a key or a password: say where it breaks, never echo it.
        throw new UsageError(`the config is not valid JSON (${redactSecrets((error as Error).message)}); it is not shown here, as it may hold secrets`);
      }
      for (const field of getConnector(kind).secretFields) registerSecret((config as Record<string, unknown> | null)?.[field]);
      const hub = await startHub(e, { api: false, worker: false });
      try {
        const instance = await upsertConnector(hub.orm.em.fork(), { name, kind, config, schedule: schedule === 'none' ? null : schedule });
        await syncSchedules(hub.queue, hub.orm.em.fork());
        const check = await getConnector(kind).check(openConfig(getConnector(kind), instance.config), { signal: AbortSignal.timeout(20_000), now: () => new Date(), log: () => undefined });
        console.log(`Saved connector "${name}" (${kind}). Connection check: ${check.ok ? 'ok' : `FAILED: ${check.reason}`}`);
        return check.ok ? 0 : 2;
      } finally {
        await hub.close();
      }
    }
    case 'sync': {
      const full = args.includes('--full');
      const [name, ...streams] = args.filter((a) => a !== '--full');
      if (!name) throw new UsageError('sync needs a connector name');
      const hub = await startHub(e, { api: false, worker: false });
      try {
        const instance = await hub.orm.em.fork().findOne(ConnectorInstance, { name });
        if (!instance) throw new UsageError(`no connector named "${name}"; add one with connector:add`);
        const names = streams.length ? streams : getConnector(instance.kind).streams.map((s) => s.definition.name);
        for (const stream of names) {
          const { jobId, queued, retried } = await enqueueSync(hub.queue, { connector: name, stream, trigger: 'cli', full });
          console.log(retried ? `${jobId} had failed; retrying it` : queued ? `queued ${jobId}` : `${jobId} is already queued or running; not queued again`);
        }
        return 0;
      } finally {
        await hub.close();
      }
    }
    case 'verify': {
      const hub = await startHub(e, { api: false, worker: false });
      try {
        return await printIntegrity(hub.orm);
      } finally {
        await hub.close();
      }
    }
    case 'indicators':
      return withStore(e, (em) => runIndicatorsCommand(em, args));
    case 'keys': {
      const [sub, ...rest] = args;
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' }, pii: { type: 'boolean' }, expires: { type: 'string' } } });
      return withStore(e, async (em) => {
        if (sub === 'create') {
          if (!values.role || !values.name) throw new UsageError('keys create needs --role <viewer|operator|auditor|admin> and --name <who uses it>');
          const { key, row } = await createApiKey(em, { role: values.role, name: values.name, grants: values.pii ? [Permission.PII] : [], expiresAt: values.expires ? parseExpiry(values.expires) : null });
          console.log(`Created ${describeApiKey(row)}\n\n  ${key}\n\nShown once: store it now. Send it as "Authorization: Bearer <key>".`);
        } else if (sub === 'list') {
          const rows = await listApiKeys(em);
          console.log(rows.length ? rows.map((r) => describeApiKey(r)).join('\n') : 'No API keys yet; create one with `hub keys create --role viewer --name …`.');
        } else if (sub === 'revoke') {
          if (!positionals[0]) throw new UsageError('keys revoke needs the key id (`hub keys list` shows it)');
          console.log(`Revoked ${describeApiKey(await revokeApiKey(em, positionals[0]))}`);
        } else {
          throw new UsageError('keys needs create, list or revoke');
        }
        return 0;
      });
    }
    case 'secrets': {
      if (args[0] !== 'rotate') throw new UsageError('secrets needs rotate');
      return withStore(e, async (em) => {
        const { connectors, values } = await rotateConnectorSecrets(em);
        console.log(values ? `Re-sealed ${values} secret value(s) of ${connectors} connector(s) with the key SECRETS_KEY names. The previous key can now be dropped.` : 'Every connector secret is already sealed with the current key.');
        return 0;
      });
    }
    case 'schema:emit': {
      const file = resolve(__dirname, '../../schema/schema.graphql');
      writeFileSync(file, await printHubSchema());
      const matrix = resolve(__dirname, '../../schema/access-matrix.txt');
      writeFileSync(matrix, await printHubAccessMatrix());
      console.log(`Wrote ${file} and ${matrix}`);
      return 0;
    }
    case 'specs:emit': {
      const file = resolve(__dirname, '../../README.md');
      writeFileSync(file, readmeWithSpecs(readFileSync(file, 'utf8')));
      console.log(`Wrote the record specs into ${file}`);
      return 0;
    }
    default:
      process.stdout.write(USAGE);
      return command === 'help' || command === '--help' ? 0 : 64;
  }
}

class UsageError extends Error {}

/** The store alone (no queue): for commands that only read or write a few rows. */
async function withStore<T>(e: Env, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  await checkServices(e.DATABASE_URL, null);
  const orm = await initOrm(e.DATABASE_URL);
  try {
    const pending = await orm.getMigrator().getPendingMigrations();
    if (pending.length) throw new UsageError(`The database has ${pending.length} pending migration(s). Run \`npm run migrate\` first.`);
    return await fn(orm.em.fork());
  } finally {
    await orm.close(true);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Everything printed passes the secret redactor (a key or password may sit in a message).
    if (error instanceof ConfigError || error instanceof PreflightError || error instanceof UsageError || error instanceof ApiKeyError || error instanceof SecretKeyError) {
      console.error(redactSecrets(error.message));
    } else if (error instanceof Error && error.name === 'ConnectorConfigError') {
      console.error(redactSecrets(`${error.message}\nFix the config JSON and run the command again.`));
    } else {
      console.error(redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    }
    process.exit(1);
  },
);
