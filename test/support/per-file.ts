import { beforeAll } from 'vitest';
import { resetMoto } from '../../core/sandbox/peers.js';

// Every test file starts from an empty AWS.
beforeAll(async () => {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (endpoint) await resetMoto(endpoint);
});
