import { Cart, CashSession, Register } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';
import { defineView, UpstreamAnswer, type ViewContext, viewBody } from './view.ts';

const registerOf = (context: ViewContext) =>
  context.get<Register>('stores', `/registers/${encodeURIComponent(context.params.id ?? '')}`);

async function openSessionOf(context: ViewContext): Promise<CashSession | null> {
  const register = await registerOf(context);
  if (register.openSessionId === null) return null;
  return context.get<CashSession>('stores', `/sessions/${encodeURIComponent(register.openSessionId)}`);
}

/** The open session's basket; none yet (cart answers 404) is an empty register, not a failure. */
async function cartOf(context: ViewContext): Promise<Cart | null> {
  const register = await registerOf(context);
  if (register.openSessionId === null) return null;
  try {
    return await context.get<Cart>('cart', `/carts?sessionId=${encodeURIComponent(register.openSessionId)}`);
  } catch (error) {
    if (error instanceof UpstreamAnswer && error.status === 404) return null;
    throw error;
  }
}

/**
 * `GET /api/views/registers/{id}`: what a till shows when it starts — the register, its open cash
 * session and that session's cart. Asked as the cashier, so stores and cart apply their own
 * rules: a register of another store is a 404 here too.
 */
export const registerView = defineView({
  path: '/registers/:id',
  summary: 'A register with its open cash session and cart',
  description:
    'Composed from stores (`GET /registers/{id}`, `GET /sessions/{id}`) and cart (`GET /carts?sessionId=`). ' +
    '`session` and `cart` are null when the register is closed or nothing is in the basket yet.',
  response: viewBody({
    register: Type.Union([Register, Type.Null()]),
    session: Type.Union([CashSession, Type.Null()]),
    cart: Type.Union([Cart, Type.Null()]),
  }),
  sources: {
    register: { subject: true, load: registerOf },
    session: { load: openSessionOf },
    cart: { load: cartOf },
  },
  assemble: ({ register, session, cart }) => ({ register, session, cart }),
});
