import type { Queryable } from '@comptoir/platform';
import type { Recipient } from '../templates/template.ts';

/** `recipients`: customers' addresses, kept from identity's `user.*` events. */
export const recipientsRepository = {
  /** Keeps the latest address; a display name is kept when an event without one comes later. */
  async save(tx: Queryable, userId: string, email: string, displayName: string | null): Promise<void> {
    await tx.query(
      `insert into recipients (user_id, email, display_name) values ($1, $2, $3)
       on conflict (user_id) do update
         set email = excluded.email,
             display_name = coalesce(excluded.display_name, recipients.display_name),
             updated_at = now()`,
      [userId, email, displayName],
    );
  },

  async find(tx: Queryable, userId: string): Promise<Recipient | undefined> {
    const { rows } = await tx.query<{ email: string; display_name: string | null }>(
      'select email, display_name from recipients where user_id = $1',
      [userId],
    );
    const row = rows[0];
    return row ? { email: row.email, displayName: row.display_name } : undefined;
  },
};
