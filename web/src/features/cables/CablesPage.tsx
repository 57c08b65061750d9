// The cable boxes: inbox, drafts, clearance, release and sent (GET /cables?box=…), newest first, paged by id.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, unitName, useLoad } from '../../shared/ui';
import { CABLE_BOXES, type Cable, type CableBox, type CableList } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { ClassificationBadge, PrecedenceBadge, StateBadge } from './Badges';
import { boxHintKey, boxKey, isCableBox, mayCompose } from './model';

const PAGE_SIZE = 50;

interface BoxPage {
  items: Cable[];
  more: boolean;
}

export function CablesPage() {
  const { t, dateTime, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const navigate = useNavigate();
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
      <nav aria-label={t('cables.boxes')}>
        <ul className="tabs" data-testid="cable-boxes">
          {CABLE_BOXES.map((name) => (
            <li key={name}>
              <Link
                to={`/cables?box=${name}`}
                className={name === box ? 'tab active' : 'tab'}
                aria-current={name === box ? 'page' : undefined}
                data-testid={`cable-box-${name}`}
                onClick={(event) => {
                  event.preventDefault();
                  setParams({ box: name });
                }}
              >
                {t(boxKey(name))}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="muted small">{t(boxHintKey(box))}</p>
      <ErrorMessage error={first.error} testId="cables-error" />
      {first.loading && !first.data ? <Loading /> : null}
      {first.data && items.length === 0 ? <p data-testid="cables-empty">{t('cables.empty')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table cable-table stack-table" data-testid="cables-table">
            <caption className="visually-hidden">{t(boxKey(box))}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cables.col.reference')}</th>
                <th scope="col">{t('cables.col.precedence')}</th>
                <th scope="col">{t('cables.col.classification')}</th>
                <th scope="col">{t('cables.col.subject')}</th>
                <th scope="col">{t('cables.col.from')}</th>
                <th scope="col">{t('cables.col.date')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((cable) => (
                <tr
                  key={cable.id}
                  className="clickable"
                  data-testid="cable-row"
                  data-cable-id={cable.id}
                  data-state={cable.state}
                  onClick={(event) => {
                    if ((event.target as HTMLElement).closest('a')) return;
                    navigate(`/cables/${cable.id}`);
                  }}
                >
                  <td data-label={t('cables.col.reference')} className="nowrap">
                    <span className="cell">
                      <Link to={`/cables/${cable.id}`} className={cable.reference ? 'mono' : undefined} data-testid="cable-row-reference">
                        {cable.reference ?? t('cable.noReference')}
                      </Link>
                      {cable.state === 'in_clearance' || cable.state === 'cleared' ? (
                        <>
                          {' '}
                          <StateBadge state={cable.state} />
                        </>
                      ) : null}
                    </span>
                  </td>
                  <td data-label={t('cables.col.precedence')}>
                    <span className="cell">
                      <PrecedenceBadge precedence={cable.precedence} />
                    </span>
                  </td>
                  <td data-label={t('cables.col.classification')}>
                    <span className="cell">
                      <ClassificationBadge classification={cable.classification} />
                    </span>
                  </td>
                  <td data-label={t('cables.col.subject')} className="subject">
                    <span className="cell">
                      {cable.subject || <span className="muted">{t('cable.noSubject')}</span>}
                    </span>
                  </td>
                  <td data-label={t('cables.col.from')}>
                    <span className="cell">
                      {unitName(directory.unitById.get(cable.originating_unit_id), locale) || `#${cable.originating_unit_id}`}
                    </span>
                  </td>
                  <td data-label={t('cables.col.date')} className="nowrap">
                    <span className="cell">
                      {dateTime(cable.released_at ?? cable.updated_at)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorMessage error={moreError} />
      {more ? (
        <button type="button" className="button" disabled={loadingMore} onClick={() => void loadMore()} data-testid="cables-more">
          {loadingMore ? t('common.working') : t('cables.more')}
        </button>
      ) : null}
    </div>
  );
}
