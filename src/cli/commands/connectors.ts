import type { Command } from 'commander';
import type { Cli } from '../program';

export function registerConnectorCommands(_program: Command, _cli: Cli): void {}
