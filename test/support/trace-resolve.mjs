// `node --import ./trace-resolve.mjs …`: writes every module URL the process resolves to the file in
// SIMIAN_TRACE_RESOLVE, one a line, so a test can say what a command loaded.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.SIMIAN_TRACE_RESOLVE, resolved.url + '\\n');
  return resolved;
}
`)}`,
);
