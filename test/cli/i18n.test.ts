import { describe, expect, it } from 'vitest';
import { languageFrom, setLanguage, t } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { vi } from '../../src/i18n/vi';

const placeholders = (s: string) => [...s.matchAll(/(?<!\$)\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys, and each Vietnamese message the same placeholders as the English one', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(vi[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('are really translated: Vietnamese messages differ from the English ones (names and symbols aside)', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k] === vi[k] && /[a-z]{4,}/.test(en[k].replace(/\{\w+\}|`[^`]*`/g, '')));
    // Words that are the same in both (product and column names).
    expect(same.filter((k) => !['col.connector', 'error.service'].includes(k))).toEqual([]);
  });

  it('pick Vietnamese from --lang or a vi locale, English otherwise', () => {
    expect(languageFrom(['--lang', 'vi', 'runs'], {})).toBe('vi');
    expect(languageFrom(['--lang=en'], { LANG: 'vi_VN.UTF-8' })).toBe('en');
    expect(languageFrom([], { LANG: 'vi_VN.UTF-8' })).toBe('vi');
    expect(languageFrom([], { LANG: 'en_US.UTF-8', LC_ALL: 'vi_VN' })).toBe('vi');
    expect(languageFrom([], { LANG: 'C.UTF-8' })).toBe('en');
    expect(languageFrom([], {})).toBe('en');
    // After `--`, a `--lang` is an argument, not the option.
    expect(languageFrom(['--', '--lang', 'vi'], {})).toBe('en');
  });

  it('fill placeholders, leaving unknown ones visible', () => {
    setLanguage('vi');
    expect(t('connectors.added', { name: 'motcua', kind: 'mcdt' })).toBe('Đã thêm connector "motcua" (mcdt).');
    setLanguage('en');
    expect(t('connectors.added', { name: 'motcua' })).toBe('Added connector "motcua" ({kind}).');
  });
});
