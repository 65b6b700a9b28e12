// The blob_uploads table: the upload progress of each attachment file, the queue of files head office
// has not confirmed yet. The uploading itself is main/sync/blobs.ts.
import type { LocalStore, ReadHandle, WriteHandle } from '../store';
import { prepared } from '../prepared';

export type BlobUploadStatus = 'pending' | 'uploading' | 'verified' | 'failed';

export interface BlobUploadState {
  sha256: string;
  sizeBytes: number;
  uploadedBytes: number;
  status: BlobUploadStatus;
  lastError: string | null;
}


export function blobUploadState(r: ReadHandle | WriteHandle, sha256: string): BlobUploadState | null {
  const row = prepared(r.sql,
      `SELECT sha256, size_bytes AS sizeBytes, uploaded_bytes AS uploadedBytes, status, last_error AS lastError
         FROM blob_uploads WHERE sha256 = ?`,
    )
    .get(sha256) as BlobUploadState | undefined;
  return row ?? null;
}

/** True once head office confirmed it holds the complete, re-hashed blob. */
export function isBlobVerified(r: ReadHandle | WriteHandle, sha256: string): boolean {
  return blobUploadState(r, sha256)?.status === 'verified';
}

/** Of these blobs, the ones head office has not confirmed yet (a submit waits for none left). */
export function unverifiedBlobs(r: ReadHandle | WriteHandle, sha256s: readonly string[]): string[] {
  return [...new Set(sha256s)].filter((sha) => !isBlobVerified(r, sha));
}

/** Blobs referenced by live attachments and not yet verified or failed, oldest attachment first. */
export function queuedBlobs(r: ReadHandle): string[] {
  const rows = prepared(r.sql,
      `SELECT a.sha256 AS sha256 FROM attachments a LEFT JOIN blob_uploads b ON b.sha256 = a.sha256
        WHERE a.deleted_at IS NULL AND (b.status IS NULL OR b.status IN ('pending', 'uploading'))
        GROUP BY a.sha256 ORDER BY MIN(a.created_at), a.sha256`,
    )
    .all() as { sha256: string }[];
  return rows.map((row) => row.sha256);
}

export function saveBlobUploadState(store: LocalStore, at: Date, state: Omit<BlobUploadState, 'lastError'> & { lastError?: string | null }): void {
  store.transaction((w) =>
    prepared(w.sql,
        `INSERT INTO blob_uploads (sha256, size_bytes, uploaded_bytes, status, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(sha256) DO UPDATE SET size_bytes = excluded.size_bytes, uploaded_bytes = excluded.uploaded_bytes,
           status = excluded.status, last_error = excluded.last_error, updated_at = excluded.updated_at`,
      )
      .run(state.sha256, state.sizeBytes, state.uploadedBytes, state.status, state.lastError ?? null, at.toISOString()),
  );
}
