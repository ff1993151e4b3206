import { useEffect, useState } from 'react';
import { hasRole, useWho } from '../lib/who.ts';
import { loadCart, type Merged, mergeVisitorCart } from './cart-store.ts';

/**
 * When a customer is signed in and this browser holds a visitor's cart, merges it into theirs
 * (once per sign-in) and gives the merge's answer, so the cart can say what came in. Also loads
 * the cart for the menu's count whenever who is signed in changes.
 */
export function useMergeAtSignIn(): Merged | undefined {
  const person = useWho();
  const [merged, setMerged] = useState<Merged>();
  const customer = hasRole(person, ['customer']) ? person?.id : undefined;
  useEffect(() => {
    let current = true;
    const settle = customer ? mergeVisitorCart() : Promise.resolve(undefined);
    settle
      .then((answer) => {
        if (current && answer) setMerged(answer);
        return answer ? undefined : loadCart();
      })
      // The count in the menu is a courtesy: the cart screen shows any failure itself.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [customer]);
  return merged;
}
