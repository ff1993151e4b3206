import { monotonicFactory } from 'ulid';

// Monotonic: ids made within one millisecond still sort in creation order, which list pages rely on.
const nextUlid = monotonicFactory();

export const newProductId = (): string => `prod_${nextUlid()}`;
export const newCategoryId = (): string => `cat_${nextUlid()}`;
