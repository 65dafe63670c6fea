import type { EvidenceBundle } from './bundle';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null || v === undefined ? '' : JSON.stringify(v));
const esc = (v: unknown): string =>
  text(v).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Fields of the unified dossier shown in the summary: none personal (the payloads in the bundle hold those). */
const DOSSIER_FIELDS: [string, string, string][] = [
  ['code', 'Mã hồ sơ', 'Dossier code'],
  ['source_system', 'Hệ thống nguồn', 'Source system'],
  ['agency_code', 'Mã cơ quan', 'Agency code'],
  ['procedure_code', 'Mã thủ tục', 'Procedure code'],
  ['status', 'Trạng thái', 'Status'],
  ['received_at', 'Ngày tiếp nhận', 'Received'],
  ['due_at', 'Hạn giải quyết', 'Due'],
  ['finished_at', 'Ngày có kết quả', 'Finished'],
  ['channel', 'Kênh nộp', 'Channel'],
  ['last_run_id', 'Lần đồng bộ gần nhất', 'Last sync run'],
];

/**
 * The bundle for people, in Vietnamese and English: what the record says, where each
 * value came from, which runs brought the payloads, and what proves it. Personal data
 * stays in the JSON (the payloads); it is not repeated here.
 */
export function bundleHtml(bundle: EvidenceBundle, fileName: string): string {
  const runs = Object.entries(bundle.manifests).map(([run, seq]) => ({ run, details: (bundle.chain.find((e) => e.seq === seq)?.content?.details ?? {}) as Record<string, unknown> }));
  const subject =
    bundle.subject.type === 'dossier'
      ? `Hồ sơ / Dossier <b>${esc(bundle.subject.code)}</b>`
      : `Chỉ số / Indicator <b>${esc(bundle.subject.indicator)}</b>, cơ quan / agency <b>${esc(bundle.subject.agency)}</b>, kỳ / period <b>${esc(bundle.subject.period)}</b>: ${esc(JSON.stringify(bundle.subject.value))}`;
  const dossiers = bundle.dossiers
    .map((d) => {
      const rows = DOSSIER_FIELDS.map(([k, vi, en]) => `<tr><th>${vi} / ${en}</th><td>${esc(d[k])}</td></tr>`).join('');
      const sources = Object.entries((d.field_sources ?? {}) as Record<string, { source?: string; key?: string; runId?: number }>)
        .map(([field, s]) => `<tr><td>${esc(field)}</td><td>${esc(s.source)}</td><td>${esc(s.key)}</td><td>${esc(s.runId)}</td></tr>`)
        .join('');
      return `<h3>${esc(d.code)}</h3><table>${rows}</table>${sources ? `<p>Trường lấy từ nguồn khác / Fields taken from another source:</p><table><tr><th>Trường / Field</th><th>Nguồn / Source</th><th>Khoá / Key</th><th>Lần chạy / Run</th></tr>${sources}</table>` : ''}`;
    })
    .join('');
  const links = bundle.links.map((l) => `<tr><td>${esc(l.source_system)}</td><td>${esc(l.source_key)}</td><td>${esc(l.rule)}</td><td>${esc(l.run_id)}</td></tr>`).join('');
  const records = bundle.records
    .flatMap((r) => r.versions.map((v) => `<tr><td>${esc(r.connector)}/${esc(r.stream)}</td><td>${esc(r.sourceKey)}</td><td>${v.version}</td><td>${esc(v.receivedAt)}</td><td>${v.runId}</td><td><code>${esc(v.hash)}</code></td></tr>`))
    .join('');
  const runRows = runs
    .map(({ run, details: m }) => `<tr><td>${esc(run)}</td><td>${esc(m.connector)}/${esc(m.stream)}</td><td>${esc(m.status)}</td><td>${esc(m.startedBy)}</td><td>${esc(m.finishedAt)}</td><td>${esc(m.counts)}</td><td><code>${esc(m.merkleRoot)}</code></td></tr>`)
    .join('');
  const c = bundle.checkpoint;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Hồ sơ chứng cứ / Evidence bundle</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}code{font-size:.8rem;word-break:break-all}.en{color:#555}</style></head>
<body>
<h1>Hồ sơ chứng cứ <span class="en">/ Evidence bundle</span></h1>
<p>${subject}</p>
<p>Lập lúc / Created ${esc(bundle.createdAt)}. Tệp dữ liệu / Data file: <code>${esc(fileName)}</code></p>
<h2>Bản ghi hợp nhất <span class="en">/ Unified record</span></h2>${dossiers}
<h2>Liên kết <span class="en">/ Links</span></h2>
<p>Bản sao ở hệ thống khác được nối vào hồ sơ, và quy tắc đã nối. <span class="en">Copies in other systems joined to the dossier, and the rule that joined each.</span></p>
<table><tr><th>Hệ thống / System</th><th>Khoá / Key</th><th>Quy tắc / Rule</th><th>Lần chạy / Run</th></tr>${links}</table>
<h2>Dữ liệu nguồn <span class="en">/ Source payloads</span></h2>
<p>Mỗi phiên bản là nội dung nguyên văn hệ thống nguồn đã gửi (trong tệp JSON), với mã băm SHA-256. <span class="en">Each version is the payload exactly as the source sent it (in the JSON file), with its SHA-256 content hash.</span></p>
<table><tr><th>Nguồn / Source</th><th>Khoá / Key</th><th>Phiên bản / Version</th><th>Nhận lúc / Received</th><th>Lần chạy / Run</th><th>Mã băm / Hash</th></tr>${records}</table>
<h2>Các lần đồng bộ <span class="en">/ Sync runs</span></h2>
<p>Biên bản của mỗi lần chạy ghi con trỏ, số đếm và gốc Merkle của mọi phiên bản nó đã ghi. <span class="en">Each run's manifest records its cursors, counts and the Merkle root over every version it wrote.</span></p>
<table><tr><th>Lần chạy / Run</th><th>Luồng / Stream</th><th>Kết quả / Status</th><th>Khởi động bởi / Started by</th><th>Kết thúc / Finished</th><th>Số đếm / Counts</th><th>Gốc Merkle / Merkle root</th></tr>${runRows}</table>
<h2>Bằng chứng <span class="en">/ Proof</span></h2>
<p>Nhật ký kiểm toán là một chuỗi băm; điểm kiểm tra dưới đây ký đầu chuỗi bằng khoá Ed25519 của hệ thống. <span class="en">The audit log is a hash chain; the checkpoint below signs its head with the hub's Ed25519 key.</span></p>
<table><tr><th>Mục / Entry</th><td>${esc(c.seq)}</td></tr><tr><th>Mã băm / Hash</th><td><code>${esc(c.hash)}</code></td></tr><tr><th>Ký lúc / Signed at</th><td>${esc(c.signedAt)}</td></tr><tr><th>Mã khoá / Key id</th><td><code>${esc(c.keyId)}</code></td></tr><tr><th>Chữ ký / Signature</th><td><code>${esc(c.signature)}</code></td></tr></table>
<p>Kiểm tra (không cần kết nối, chỉ cần khoá công khai của hệ thống) / Check it (offline, with only the hub's public key):</p>
<pre>hub audit verify-bundle ${esc(fileName)} --public-key hub-audit.pub</pre>
</body></html>
`;
}
