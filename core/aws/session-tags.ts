/**
 * The session tags simian puts on the role it assumes, so that AWS knows which monkey is calling: within one role,
 * IAM could not otherwise tell a chaos call from a doctor call, and a resource opted in to one monkey would be open
 * to all of them. The IAM policy (`simian iam-policy`) conditions every mutating statement on one of these
 * (`aws:PrincipalTag/simian-monkey`, `aws:PrincipalTag/simian-revert`).
 */

/** A monkey's own actions: the value is the monkey's name. */
export const MONKEY_SESSION_TAG = 'simian-monkey';
/** The reverts of a monkey's faults (they may put back what has opted out since): the value is the monkey's name. */
export const REVERT_SESSION_TAG = 'simian-revert';

export type SessionTagKey = typeof MONKEY_SESSION_TAG | typeof REVERT_SESSION_TAG;

/** Who the calls of a client are made for: a monkey acting, or the revert of one monkey's fault. */
export interface SessionIdentity {
  readonly key: SessionTagKey;
  readonly monkey: string;
}

export const actingAs = (monkey: string): SessionIdentity => ({ key: MONKEY_SESSION_TAG, monkey });
export const revertingFor = (monkey: string): SessionIdentity => ({ key: REVERT_SESSION_TAG, monkey });
