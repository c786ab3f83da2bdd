/** One Server-Sent Events block as received: its id, data and comment lines. */
export interface SseFrame {
  id?: string;
  data?: string;
  comments: string[];
}

/**
 * A Server-Sent Events reader over fetch, parsing frames as EventSource would (one field per
 * line, a blank line ends a frame). `close()` drops the connection mid-stream.
 */
export async function openSse(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  async function* frames(): AsyncGenerator<SseFrame> {
    for (;;) {
      let end: number;
      while ((end = buffer.indexOf('\n\n')) < 0) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
      }
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: SseFrame = { comments: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('data: '))
          frame.data = (frame.data === undefined ? '' : frame.data + '\n') + line.slice(6);
      }
      yield frame;
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    frames: frames(),
    close: () => controller.abort(),
  };
}
