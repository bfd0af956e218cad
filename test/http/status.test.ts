import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusDocument } from '../../core/http/status.js';
import { type Service, startService, TOKEN } from './harness.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The rows of the status table: key → [value, source, last update]. */
function tableRows(html: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const [, row] of html.matchAll(/<tr><td>(.*?)<\/tr>/g)) {
    const cells = `<td>${row}`.split('</td>').map((cell) => cell.replace(/<[^>]+>/g, ' ').trim());
    rows.set(cells[0] as string, cells.slice(1, 4));
  }
  return rows;
}

describe('GET /status', () => {
  let fromFile: Service;
  let fromEnv: Service;
  beforeAll(async () => {
    const yaml = 'regions: [eu-west-1]\ncaps:\n  maxPerRun: 2\n';
    fromFile = await startService({ yaml });
    fromEnv = await startService({ yaml, env: { SIMIAN_CAPS_MAX_PER_RUN: '5' } });
  });
  afterAll(async () => {
    await fromFile.close();
    await fromEnv.close();
  });

  const status = async (service: Service, accept: string) => {
    const response = await fetch(`${service.url}/status`, { headers: { accept } });
    expect(response.status).toBe(200);
    return response;
  };

  it('answers the JSON document to Accept: application/json (and to */*), the talk table to a browser', async () => {
    const json = await status(fromFile, 'application/json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await json.json()) as StatusDocument;
    expect(document).toMatchObject({ region: 'eu-west-1', regions: ['eu-west-1'] });
    expect(document.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect((await status(fromFile, '*/*')).headers.get('content-type')).toMatch(/^application\/json/);

    const page = await status(fromFile, BROWSER_ACCEPT);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('vary')).toMatch(/Accept/);
    const html = await page.text();
    expect(html).toMatch(/<th>Key<\/th><th>Value<\/th><th>Source<\/th><th>Last Update<\/th>/);
    expect(html).toContain(`App version ${document.version}`);
    expect(html).toMatch(/eu-west-1 · up \d+s/);
    expect(html).not.toMatch(/<script|style=/);
    const rows = tableRows(html);
    expect(rows.size).toBe(document.config.length);
    expect(rows.get('armed')?.slice(0, 2)).toEqual(['false', 'default']);
    expect(rows.get('regions')?.[1]).toMatch(/^file .*simian\.yaml:\d+$/);
    expect(rows.get('armed')?.[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const css = await fetch(`${fromFile.url}/status.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('redacts secrets in both forms', async () => {
    for (const accept of ['application/json', BROWSER_ACCEPT]) {
      const text = await (await status(fromFile, accept)).text();
      expect(text).not.toContain(TOKEN);
      expect(text).toContain('[redacted]');
    }
  });

  it("shows a value's source change when the same key is set by the environment instead of the file", async () => {
    const byKey = async (service: Service) => {
      const document = (await (await status(service, 'application/json')).json()) as StatusDocument;
      return document.config.find((entry) => entry.key === 'caps.maxPerRun');
    };
    expect(await byKey(fromFile)).toMatchObject({ value: 2, source: 'file' });
    expect((await byKey(fromFile))?.origin).toMatch(/simian\.yaml:\d+$/);
    expect(await byKey(fromEnv)).toMatchObject({ value: 5, source: 'env', origin: 'SIMIAN_CAPS_MAX_PER_RUN' });
    const page = tableRows(await (await status(fromEnv, BROWSER_ACCEPT)).text());
    expect(page.get('caps.maxPerRun')?.slice(0, 2)).toEqual(['5', 'env SIMIAN_CAPS_MAX_PER_RUN']);
  });
});
