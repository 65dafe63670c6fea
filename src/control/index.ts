/**
 * The connector control plane's services, for the GraphQL API and the CLI alike. Each
 * takes `ControlDeps` (a store, the acting `AuditActor`, the queue when it queues work),
 * runs in its own transaction with its audit entry, and throws `ControlError` (a stable
 * `code`, the `field` at fault, an English message, `params` for translations).
 */
export * from './context';
export * from './errors';
export { DEFAULT_TIME_ZONE, nextFireTimes } from './cron';
export * from './connectors';
export * from './schedules';
export * from './runs';
export * from './quarantine';
