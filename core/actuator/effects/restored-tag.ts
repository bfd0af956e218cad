/**
 * On what `simian janitor restore` created: simian made it. The IAM policy lets a restore create only what carries it,
 * and the Janitor's restores write it.
 */
export const RESTORED_TAG = 'simian:janitor:restored';
