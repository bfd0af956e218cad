import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { LONG_FILES } from './long-files.js';

/** Vitest's own order (longest first by its cache, else largest first), with the known long files ahead of all. */
export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = LONG_FILES.indexOf(relative(this.ctx.config.root, spec.moduleId));
      return index === -1 ? LONG_FILES.length : index;
    };
    // Array sort is stable: among the other files vitest's order stays.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
