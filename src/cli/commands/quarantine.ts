import type { Command } from 'commander';
import type { Cli } from '../program';

export function registerQuarantineCommands(_program: Command, _cli: Cli): void {}
