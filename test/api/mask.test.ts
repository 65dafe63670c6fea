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

describe('names and free text', () => {
  it('reduces a name to its initials', async () => {
    const { initials } = await import('../../src/api/mask');
    expect(initials('Nguyễn Văn An')).toBe('N. V. A.');
    expect(initials('Công ty TNHH Hoà Bình')).toBe('C. t. T. H. B.');
  });

  it('takes known names, people addressed by title, e-mails and phone or id numbers out of text, and keeps codes', async () => {
    const { redactText } = await import('../../src/api/mask');
    expect(redactText('Hồ sơ đăng ký khai sinh của ông Nguyễn Văn An', ['Nguyễn Văn An'])).toBe('Hồ sơ đăng ký khai sinh của ông N. V. A.');
    expect(redactText('đề nghị NGUYỄN VĂN AN bổ sung', ['Nguyễn Văn An'])).toBe('đề nghị N. V. A. bổ sung');
    expect(redactText('Cán bộ rất nhiệt tình, cảm ơn chị Hoàng Thị Lan; gọi 0912 345 678 hoặc lan.ht@gmail.com, CCCD 006090001234')).toBe(
      'Cán bộ rất nhiệt tình, cảm ơn chị H. T. L.; gọi *** hoặc l***@gmail.com, CCCD ***',
    );
    expect(redactText('V/v hồ sơ 000.00.12.H06-250101-0001, Quyết định số 12/QĐ-UBND ngày 05/01/2025')).toBe('V/v hồ sơ 000.00.12.H06-250101-0001, Quyết định số 12/QĐ-UBND ngày 05/01/2025');
  });
});
