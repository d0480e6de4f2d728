// The example's REST API: GET /api/demo/people, filtered by equality on any field (?team=red, ?id=7, as
// RestStore's default lifterQueryString sends them). It counts its requests, telling the server
// render's (sent with an x-requested-by: ssr header) from the browser's.

const firstNames = ['Ann', 'Bob', 'Cleo', 'Dev', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lea', 'Mo', 'Nia'];
const teams = ['red', 'green', 'blue', 'amber'];
const roles = ['design', 'backend', 'frontend'];

/** 56 people in 4 teams. One name holds a "<", which the page's snapshot must escape. */
const people = Array.from({ length: 56 }, (_, i) => ({
  id: i + 1,
  name: i === 4 ? 'Eve <eve@example.com>' : `${firstNames[i % firstNames.length]} ${'ABCD'[Math.floor(i / 14)]}.`,
  team: teams[i % teams.length],
  role: roles[i % roles.length],
}));

/**
 * The API's request handler, with `requests` (every API request: `{ url, from: 'ssr' | 'browser' }`)
 * and `latency` (milliseconds before each answer, to play a backend farther away than localhost).
 */
export function createApi({ latency = 0 } = {}) {
  const api = {
    latency,
    /** @type {{ url: string, from: 'ssr' | 'browser' }[]} */
    requests: [],
    /**
     * @param {import('node:http').IncomingMessage} request
     * @param {import('node:http').ServerResponse} response
     * @param {URL} url
     */
    async handle(request, response, url) {
      api.requests.push({
        url: url.pathname + url.search,
        from: request.headers['x-requested-by'] === 'ssr' ? 'ssr' : 'browser',
      });
      if (api.latency > 0) await new Promise((resolve) => setTimeout(resolve, api.latency));
      if (url.pathname !== '/api/demo/people') return json(response, 404, { detail: 'Not found.' });
      if (request.method !== 'GET') return json(response, 405, { detail: `Method "${request.method}" not allowed.` });
      const unknown = [...url.searchParams.keys()].filter((field) => !Object.hasOwn(people[0], field));
      if (unknown.length > 0)
        return json(response, 400, Object.fromEntries(unknown.map((field) => [field, ['Unknown field.']])));
      const rows = people.filter((person) =>
        [...url.searchParams].every(([field, value]) => String(person[field]) === value),
      );
      return json(response, 200, rows);
    },
  };
  return api;
}

function json(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
