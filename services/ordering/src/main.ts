import { runService } from '@comptoir/platform';
import { ordering } from './app.ts';

await runService(ordering);
