// Cables as a table (one card per row on narrow screens): reference, precedence, classification, subject,
// originating unit and date, each row opening the cable. Used by the boxes and by the search.
import { Link, useNavigate } from 'react-router';
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Cable } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { ClassificationBadge, PrecedenceBadge, StateBadge } from './Badges';

export function CableTable({ items, caption, testId = 'cables-table' }: { items: Cable[]; caption: string; testId?: string }) {
  const { t, dateTime, locale } = useI18n();
  const directory = useDirectory();
  const navigate = useNavigate();
  return (
    <div className="table-wrap">
      <table className="table cable-table stack-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
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
                <span className="cell" data-testid="cable-row-subject">
                  {cable.subject || <span className="muted">{t('cable.noSubject')}</span>}
                </span>
              </td>
              <td data-label={t('cables.col.from')}>
                <span className="cell">
                  {unitName(directory.unitById.get(cable.originating_unit_id), locale) || `#${cable.originating_unit_id}`}
                </span>
              </td>
              <td data-label={t('cables.col.date')} className="nowrap">
                <span className="cell">{dateTime(cable.released_at ?? cable.updated_at)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
