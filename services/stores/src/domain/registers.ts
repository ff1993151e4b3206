import type { Register } from '@comptoir/contracts';
import { idCursor, type Principal, pageOf } from '@comptoir/platform';
import { assertMayAddRegister, assertMayListRegisters, isStaffOf } from './access.ts';
import { invalidCursor, registerNameTaken, registerNotFound, storeNotFound } from './errors.ts';
import { newRegisterId, REGISTER_ID } from './ids.ts';
import type { Page, StoresStore } from './ports.ts';

const cursor = idCursor(invalidCursor, REGISTER_ID);

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
      return { ...register, openSessionId: null };
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
