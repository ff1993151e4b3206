import type { CardSummary } from '@comptoir/contracts';
import { invalidCardNumber } from './errors.ts';

/** A card as typed by the payer. It lives only in memory, for the time of one provider call. */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** A card read and checked: the full number for the provider, the summary for everything else. */
export interface CheckedCard {
  pan: string;
  cvc: string;
  summary: CardSummary;
}

/** Spaces and dashes are how people write card numbers; they are not part of it. */
const SEPARATORS = /[ -]/g;

export function checkCard(card: CardDetails): CheckedCard {
  const pan = card.number.replace(SEPARATORS, '');
  if (!/^[0-9]{12,19}$/.test(pan) || !passesLuhn(pan)) throw invalidCardNumber();
  return { pan, cvc: card.cvc, summary: cardSummary(pan, card.expMonth, card.expYear) };
}

/** All that is kept of a card: brand and last four of its number, and its expiry. */
export function cardSummary(pan: string, expMonth: number, expYear: number): CardSummary {
  return { brand: brandOf(pan), last4: pan.slice(-4), expMonth, expYear };
}

/** ISO/IEC 7812 check digit: catches every single-digit typo and most swaps. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function brandOf(pan: string): CardSummary['brand'] {
  if (pan.startsWith('4')) return 'visa';
  const two = Number(pan.slice(0, 2));
  const four = Number(pan.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (pan.startsWith('6011') || two === 65) return 'discover';
  return 'unknown';
}

/** A card is good through the last day of its expiry month. */
export function hasExpired(card: Pick<CardSummary, 'expMonth' | 'expYear'>, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return card.expYear < year || (card.expYear === year && card.expMonth < month);
}
