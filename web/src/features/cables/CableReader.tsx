// Reading a cable: GET /cables/:id (audited as a read; the first read by an addressee unit records its receipt),
// the actions its state and the user's permissions allow, its clearance and, once transmitted, the live
// acknowledgement matrix.
import { Link, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, unitName, useLoad } from '../../shared/ui';
import type { Cable } from '../../shared/types';
import { AttachmentList } from '../attachments/AttachmentList';
import { useDirectory } from '../directory/data';
import { AckMatrix } from './AckMatrix';
import { AddresseeName } from './AddresseeName';
import { CaptionBadges, ClassificationBadge, PrecedenceBadge, StateBadge } from './Badges';
import { CableActionsBar } from './CableActionsBar';
import { ClearancePanel } from './ClearancePanel';
import { CableBody } from './Markdown';
import { orderAddressees } from './lists';
import { availableActions, userLabel } from './model';

export function CableReader() {
  const { id } = useParams();
  const { t } = useI18n();
  const cableId = Number(id);
  const loaded = useLoad((signal) => api.get<Cable>(`/cables/${cableId}`, { signal }), [cableId]);

  if (!Number.isInteger(cableId) || cableId <= 0) {
    return (
      <div className="page">
        <h1>{t('cable.title')}</h1>
        <p>{t('error.notFound')}</p>
      </div>
    );
  }
  const cable = loaded.data;
  return (
    <div className="page cable-reader">
      <p className="breadcrumb">
        <Link to="/cables">{t('cables.title')}</Link>
      </p>
      {!cable ? (
        <>
          <h1>{t('cable.title')}</h1>
          {loaded.error ? <ErrorMessage error={loaded.error} testId="cable-error" /> : <Loading />}
        </>
      ) : (
        <CableView
          cable={cable}
          onChanged={(updated) => (updated && updated.id === cable.id && updated.body !== undefined ? loaded.setData(() => updated) : loaded.reload())}
          reloadError={loaded.error}
        />
      )}
    </div>
  );
}

function CableView({
  cable,
  onChanged,
  reloadError,
}: {
  cable: Cable;
  onChanged: (updated: Cable | undefined) => void;
  reloadError: unknown;
}) {
  const { t, dateTime, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const actions = availableActions(cable, me);
  const origin = directory.unitById.get(cable.originating_unit_id);

  return (
    <article className="cable" aria-labelledby="cable-subject" data-cable-id={cable.id}>
      <header className="card cable-head">
        <div className="cable-badges">
          <PrecedenceBadge precedence={cable.precedence} labelled />
          <ClassificationBadge classification={cable.classification} labelled />
          <CaptionBadges captions={cable.captions} />
          <StateBadge state={cable.state} testId="cable-state" />
        </div>
        <p className={cable.reference ? 'cable-ref mono' : 'cable-ref pending'} data-testid="cable-reference" data-reference={cable.reference ?? ''}>
          {cable.reference ?? t('cable.referencePending')}
        </p>
        <h1 id="cable-subject" className="cable-subject">
          {cable.subject || <span className="muted">{t('cable.noSubject')}</span>}
        </h1>
        <dl className="facts cable-facts">
          <dt>{t('cable.originatingUnit')}</dt>
          <dd>{origin ? `${unitName(origin, locale)} (${origin.code})` : `#${cable.originating_unit_id}`}</dd>
          <dt>{t('cable.drafter')}</dt>
          <dd data-testid="cable-drafter">{userLabel(cable.drafter)}</dd>
          <dt>{t('cable.createdAt')}</dt>
          <dd>{dateTime(cable.created_at)}</dd>
          {cable.submitted_at ? (
            <>
              <dt>{t('cable.submittedAt')}</dt>
              <dd>{dateTime(cable.submitted_at)}</dd>
            </>
          ) : null}
          {cable.released_by ? (
            <>
              <dt>{t('cable.releasedBy')}</dt>
              <dd data-testid="cable-released-by">{userLabel(cable.released_by)}</dd>
            </>
          ) : null}
          {cable.released_at ? (
            <>
              <dt>{t('cable.releasedAt')}</dt>
              <dd>{dateTime(cable.released_at)}</dd>
            </>
          ) : null}
        </dl>
        <p className="muted small">{t('cable.timesNote')}</p>
      </header>
      <ErrorMessage error={reloadError} />
      <CableActionsBar cable={cable} actions={actions} onChanged={onChanged} />
      <section className="card" aria-labelledby="cable-text-title">
        <h2 id="cable-text-title">{t('cable.text')}</h2>
        {cable.body?.trim() ? <CableBody text={cable.body} /> : <p className="muted">{t('cable.noBody')}</p>}
        {cable.tags && cable.tags.length > 0 ? (
          <>
            <h3>{t('cable.tags')}</h3>
            <ul className="chips" data-testid="cable-tags-list">
              {cable.tags.map((tag) => (
                <li key={tag} className="chip">
                  {tag}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {cable.attachments && cable.attachments.length > 0 ? (
        <section className="card" aria-labelledby="cable-attachments-title">
          <h2 id="cable-attachments-title">
            {t('attachments.title')} <span className="muted small">({cable.attachments.length})</span>
          </h2>
          <AttachmentList attachments={cable.attachments} testId="cable-attachments" />
        </section>
      ) : null}
      <div className="columns">
        <section className="card" aria-labelledby="cable-addressees-title">
          <h2 id="cable-addressees-title">{t('cable.addressees')}</h2>
          {(cable.addressees ?? []).length === 0 ? (
            <p className="muted">{t('composer.noAddressees')}</p>
          ) : (
            <ul className="plain-list" data-testid="cable-addressee-list">
              {orderAddressees(cable.addressees ?? []).map((addressee, index) => (
                <li key={index} className={addressee.via_list_id !== undefined ? 'via-list-entry' : undefined}>
                  <AddresseeName entry={addressee} />{' '}
                  <span className={`badge role-${addressee.role}`}>{t(addressee.role === 'action' ? 'cable.role.action' : 'cable.role.info')}</span>
                  {addressee.niact ? <span className="badge niact">{t('cable.niact')}</span> : null}
                </li>
              ))}
            </ul>
          )}
          {cable.references && cable.references.length > 0 ? (
            <>
              <h3>{t('cable.references')}</h3>
              <ul className="plain-list" data-testid="cable-references">
                {cable.references.map((reference) => (
                  <li key={reference}>
                    <Link to={`/cables/${reference}`}>{t('cable.referenceLink', { id: reference })}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <ClearancePanel cable={cable} />
      </div>
      {cable.state === 'transmitted' ? <AckMatrix cable={cable} /> : null}
    </article>
  );
}
