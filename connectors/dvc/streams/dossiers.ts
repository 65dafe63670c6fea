import type { Stream } from '../../types';
import type { DvcConfig } from '../config';
import { mapChecked } from '../../spec/record';
import { toPortalDossier, portalDossierKey } from '../map';
import { PortalDossierSpec } from '../spec';
import { readWindowed, type WindowedList } from './windowed';

const list: WindowedList = {
  label: 'portal dossiers',
  fetch: (client, params) => client.dossiers(params),
  key: portalDossierKey,
  order: (row) => {
    const key = portalDossierKey(row);
    return key === null ? null : [key];
  },
};

/** LayDanhSachHoSo: the portal's online dossiers, in windows over NgayCapNhat (see windowed.ts). */
export const dossiersStream: Stream<DvcConfig> = {
  definition: {
    name: 'dossiers',
    kind: 'portalDossier',
    description: 'Online dossiers as the public-service portal holds them (LayDanhSachHoSo), in windows over NgayCapNhat',
    primaryKey: ['MaHoSoQG'],
    cursorField: 'NgayCapNhat',
  },
  read: (config, state, ctx) => readWindowed(list, config, state, ctx),
  readWindow: (config, window, state, ctx) => readWindowed(list, config, state, ctx, window),
  spec: PortalDossierSpec,
  map: mapChecked(PortalDossierSpec, (r) => ({ kind: 'portalDossier', value: toPortalDossier(r) })),
};
