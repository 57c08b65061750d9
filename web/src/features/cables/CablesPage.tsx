// The cable boxes: inbox, drafts, clearance, release and sent (GET /cables?box=…), newest first, paged by id.
// The search has its own screen (CableSearchPage), one tab further.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Cable, CableBox, CableList } from '../../shared/types';
import { CablesNav } from './CablesNav';
import { CableTable } from './CableTable';
import { boxHintKey, boxKey, isCableBox, mayCompose } from './model';

const PAGE_SIZE = 50;

interface BoxPage {
  items: Cable[];
  more: boolean;
}

export function CablesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const requested = params.get('box');
  const box: CableBox = isCableBox(requested) ? requested : 'inbox';
  const [older, setOlder] = useState<{ box: CableBox; items: Cable[]; more: boolean } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const first = useLoad<BoxPage>(async (signal) => {
    setOlder(null);
    setMoreError(null);
    const page = await api.get<CableList>('/cables', { query: { box, limit: PAGE_SIZE }, signal });
    return { items: page.items ?? [], more: (page.items ?? []).length === PAGE_SIZE };
  }, [box]);

  const extra = older && older.box === box ? older : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const more = extra ? extra.more : Boolean(first.data?.more);

  const loadMore = async () => {
    const last = items[items.length - 1];
    if (!last) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<CableList>('/cables', { query: { box, limit: PAGE_SIZE, before: last.id } });
      const next = page.items ?? [];
      setOlder({ box, items: [...(extra?.items ?? []), ...next], more: next.length === PAGE_SIZE });
    } catch (caught) {
      setMoreError(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('cables.title')}</h1>
        {mayCompose(me) ? (
          <Link to="/cables/new" className="button primary" data-testid="cable-new">
            {t('cables.new')}
          </Link>
        ) : null}
      </div>
      <CablesNav current={box} onBox={(name) => setParams({ box: name })} />
      <p className="muted small">{t(boxHintKey(box))}</p>
      <ErrorMessage error={first.error} testId="cables-error" />
      {first.loading && !first.data ? <Loading /> : null}
      {first.data && items.length === 0 ? <p data-testid="cables-empty">{t('cables.empty')}</p> : null}
      {items.length > 0 ? <CableTable items={items} caption={t(boxKey(box))} /> : null}
      <ErrorMessage error={moreError} />
      {more ? (
        <button type="button" className="button" disabled={loadingMore} onClick={() => void loadMore()} data-testid="cables-more">
          {loadingMore ? t('common.working') : t('cables.more')}
        </button>
      ) : null}
    </div>
  );
}
