import type { Body } from '@comptoir/sdk';
import { useTranslation } from 'react-i18next';

export type OrderInput = Body<'ordering.placeOrder'>;
export type Address = OrderInput['shippingAddress'];
export type CardInput = OrderInput['payment']['card'];

export interface CheckoutFields {
  address: Address;
  card: { number: string; expMonth: string; expYear: string; cvc: string };
}

export const EMPTY_FIELDS: CheckoutFields = {
  address: { name: '', line1: '', line2: '', city: '', region: 'QC', postalCode: '', country: 'CA' },
  card: { number: '', expMonth: '', expYear: '', cvc: '' },
};

/** The order's body from the form: an empty second address line is left out, the card typed as is. */
export function orderBody(
  fields: CheckoutFields,
  lines: OrderInput['lines'],
  expectedTotal: OrderInput['expectedTotal'],
): OrderInput {
  const { line2, ...address } = fields.address;
  return {
    lines,
    ...(expectedTotal ? { expectedTotal } : {}),
    shippingAddress: { ...address, ...(line2?.trim() ? { line2: line2.trim() } : {}) },
    payment: {
      method: 'card',
      card: {
        number: fields.card.number.trim(),
        expMonth: Number(fields.card.expMonth),
        expYear: Number(fields.card.expYear),
        cvc: fields.card.cvc.trim(),
      },
    },
  };
}

/** Shipping address and card fields, labelled and with the browser's autofill names. */
export function CheckoutFieldsets({
  fields,
  onChange,
}: {
  fields: CheckoutFields;
  onChange: (fields: CheckoutFields) => void;
}) {
  const { t } = useTranslation('shop');
  const address = (key: keyof Address, value: string) =>
    onChange({ ...fields, address: { ...fields.address, [key]: value } });
  const card = (key: keyof CheckoutFields['card'], value: string) =>
    onChange({ ...fields, card: { ...fields.card, [key]: value } });
  const year = new Date().getFullYear();
  return (
    <>
      <fieldset className="form">
        <legend>{t('checkout.address')}</legend>
        <label>
          {t('checkout.name')}
          <input
            required
            maxLength={120}
            autoComplete="shipping name"
            value={fields.address.name}
            onChange={(e) => address('name', e.target.value)}
          />
        </label>
        <label>
          {t('checkout.line1')}
          <input
            required
            maxLength={200}
            autoComplete="shipping address-line1"
            value={fields.address.line1}
            onChange={(e) => address('line1', e.target.value)}
          />
        </label>
        <label>
          {t('checkout.line2')}
          <input
            maxLength={200}
            autoComplete="shipping address-line2"
            value={fields.address.line2 ?? ''}
            onChange={(e) => address('line2', e.target.value)}
          />
        </label>
        <div className="row">
          <label>
            {t('checkout.city')}
            <input
              required
              maxLength={120}
              autoComplete="shipping address-level2"
              value={fields.address.city}
              onChange={(e) => address('city', e.target.value)}
            />
          </label>
          <label>
            {t('checkout.region')}
            <input
              required
              maxLength={60}
              autoComplete="shipping address-level1"
              value={fields.address.region}
              onChange={(e) => address('region', e.target.value)}
            />
          </label>
        </div>
        <div className="row">
          <label>
            {t('checkout.postalCode')}
            <input
              required
              minLength={3}
              maxLength={12}
              autoComplete="shipping postal-code"
              value={fields.address.postalCode}
              onChange={(e) => address('postalCode', e.target.value)}
            />
          </label>
          <label>
            {t('checkout.country')}
            <select
              autoComplete="shipping country"
              value={fields.address.country}
              onChange={(e) => address('country', e.target.value)}
            >
              <option value="CA">{t('checkout.canada')}</option>
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset className="form">
        <legend>{t('checkout.card')}</legend>
        <label>
          {t('checkout.cardNumber')}
          <input
            required
            inputMode="numeric"
            autoComplete="cc-number"
            pattern="[0-9][0-9 \-]{10,21}[0-9]"
            value={fields.card.number}
            onChange={(e) => card('number', e.target.value)}
          />
        </label>
        <div className="row">
          <label>
            {t('checkout.expMonth')}
            <input
              required
              type="number"
              min={1}
              max={12}
              autoComplete="cc-exp-month"
              value={fields.card.expMonth}
              onChange={(e) => card('expMonth', e.target.value)}
            />
          </label>
          <label>
            {t('checkout.expYear')}
            <input
              required
              type="number"
              min={year}
              max={year + 30}
              autoComplete="cc-exp-year"
              value={fields.card.expYear}
              onChange={(e) => card('expYear', e.target.value)}
            />
          </label>
          <label>
            {t('checkout.cvc')}
            <input
              required
              inputMode="numeric"
              pattern="[0-9]{3,4}"
              autoComplete="cc-csc"
              value={fields.card.cvc}
              onChange={(e) => card('cvc', e.target.value)}
            />
          </label>
        </div>
        <p className="muted">{t('checkout.testCards')}</p>
      </fieldset>
    </>
  );
}
