import type { FastifyInstance } from 'fastify';
import { documented } from '../openapi.js';
import { contextView } from './context-view.js';
import type { DashboardContext, DashboardOptions } from './deps.js';
import { findingsView } from './findings-view.js';
import { fleetViewSource } from './fleet-view.js';
import { killSwitchView } from './killswitch-view.js';
import { registerPage } from './page.js';
import { revertsViewSource } from './reverts-view.js';
import { todayView } from './today-view.js';

export type { DashboardDeps } from './deps.js';

/**
 * The dashboard: the page at GET / (built files only, no build at run time), its read-only JSON views under
 * /api/v1/dashboard/ (public, as /status is). The page's actions are the service's own routes (POST
 * /api/v1/killswitch, /api/v1/reverts/:id/run, GET /api/v1/event). Nothing is served without the fleet's parts
 * (`options.dashboard`).
 */
export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
  if (!options.dashboard) return;
  const { dashboard, ...rest } = options;
  const context: DashboardContext = { ...dashboard, ...rest };
  const fleet = fleetViewSource(context);
  const reverts = revertsViewSource(context);
  registerPage(app);
  const view = (summary: string, responses: Record<number, string> = {}) =>
    documented({ summary, tag: 'dashboard', access: 'read', responses: { 200: summary, ...responses } });
  app.get('/api/v1/dashboard/context', view("The calendar's time zone and each monkey's kind"), () =>
    contextView(context),
  );
  app.get('/api/v1/dashboard/today', view("Today's runs, events and schedules"), () => todayView(context));
  app.get(
    '/api/v1/dashboard/fleet',
    view('The groups and instances of every region', { 502: 'AWS could not be read' }),
    async (_request, reply) => {
      try {
        return await fleet();
      } catch (error) {
        return reply
          .code(502)
          .send({ error: `the fleet could not be read: ${error instanceof Error ? error.message : String(error)}` });
      }
    },
  );
  app.get('/api/v1/dashboard/findings', view('The latest findings of the report monkeys'), () => findingsView(context));
  app.get('/api/v1/dashboard/reverts', view('Open and recent reverts'), () => reverts());
  app.get('/api/v1/dashboard/killswitch', view('The kill switch and its history'), () => killSwitchView(context));
}
