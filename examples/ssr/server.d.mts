// The types of server.mjs, for the test that drives it (test/examples/ssr.test.ts).

/** One request the example's API received: from the server render (`ssr`) or from the browser. */
export interface ApiRequest {
  readonly url: string;
  readonly from: 'ssr' | 'browser';
}

export interface ExampleServer {
  /** The page's address, e.g. `http://127.0.0.1:3000/`. */
  readonly url: string;
  readonly api: { latency: number; readonly requests: ApiRequest[] };
  /** Stops the server and deletes its build. */
  close(): Promise<void>;
}

export function startServer(options?: {
  port?: number;
  host?: string;
  mode?: 'development' | 'production';
  apiLatency?: number;
}): Promise<ExampleServer>;
