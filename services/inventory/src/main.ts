import { runService } from '@comptoir/platform';
import { inventory } from './app.ts';

await runService(inventory);
