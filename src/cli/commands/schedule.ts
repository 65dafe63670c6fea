import type { Command } from 'commander';
import type { Cli } from '../program';

export function registerScheduleCommands(_program: Command, _cli: Cli): void {}
