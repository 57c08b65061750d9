// The user's saved searches (GET /cables/saved-searches, at most 50): run one (a link to its search), delete one,
// or save the search on screen with a name and, if wanted, a notice when a newly transmitted cable matches it.
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading, Notice, unitName, useLoad } from '../../shared/ui';
import type { Id, SavedSearch } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { PrecedenceBadge } from './Badges';
import { MAX_SAVED_NAME, formFromSaved, sameSearch, savable, savedSearchBody, savedSearchLink, type SearchForm } from './search';

export function SavedSearches({ current }: { current: SearchForm }) {
  const { t, locale, dateTime } = useI18n();
  const id = useId();
  const directory = useDirectory();
  const list = useLoad((signal) => api.get<{ items: SavedSearch[] }>('/cables/saved-searches', { signal }), []);
  const [name, setName] = useState('');
  const [notify, setNotify] = useState(false);
  const [busy, setBusy] = useState<Id | 'save' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [missingName, setMissingName] = useState(false);
  const items = list.data?.items ?? [];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissingName(true);
      return;
    }
    setBusy('save');
    setError(null);
    setDone(null);
    try {
      const created = await api.post<SavedSearch>('/cables/saved-searches', savedSearchBody(current, name, notify));
      list.setData((previous) => ({ items: [...(previous?.items ?? []), created] }));
      setDone(t('search.saved', { name: created.name }));
      setName('');
      setNotify(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (search: SavedSearch) => {
    if (!window.confirm(t('search.deleteConfirm', { name: search.name }))) return;
    setBusy(search.id);
    setError(null);
    setDone(null);
    try {
      await api.delete(`/cables/saved-searches/${search.id}`);
      list.setData((previous) => ({ items: (previous?.items ?? []).filter((item) => item.id !== search.id) }));
      setDone(t('search.deleted', { name: search.name }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <aside className="card saved-searches" aria-labelledby={`${id}-title`} data-testid="saved-searches">
      <h2 id={`${id}-title`}>{t('search.savedTitle')}</h2>
      {savable(current) ? (
        <form className="form saved-search-form" onSubmit={save} aria-labelledby={`${id}-save-title`} data-testid="saved-search-form">
          <h3 id={`${id}-save-title`}>{t('search.saveTitle')}</h3>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('search.savedName')}</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={MAX_SAVED_NAME}
              aria-invalid={missingName || undefined}
              aria-describedby={`${id}-save-hint`}
              onChange={(event) => {
                setName(event.target.value);
                setMissingName(false);
              }}
              data-testid="saved-search-name"
            />
            <small id={`${id}-save-hint`}>{t('search.saveHint')}</small>
          </div>
          <div className="field-check">
            <input id={`${id}-notify`} type="checkbox" checked={notify} onChange={(event) => setNotify(event.target.checked)} data-testid="saved-search-notify" />
            <label htmlFor={`${id}-notify`}>{t('search.notify')}</label>
          </div>
          {missingName ? (
            <p className="alert alert-error" role="alert">
              {t('search.needName')}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={busy !== null} data-testid="saved-search-save">
            {busy === 'save' ? t('common.working') : t('search.save')}
          </button>
        </form>
      ) : (
        <p className="muted small">{t('search.saveWhenSearching')}</p>
      )}
      {done ? <Notice testId="saved-search-done">{done}</Notice> : null}
      <ErrorMessage error={list.error ?? error} testId="saved-search-error" />
      <h3>{t('search.savedList')}</h3>
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && items.length === 0 ? (
        <p className="muted" data-testid="saved-searches-empty">
          {t('search.savedEmpty')}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className="saved-list">
          {items.map((search) => {
            const running = sameSearch(formFromSaved(search), current);
            const unit = search.unit_id ? unitName(directory.unitById.get(search.unit_id), locale) || `#${search.unit_id}` : null;
            return (
              <li key={search.id} className={running ? 'running' : undefined} data-testid="saved-search" data-saved-search-id={search.id}>
                <div className="saved-head">
                  <Link to={savedSearchLink(search)} aria-current={running ? 'true' : undefined} data-testid="saved-search-run">
                    {search.name}
                  </Link>
                  {search.notify ? <span className="badge unread-badge">{t('search.notifies')}</span> : null}
                </div>
                <p className="saved-criteria small">
                  {search.q ? <span className="mono">“{search.q}”</span> : null}
                  {search.tag ? <span>{t('search.tagIs', { tag: search.tag })}</span> : null}
                  {search.precedence ? <PrecedenceBadge precedence={search.precedence} /> : null}
                  {unit ? <span>{unit}</span> : null}
                </p>
                <div className="saved-foot">
                  <span className="muted small">{t('search.savedAt', { time: dateTime(search.created_at, undefined, 'date') })}</span>
                  <button
                    type="button"
                    className="button small danger"
                    disabled={busy !== null}
                    aria-label={t('search.deleteNamed', { name: search.name })}
                    onClick={() => void remove(search)}
                    data-testid="saved-search-delete"
                  >
                    {busy === search.id ? t('common.working') : t('search.delete')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </aside>
  );
}
