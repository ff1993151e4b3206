import { runService } from '@comptoir/platform';
import { catalog } from './app.ts';

await runService(catalog);
