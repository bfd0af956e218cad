import type { DemoStep } from './demo-step.js';
import { sandboxArgs, typeCommand } from './typed-command.js';

export const timelineStep: DemoStep = {
  title: 'the timeline of what just happened',
  async run(sandbox) {
    await typeCommand(['events', '--since', '10m', ...sandboxArgs(sandbox.configPath, sandbox.endpointUrl)], sandbox);
    sandbox.print(
      [
        '',
        'Every plan, skip, action and revert lands on this timeline in Redis, whoever ran it (a typed command, the',
        'scheduler or a worker); `simian events --follow` streams it, and `simian serve` shows it over HTTP.',
      ].join('\n'),
    );
  },
};
