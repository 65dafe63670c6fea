import { en, type MessageKey } from './en';
import { vi } from './vi';

/**
 * The CLI's messages in English and Vietnamese. A catalogue is a plain object with the
 * same keys (`vi` is typed against `en`, so a missing translation fails `tsc`);
 * `{name}` placeholders are filled by `t`. Small enough not to need an i18n library.
 */
export type Language = 'en' | 'vi';
export const LANGUAGES: readonly Language[] = ['en', 'vi'];
export type { MessageKey } from './en';

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, vi };

let current: Language = 'en';

export function setLanguage(language: Language): void {
  current = language;
}

export function language(): Language {
  return current;
}

export const isLanguage = (v: string): v is Language => (LANGUAGES as readonly string[]).includes(v);

/**
 * The language asked for: `--lang xx` / `--lang=xx` on the command line, else the
 * locale (the first set of LC_ALL, LC_MESSAGES, LANG): Vietnamese when it starts with
 * `vi`, English otherwise. Read before the command line is parsed, as help texts depend on it.
 */
export function languageFrom(argv: readonly string[], env: NodeJS.ProcessEnv): Language {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value !== undefined) return /^vi/i.test(value) ? 'vi' : 'en';
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^vi/i.test(locale) ? 'vi' : 'en';
}

/** The message `key` in the current language, its `{placeholders}` filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[current][key];
  return template.replace(/(?<!\$)\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
