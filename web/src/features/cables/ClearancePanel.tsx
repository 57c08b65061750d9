// The clearance of a cable: the rule and every named clearer with their decision, time and comment.
import { useI18n } from '../../i18n';
import type { Cable, ClearanceDecision } from '../../shared/types';
import { userLabel } from './model';

function decisionKey(decision: ClearanceDecision) {
  if (decision === 'cleared') return 'cable.decision.cleared' as const;
  if (decision === 'returned') return 'cable.decision.returned' as const;
  return 'cable.decision.pending' as const;
}

export function ClearancePanel({ cable }: { cable: Cable }) {
  const { t, dateTime } = useI18n();
  const clearers = cable.clearance?.clearers ?? [];
  return (
    <section className="card" aria-labelledby="cable-clearance-title" data-testid="cable-clearance">
      <h2 id="cable-clearance-title">{t('cable.clearance')}</h2>
      {clearers.length === 0 ? (
        <p className="muted">{t('cable.noClearers')}</p>
      ) : (
        <>
          <p className="small" data-testid="cable-clearance-rule" data-rule={cable.clearance.rule}>
            {t(cable.clearance.rule === 'any' ? 'cable.rule.any' : 'cable.rule.all')}
          </p>
          <ul className="clearer-list">
            {clearers.map((clearer) => (
              <li key={clearer.user.id} data-testid="clearer-row" data-user-id={clearer.user.id} data-decision={clearer.decision}>
                <div className="clearer-line">
                  <span className="clearer-name">{userLabel(clearer.user)}</span>
                  {clearer.hq ? <span className="badge hq">{t('cable.hqClearer')}</span> : null}
                  <span className={`badge decision decision-${clearer.decision}`}>{t(decisionKey(clearer.decision))}</span>
                </div>
                <p className="muted small">
                  {clearer.decided_at
                    ? t('cable.decidedAt', { time: dateTime(clearer.decided_at) })
                    : t('cable.requestedAt', { time: dateTime(clearer.requested_at) })}
                </p>
                {clearer.comment ? <blockquote className="clearer-comment">{clearer.comment}</blockquote> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
