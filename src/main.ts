#!/usr/bin/env node
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { enqueueSync } from '../jobs/queue';
import { syncSchedules } from '../jobs/schedule';
import { getConnector } from '../connectors/registry';
import { printHubSchema } from './api/schema';
import { startHub, type Hub } from './app';
import { upsertConnector } from './cli/connectors';
import { runDemo } from './cli/demo';
import { readmeWithSpecs } from './cli/readme-specs';
import { PreflightError } from './cli/preflight';
import { ConfigError, env } from './config';
import { ensureDatabase } from './db/database';
import { migrateDatabase } from './db/migrate';
import { ConnectorInstance } from './entities';
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
  schema:emit                 write schema/schema.graphql from the code
  specs:emit                  rewrite the README's per-stream record specs from the code
`;

/** Runs until SIGTERM/SIGINT, then drains and exits 0. */
function untilSignal(hub: Hub): Promise<void> {
  return new Promise((done) => {
    let closing = false;
    const stop = (signal: string) => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'shutting down: draining jobs and connections');
      hub.close().then(done, (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        done();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
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
      } catch {
        throw new UsageError(`the config is not valid JSON: ${json}`);
      }
      const hub = await startHub(e, { api: false, worker: false });
      try {
        const instance = await upsertConnector(hub.orm.em.fork(), { name, kind, config, schedule: schedule === 'none' ? null : schedule });
        await syncSchedules(hub.queue, hub.orm.em.fork());
        const check = await getConnector(kind).check(instance.config, { signal: AbortSignal.timeout(20_000), now: () => new Date(), log: () => undefined });
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
          const { jobId, queued } = await enqueueSync(hub.queue, { connector: name, stream, trigger: 'cli', full });
          console.log(queued ? `queued ${jobId}` : `${jobId} is already queued or running; not queued again`);
        }
        return 0;
      } finally {
        await hub.close();
      }
    }
    case 'schema:emit': {
      const file = resolve(__dirname, '../../schema/schema.graphql');
      writeFileSync(file, await printHubSchema());
      console.log(`Wrote ${file}`);
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof PreflightError || error instanceof UsageError) {
      console.error(error.message);
    } else if (error instanceof Error && error.name === 'ConnectorConfigError') {
      console.error(`${error.message}\nFix the config JSON and run the command again.`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
