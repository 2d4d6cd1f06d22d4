import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { exportErrorResponse, handleAlertsCsv } from './alerts-csv.ts';

export const ALERTS_CSV_PATH = '/export/alerts.csv';

/**
 * Serves GET /export/alerts.csv beside /graphql. `contextFor` must be the very function the
 * yoga context uses, so the export authenticates and authorizes callers exactly as GraphQL
 * does; an error it throws (e.g. UNAUTHENTICATED) is answered as JSON with its status.
 */
export function useAlertsCsvExport(contextFor: (request: Request) => Promise<GatewayContext> | GatewayContext): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== ALERTS_CSV_PATH) return;
      if (request.method !== 'GET') {
        endResponse(new Response(null, { status: 405, headers: { allow: 'GET' } }));
        return;
      }
      let context: GatewayContext;
      try {
        context = await contextFor(request);
      } catch (error) {
        endResponse(exportErrorResponse(error));
        return;
      }
      endResponse(await handleAlertsCsv(request, context));
    },
  };
}
