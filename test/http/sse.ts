/** Reads a server-sent event stream frame by frame (frames end with a blank line). */
export class SseReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(response: Response) {
    if (!response.body) throw new Error('the answer has no body');
    this.reader = response.body.getReader();
  }

  /** The next frame's text (a comment such as ": connected", or "id: …\ndata: …"); null when the stream ended. */
  async next(): Promise<string | null> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end !== -1) {
        const frame = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return frame;
      }
      const { value, done } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next frame that carries data, parsed (comments and pings are passed over). */
  async nextData(): Promise<{ id: string | undefined; data: Record<string, unknown> } | null> {
    for (;;) {
      const frame = await this.next();
      if (frame === null) return null;
      const lines = frame.split('\n');
      const data = lines.find((line) => line.startsWith('data: '));
      if (!data) continue;
      const id = lines.find((line) => line.startsWith('id: '))?.slice(4);
      return { id, data: JSON.parse(data.slice(6)) as Record<string, unknown> };
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}
