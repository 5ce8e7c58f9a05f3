//! Documents in the UI: a file sent to the archive in pieces (so a 100 MB scan never travels
//! as one message, and a progress bar can follow it), a document's bytes read back in pieces,
//! and the small pure helpers the archive screens share.

import { commands, type DocumentDto, type RecordRefDto } from './api';
import { isDesktop } from './transport';
import { base64ToBytes, downloadBlob } from './files';
import type { MessageKey } from './i18n';

/** What the user says about a file before it goes into the archive. */
export interface DocumentMeta {
  category: string;
  title: string;
  doc_date: string;
  tags: string[];
  notes: string;
  links: RecordRefDto[];
}

/** The kinds of record a document may be attached to, as the api names them. */
export type RecordKind =
  | 'entry'
  | 'invoice'
  | 'bill'
  | 'customer'
  | 'supplier'
  | 'employee'
  | 'contract'
  | 'purchase_order'
  | 'pay_run'
  | 'payslip'
  | 'correspondence';

/** Bytes as base64 (chunked so a large piece does not overflow the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    bin += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(bin);
}

/** The pieces a file of `size` bytes is sent in: [offset, end) each at most `chunk` bytes. */
export function chunkPlan(size: number, chunk: number): Array<[number, number]> {
  if (chunk <= 0) throw new Error('chunk must be positive');
  const out: Array<[number, number]> = [];
  for (let off = 0; off < size; off += chunk) out.push([off, Math.min(size, off + chunk)]);
  return out;
}

/** Tags as typed ("contrato, 2026 ,alquiler") -> ['contrato', '2026', 'alquiler']. */
export function parseTags(s: string): string[] {
  const out: string[] = [];
  for (const t of s.split(',')) {
    const v = t.trim().toLowerCase();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** A size for people: 512 B, 12,3 KB, 104,9 MB (decimal units, one decimal). */
export function formatSize(bytes: number, locale = 'es-ES'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const n = u === 0 ? String(v) : v.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${n} ${units[u]}`;
}

/** How a document can be shown inside the app. */
export function previewKind(mediaType: string): 'pdf' | 'image' | 'text' | 'none' {
  const m = mediaType.toLowerCase();
  if (m === 'application/pdf') return 'pdf';
  if (['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(m)) return 'image';
  if (m.startsWith('text/')) return 'text';
  return 'none';
}

/** The title a file gets by default: its name without the extension. */
export function defaultTitle(fileName: string): string {
  const i = fileName.lastIndexOf('.');
  return (i > 0 ? fileName.slice(0, i) : fileName).replace(/[_]+/g, ' ').trim() || fileName;
}

/** The category a file suggests for a record kind (the user may change it). */
export function defaultCategory(kind: RecordKind | undefined): string {
  switch (kind) {
    case 'invoice':
      return 'facturas_emitidas';
    case 'bill':
      return 'facturas_recibidas';
    case 'employee':
    case 'payslip':
    case 'pay_run':
      return 'nominas';
    case 'contract':
      return 'contratos';
    case 'correspondence':
      return 'correspondencia';
    default:
      return 'otros';
  }
}

/**
 * Sends `file` to the archive in pieces, reporting the bytes sent; a failure cancels the
 * upload on the api side (nothing half-written stays).
 */
export async function uploadDocument(
  file: Blob & { name: string },
  meta: DocumentMeta,
  onProgress?: (sent: number, total: number) => void,
): Promise<DocumentDto> {
  const begun = await commands.documentUploadBegin({ file_name: file.name, size: file.size });
  try {
    for (const [from, to] of chunkPlan(file.size, begun.max_chunk)) {
      const piece = new Uint8Array(await file.slice(from, to).arrayBuffer());
      await commands.documentUploadChunk({ upload_id: begun.upload_id, offset: from, content_base64: bytesToBase64(piece) });
      onProgress?.(to, file.size);
    }
    return await commands.documentUploadFinish({ upload_id: begun.upload_id, ...meta });
  } catch (e) {
    await commands.documentUploadCancel({ upload_id: begun.upload_id }).catch(() => undefined);
    throw e;
  }
}

/** A document's bytes, read in pieces. */
export async function documentBytes(id: number, onProgress?: (read: number, total: number) => void): Promise<{ bytes: Uint8Array<ArrayBuffer>; mediaType: string; fileName: string }> {
  const first = await commands.documentContent({ id, offset: 0 });
  const out = new Uint8Array(first.size);
  let at = 0;
  let piece = first;
  for (;;) {
    const b = base64ToBytes(piece.content_base64);
    out.set(b, piece.offset);
    at = piece.offset + b.length;
    onProgress?.(at, first.size);
    if (at >= first.size || b.length === 0) break;
    piece = await commands.documentContent({ id, offset: at });
  }
  return { bytes: out, mediaType: first.media_type, fileName: first.file_name };
}

/** Opens a document outside the app: the system's application in the desktop, a download in the browser. */
export async function openOutside(id: number): Promise<void> {
  if (isDesktop()) {
    await commands.documentOpen({ id });
    return;
  }
  const { bytes, mediaType, fileName } = await documentBytes(id);
  downloadBlob(new Blob([bytes], { type: mediaType }), fileName);
}

const SOURCES = ['upload', 'issued', 'mail'] as const;
const TEXT_STATUSES = ['extracted', 'none', 'failed', 'pending'] as const;
const KINDS: readonly RecordKind[] = ['entry', 'invoice', 'bill', 'customer', 'supplier', 'employee', 'contract', 'purchase_order', 'pay_run', 'payslip', 'correspondence'];

/** The words for a document's origin, text status and the kind of record it is linked to. */
export function sourceKey(s: string): MessageKey {
  return `documents.source.${(SOURCES as readonly string[]).includes(s) ? (s as (typeof SOURCES)[number]) : 'upload'}`;
}
export function textKey(s: string): MessageKey {
  return `documents.text.${(TEXT_STATUSES as readonly string[]).includes(s) ? (s as (typeof TEXT_STATUSES)[number]) : 'none'}`;
}
export function kindKey(k: string): MessageKey {
  return `documents.kind.${(KINDS as readonly string[]).includes(k) ? (k as RecordKind) : 'entry'}`;
}
