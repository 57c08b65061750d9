// /cables/lists: the distribution lists every drafter may address (GET /cables/lists), each with its owner unit and
// members; holders of cable_release on a list's owner unit may change or delete it, and on any unit create one.
// Deleting archives a list: cables already sent through it keep their distribution; drafts that address it must be
// changed before release.
import { useId, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, Notice, unitName } from '../../shared/ui';
import type { DistributionList, Id } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { CablesNav } from './CablesNav';
import { ListEditor } from './ListEditor';
import { listMatches, listOwnerUnits, mayManageList, sortLists } from './lists';
import { userLabel } from './model';
import { rememberList, useLists } from './useLists';

type Editing = { kind: 'new' } | { kind: 'edit'; list: DistributionList } | null;

export function DistributionListsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const lists = useLists();
  const id = useId();
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<Id | null>(null);

  const ownerUnits = useMemo(() => listOwnerUnits(me, directory.units), [me, directory.units]);
  const shown = sortLists(lists.lists.filter((list) => listMatches(list, query)), locale);

  const saved = (list: DistributionList, created: boolean) => {
    setEditing(null);
    setNotice(t(created ? 'lists.created' : 'lists.saved', { name: list.name }));
    rememberList(list);  // the server's answer is the list as it now stands
  };

  const remove = async (list: DistributionList) => {
    if (!window.confirm(t('lists.deleteConfirm', { name: list.name }))) return;
    setBusyId(list.id);
    setActionError(null);
    setNotice(null);
    try {
      await api.delete(`/cables/lists/${list.id}`);
      setNotice(t('lists.deleted', { name: list.name }));
      lists.reload();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <div className="page lists-page">
      <div className="page-head">
        <h1>{t('lists.title')}</h1>
        {ownerUnits.length > 0 && editing?.kind !== 'new' ? (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setNotice(null);
              setEditing({ kind: 'new' });
            }}
            data-testid="list-new"
          >
            {t('lists.new')}
          </button>
        ) : null}
      </div>
      <CablesNav current="lists" />
      <p className="muted small">{t('lists.intro')}</p>
      <div aria-live="polite">{notice ? <Notice testId="list-notice">{notice}</Notice> : null}</div>
      <ErrorMessage error={actionError} testId="list-action-error" />
      {editing?.kind === 'new' ? (
        <ListEditor original={null} ownerUnits={ownerUnits} onSaved={(list) => saved(list, true)} onCancel={() => setEditing(null)} />
      ) : null}
      <div className="toolbar">
        <div className="field field-grow lists-filter">
          <label htmlFor={`${id}-filter`}>{t('lists.filter')}</label>
          <input id={`${id}-filter`} type="search" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="lists-filter" />
        </div>
      </div>
      <ErrorMessage error={lists.error} testId="lists-error" />
      {!lists.ready ? <Loading /> : null}
      {lists.ready && !lists.error && lists.lists.length === 0 ? <p data-testid="lists-empty">{t('lists.empty')}</p> : null}
      {lists.ready && lists.lists.length > 0 && shown.length === 0 ? <p>{t('lists.noMatch')}</p> : null}
      <ul className="list-cards" data-testid="lists">
        {shown.map((list) =>
          editing?.kind === 'edit' && editing.list.id === list.id ? (
            <li key={list.id} className="editing">
              <ListEditor original={list} ownerUnits={ownerUnits} onSaved={(updated) => saved(updated, false)} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={list.id}>
              <ListCard
                list={list}
                manage={mayManageList(me, list)}
                busy={busyId === list.id}
                onEdit={() => {
                  setNotice(null);
                  setEditing({ kind: 'edit', list });
                }}
                onDelete={() => void remove(list)}
              />
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

function ListCard({
  list,
  manage,
  busy,
  onEdit,
  onDelete,
}: {
  list: DistributionList;
  manage: boolean;
  busy: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t, plural, locale, dateTime } = useI18n();
  const directory = useDirectory();
  const owner = directory.unitById.get(list.owner_unit_id);
  const ownerName = owner ? `${unitName(owner, locale)} (${owner.code})` : `#${list.owner_unit_id}`;
  const titleId = `list-${list.id}-title`;
  return (
    <article className="card list-card" aria-labelledby={titleId} data-testid="list-card" data-list-id={list.id} data-list-name={list.name}>
      <div className="section-head">
        <h2 id={titleId}>{list.name}</h2>
        <span className="muted small">{plural('lists.memberCount', list.unit_ids.length + list.users.length)}</span>
      </div>
      <p className="muted small list-owner">
        {t('lists.ownedBy', { unit: ownerName })} · {t('lists.updatedAt', { time: dateTime(list.updated_at) })}
      </p>
      {list.description ? <p className="list-description">{list.description}</p> : null}
      <div className="list-member-groups">
        <div>
          <h3>{t('lists.units')}</h3>
          {list.unit_ids.length === 0 ? (
            <p className="muted small">{t('common.none')}</p>
          ) : (
            <ul className="chips" data-testid="list-card-units">
              {list.unit_ids.map((unitId) => {
                const unit = directory.unitById.get(unitId);
                return (
                  <li key={unitId} className="chip">
                    {unit ? `${unitName(unit, locale)} (${unit.code})` : `#${unitId}`}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <div>
          <h3>{t('lists.people')}</h3>
          {list.users.length === 0 ? (
            <p className="muted small">{t('common.none')}</p>
          ) : (
            <ul className="chips" data-testid="list-card-users">
              {list.users.map((user) => (
                <li key={user.id} className="chip">
                  {userLabel(user) === `#${user.id}` ? t('userPicker.byNumber', { id: user.id }) : userLabel(user)}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {manage ? (
        <div className="actions" role="group" aria-label={t('lists.actionsFor', { name: list.name })}>
          <button type="button" className="button small" onClick={onEdit} data-testid="list-edit">
            {t('lists.edit')}
          </button>
          <button type="button" className="button small danger" onClick={onDelete} disabled={busy} data-testid="list-delete">
            {busy ? t('common.working') : t('lists.delete')}
          </button>
        </div>
      ) : null}
    </article>
  );
}
