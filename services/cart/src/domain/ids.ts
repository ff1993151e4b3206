import { ulid } from 'ulid';

export const newCartId = (): string => `crt_${ulid()}`;
