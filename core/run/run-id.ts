import { randomBytes } from 'node:crypto';

/** A run id that sorts by time and holds no ":" (BullMQ job ids may not): "gorilla-lz3k9a-5f2c1e". */
export function newRunId(monkey: string, now: Date): string {
  return `${monkey}-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;
}
