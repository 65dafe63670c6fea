import type { AnyConnector } from '../types';
import type { FieldSpec } from './formats';
import type { Fields } from './record';

/**
 * The streams' specs as Markdown tables for the README: per stream, every field, whether
 * it is required, its format and allowed values, and what a wrong value does. Generated,
 * so the README says what the code does (`npm run specs:emit`; a test keeps it fresh).
 */

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function rows(fields: Fields, prefix: string): string[] {
  const out: string[] = [];
  const row = (name: string, field: FieldSpec) => {
    const f = field.format;
    const wrong = field.onInvalid === 'drop' ? 'emptied, record flagged' : `quarantined: ${field.why ?? ''}`;
    const presence = `${field.presence}${field.personal ? ', personal' : ''}`;
    out.push(`| \`${prefix}${name}\` | ${presence} | ${cell(f.description)} | ${cell(f.allowed ?? '')} | ${cell(wrong)} |`);
  };
  for (const [name, field] of Object.entries(fields)) {
    row(name, field);
    const f = field.format;
    const nested = f.item?.fields ?? f.fields;
    if (nested) out.push(...rows(nested, `${prefix}${name}${f.kind === 'list' ? '[]' : ''}.`));
    if (f.item && !f.item.fields) out.push(`| \`${prefix}${name}[]\` | each item | ${cell(f.item.description)} | ${cell(f.item.allowed ?? '')} | ${field.onInvalid === 'drop' ? 'left out, record flagged' : 'quarantined'} |`);
    if (f.variants) {
      for (const [kind, of] of Object.entries(f.variants.of)) out.push(`| \`${prefix}${name}\` (${f.variants.tag} = ${kind}) | | | | |`, ...rows(of, `${prefix}${name}.`));
    }
  }
  return out;
}

export function describeSpecs(connectors: readonly AnyConnector[]): string {
  const parts: string[] = [];
  for (const connector of connectors) {
    for (const stream of connector.streams) {
      const { name, key, cursor, fields } = stream.spec;
      parts.push(
        `**\`${connector.kind}\` / \`${stream.definition.name}\`** (\`${name}\`; key ${key.map((k) => `\`${k}\``).join(' + ')}${cursor ? `; read by \`${cursor}\`` : ''})`,
        '',
        '| field | presence | format | allowed values | a wrong value is |',
        '| --- | --- | --- | --- | --- |',
        ...rows(fields, ''),
        '',
      );
    }
  }
  return parts.join('\n');
}
