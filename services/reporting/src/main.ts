import { runService } from '@comptoir/platform';
import { reporting } from './app.ts';

await runService(reporting);
