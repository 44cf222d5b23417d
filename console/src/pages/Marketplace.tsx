import { useState } from 'react';
import { Link } from 'react-router';
import { CATEGORY_OF_CONTRACT, CONTRACTS, KNOWN_TRAITS } from '../../../core/manifest/types';
import type { CatalogEntry, Page } from '../../../functions/wire';
import { Problem } from '../components/Problem';
import { useConsole, useLoad } from '../context';

const CATEGORIES = [...new Set(Object.values(CATEGORY_OF_CONTRACT))];

/** The catalog, filtered on the server by category, contract, trait and text. */
export function Marketplace() {
  const { api } = useConsole();
  const [filter, setFilter] = useState({ category: '', contract: '', trait: '', q: '' });
  const [more, setMore] = useState<{ items: CatalogEntry[]; cursor?: string }>({ items: [] });
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== '')).toString();
  const page = useLoad(async () => {
    const first = await api<Page<CatalogEntry>>('GET', `/v1/plugins${query ? `?${query}` : ''}`);
    setMore({ items: [], ...(first.cursor ? { cursor: first.cursor } : {}) });
    return first;
  }, query);
  const loadMore = async () => {
    const params = new URLSearchParams(query);
    params.set('cursor', more.cursor ?? '');
    const next = await api<Page<CatalogEntry>>('GET', `/v1/plugins?${params}`);
    setMore({ items: [...more.items, ...next.items], ...(next.cursor ? { cursor: next.cursor } : {}) });
  };
  const items = [...(page.data?.items ?? []), ...more.items];
  const select = (name: keyof typeof filter, label: string, options: readonly string[]) => (
    <label>
      {label}
      <select value={filter[name]} onChange={(e) => setFilter({ ...filter, [name]: e.target.value })}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="marketplace-title">
      <h1 id="marketplace-title">Marketplace</h1>
      <search className="filters">
        <label>
          Search
          <input
            type="search"
            value={filter.q}
            placeholder="Name or description"
            onChange={(e) => setFilter({ ...filter, q: e.target.value })}
          />
        </label>
        {select('category', 'Category', CATEGORIES)}
        {select('contract', 'Contract', CONTRACTS)}
        {select('trait', 'Trait', KNOWN_TRAITS)}
      </search>
      <Problem error={page.error} />
      <p className="status" role="status">
        {page.loading ? 'Loading…' : `${items.length} plugin${items.length === 1 ? '' : 's'}`}
      </p>
      <ul className="cards">
        {items.map((entry) => (
          <li key={entry.pluginId} className="card">
            <h2>
              <Link to={`/marketplace/${encodeURIComponent(entry.pluginId)}`}>{entry.name}</Link>
            </h2>
            <p className="muted">
              {entry.pluginId} · v{entry.latestVersion} · {entry.categories.join(', ')}
            </p>
            {entry.description && <p>{entry.description}</p>}
            <ul className="tags" aria-label="Traits">
              {entry.traits.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {more.cursor && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </section>
  );
}
