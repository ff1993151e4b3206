import { runService } from '@comptoir/platform';
import { gateway } from './app.ts';

await runService(gateway);
