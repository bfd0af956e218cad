import { z } from 'zod';
import type { SimianEvent } from '../events/event.js';

/** Field names the timeline owns or keeps flat; everything else a poster sends travels as an extra field. */
const EXTRA_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_EXTRA_FIELDS = 50;
const where = z.string().min(1).max(256).nullable().optional();

/**
 * `POST /api/v1/event`: the Chronos body. `type`, `app` and `desc` are required; the timeline's own fields, when
 * given, must have their type; any other field (up to 50, plain names) is kept as it is and read back as sent.
 */
const postedEventFields = z.looseObject({
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, { error: 'type: expected letters, digits, _ . : or - (e.g. SampleEvent)' }),
  app: z.string().min(1).max(256),
  desc: z.string().max(4096),
  monkey: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'monkey: expected a monkey name (lower-case letters, digits and -)' })
    .nullable()
    .optional(),
  dryRun: z.boolean().optional(),
  resource: where,
  group: where,
  region: where,
  zone: where,
  account: where,
  timestamp: z.iso.datetime({ offset: true, error: 'timestamp: expected an ISO-8601 time' }).optional(),
  id: z.never({ error: 'id is assigned by the timeline; leave it out' }).optional(),
});

export const postedEventSchema = postedEventFields.superRefine((body, ctx) => {
  const extras = Object.keys(body).filter((key) => !(key in postedEventFields.shape));
  for (const key of extras) {
    if (!EXTRA_NAME.test(key)) {
      ctx.addIssue({ code: 'custom', message: `field name "${key.slice(0, 70)}" is not a plain name`, path: [] });
    }
  }
  if (extras.length > MAX_EXTRA_FIELDS) {
    ctx.addIssue({ code: 'custom', message: `too many fields (${extras.length}; at most ${MAX_EXTRA_FIELDS})` });
  }
});
type PostedEvent = z.infer<typeof postedEventSchema>;

/** The event to record: what was posted, with the timeline's fields null where the poster left them out. */
export function eventOf(body: PostedEvent): SimianEvent {
  const { id: _id, timestamp, ...rest } = body;
  return {
    ...rest,
    monkey: body.monkey ?? null,
    dryRun: body.dryRun ?? false,
    resource: body.resource ?? null,
    group: body.group ?? null,
    region: body.region ?? null,
    zone: body.zone ?? null,
    account: body.account ?? null,
    ...(timestamp ? { timestamp: new Date(timestamp).toISOString() } : {}),
  } as SimianEvent;
}
