import { defineRule } from '../shared/report-rules.js';
import { instanceHit, instanceLabel, liveInstances } from '../shared/report-subjects.js';

/** IMDSv1 answers any request from the instance, the path of SSRF credential theft; IMDSv2 needs a session token. */
export const imdsv2NotRequired = defineRule({
  id: 'imdsv2-not-required',
  severity: 'warning',
  summary: 'instances whose metadata service still answers IMDSv1 (HttpTokens not required)',
  reads: ['instance'],
  settings: {},
  check: ({ snapshot }) =>
    liveInstances(snapshot)
      .filter((instance) => instance.metadataHttpTokens !== 'required')
      .map((instance) =>
        instanceHit(
          instance,
          `instance ${instanceLabel(instance)} allows IMDSv1 (HttpTokens ${instance.metadataHttpTokens ?? 'unknown'}): require IMDSv2 tokens`,
          { httpTokens: instance.metadataHttpTokens ?? null },
        ),
      ),
});
