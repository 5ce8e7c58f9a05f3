//! Exported files: download / print / save-as, in the browser and in the desktop.
//! Native dialogs are opened by the desktop shell (its `choose_file` command), in Rust; elsewhere null.

import { commands, type ExportedFile } from './api';
import { isDesktop } from './transport';

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function fileBlob(f: ExportedFile): Blob {
  return new Blob([base64ToBytes(f.content_base64)], { type: f.mime });
}

/** Browser: save through a download. */
export function download(f: ExportedFile): void {
  downloadBlob(fileBlob(f), f.file_name);
}

/** Browser: save bytes already in hand through a download named `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Print = the PDF opened in a viewer: the system one in the desktop, a new tab in the browser. */
export async function printPdf(f: ExportedFile): Promise<string | null> {
  if (isDesktop()) {
    const r = await commands.openExported({ file_name: f.file_name, content_base64: f.content_base64 });
    return r.path;
  }
  const url = URL.createObjectURL(fileBlob(f));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
  return null;
}

/**
 * The desktop shell's native dialog, opened in Rust (`choose_file`), which grants the api the
 * path the user picked: the web side never names a path the api would write to or open.
 * Null if cancelled; throws where there is no such shell.
 */
async function chooseFile(args: { save: boolean; fileName?: string; filterName?: string; extensions: string[] }): Promise<string | null> {
  const { invoke } = await import('@tauri-apps/api/core');
  return invoke<string | null>('choose_file', args);
}

/** Desktop "Save as…": the native save dialog, then the api writes the file. Null if cancelled. */
export async function saveAs(f: ExportedFile): Promise<string | null> {
  const ext = f.file_name.split('.').pop() ?? '';
  let path: string | null = null;
  try {
    path = await chooseFile({ save: true, fileName: f.file_name, filterName: ext.toUpperCase(), extensions: ext ? [ext] : [] });
  } catch {
    // No desktop shell here: fall back to a download.
    download(f);
    return null;
  }
  if (!path) return null;
  const r = await commands.saveExported({ path, content_base64: f.content_base64 });
  return r.path;
}

/** Desktop "Open…": the native file dialog if available. Undefined means "no dialog here, ask for a path". */
export async function pickCompanyFile(): Promise<string | null | undefined> {
  if (!isDesktop()) return undefined;
  try {
    return await chooseFile({ save: false, filterName: 'Trastienda', extensions: ['trastienda'] });
  } catch {
    return undefined;
  }
}
