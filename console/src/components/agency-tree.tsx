import { useState } from 'preact/hooks';
import { AGENCIES } from '../api/queries';
import { useApp } from '../context';
import type { Agency, Connection } from '../types';
import { useQuery } from './use-query';

/** Units below `parent`, loaded when the branch is opened. */
function Branch({ parent, selected, onSelect, depth }: { parent: string; selected: string; onSelect: (a: Agency) => void; depth: number }) {
  const q = useQuery<{ agencies: Connection<Agency> }>(AGENCIES, { filter: { parentCode: parent } });
  const children = (q.answer?.data.agencies.edges.map((e) => e.node) ?? []).filter((a) => !a.validTo);
  if (!children.length) return null;
  return (
    <ul>
      {children.map((a) => (
        <Node key={a.code} agency={a} selected={selected} onSelect={onSelect} depth={depth} />
      ))}
    </ul>
  );
}

function Node({ agency, selected, onSelect, depth }: { agency: Agency; selected: string; onSelect: (a: Agency) => void; depth: number }) {
  const [open, setOpen] = useState(depth === 0);
  return (
    <li>
      <button type="button" class="toggle" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={open ? '−' : '+'}>
        {open ? '▾' : '▸'}
      </button>
      <button type="button" class={`link agency ${agency.code === selected ? 'selected' : ''}`} data-agency={agency.code} onClick={() => onSelect(agency)}>
        {agency.name}
      </button>
      {open ? <Branch parent={agency.code} selected={selected} onSelect={onSelect} depth={depth + 1} /> : null}
    </li>
  );
}

/** The agency tree from the catalogue (units rearranged away in 2025 left out). */
export function AgencyTree({ root, selected, onSelect }: { root: Agency; selected: string; onSelect: (a: Agency) => void }) {
  const { t } = useApp();
  return (
    <nav class="tree card" aria-label={t('dashboard.tree')} data-testid="agency-tree">
      <h2>{t('dashboard.tree')}</h2>
      <ul>
        <Node agency={root} selected={selected} onSelect={onSelect} depth={0} />
      </ul>
    </nav>
  );
}
