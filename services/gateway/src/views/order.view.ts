import { Order, Payment, Product } from '@comptoir/contracts';
import { Type } from '@comptoir/platform';
import { defineView, UpstreamAnswer, type ViewContext, viewBody } from './view.ts';

const orderOf = (context: ViewContext) =>
  context.get<Order>('ordering', `/orders/${encodeURIComponent(context.params.id ?? '')}`);

/**
 * The payment as payments keeps it (amount captured, refunds). Payments shows it to the caller it
 * was made for; when it does not (404), the order's own summary stands and nothing is degraded.
 */
async function paymentOf(context: ViewContext): Promise<Payment | null> {
  const order = await orderOf(context);
  if (order.payment.id === null) return null;
  try {
    return await context.get<Payment>('payments', `/payments/${encodeURIComponent(order.payment.id)}`);
  } catch (error) {
    if (error instanceof UpstreamAnswer && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

/** Each line's product as the catalog has it now (its current name, whether it is still sold). */
async function productsOf(context: ViewContext): Promise<Record<string, Product | null>> {
  const order = await orderOf(context);
  const ids = [...new Set(order.lines.map((line) => line.productId))];
  const found = await Promise.all(
    ids.map((id) =>
      context.get<Product>('catalog', `/products/${encodeURIComponent(id)}`).catch((error: unknown) => {
        // A product deleted since is no failure of the view: its line keeps the name it was sold under.
        if (error instanceof UpstreamAnswer && error.status === 404) return null;
        throw error;
      }),
    ),
  );
  return Object.fromEntries(ids.map((id, i) => [id, found[i] ?? null]));
}

/**
 * `GET /api/views/orders/{id}`: an order page — the order with its history and shipments from
 * ordering, its payment from payments, and its products as the catalog has them now. Asked as
 * the caller: ordering shows an order to its customer, its sellers and head office only.
 */
export const orderView = defineView({
  path: '/orders/:id',
  summary: 'An order with its payment and products',
  description:
    'Composed from ordering (`GET /orders/{id}`), payments (`GET /payments/{id}`) and catalog ' +
    '(`GET /products/{id}` per line). `payment` is null when payments does not show it to the caller ' +
    '(the order keeps its own summary); a product deleted since is null in `products`.',
  response: viewBody({
    order: Type.Union([Order, Type.Null()]),
    payment: Type.Union([Payment, Type.Null()]),
    products: Type.Union([Type.Record(Type.String(), Type.Union([Product, Type.Null()])), Type.Null()]),
  }),
  sources: {
    order: { subject: true, load: orderOf },
    payment: { load: paymentOf },
    products: { load: productsOf },
  },
  assemble: ({ order, payment, products }) => ({ order, payment, products }),
});
