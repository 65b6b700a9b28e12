// Imported first by main.tsx. zod compiles fast object parsers with new Function(), which the page's
// CSP (script-src 'self', no 'unsafe-eval') forbids; jitless mode avoids that before any schema runs.
import { z } from 'zod';

z.config({ jitless: true });
