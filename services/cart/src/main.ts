import { runService } from '@comptoir/platform';
import { cart } from './app.ts';

await runService(cart);
