import { cart } from '@comptoir/cart';
import { catalog } from '@comptoir/catalog';
import { gateway } from '@comptoir/gateway';
import { identity } from '@comptoir/identity';
import { inventory } from '@comptoir/inventory';
import { notifications } from '@comptoir/notifications';
import { ordering } from '@comptoir/ordering';
import { payments } from '@comptoir/payments';
import {
  type BuildOptions,
  type BuiltService,
  buildService,
  type ServiceDefinition,
  type TProperties,
} from '@comptoir/platform';
import { reporting } from '@comptoir/reporting';
import { stores } from '@comptoir/stores';

/** A service of the platform, with its port and a way to build it (its settings type erased). */
export interface ServiceEntry {
  name: string;
  port: number;
  build(options: BuildOptions): Promise<BuiltService>;
}

function entry<P extends TProperties>(definition: ServiceDefinition<P>, port: number): ServiceEntry {
  return { name: definition.name, port, build: (options) => buildService(definition, options) };
}

/**
 * Every service of the platform with its port: the one table `npm start` and
 * `npm run start:services` read. The gateway, which fronts them, is apart.
 */
export const services: readonly ServiceEntry[] = [
  entry(catalog, 8101),
  entry(identity, 8102),
  entry(inventory, 8103),
  entry(stores, 8104),
  entry(cart, 8105),
  entry(ordering, 8106),
  entry(payments, 8107),
  entry(reporting, 8108),
  entry(notifications, 8109),
];

export const edge: ServiceEntry = entry(gateway, 8080);
