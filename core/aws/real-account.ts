import type { GlobalConfig } from '../config/schema.js';
import { describeAwsFailureIn } from './aws-failure.js';
import { type AwsClients, type AwsTarget, GLOBAL_REGION } from './clients.js';

/**
 * The account a run works in, as the credentials it acts with answer for it (STS GetCallerIdentity, through the
 * configured role when there is one), beside the account the config names for the region. The guard compares the two.
 */
export interface RealAccount {
  /** The account of the credentials: what every read and action really touches. */
  readonly id: string;
  /** Its alias in IAM (ListAccountAliases), when it has one and the read succeeded. */
  readonly alias?: string;
  /** Why the alias could not be read (the alias deny-list then cannot be checked: armed runs are refused). */
  readonly aliasUnreadable?: string;
  /** The id config.accounts names for this region, when one does. */
  readonly configured?: string;
  /** The role assumed in that account (from config). */
  readonly roleArn?: string;
}

interface Identity {
  readonly id: string;
  readonly alias?: string;
  readonly aliasUnreadable?: string;
}

// One STS answer per credentials (ambient or role) and clients factory: a process asks once, a failure asks again.
const identities = new WeakMap<AwsClients, Map<string, Promise<Identity>>>();

async function askIdentity(clients: AwsClients, target: AwsTarget): Promise<Identity> {
  const reader = clients.readOnly();
  // Loaded here, not at the top: most commands that import this module never reach it.
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const answer = await reader.sts(target).send(new GetCallerIdentityCommand({}));
  if (!answer.Account) throw new Error(`STS GetCallerIdentity in ${target.region} returned no account id`);
  try {
    const { ListAccountAliasesCommand } = await import('@aws-sdk/client-iam');
    const aliases = await reader.iam({ ...target, region: GLOBAL_REGION }).send(new ListAccountAliasesCommand({}));
    const alias = aliases.AccountAliases?.[0];
    return { id: answer.Account, ...(alias ? { alias } : {}) };
  } catch (error) {
    const why = describeAwsFailureIn(error) ?? (error instanceof Error ? error.message : String(error));
    return { id: answer.Account, aliasUnreadable: why };
  }
}

function identityOf(clients: AwsClients, target: AwsTarget): Promise<Identity> {
  let known = identities.get(clients);
  if (!known) {
    known = new Map();
    identities.set(clients, known);
  }
  const key = target.roleArn ?? '';
  let pending = known.get(key);
  if (!pending) {
    const asked = askIdentity(clients, target);
    const cache = known;
    asked.catch(() => cache.delete(key));
    cache.set(key, asked);
    pending = asked;
  }
  return pending;
}

/**
 * The real account of a region: the configured entry for it (if any) gives the role; STS, asked with the
 * credentials that role (or the ambient ones) yields, gives the id. An STS failure throws (an AWS failure, one
 * sentence): no account known, nothing read or done.
 */
export async function learnAccount(config: GlobalConfig, clients: AwsClients, region: string): Promise<RealAccount> {
  const configured = config.accounts.find((account) => !account.regions || account.regions.includes(region));
  const roleArn = configured?.roleArn;
  const identity = await identityOf(clients, { region, ...(roleArn ? { roleArn } : {}) });
  return {
    ...identity,
    ...(configured ? { configured: configured.id } : {}),
    ...(roleArn ? { roleArn } : {}),
  };
}

/** Where a run learns its account: a stand-in a test hands in, else the credentials' own (learnAccount). */
export interface AccountSource {
  readonly config: GlobalConfig;
  readonly clients: AwsClients;
  readonly account?: (region: string) => Promise<RealAccount>;
}

/** The account a run acts in (every run, the Janitor's restore included, asks here). */
export function accountOf(source: AccountSource, region: string): Promise<RealAccount> {
  return source.account ? source.account(region) : learnAccount(source.config, source.clients, region);
}
