// Reading files for dd.attach in the renderer: base64 content and a small JPEG preview for images, so
// the attachment list and the supervisor's review never have to fetch a full photo to show a thumbnail.

const THUMB_MAX_PX = 240;
const THUMB_QUALITY = 0.7;

export type FileProblem = 'tooLarge' | 'badType' | 'empty';

/** What policy dd allows per file, as the service states it (policy.current). */
export interface FileLimits {
  maxAttachmentBytes: number;
  allowedMimeTypes: readonly string[];
}

/** The limit in whole MB, as the hint and the refusal state it. */
export function limitMb(limits: FileLimits): number {
  return Math.floor(limits.maxAttachmentBytes / (1024 * 1024));
}

/** The service checks again with the same policy; this saves a pointless upload. */
export function fileProblem(file: { size: number; type: string }, limits: FileLimits): FileProblem | null {
  if (file.size === 0) return 'empty';
  if (file.size > limits.maxAttachmentBytes) return 'tooLarge';
  if (!limits.allowedMimeTypes.includes(file.type)) return 'badType';
  return null;
}

/** The file's bytes as base64 (without the data: URL prefix). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

function dataUrlBase64(url: string): string {
  return url.slice(url.indexOf(',') + 1);
}

/** Draws a source scaled to fit THUMB_MAX_PX on white (JPEG has no transparency) and encodes it. */
export function thumbnailOf(source: CanvasImageSource, width: number, height: number): string | undefined {
  if (width <= 0 || height <= 0) return undefined;
  const scale = Math.min(1, THUMB_MAX_PX / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(source, 0, 0, w, h);
  return dataUrlBase64(canvas.toDataURL('image/jpeg', THUMB_QUALITY));
}

/** A preview for an image file; undefined when the browser cannot decode it (the upload goes on without). */
export async function imageThumbnail(file: Blob): Promise<string | undefined> {
  if (!file.type.startsWith('image/')) return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    try {
      return thumbnailOf(bitmap, bitmap.width, bitmap.height);
    } finally {
      bitmap.close();
    }
  } catch {
    return undefined;
  }
}

export function dataUrl(mimeType: string, base64: string): string {
  return `data:${mimeType};base64,${base64}`;
}
