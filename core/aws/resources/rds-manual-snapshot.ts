/**
 * Whether a listed RDS snapshot (of a DB instance or a DB cluster) is one a person took: `manual`, with an identifier
 * of a manual snapshot (automated ones are `rds:<parent>-<date>`, AWS Backup's `awsbackup:job-…`), and without the
 * `aws:backup:…` tags Backup puts on its recovery points. Automated and Backup-managed snapshots belong to their
 * retention rules: never listed.
 */
export function isManualSnapshot(
  raw: { readonly SnapshotType?: string; readonly TagList?: readonly { Key?: string }[] },
  identifier: string | undefined,
): boolean {
  const backup = (raw.TagList ?? []).some((tag) => tag.Key?.startsWith('aws:backup:'));
  return raw.SnapshotType === 'manual' && !(identifier ?? '').includes(':') && !backup;
}
