// Where the generated central migrations live, resolved from this file so the server finds them
// whatever the working directory is.
import { fileURLToPath } from 'node:url';

export const CENTRAL_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
