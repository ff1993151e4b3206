import { monotonicFactory } from 'ulid';

// Monotonic: ids made within one millisecond still sort in creation order, which list pages rely on.
const nextUlid = monotonicFactory();

export const newPaymentId = (): string => `pay_${nextUlid()}`;
export const newRefundId = (): string => `re_${nextUlid()}`;
