import { runService } from '@comptoir/platform';
import { identity } from './app.ts';

await runService(identity);
