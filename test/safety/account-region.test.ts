import { describe, expect, it } from 'vitest';
import { accountGuard } from '../../core/safety/account-guard.js';
import { regionGuard } from '../../core/safety/region-guard.js';
import { MOTO_ACCOUNT } from '../support/env.js';
import { runContext } from './run-context.js';

describe('account guard', () => {
  it('lets a run in a configured account through', async () => {
    expect(await accountGuard.check(runContext())).toEqual({ allow: true });
  });

  it('refuses an account that is not configured, naming it', async () => {
    const run = runContext({ account: { id: '999999999999' } });
    expect(await accountGuard.check(run)).toEqual({
      allow: false,
      guard: 'account',
      scope: 'run',
      reason: `account 999999999999 is not in accounts (${MOTO_ACCOUNT})`,
    });
  });

  it('refuses every account when none is configured', async () => {
    const verdict = await accountGuard.check(runContext({ configInput: { accounts: [] } }));
    expect(verdict).toMatchObject({ allow: false, reason: expect.stringMatching(/no accounts are configured/) });
  });

  it('uses allowlist.accounts over accounts when given', async () => {
    const run = runContext({ configInput: { allowlist: { accounts: ['111111111111'] } } });
    expect(await accountGuard.check(run)).toMatchObject({ allow: false, reason: expect.stringMatching(/allowlist/) });
  });

  it('refuses an account whose alias looks like production, case-insensitively', async () => {
    const run = runContext({ configInput: { accounts: [{ id: MOTO_ACCOUNT, alias: 'Payments-PROD' }] } });
    expect(await accountGuard.check(run)).toMatchObject({
      allow: false,
      reason: expect.stringContaining('alias "Payments-PROD" matches the deny pattern "prod"'),
    });
  });

  it('lets a denied alias through when allowAliases names it', async () => {
    const run = runContext({
      configInput: {
        accounts: [{ id: MOTO_ACCOUNT, alias: 'prod-sandbox' }],
        allowlist: { allowAliases: ['prod-sandbox'] },
      },
    });
    expect(await accountGuard.check(run)).toEqual({ allow: true });
  });
});

describe('account guard: the real account', () => {
  it('refuses credentials of another account than the configured one, naming both', async () => {
    const run = runContext({ account: { id: '444455556666', configured: MOTO_ACCOUNT } });
    expect(await accountGuard.check(run)).toMatchObject({
      allow: false,
      guard: 'account',
      reason: expect.stringContaining(
        `the credentials act in account 444455556666, not in the configured account ${MOTO_ACCOUNT}`,
      ),
    });
  });

  it('checks the alias IAM answers, not only the one written in config', async () => {
    const run = runContext({
      account: { id: MOTO_ACCOUNT, configured: MOTO_ACCOUNT, alias: 'acme-prod' },
      configInput: { accounts: [{ id: MOTO_ACCOUNT, alias: 'sandbox' }] },
    });
    expect(await accountGuard.check(run)).toMatchObject({
      allow: false,
      reason: expect.stringContaining('alias "acme-prod" matches the deny pattern "prod"'),
    });
  });

  it('an alias that could not be read refuses an armed run, and lets a dry run through', async () => {
    const account = { id: MOTO_ACCOUNT, configured: MOTO_ACCOUNT, aliasUnreadable: 'AccessDenied' };
    expect(await accountGuard.check(runContext({ account, dryRun: false }))).toMatchObject({
      allow: false,
      reason: `cannot read the alias of account ${MOTO_ACCOUNT} to check allowlist.denyAliasPatterns (AccessDenied): an armed run is refused`,
    });
    expect(await accountGuard.check(runContext({ account, dryRun: true }))).toEqual({ allow: true });
  });
});

describe('region guard', () => {
  it('lets a configured region through', async () => {
    expect(await regionGuard.check(runContext())).toEqual({ allow: true });
  });

  it('refuses a region that is not configured', async () => {
    expect(await regionGuard.check(runContext({ region: 'eu-west-1' }))).toEqual({
      allow: false,
      guard: 'region',
      scope: 'run',
      reason: 'region eu-west-1 is not in regions (us-east-1)',
    });
  });

  it("refuses a region outside the account's own regions", async () => {
    const run = runContext({
      region: 'eu-west-1',
      configInput: { regions: ['us-east-1', 'eu-west-1'], accounts: [{ id: MOTO_ACCOUNT, regions: ['us-east-1'] }] },
    });
    expect(await regionGuard.check(run)).toMatchObject({ allow: false, reason: expect.stringMatching(/account/) });
  });
});
