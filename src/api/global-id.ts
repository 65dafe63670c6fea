import { userInputError } from './errors';

export type NodeType = 'Dossier' | 'Document' | 'SyncRun';
const TYPES: readonly NodeType[] = ['Dossier', 'Document', 'SyncRun'];

/** Relay global id: opaque, unique across types. */
export function toGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

export function fromGlobalId(globalId: string): { type: NodeType; id: number } {
  const [type, raw] = Buffer.from(globalId, 'base64url').toString('utf8').split(':');
  const id = Number(raw);
  if (!TYPES.includes(type as NodeType) || !/^\d{1,10}$/.test(raw ?? '') || id > 2 ** 31 - 1) throw userInputError(`"${globalId}" is not an id this API gave out`, 'id');
  return { type: type as NodeType, id };
}
