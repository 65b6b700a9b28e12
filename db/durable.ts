// Durable renames for the file stores beside the databases (the branch's blob store, head office's
// attachment blobs): a file written to a temp name and fsynced is renamed into place, and the folder
// is fsynced so the rename itself survives a crash.
import { promises as fsp } from 'node:fs';

/** fsync of the folder makes a rename inside it durable (POSIX); Windows cannot open folders, and does not need it. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
