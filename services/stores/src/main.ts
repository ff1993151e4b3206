import { runService } from '@comptoir/platform';
import { stores } from './app.ts';

await runService(stores);
