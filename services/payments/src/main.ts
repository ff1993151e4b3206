import { runService } from '@comptoir/platform';
import { payments } from './app.ts';

await runService(payments);
