/**
 * The demo chain: three Quebec stores with two registers each, and a cashier and a manager per
 * store. The first store's staff are the short demo accounts (`caissier@`, `gerant@`).
 */
export const demoStores = [
  {
    code: 'MTL-PLATEAU',
    name: 'Comptoir Plateau',
    district: 'Le Plateau-Mont-Royal',
    address: '4321, boulevard Saint-Laurent, Montréal (Québec) H2W 1Z7',
    staff: { cashier: 'caissier@comptoir.local', manager: 'gerant@comptoir.local' },
    people: { cashier: 'Chloé Caissière', manager: 'Gabriel Gérant' },
    // Its registers may take cards while offline, up to 150,00 $ a sale (issue 9).
    offlineCardLimit: 15_000,
  },
  {
    code: 'MTL-VIEUX',
    name: 'Comptoir Vieux-Montréal',
    district: 'Ville-Marie',
    address: '210, rue Saint-Paul Ouest, Montréal (Québec) H2Y 1Z9',
    staff: { cashier: 'caissier.vieux@comptoir.local', manager: 'gerant.vieux@comptoir.local' },
    people: { cashier: 'Valérie Vallée', manager: 'Mathieu Morin' },
    offlineCardLimit: null,
  },
  {
    code: 'QC-SAINT-ROCH',
    name: 'Comptoir Saint-Roch',
    district: 'La Cité-Limoilou, Québec',
    address: '375, rue Saint-Joseph Est, Québec (Québec) G1K 3B3',
    staff: { cashier: 'caissier.stroch@comptoir.local', manager: 'gerant.stroch@comptoir.local' },
    people: { cashier: 'Rosalie Roy', manager: 'Samuel Simard' },
    offlineCardLimit: null,
  },
] as const;

export const REGISTER_NAMES = ['Caisse 1', 'Caisse 2'] as const;

/** Units of a sku at a store: 4 to 23, fixed per (sku, store) so every run seeds the same shelves. */
export function shelfQuantity(sku: string, storeCode: string): number {
  let hash = 0;
  for (const char of `${sku}@${storeCode}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return 4 + (hash % 20);
}

/** Units of every sku in the online warehouse. */
export const ONLINE_QUANTITY = 60;
