// A short reference of the query language beside the editor (the README's table, explained in both languages).
import { useI18n } from '../../i18n';
import { QUERY_REFERENCE } from './query';

export function QueryReference() {
  const { t } = useI18n();
  return (
    <details className="card monitor-reference" open data-testid="query-reference">
      <summary>
        <h2 className="monitor-summary-title">{t('monitor.ref.title')}</h2>
      </summary>
      <table className="table monitor-reference-table">
        <caption className="visually-hidden">{t('monitor.ref.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitor.ref.written')}</th>
            <th scope="col">{t('monitor.ref.means')}</th>
          </tr>
        </thead>
        <tbody>
          {QUERY_REFERENCE.map((row) => (
            <tr key={row.example}>
              <td>
                <code>{row.example}</code>
              </td>
              <td>{t(row.meaning)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">{t('monitor.ref.precedence')}</p>
    </details>
  );
}
