import { monotonicFactory } from 'ulid';

// Monotonic: ids made within one millisecond still sort in creation order, which pages rely on.
const nextUlid = monotonicFactory();

export const newStoreId = (): string => `sto_${nextUlid()}`;
export const newRegisterId = (): string => `reg_${nextUlid()}`;
export const newSessionId = (): string => `ses_${nextUlid()}`;

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
export const STORE_ID = new RegExp(`^sto_${ULID}$`);
export const REGISTER_ID = new RegExp(`^reg_${ULID}$`);
export const SESSION_ID = new RegExp(`^ses_${ULID}$`);
