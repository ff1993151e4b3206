import { type Order, OrderChanged, type Shipment } from '@comptoir/contracts';
import { formatDateTime, formatMoney, type Language } from './format.ts';
import { bilingualEmail, type EmailCopy, type EmailMessage } from './layout.ts';
import { emailTemplate, type Recipient } from './template.ts';

type Words = Record<Language, string>;

/** A cancellation's reason (ordering's `CancelReason`) in words a customer understands. */
const REASONS: Readonly<Record<string, Words>> = {
  out_of_stock: {
    fr: 'Un article de votre commande n’est plus en stock.',
    en: 'An item in your order is out of stock.',
  },
  payment_declined: { fr: 'Votre paiement a été refusé.', en: 'Your payment was declined.' },
  payment_unavailable: {
    fr: 'Votre paiement n’a pas pu être traité pour le moment.',
    en: 'Your payment could not be processed at this time.',
  },
  reservation_expired: {
    fr: 'Les articles mis de côté pour vous n’ont pas été payés à temps.',
    en: 'The items held for you were not paid for in time.',
  },
  timed_out: {
    fr: 'Votre commande n’a pas pu être traitée à temps.',
    en: 'Your order could not be processed in time.',
  },
  cancelled_by_customer: { fr: 'Vous avez annulé votre commande.', en: 'You cancelled your order.' },
};
const UNKNOWN_REASON: Words = {
  fr: 'Votre commande n’a pas pu être menée à bien.',
  en: 'Your order could not be completed.',
};

/** What became of the money, from the payment's status when the order was cancelled. */
function moneyAfterCancel(order: Order): Words {
  if (order.payment.status === 'refunded') {
    return {
      fr: 'Le montant débité vous a été remboursé.',
      en: 'The amount charged has been refunded to you.',
    };
  }
  if (order.payment.status === 'succeeded') {
    return {
      fr: 'Le montant débité vous sera remboursé.',
      en: 'The amount charged will be refunded to you.',
    };
  }
  return { fr: 'Aucun montant n’a été débité.', en: 'Nothing was charged.' };
}

const LABELS = {
  order: { fr: 'Commande', en: 'Order' },
  items: { fr: 'Articles', en: 'Items' },
  total: { fr: 'Total', en: 'Total' },
  address: { fr: 'Livraison à', en: 'Shipping to' },
  carrier: { fr: 'Transporteur', en: 'Carrier' },
  tracking: { fr: 'Numéro de suivi', en: 'Tracking number' },
  deliveredAt: { fr: 'Livrée le', en: 'Delivered on' },
} satisfies Record<string, Words>;

const items = (order: Order, skus?: readonly string[]) =>
  order.lines
    .filter((line) => !skus || skus.includes(line.sku))
    .map((line) => `${line.quantity} × ${line.name}`)
    .join(', ');

const addressOf = ({ shippingAddress: a }: Order) =>
  [a.name, a.line1, a.line2, `${a.city} ${a.region} ${a.postalCode}`, a.country].filter(Boolean).join(', ');

/** The shipment an `order.shipped`/`order.delivered` names, else the one of this very step. */
function shipmentOf({ order, change, shipmentId }: OrderChanged): Shipment | undefined {
  return (
    order.shipments.find((s) => s.id === shipmentId) ??
    order.shipments.find((s) => s.shippedAt === change.at || s.deliveredAt === change.at)
  );
}

interface OrderCopy {
  subject: Words;
  paragraphs: Words[];
  details: (language: Language) => [string, string][];
  closing?: Words[];
}

/** Both languages of an order email from one description, greeting the customer by name. */
function orderEmail(to: Recipient | undefined, copy: OrderCopy): EmailMessage {
  if (!to) throw new Error('an order email needs its recipient');
  const version = (language: Language): EmailCopy => {
    const hello = language === 'fr' ? 'Bonjour' : 'Hello';
    return {
      subject: copy.subject[language],
      greeting: to.displayName ? `${hello} ${to.displayName},` : `${hello},`,
      paragraphs: copy.paragraphs.map((p) => p[language]),
      details: copy.details(language),
      closing: (copy.closing ?? []).map((p) => p[language]),
    };
  };
  return bilingualEmail(to.email, { fr: version('fr'), en: version('en') });
}

const byCustomer = { payload: OrderChanged, recipientOf: (data: OrderChanged) => data.order.customerId };

/** `order.confirmed`: paid, stock committed, on its way to being shipped. */
export const orderConfirmed = emailTemplate({
  ...byCustomer,
  render: ({ order }, _context, to) =>
    orderEmail(to, {
      subject: { fr: 'Votre commande est confirmée', en: 'Your order is confirmed' },
      paragraphs: [
        {
          fr: 'Merci pour votre commande\u202f! Votre paiement est accepté et nous la préparons.',
          en: 'Thank you for your order! Your payment went through and we are preparing it.',
        },
      ],
      details: (l) => [
        [LABELS.order[l], order.id],
        [LABELS.items[l], items(order)],
        [LABELS.total[l], formatMoney(order.total, l)],
        [LABELS.address[l], addressOf(order)],
      ],
      closing: [
        {
          fr: 'Nous vous écrirons dès qu’elle sera en route, avec son numéro de suivi.',
          en: 'We will write again as soon as it is on its way, with its tracking number.',
        },
      ],
    }),
});

/** `order.shipped`: a shipment left, with its carrier and tracking number (maybe part of the order). */
export const orderShipped = emailTemplate({
  ...byCustomer,
  render: (data, _context, to) => {
    const { order } = data;
    const shipment = shipmentOf(data);
    const partly = data.change.status === 'partially_shipped';
    return orderEmail(to, {
      subject: partly
        ? { fr: 'Une partie de votre commande est en route', en: 'Part of your order is on its way' }
        : { fr: 'Votre commande est en route', en: 'Your order is on its way' },
      paragraphs: [
        partly
          ? {
              fr: 'Un premier colis est parti\u202f; le reste suivra.',
              en: 'A first parcel has left; the rest will follow.',
            }
          : { fr: 'Votre colis est parti.', en: 'Your parcel has left.' },
      ],
      details: (l) => [
        [LABELS.order[l], order.id],
        [LABELS.items[l], items(order, shipment?.skus)],
        ...(shipment
          ? ([
              [LABELS.carrier[l], shipment.carrier],
              [LABELS.tracking[l], shipment.trackingNumber],
            ] as [string, string][])
          : []),
      ],
    });
  },
});

/** `order.delivered`: every shipment of the order has arrived. */
export const orderDelivered = emailTemplate({
  ...byCustomer,
  render: ({ order, change }, context, to) =>
    orderEmail(to, {
      subject: { fr: 'Votre commande a été livrée', en: 'Your order has been delivered' },
      paragraphs: [
        {
          fr: 'Votre commande est arrivée. Merci d’avoir magasiné chez Comptoir\u202f!',
          en: 'Your order has arrived. Thank you for shopping at Comptoir!',
        },
      ],
      details: (l) => [
        [LABELS.order[l], order.id],
        [LABELS.items[l], items(order)],
        [LABELS.deliveredAt[l], formatDateTime(change.at, l, context)],
      ],
    }),
});

/** `order.cancelled`: why, in words, and what became of the money. */
export const orderCancelled = emailTemplate({
  ...byCustomer,
  render: ({ order, change }, _context, to) => {
    const code = order.cancelReason ?? change.reason ?? '';
    const reason = REASONS[code] ?? UNKNOWN_REASON;
    return orderEmail(to, {
      subject: { fr: 'Votre commande a été annulée', en: 'Your order has been cancelled' },
      paragraphs: [reason, moneyAfterCancel(order)],
      details: (l) => [
        [LABELS.order[l], order.id],
        [LABELS.items[l], items(order)],
        [LABELS.total[l], formatMoney(order.total, l)],
      ],
    });
  },
});
