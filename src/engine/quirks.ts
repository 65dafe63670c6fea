import { looksLikeTcvn3 } from '../../connectors/encoding/tcvn3';

/**
 * Quirks visible in a raw payload, recorded on its source version so an operator
 * can find records that arrived in NFD or in legacy TCVN3.
 */
export function detectQuirks(payload: unknown): string[] {
  let nfd = false;
  let tcvn3 = false;
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!nfd && v !== v.normalize('NFC')) nfd = true;
      if (!tcvn3 && looksLikeTcvn3(v)) tcvn3 = true;
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (v !== null && typeof v === 'object') {
      for (const item of Object.values(v)) walk(item);
    }
  };
  walk(payload);
  return [...(nfd ? ['nfd'] : []), ...(tcvn3 ? ['tcvn3'] : [])];
}
