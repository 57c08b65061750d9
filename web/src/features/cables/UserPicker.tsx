// Finds a user for a cable (a clearer, a named addressee) with GET /users?q=…&limit=20. That list only holds the
// users the caller may see (their users_manage / staff_read scope), so a user number (as shown on the user's page
// or given by a colleague) may be entered instead; the server checks whoever is named.
import { useId, useState } from 'react';
import { useI18n } from '../../i18n';
import { api, isApiError } from '../../shared/api';
import { ErrorMessage, unitName, useDebounced, useLoad } from '../../shared/ui';
import type { Id, Page, User, UserRef } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { userNumberIn } from './draft';

const LIMIT = 20;

interface Candidate {
  key: string;
  ref: UserRef;
  label: string;
}

export function UserPicker({
  testIdPrefix,
  searchLabel,
  addLabel,
  exclude,
  onPick,
  quietWhenForbidden = false,
}: {
  /** "clearer" gives clearer-search, clearer-results and clearer-add. */
  testIdPrefix: string;
  searchLabel: string;
  addLabel: string;
  exclude: Id[];
  onPick: (user: UserRef) => void;
  /** A 403 from the user search is shown as a note, not an error (the user number still works). */
  quietWhenForbidden?: boolean;
}) {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  const id = useId();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState('');
  const debounced = useDebounced(query.trim());
  const number = userNumberIn(query);

  const found = useLoad(
    async (signal) => {
      if (userNumberIn(debounced) !== null) return [] as User[];
      const page = await api.get<Page<User>>('/users', { query: { q: debounced, limit: LIMIT }, signal });
      return page.items ?? [];
    },
    [debounced],
  );

  const candidates: Candidate[] = (found.data ?? [])
    .filter((user) => !exclude.includes(user.id) && !user.disabled)
    .map((user) => {
      const unit = unitName(directory.unitById.get(user.unit_id), locale);
      return {
        key: String(user.id),
        ref: { id: user.id, username: user.username, display_name: user.display_name },
        label: `${user.display_name || user.username} (${user.username})${unit ? ` — ${unit}` : ''}`,
      };
    });
  if (number !== null && !exclude.includes(number) && !candidates.some((candidate) => candidate.ref.id === number)) {
    candidates.unshift({
      key: String(number),
      ref: { id: number, username: null, display_name: null },
      label: t('userPicker.byNumber', { id: number }),
    });
  }
  // A typed number picks that user, also while the results of an earlier search are still shown.
  const selected =
    candidates.find((candidate) => candidate.key === chosen) ??
    candidates.find((candidate) => number !== null && candidate.ref.id === number) ??
    candidates[0];

  const add = () => {
    if (!selected) return;
    onPick(selected.ref);
    setQuery('');
    setChosen('');
  };

  return (
    <div className="user-picker">
      <div className="toolbar">
        <div className="field field-grow">
          <label htmlFor={`${id}-search`}>{searchLabel}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={query}
            placeholder={t('userPicker.placeholder')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
            data-testid={`${testIdPrefix}-search`}
          />
        </div>
        <div className="field field-grow">
          <label htmlFor={`${id}-results`}>{t('userPicker.results')}</label>
          <select
            id={`${id}-results`}
            value={selected?.key ?? ''}
            disabled={candidates.length === 0}
            onChange={(event) => setChosen(event.target.value)}
            data-testid={`${testIdPrefix}-results`}
          >
            {candidates.length === 0 ? (
              <option value="">{found.loading ? t('app.loading') : t('userPicker.none')}</option>
            ) : (
              candidates.map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {candidate.label}
                </option>
              ))
            )}
          </select>
        </div>
        <button type="button" className="button" onClick={add} disabled={!selected} data-testid={`${testIdPrefix}-add`}>
          {addLabel}
        </button>
      </div>
      <p className="muted small">{t('userPicker.hint')}</p>
      {quietWhenForbidden && isApiError(found.error) && found.error.status === 403 ? (
        <p className="muted small" data-testid={`${testIdPrefix}-search-forbidden`}>
          {t('userPicker.forbidden')}
        </p>
      ) : (
        <ErrorMessage error={found.error} testId={`${testIdPrefix}-search-error`} />
      )}
    </div>
  );
}
