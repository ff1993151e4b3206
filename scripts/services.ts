import { catalog } from '@comptoir/catalog';
import { gateway } from '@comptoir/gateway';

/**
 * Every service of the platform with its port: the one table `npm start` and
 * `npm run start:services` read. Upstream services first, the gateway last.
 */
export const services = [{ definition: catalog, port: 8101 }] as const;

export const edge = { definition: gateway, port: 8080 } as const;
