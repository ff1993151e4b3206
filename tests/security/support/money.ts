/** An amount in Canadian cents, as the API takes money. */
export const cad = (amount: number) => ({ amount, currency: 'CAD' });
