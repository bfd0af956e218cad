import { z } from 'zod';
import { accountId, duration, region } from './values.js';

/** Severities of an alert, lowest first. */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export const severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severity>;

/** An environment variable's name (where a secret is read from at delivery time). */
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' });
const filePath = z.string().min(1);

/**
 * An http(s) URL that may itself be a credential (a Slack webhook's path): never echoed in a message, and refused
 * with a user name or password in it (fetch never sends those; they would only travel into error messages).
 */
const credentialUrl = z
  .url({
    protocol: /^https?$/,
    error: () => 'is not an http:// or https:// URL (its text is not shown: it may hold a credential)',
  })
  .superRefine((text, ctx) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (url && (url.username !== '' || url.password !== '')) {
      ctx.addIssue({
        code: 'custom',
        message: 'a user name or password in the URL is not allowed (put the credential in the path or a header)',
      });
    }
  });

/**
 * A secret given one of three ways: inline (`routingKey`), from an environment variable (`routingKeyEnv`) or from a
 * file (`routingKeyFile`, trailing newline dropped). Exactly one of them.
 */
function exactlyOne(field: string, required: boolean) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const given = [field, `${field}Env`, `${field}File`].filter((key) => value[key] !== undefined);
    if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1] as string], message: `give only one of ${given.join(', ')}` });
    } else if (required && given.length === 0) {
      ctx.addIssue({ code: 'custom', path: [field], message: `give ${field}, ${field}Env or ${field}File` });
    }
  };
}

export const pagerdutyChannelSchema = z
  .strictObject({
    routingKey: z.string().min(1).optional(),
    routingKeyEnv: envVarName.optional(),
    routingKeyFile: filePath.optional(),
    /** Events API v2 endpoint (a proxy, or a local receiver in tests). */
    endpointUrl: credentialUrl.default('https://events.pagerduty.com/v2/enqueue'),
  })
  .superRefine(exactlyOne('routingKey', true));

export const slackChannelSchema = z
  .strictObject({
    webhookUrl: credentialUrl.optional(),
    webhookUrlEnv: envVarName.optional(),
    webhookUrlFile: filePath.optional(),
  })
  .superRefine(exactlyOne('webhookUrl', true));

export const snsChannelSchema = z.strictObject({
  topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:/, {
    error: (issue) => `"${String(issue.input)}" is not an SNS topic ARN (expected arn:aws:sns:...)`,
  }),
  /** Default: the topic ARN's region. */
  region: region.optional(),
});

export const sesChannelSchema = z.strictObject({
  from: z.email(),
  /** Always sent to; an owner that is an e-mail address is added when toOwner is true. */
  to: z.array(z.email()).default([]),
  toOwner: z.boolean().default(true),
  region: region.default('us-east-1'),
});

export const webhookChannelSchema = z
  .strictObject({
    /** Channel name in routes; default webhook-1, webhook-2 ... by position. */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected lower-case letters, digits and -' })
      .optional(),
    url: credentialUrl.optional(),
    urlEnv: envVarName.optional(),
    urlFile: filePath.optional(),
    /** HMAC-SHA256 key of `X-Simian-Signature`; without one the header is not sent. */
    secret: z.string().min(1).optional(),
    secretEnv: envVarName.optional(),
    secretFile: filePath.optional(),
  })
  .superRefine(exactlyOne('url', true))
  .superRefine(exactlyOne('secret', false));

/** One row of the route table: the first row whose every given field matches picks the channels. */
export const routeSchema = z.strictObject({
  match: z
    .strictObject({
      monkey: z.array(z.string().min(1)).min(1).optional(),
      severity: z.array(severity).min(1).optional(),
      owner: z.array(z.string().min(1)).min(1).optional(),
    })
    .prefault({}),
  channels: z.array(z.string().min(1)).min(1),
  /**
   * Also one incident per finding of a scheduled report run that this row matches (told once across runs, resolved
   * when it clears). Off by default: findings go out as one digest per owner per run.
   */
  findingIncidents: z.boolean().default(false),
});

const rateLimitSchema = (max: number) =>
  z.strictObject({
    max: z.number().int().positive().default(max),
    per: duration.prefault('1m'),
  });

export const notificationsSchema = z
  .strictObject({
    slack: slackChannelSchema.optional(),
    pagerduty: pagerdutyChannelSchema.optional(),
    sns: snsChannelSchema.optional(),
    ses: sesChannelSchema.optional(),
    webhooks: z.array(webhookChannelSchema).default([]),
    /** First match wins; no match goes to defaultRoute. */
    routes: z.array(routeSchema).default([]),
    /** Channels of an alert no route matches; absent means every configured channel. */
    defaultRoute: z.array(z.string().min(1)).optional(),
    /** One incident key is delivered once per channel within this window. */
    dedupWindow: duration.prefault('1h'),
    /**
     * At most `max` deliveries per channel in each `per` window; the rest are refused as rate-limited (HTTP 429 with
     * Retry-After, CLI exit 1). Findings traffic (digests, findings' incidents) has its own budget: findings.rateLimit.
     */
    rateLimit: rateLimitSchema(60).prefault({}),
    /** Per channel name, instead of rateLimit. */
    rateLimits: z.record(z.string(), rateLimitSchema(60)).default({}),
    /**
     * Delivery retries (backoff doubles from `backoff` up to `maxBackoff`, full jitter), each try within `timeout`,
     * all of them within `budget`: a channel's outcome is known within it.
     */
    retry: z
      .strictObject({
        attempts: z.number().int().min(1).max(10).default(4),
        backoff: duration.prefault('250ms'),
        maxBackoff: duration.prefault('2s'),
        timeout: duration.prefault('5s'),
        budget: duration.prefault('10s'),
      })
      .prefault({}),
    /** Findings of scheduled report runs at or above this severity go to their owners, one digest per owner per run. */
    findings: z
      .strictObject({
        minSeverity: severity.default('warning'),
        /**
         * One incident per finding at or above it, told once across runs and resolved when it clears: only where a
         * route sets findingIncidents.
         */
        incidentSeverity: severity.default('warning'),
        /** The budget of findings traffic per channel, apart from rateLimit: a big run never starves a human's alert. */
        rateLimit: rateLimitSchema(20).prefault({}),
      })
      .prefault({}),
    /** The dashboard's base URL, for the link to the event in Slack messages. */
    dashboardUrl: credentialUrl.optional(),
    /** The owner of a resource without an owner tag: per account, else the default. */
    ownerFallback: z
      .strictObject({
        default: z.string().min(1).optional(),
        accounts: z.record(accountId, z.string().min(1)).default({}),
      })
      .prefault({}),
  })
  .superRefine((notifications, ctx) => {
    const names = new Set(channelNames(notifications));
    const check = (list: readonly string[], path: PropertyKey[]) =>
      list.forEach((name, index) => {
        if (!names.has(name)) {
          const known = [...names].join(', ') || 'none configured';
          ctx.addIssue({ code: 'custom', path: [...path, index], message: `unknown channel "${name}" (${known})` });
        }
      });
    for (const [index, route] of notifications.routes.entries()) check(route.channels, ['routes', index, 'channels']);
    if (notifications.defaultRoute) check(notifications.defaultRoute, ['defaultRoute']);
    check(Object.keys(notifications.rateLimits), ['rateLimits']);
    const seen = new Set<string>();
    webhookNames(notifications.webhooks).forEach((name, index) => {
      if (seen.has(name) || ['slack', 'pagerduty', 'sns', 'ses'].includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['webhooks', index, 'name'],
          message: `channel "${name}" already exists`,
        });
      }
      seen.add(name);
    });
  });
export type NotificationsConfig = z.infer<typeof notificationsSchema>;

/** The route-table names of the configured webhooks, by position. */
export function webhookNames(webhooks: ReadonlyArray<{ name?: string | undefined }>): string[] {
  return webhooks.map((webhook, index) => webhook.name ?? `webhook-${index + 1}`);
}

/** Every configured channel's name, in a stable order. */
export function channelNames(notifications: {
  slack?: unknown;
  pagerduty?: unknown;
  sns?: unknown;
  ses?: unknown;
  webhooks: ReadonlyArray<{ name?: string | undefined }>;
}): string[] {
  const fixed = (['pagerduty', 'slack', 'sns', 'ses'] as const).filter((name) => notifications[name] !== undefined);
  return [...fixed, ...webhookNames(notifications.webhooks)];
}
