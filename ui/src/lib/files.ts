//! Exported files: download / print / save-as, in the browser and in the desktop.
//! Native dialogs come from @tauri-apps/plugin-dialog when the shell registers it; otherwise null.

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
  const url = URL.createObjectURL(fileBlob(f));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.file_name;
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

/** Desktop "Save as…": the native save dialog, then the api writes the file. Null if cancelled. */
export async function saveAs(f: ExportedFile): Promise<string | null> {
  const ext = f.file_name.split('.').pop() ?? '';
  let path: string | null = null;
  try {
    const dialog = await import('@tauri-apps/plugin-dialog');
    path = await dialog.save({ defaultPath: f.file_name, filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [] });
  } catch {
    // No dialog plugin in this shell: fall back to a download.
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
    const dialog = await import('@tauri-apps/plugin-dialog');
    const picked = await dialog.open({
      multiple: false,
      directory: false,
      filters: [{ name: 'Trastienda', extensions: ['trastienda'] }],
    });
    return typeof picked === 'string' ? picked : null;
  } catch {
    return undefined;
  }
}
