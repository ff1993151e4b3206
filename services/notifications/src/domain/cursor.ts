import { idCursor } from '@comptoir/platform';
import { invalidCursor } from './errors.ts';

/** The mailbox is listed newest first by id; the kit's codec refuses tampered cursors with our own code. */
export const cursor = idCursor(invalidCursor, /^eml_[0-9A-HJKMNP-TV-Z]{26}$/);
