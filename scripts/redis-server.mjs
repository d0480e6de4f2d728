// A throwaway Redis server for the tests and the benchmark: Debian's redis-server (installed by
// scripts/ensure-redis.sh) on a free local port, persistence off, owned by the process that started
// it, which can stop, kill and restart it on the same port. Killed with this process if left running.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';

const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1 (asked of the system, then released for the server to take). */
export async function freePort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts a redis-server; resolves once it accepts connections. See redis-server.d.mts. */
export async function startRedisServer({ port } = {}) {
  const chosen = port ?? (await freePort());
  let child = await launch(chosen);
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    get running() {
      return child !== undefined;
    },
    async kill(signal = 'SIGKILL') {
      if (!child) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
      child = undefined;
    },
    async restart() {
      await this.kill();
      child = await launch(chosen);
    },
    async stop() {
      await this.kill('SIGTERM');
    },
  };
}

async function launch(port) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--protected-mode', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const failed = new Promise((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`redis-server could not start (${error.message}): run scripts/ensure-redis.sh.`)),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) on port ${port}: ${stderr}`)));
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  await Promise.race([accepting(port), failed]);
  child.removeAllListeners('exit');
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves once something answers PING on `port` (retried every 10 ms for up to 10 s). */
async function accepting(port) {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const pong = await new Promise((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(String(data).startsWith('+PONG'));
      });
      socket.once('connect', () => socket.write('PING\r\n'));
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`redis-server did not answer on port ${port} within 10 s.`);
}
