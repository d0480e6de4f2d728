import { describe, expect, it } from 'vitest';
import { djangoQueryString, lifterQueryString, type Query, query, UnsupportedQuery } from '../../../src/core/index';
import { Person, User } from '../fixtures';

// The query-string builders alone: the parameters each writes for a query state. What RestStore
// sends with them, and how it reads the answer, is in rest-store.test.ts.

/** The parameters sent, decoded and sorted (the order of filters is not part of the contract). */
const sent = (params: URLSearchParams) =>
  [...params]
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('&');
const loose = query<any>();
const q = query(Person);

describe('lifterQueryString (the default)', () => {
  it('sends equality filters, ANDed, with camelCased attribute names', () => {
    const state = loose
      .filter({ first_name: 'Ann', company: { name: 'Acme', country_code: 'FR' } })
      .filter({ _id: 7, active: true }).state;
    expect(sent(lifterQueryString(state, User).params)).toBe(
      '_id=7&active=true&companyCountryCode=FR&companyName=Acme&firstName=Ann',
    );
  });

  it('sends Dates as ISO 8601, and neither ordering nor the window', () => {
    const result = lifterQueryString(
      loose
        .filter({ joined: new Date(Date.UTC(2024, 0, 2)) })
        .orderBy('-age')
        .limit(2).state,
      User,
    );
    expect(sent(result.params)).toBe('joined=2024-01-02T00:00:00.000Z');
    expect(result).toMatchObject({ orderBy: false, window: false });
  });

  it('suggests djangoQueryString for lookups it lacks', () => {
    expect(() => lifterQueryString(loose.filter({ age: { gte: 18 } }).state, User)).toThrow(
      /"age" with the lookup "gte".*djangoQueryString/,
    );
  });
});

describe('djangoQueryString', () => {
  it.each<[string, Query<any, any, any>, string]>([
    ['eq', loose.filter({ age: 31 }), 'age=31'],
    ['a nested path', loose.filter({ company: { name: 'Acme' } }), 'company__name=Acme'],
    [
      'gt, gte, lt, lte',
      loose.filter({ age: { gt: 1, gte: 2, lt: 9, lte: 8 } }),
      'age__gt=1&age__gte=2&age__lt=9&age__lte=8',
    ],
    [
      'string lookups',
      loose.filter({ name: { contains: 'n', icontains: 'N', startswith: 'A', endswith: 'e' } }),
      'name__contains=n&name__endswith=e&name__icontains=N&name__startswith=A',
    ],
    [
      'isnull',
      loose.filter({ age: { isnull: true }, company: { isnull: false } }),
      'age__isnull=true&company__isnull=false',
    ],
    [
      'in and range',
      loose.filter({ id: { in: [1, 2, 3] }, age: { range: [18, 30] } }),
      'age__range=18,30&id__in=1,2,3',
    ],
    [
      'a Date',
      loose.filter({ joined: { gte: new Date(Date.UTC(2024, 0, 2)) } }),
      'joined__gte=2024-01-02T00:00:00.000Z',
    ],
    ['ordering', loose.orderBy('-age', 'company.name'), 'ordering=-age,company__name'],
    ['limit and offset', loose.offset(20).limit(10), 'limit=10&offset=20'],
    ['a limit alone', loose.limit(10), 'limit=10'],
    ['an offset alone, not sent: DRF ignores it without a limit', loose.offset(5), ''],
    ['a window under distinct, not sent: distinct applies first', loose.values('age').distinct().limit(2), ''],
  ])('sends %s', (_, built, expected) => {
    const result = djangoQueryString(built.state, User);
    expect(sent(result.params)).toBe(expected);
    expect(result.orderBy).toBe(built.state.orderBy.length > 0);
    expect(result.window).toBe(expected.includes('limit='));
  });
});

describe('istartswith and iendswith', () => {
  it('djangoQueryString sends them as name__istartswith / name__iendswith', () => {
    const built = q.filter({ name: { istartswith: 'an' } }).filter({ email: { iendswith: '.test' } });
    // A lookup, not a nested field called "istartswith" (which would be sent the same way).
    expect(built.state.where).toEqual([
      { path: 'name', lookup: 'istartswith', value: 'an' },
      { path: 'email', lookup: 'iendswith', value: '.test' },
    ]);
    expect(djangoQueryString(built.state, Person).params.toString()).toBe(
      'name__istartswith=an&email__iendswith=.test',
    );
  });

  it('lifterQueryString refuses them, as every lookup but eq', () => {
    expect(() => lifterQueryString(q.filter({ name: { istartswith: 'an' } }).state, Person)).toThrow(UnsupportedQuery);
    expect(() => lifterQueryString(q.filter({ name: { iendswith: 'n' } }).state, Person)).toThrow(
      /"name" with the lookup "iendswith"/,
    );
  });
});
