import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';

/** A TCP server that is not Redis: it reads each command a client sends and writes back what `answer` says. */
export async function fakeRedis(answer: (command: string[]) => string) {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let parsed = parseCommand(buffer); parsed; parsed = parseCommand(buffer)) {
        buffer = buffer.slice(parsed.length);
        socket.write(answer(parsed.command));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The first whole command (a RESP array of bulk strings) in `buffer`, and how many characters it takes. */
function parseCommand(buffer: string): { command: string[]; length: number } | undefined {
  const header = /^\*(\d+)\r\n/.exec(buffer);
  if (!header) return undefined;
  let at = header[0].length;
  const command: string[] = [];
  for (let i = 0; i < Number(header[1]); i++) {
    const size = /^\$(\d+)\r\n/.exec(buffer.slice(at));
    if (!size) return undefined;
    at += size[0].length;
    if (buffer.length < at + Number(size[1]) + 2) return undefined;
    command.push(buffer.slice(at, at + Number(size[1])));
    at += Number(size[1]) + 2;
  }
  return { command, length: at };
}
