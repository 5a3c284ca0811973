// The page's state, held here alone: page.kind, the kind the form shows, and page.job, the job being watched (or null).

import { KINDS } from './kinds.js';

// An object, since a module's imported bindings can't be assigned by its importers.
export const page = { kind: KINDS[0], job: null };
