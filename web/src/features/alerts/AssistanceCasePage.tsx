// One assistance case (/alerts/assistance/:id): who the citizen is and how to reach them (phone, e-mail, where they
// are), what they said, the alert they answered; who has the case (take it, assign it with the user picker,
// unassign); resolve or reopen it with an optional outcome; notes; and the trail of everything that happened,
// oldest first. Reading it is an audited read of personal data; acting needs citizens_write (the server says so).
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { isApiError } from '../../shared/api';
import { hasPermission } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, useLoad } from '../../shared/ui';
import type { Id } from '../../shared/types';
import { UserPicker } from '../cables/UserPicker';
import { assignCase, entryTitle, getCase, noteCase, NOTE_MAX_BYTES, reopenCase, resolveCase, type AssistanceCase } from './assistance';
import { NoteForm } from '../../shared/NoteForm';

function bytesOf(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function AssistanceCasePage() {
  const { id } = useParams();
  const caseId = id && /^\d+$/.test(id) ? Number(id) : 0;
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const loaded = useLoad((signal) => getCase(caseId, signal), [caseId]);
  const [shown, setShown] = useState<AssistanceCase | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState('');

  // After an action the server's answer is the case as it now is (no second, audited read).
  const item = shown && shown.id === caseId ? shown : loaded.data;
  const act = async (run: () => Promise<AssistanceCase>) => {
    setBusy(true);
    setActionError(null);
    try {
      setShown(await run());
      return true;
    } catch (caught) {
      setActionError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const settle = async (event: FormEvent) => {
    event.preventDefault();
    if (!item) return;
    const run = item.state === 'open' ? () => resolveCase(caseId, outcome.trim()) : () => reopenCase(caseId, outcome.trim());
    if (await act(run)) setOutcome('');
  };

  if (loaded.loading && !item) return <Loading />;
  if (!item) {
    const missing = isApiError(loaded.error) && loaded.error.status === 404;
    return (
      <div className="page">
        <p>
          <Link to="/alerts/assistance">{t('assistance.case.back')}</Link>
        </p>
        {missing ? <p data-testid="case-missing">{t('error.notFound')}</p> : <ErrorMessage error={loaded.error} testId="case-error" />}
      </div>
    );
  }
  const mayAct = hasPermission(me, 'citizens_write');
  const outcomeBytes = bytesOf(outcome);
  const assignee = (user: Id | null) => act(() => assignCase(caseId, user));
  return (
    <div className="page al-page al-case" data-testid="case-page" data-state={item.state}>
      <nav aria-label={t('assistance.breadcrumb')} className="muted small">
        <Link to="/alerts">{t('alerts.title')}</Link> / <Link to="/alerts/assistance">{t('assistance.title')}</Link>
      </nav>
      <div className="page-head">
        <h1>
          {t('assistance.case.title', { id: item.id })}{' '}
          <span className={`badge al-case-${item.state}`} data-testid="case-state">
            {t(`assistance.state.${item.state}`)}
          </span>
        </h1>
      </div>
      <p className="muted small">{t('assistance.case.audited')}</p>
      <div className="al-case-grid">
        <section className="card" aria-labelledby="case-person">
          <h2 id="case-person">
            <Link to={`/citizens/${item.citizen_id}`} data-testid="case-person">
              {item.full_name || item.reference}
            </Link>
          </h2>
          <dl className="facts">
            <dt>{t('assistance.case.reference')}</dt>
            <dd className="mono">{item.reference}</dd>
            <dt>{t('assistance.case.phone')}</dt>
            <dd>{item.phone ? <a href={`tel:${item.phone}`}>{item.phone}</a> : '—'}</dd>
            <dt>{t('assistance.case.email')}</dt>
            <dd>{item.email ? <a href={`mailto:${item.email}`}>{item.email}</a> : '—'}</dd>
            <dt>{t('assistance.case.city')}</dt>
            <dd>{item.city || '—'}</dd>
            <dt>{t('assistance.case.location')}</dt>
            <dd className="mono" data-testid="case-location">
              {item.location ? `${item.location.latitude.toFixed(4)}, ${item.location.longitude.toFixed(4)}` : t('assistance.case.noLocation')}
            </dd>
          </dl>
          <h3>{t('assistance.case.lastMessage')}</h3>
          {item.last_message ? (
            <blockquote className="al-case-message al-multiline" data-testid="case-message">
              {item.last_message}
            </blockquote>
          ) : (
            <p className="muted">{t('assistance.case.noMessage')}</p>
          )}
        </section>
        <section className="card" aria-labelledby="case-work">
          <h2 id="case-work" className="visually-hidden">
            {t('assistance.case.assignee')}
          </h2>
          <dl className="facts">
            <dt>{t('assistance.case.alert')}</dt>
            <dd>
              <Link to={`/alerts/${item.alert_id}`}>{item.alert_headline || `#${item.alert_id}`}</Link>
            </dd>
            <dt>{t('assistance.case.opened')}</dt>
            <dd>{dateTime(item.opened_at)}</dd>
            {item.resolved_at ? (
              <>
                <dt>{t('assistance.case.resolvedAt')}</dt>
                <dd>{dateTime(item.resolved_at)}</dd>
              </>
            ) : null}
            <dt>{t('assistance.case.assignee')}</dt>
            <dd data-testid="case-assignee">{item.assignee_id !== null ? item.assignee_name : t('assistance.unassigned')}</dd>
          </dl>
          <ErrorMessage error={actionError} testId="case-action-error" />
          {mayAct ? (
            <>
              <div className="actions">
                {me && item.assignee_id !== me.id ? (
                  <button type="button" className="button primary" onClick={() => void assignee(me.id)} disabled={busy} data-testid="case-take">
                    {t('assistance.case.assignMe')}
                  </button>
                ) : null}
                {item.assignee_id !== null ? (
                  <button type="button" className="button" onClick={() => void assignee(null)} disabled={busy} data-testid="case-unassign">
                    {t('assistance.case.unassign')}
                  </button>
                ) : null}
              </div>
              <h3>{t('assistance.case.assign')}</h3>
              <UserPicker
                testIdPrefix="case-assignee"
                searchLabel={t('assistance.case.assignSearch')}
                addLabel={t('assistance.case.assign')}
                exclude={item.assignee_id !== null ? [item.assignee_id] : []}
                onPick={(user) => void assignee(user.id)}
                quietWhenForbidden
              />
              <form className="form al-case-settle" onSubmit={(event) => void settle(event)}>
                <div className="field">
                  <label htmlFor="case-outcome">{t('assistance.case.outcome')}</label>
                  <textarea
                    id="case-outcome"
                    rows={2}
                    value={outcome}
                    onChange={(event) => setOutcome(event.target.value)}
                    aria-invalid={outcomeBytes > NOTE_MAX_BYTES}
                    data-testid="case-outcome"
                  />
                </div>
                <button type="submit" className={`button${item.state === 'open' ? ' primary' : ''}`} disabled={busy || outcomeBytes > NOTE_MAX_BYTES} data-testid={item.state === 'open' ? 'case-resolve' : 'case-reopen'}>
                  {t(item.state === 'open' ? 'assistance.case.resolve' : 'assistance.case.reopen')}
                </button>
              </form>
            </>
          ) : null}
        </section>
      </div>
      <section className="card" aria-labelledby="case-trail">
        <h2 id="case-trail">{t('assistance.case.trail')}</h2>
        <ol className="plain-list al-case-trail" data-testid="case-trail">
          {(item.trail ?? []).map((entry) => (
            <li key={entry.id} className={`al-case-entry al-case-entry-${entry.kind}`} data-testid="case-entry" data-kind={entry.kind}>
              <p className="al-case-entry-head">
                <strong>{entryTitle(t, entry)}</strong>{' '}
                <span className="muted small">
                  {dateTime(entry.at)} · {entry.actor_id !== null ? entry.actor_name : t('assistance.entry.automatic')}
                </span>
              </p>
              {entry.text ? <p className="al-multiline al-case-entry-text">{entry.text}</p> : null}
            </li>
          ))}
        </ol>
        {mayAct ? (
          <NoteForm
            id="case-note"
            label={t('assistance.case.note')}
            submitLabel={t('assistance.case.addNote')}
            sizeText={(bytes, max) => t('assistance.case.noteSize', { bytes, max })}
            maxBytes={NOTE_MAX_BYTES}
            busy={busy}
            send={(text) => act(() => noteCase(caseId, text))}
            inputTestId="case-note"
            sendTestId="case-add-note"
          />
        ) : null}
      </section>
    </div>
  );
}
