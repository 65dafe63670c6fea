import type { RawDocument } from '../../../connectors/qlvb/raw';
import { type Breakage, impossibleSlash } from '../shared/bad-records';

/**
 * How the document system serves a broken record (the bad-record fault): a register
 * entry, or an edXML package (as text). `malformed` ways break what the contract
 * requires (the key, a required or a meaning-bearing field, the package header);
 * `flawed` ways spoil an optional, descriptive value only.
 */

type Loose<R> = { [K in keyof R]: unknown };

const URGENCY = ['Thường', 'Khẩn', 'Thượng khẩn', 'Hỏa tốc', 'Hỏa tốc hẹn giờ'];

export const DOCUMENT_BREAKS: readonly Breakage<Loose<RawDocument>>[] = [
  { what: 'DoKhan as its text', outcome: 'malformed', apply: (r) => (r.DoKhan = URGENCY[Number(r.DoKhan)] ?? 'Thường') },
  { what: 'an impossible NgayBanHanh', outcome: 'malformed', apply: (r, pick) => (r.NgayBanHanh = impossibleSlash(r.NgayBanHanh, pick)) },
  { what: 'no Id', outcome: 'malformed', apply: (r) => delete (r as Partial<Loose<RawDocument>>).Id },
  { what: 'an impossible HanXuLy', outcome: 'flawed', apply: (r, pick) => (r.HanXuLy = impossibleSlash(r.NgayBanHanh, pick)) },
  {
    what: 'the issuer’s code in short form',
    outcome: 'flawed',
    apply: (r) => {
      const issuer = (r.CoQuanBanHanh ?? {}) as { MaDinhDanh?: string | null; Ten?: string | null };
      r.CoQuanBanHanh = { ...issuer, MaDinhDanh: (issuer.MaDinhDanh ?? 'H06').slice(-3) };
    },
  },
];

/** An edXML package as served: its text. */
export interface PackageText {
  xml: string;
}

const cutShort = (p: PackageText) => (p.xml = p.xml.slice(0, Math.floor(p.xml.length * 0.6)));
/** Replaces the text of the first `name` element (inside `within`, when given). */
const setFirst = (p: PackageText, name: string, value: string | null, within?: string) => {
  const start = within ? p.xml.indexOf(`<edXML:${within}>`) : 0;
  const pattern = new RegExp(`<edXML:${name}>[^<]*</edXML:${name}>`);
  const head = p.xml.slice(0, Math.max(0, start));
  p.xml = head + p.xml.slice(head.length).replace(pattern, value === null ? '' : `<edXML:${name}>${value}</edXML:${name}>`);
};
const impossibleDay = (pick: number) => ['2024/02/30', '2025/04/31', '2025/13/45', '2024/06/31'][pick % 4] ?? '2025/13/45';

export const DOCUMENT_PACKAGE_BREAKS: readonly Breakage<PackageText>[] = [
  { what: 'cut short (not well-formed)', outcome: 'malformed', apply: cutShort },
  { what: 'an impossible PromulgationDate', outcome: 'malformed', apply: (p, pick) => setFirst(p, 'PromulgationDate', impossibleDay(pick), 'PromulgationInfo') },
  { what: 'no DocumentId in the header', outcome: 'malformed', apply: (p) => (p.xml = p.xml.replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId><\/edXML:MessageHeader>/, '</edXML:MessageHeader>')) },
  { what: 'BussinessDocType out of range', outcome: 'malformed', apply: (p) => setFirst(p, 'BussinessDocType', '7') },
  { what: 'the sender’s OrganId in short form', outcome: 'malformed', apply: (p) => setFirst(p, 'OrganId', 'VPCP', 'From') },
  { what: 'a recipient’s OrganId in short form', outcome: 'flawed', apply: (p) => setFirst(p, 'OrganId', 'UBND', 'To') },
];

export const STATUS_PACKAGE_BREAKS: readonly Breakage<PackageText>[] = [
  { what: 'cut short (not well-formed)', outcome: 'malformed', apply: cutShort },
  { what: 'an impossible Timestamp', outcome: 'malformed', apply: (p, pick) => setFirst(p, 'Timestamp', `${impossibleDay(pick)} 09:00:00`) },
  { what: 'StatusCode out of range', outcome: 'malformed', apply: (p) => setFirst(p, 'StatusCode', '07') },
  { what: 'the responder’s OrganId in short form', outcome: 'flawed', apply: (p) => setFirst(p, 'OrganId', 'UBND', 'From') },
];
