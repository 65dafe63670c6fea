#!/usr/bin/env node
import 'reflect-metadata';
import { CommanderError } from 'commander';
import type { Hub } from './app';
import { describeFailure } from './cli/errors';
import { buildProgram, commanderFailure } from './cli/program';
import { languageFrom, setLanguage } from './i18n';
import { logger } from './logger';

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

/** `hub <command>`: the commands live in src/cli/commands/, one file per group. */
async function main(argv: string[]): Promise<number> {
  setLanguage(languageFrom(argv, process.env));
  const { program, outcome } = buildProgram({ untilSignal });
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return outcome.code;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const { code, text } = commanderFailure(error, program, argv);
    if (text) process.stderr.write(`${text}\n`);
    return code;
  }
}

// `hub … | head`: the reader went away; what was left to print is not wanted, and that is no error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One readable line for every known problem (its stack only for a bug, with HUB_DEBUG=1);
    // everything printed passes the secret redactor.
    const { text, code } = describeFailure(error);
    process.stderr.write(`${text}\n`);
    process.exit(code);
  },
);
