import { ConnectorConfigError } from '../../connectors/errors';
import type { AnyConnector } from '../../connectors/types';

/** Validates a connector config; the error names every bad field and why. */
export function validateConnectorConfig<C>(connector: AnyConnector, config: unknown): C {
  const result = connector.configSchema.safeParse(config);
  if (result.success) return result.data as C;
  throw new ConnectorConfigError(
    result.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : '(config)';
      if (issue.code === 'unrecognized_keys') return `${field}: unknown field(s) ${issue.keys.join(', ')} for a ${connector.kind} connector`;
      return `${field}: ${issue.message}`;
    }),
  );
}
