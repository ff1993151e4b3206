import { monotonicFactory } from 'ulid';

// Monotonic: ids made within one millisecond still sort in creation order, which list pages rely on.
const nextUlid = monotonicFactory();

export const newUserId = (): string => `usr_${nextUlid()}`;
export const newSessionId = (): string => `ses_${nextUlid()}`;
export const newApiKeyId = (): string => `key_${nextUlid()}`;
export const newClientId = (): string => `cli_${nextUlid()}`;
export const newKid = (): string => `sig_${nextUlid()}`;
