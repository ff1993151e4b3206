import { runService } from '@comptoir/platform';
import { notifications } from './app.ts';

await runService(notifications);
