import { type HttpApp, principalOf, problems } from '@comptoir/platform';
import type { LoggedEvent, Projections, Rebuilder } from '../domain/ports.ts';
import { rebuildReadModels } from '../domain/rebuild.ts';
import { RebuildResult } from './schemas.ts';

export function adminRoutes(
  app: HttpApp,
  rebuilder: Rebuilder,
  fold: (event: LoggedEvent, projections: Projections) => Promise<void>,
): void {
  app.post(
    '/admin/rebuild',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Rebuild the read models from the event log',
        description:
          'Head office only. Empties every read model and folds every event reporting ever consumed into them ' +
          'again, in the order it was first handled, in one transaction: live events and readers wait for it and never ' +
          'see the models half rebuilt. The figures come out equal to the live ones.',
        tags: ['admin'],
        operationId: 'rebuildReports',
        response: { 200: RebuildResult, ...problems(401, 403) },
      },
    },
    (request, reply) => rebuildReadModels(principalOf(request, reply), rebuilder, fold),
  );
}
