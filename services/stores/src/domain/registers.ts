import type { Register } from '@comptoir/contracts';
import { idCursor, type Principal, pageOf } from '@comptoir/platform';
import { assertMayAddRegister, assertMayListRegisters, isStaffOf } from './access.ts';
import { invalidCursor, registerNameTaken, registerNotFound, storeNotFound } from './errors.ts';
import { newRegisterId, REGISTER_ID } from './ids.ts';
import type { Page, StoresStore } from './ports.ts';

const cursor = idCursor(invalidCursor, REGISTER_ID);

/**
 * The register's offline receipt series starts with this: `H` and the last six characters of its
 * id. Online receipts are the register name and six digits; a letter after the dash keeps the two
 * series apart on paper too. Derived, so it never changes and needs no storage.
 */
export const offlineReceiptPrefix = (registerId: string): string => `H${registerId.slice(-6)}`;

/** The tills of a store. Seen by the store's staff and head office; to anyone else they do not exist. */
export class Registers {
  constructor(
    private readonly store: StoresStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(actor: Principal, storeId: string, name: string): Promise<Register> {
    if (!(await this.store.stores.find(storeId))) throw storeNotFound(storeId);
    assertMayAddRegister(actor, storeId);
    const register = { id: newRegisterId(), storeId, name, createdAt: this.clock().toISOString() };
    return this.store.write(async (uow) => {
      if (!(await uow.registers.insert(register))) throw registerNameTaken(name);
      const created = await uow.registers.find(register.id);
      if (!created) throw new Error(`register ${register.id} vanished after its insert`);
      return created;
    });
  }

  async list(
    actor: Principal,
    storeId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<Register>> {
    if (!(await this.store.stores.find(storeId))) throw storeNotFound(storeId);
    assertMayListRegisters(actor, storeId);
    const afterId = cursor.decode(query.cursor);
    const rows = await this.store.registers.listByStore(storeId, {
      take: query.limit + 1,
      ...(afterId ? { afterId } : {}),
    });
    return pageOf(
      rows,
      query.limit,
      (r) => r,
      (r) => cursor.encode(r.id),
    );
  }

  async get(actor: Principal, id: string): Promise<Register> {
    const register = await this.store.registers.find(id);
    if (!register || !isStaffOf(actor, register.storeId)) throw registerNotFound(id);
    return register;
  }
}
