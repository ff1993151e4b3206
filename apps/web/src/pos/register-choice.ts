/**
 * Which store and register this device is: chosen once, kept in localStorage (a register is a
 * place, not a person), and the screen goes straight to it on the next visit.
 */
export interface RegisterChoice {
  storeId: string;
  storeName: string;
  currency: string;
  registerId: string;
  registerName: string;
}

const KEY = 'comptoir.pos.register';

export function savedChoice(): RegisterChoice | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as RegisterChoice) : undefined;
  } catch {
    return undefined;
  }
}

export function saveChoice(choice: RegisterChoice | undefined): void {
  try {
    if (choice) localStorage.setItem(KEY, JSON.stringify(choice));
    else localStorage.removeItem(KEY);
  } catch {
    // Not remembered: the cashier chooses again next time.
  }
}
