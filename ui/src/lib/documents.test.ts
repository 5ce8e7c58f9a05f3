import { describe, expect, it } from 'vitest';
import { bytesToBase64, chunkPlan, defaultCategory, defaultTitle, formatSize, kindKey, parseTags, previewKind, sourceKey, textKey } from './documents';
import { base64ToBytes } from './files';

describe('documents', () => {
  it('plans the pieces of an upload: whole chunks then the rest, none for an empty file', () => {
    expect(chunkPlan(10, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(chunkPlan(8, 4)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(chunkPlan(0, 4)).toEqual([]);
    expect(() => chunkPlan(10, 0)).toThrow();
  });

  it('round-trips bytes through base64, also past the 32 KiB step', () => {
    const bytes = new Uint8Array(100_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 256;
    expect(Array.from(base64ToBytes(bytesToBase64(bytes)))).toEqual(Array.from(bytes));
  });

  it('reads tags as typed: trimmed, lower case, once each, empties dropped', () => {
    expect(parseTags(' Contrato, 2026 ,,alquiler, contrato ')).toEqual(['contrato', '2026', 'alquiler']);
    expect(parseTags('')).toEqual([]);
  });

  it('sizes in decimal units with the locale', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(12_345)).toBe('12,3 KB');
    expect(formatSize(104_857_600)).toBe('104,9 MB');
    expect(formatSize(1_500_000_000, 'en-GB')).toBe('1.5 GB');
  });

  it('knows what it can show inside the app', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('IMAGE/PNG')).toBe('image');
    expect(previewKind('text/csv')).toBe('text');
    expect(previewKind('image/tiff')).toBe('none');
    expect(previewKind('application/vnd.ms-excel')).toBe('none');
  });

  it('suggests a title and a category', () => {
    expect(defaultTitle('contrato_alquiler_2026.pdf')).toBe('contrato alquiler 2026');
    expect(defaultTitle('.bashrc')).toBe('.bashrc');
    expect(defaultCategory('bill')).toBe('facturas_recibidas');
    expect(defaultCategory('employee')).toBe('nominas');
    expect(defaultCategory('supplier')).toBe('otros');
  });

  it('words unknown origins, statuses and kinds safely', () => {
    expect(sourceKey('mail')).toBe('documents.source.mail');
    expect(sourceKey('???')).toBe('documents.source.upload');
    expect(textKey('failed')).toBe('documents.text.failed');
    expect(kindKey('purchase_order')).toBe('documents.kind.purchase_order');
    expect(kindKey('nope')).toBe('documents.kind.entry');
  });
});
