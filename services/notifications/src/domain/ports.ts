import type { MailboxEmail, MailboxEmailSummary } from '@comptoir/contracts';

/** What a transport is handed: one rendered message. */
export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** An email claimed for one attempt; `attempt` (1-based) also fences the outcome to this claim. */
export interface ClaimedEmail extends OutgoingEmail {
  attempt: number;
}

/** Where emails wait to be sent, as the delivery loop sees it. */
export interface EmailQueue {
  /**
   * Takes up to `limit` due emails, counts the attempt, and hides them from every other sender
   * (this replica's next pass included) for `leaseMs`, the time one attempt may take.
   */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedEmail[]>;
  markSent(email: ClaimedEmail, transport: MailTransport['kind']): Promise<void>;
  /** Back to pending until `retryAt`, or `failed` for good when `retryAt` is null. */
  markAttemptFailed(email: ClaimedEmail, error: string, retryAt: Date | null): Promise<void>;
  pendingCount(): Promise<number>;
}

/** Hands a message over for delivery; resolves once the receiving side has accepted it. */
export interface MailTransport {
  readonly kind: 'smtp' | 'mailbox';
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** The mailbox's reading side. */
export interface MailboxReader {
  /** Newest first; `before` is an email id (ids sort by creation). */
  list(query: { to?: string; before?: string; take: number }): Promise<MailboxEmailSummary[]>;
  get(id: string): Promise<MailboxEmail | undefined>;
}
