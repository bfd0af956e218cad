import { describe, expect, it } from 'vitest';
import { renderTable } from '../../core/cli/table.js';

describe('renderTable', () => {
  it('pads columns to their widest cell, with no trailing spaces', () => {
    expect(
      renderTable(
        ['GROUP', 'N'],
        [
          ['web-prod', '3'],
          ['db', '12'],
        ],
        { align: ['left', 'right'] },
      ),
    ).toBe(['GROUP      N', 'web-prod   3', 'db        12'].join('\n'));
  });

  it('grows a row for a multi-line cell, the other cells on its first line', () => {
    expect(renderTable(['A', 'B', 'C'], [['x', 'one\ntwo', 'z']])).toBe(
      ['A  B    C', 'x  one  z', '   two'].join('\n'),
    );
  });
});
