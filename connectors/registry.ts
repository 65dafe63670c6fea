import { dvcConnector } from './dvc';
import { mcdtConnector } from './mcdt';
import { qlvbConnector } from './qlvb';
import type { AnyConnector } from './types';

/** Every connector plug-in the hub can run, by kind. Adding a source adds one line here. */
export const CONNECTORS: Readonly<Record<string, AnyConnector>> = {
  [mcdtConnector.kind]: mcdtConnector,
  [dvcConnector.kind]: dvcConnector,
  [qlvbConnector.kind]: qlvbConnector,
};

export function getConnector(kind: string): AnyConnector {
  const connector = CONNECTORS[kind];
  if (!connector) throw new Error(`Unknown connector kind "${kind}". Known kinds: ${Object.keys(CONNECTORS).join(', ')}`);
  return connector;
}
