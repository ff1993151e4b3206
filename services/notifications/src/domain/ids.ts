import { monotonicFactory } from 'ulid';

// Monotonic: ids made within one millisecond still sort in creation order, which mailbox pages rely on.
const nextUlid = monotonicFactory();

export const newEmailId = (): string => `eml_${nextUlid()}`;
