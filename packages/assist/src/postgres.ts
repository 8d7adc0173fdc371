/**
 * @petitio/assist/postgres: the search index on PostgreSQL. A separate entry
 * so that `pg` stays an optional peer dependency: only this entry imports it.
 */
export {
  PostgresSearchIndex,
  type PostgresSearchOptions,
} from "./search/postgres-search.js";
export type {
  SearchFilters,
  SearchHit,
  SearchOptions,
  SearchResult,
} from "./search/search-query.js";
