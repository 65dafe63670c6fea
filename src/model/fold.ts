/**
 * Folds Vietnamese text for accent-, case- and normal-form-insensitive search:
 * "Hộ tịch", "HỘ TỊCH", NFD "Hộ tịch" and "ho tich" all become "ho tich". đ has no
 * Unicode decomposition, so it is mapped by hand (domain.md B6). Done in the writer,
 * in JS, because the same fold as a generated SQL column cost the first load more than
 * the rest of the dossier write (bench/README.md).
 */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** `text` with every occurrence of `name` removed (as SQL `replace(text, name, '')`): search text never carries a person's name. */
export function withoutName(text: string | null, name: string | null): string | null {
  if (text === null || !name) return text;
  return text.split(name).join('');
}
