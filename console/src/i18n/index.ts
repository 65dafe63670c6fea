import { en } from './en';
import { type MessageKey, vi } from './vi';

export type Lang = 'vi' | 'en';
export type { MessageKey };

const LANG_STORAGE = 'hub.console.lang';
const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };

/** Vietnamese unless the user switched to English in this browser. */
export const initialLang = (): Lang => (localStorage.getItem(LANG_STORAGE) === 'en' ? 'en' : 'vi');
export const saveLang = (lang: Lang): void => localStorage.setItem(LANG_STORAGE, lang);

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  return (key, params) => catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}

/** Looks up a key built at run time (an enum value); falls back to the raw value. */
export function translateDynamic(t: Translate, key: string, fallback: string): string {
  return key in vi ? t(key as MessageKey) : fallback;
}

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Formats in Vietnam time, whatever the browser's zone: the hub's periods are Vietnam days. */
export function formatters(lang: Lang) {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'short' });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const month = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' });
  return {
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '–'),
    date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : '–'),
    number: (n: number | null | undefined) => (n == null ? '–' : number.format(n)),
    percent: (n: number | null | undefined) => (n == null ? 'N/A' : `${number.format(n)} %`),
    /** A period's first day (yyyy-MM-dd) as a month label. */
    month: (day: string) => month.format(new Date(`${day}T00:00:00Z`)),
    duration: (ms: number) => {
      const s = Math.round(ms / 1000);
      if (s < 60) return `${s} s`;
      const m = Math.floor(s / 60);
      return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
    },
  };
}
export type Formatters = ReturnType<typeof formatters>;
