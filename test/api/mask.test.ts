import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskTail } from '../../src/api/mask';

describe('personal data masking', () => {
  it('keeps only the last four characters of ids and phones', () => {
    expect(maskTail('006090001234')).toBe('********1234');
    expect(maskTail('0912345678')).toBe('******5678');
    expect(maskTail('123')).toBe('***');
    expect(maskTail(null)).toBeNull();
  });

  it('keeps the first letter and domain of an email', () => {
    expect(maskEmail('an.nguyen@example.vn')).toBe('a***@example.vn');
    expect(maskEmail('broken')).toBe('**oken');
  });

  it('keeps only the commune and province of an address', () => {
    expect(maskAddress('Tổ 1, phường Đức Xuân, thành phố Bắc Kạn, tỉnh Bắc Kạn')).toBe('***, thành phố Bắc Kạn, tỉnh Bắc Kạn');
    expect(maskAddress('Bắc Kạn')).toBe('***');
  });
});
