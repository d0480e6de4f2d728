/** The frame of every message below: `builder` cannot express `what`; `instead` is a way out besides a builder. */
const cannot = (builder: string, model: string, what: string, instead = 'rewrite the query without it') =>
  `${builder} cannot express ${what} (query on ${model}). To fix: ${instead}, or pass RestStore a custom ` +
  'queryString builder that your API understands.';

const USE_DJANGO = 'use djangoQueryString if your API follows Django REST framework (it sends e.g. age__gte=18)';
const USE_LIFTER = 'use lifterQueryString if your API follows it';

/**
 * Messages about queries a query-string builder cannot send to a REST API, by code (see `message`); the values are
 * those the production message lists, in order: the builder, the model, then what is particular to the query.
 */
export const REST_TEXTS = {
  301: (builder: string, model: string, path: string, lookup: string) =>
    cannot(
      builder,
      model,
      `"${path}" with the lookup "${lookup}": lifter's REST convention only has equality`,
      USE_DJANGO,
    ),
  302: (builder: string, model: string, field: string) =>
    cannot(builder, model, `${field}: Django REST framework has no standard "not equal" lookup`),
  303: (builder: string, model: string, field: string) =>
    cannot(builder, model, `${field} with an empty list: the parameter would be ignored and match every row`),
  304: (builder: string, model: string, path: string) =>
    cannot(builder, model, `the ordering field "${path}": "ordering" is a comma-separated list`),
  305: (builder: string, model: string) => cannot(builder, model, 'an OR filter (or(...)): query parameters are ANDed'),
  306: (builder: string, model: string) =>
    cannot(builder, model, 'a negated filter (exclude() or not(...)): there is no standard parameter for it'),
  307: (builder: string, model: string, field: string) =>
    cannot(
      builder,
      model,
      `${field} = null: a query parameter cannot tell null from a string`,
      builder === 'djangoQueryString' ? 'filter with { isnull: true }' : `${USE_DJANGO} and { isnull: true }`,
    ),
  308: (builder: string, model: string, field: string, kind: string) =>
    cannot(builder, model, `${field} = ${kind}: a query parameter holds a string, number, boolean or Date`),
  309: (builder: string, model: string, field: string, text: string) =>
    cannot(builder, model, `${field} with the value ${JSON.stringify(text)}: list items are comma-separated`),
  310: (builder: string, model: string, key: string) =>
    cannot(builder, model, `a filter on the parameter "${key}", which it uses for ordering and pagination`, USE_LIFTER),
  311: (builder: string, model: string, key: string, first: string, second: string) =>
    cannot(
      builder,
      model,
      `a filter on the parameter "${key}" twice (${JSON.stringify(first)} and ${JSON.stringify(second)})`,
    ),
  312: (builder: string, model: string, path: string) =>
    cannot(builder, model, `the field "${path}": Django separates nested fields and lookups with "__"`, USE_LIFTER),
} satisfies Record<number, (...values: never[]) => string>;
