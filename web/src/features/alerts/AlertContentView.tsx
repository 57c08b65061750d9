// What an alert says and where it goes, read only: its classification, its texts in each language, and its area
// (in words, the countries, the shapes on a map and as CAP text). The approver reads exactly this before approving.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Alert, Country, Unit } from '../../shared/types';
import { countryNamer } from '../citizens/countries';
import { shapesOfArea } from './drawing';
import { AreaMap } from './AreaMap';
import { categoryKey, certaintyKey, languageLabel, responseKey, scopeKey, severityKey, statusKey, typeKey, urgencyKey } from './labels';

export function AlertContentView({ alert, unit, countries }: { alert: Alert; unit: Unit | undefined; countries: Country[] }) {
  const { t, locale, dateTime } = useI18n();
  const nameOf = useMemo(() => countryNamer(countries, locale), [countries, locale]);
  const { polygons, circles } = useMemo(() => shapesOfArea(alert.area), [alert.area]);
  const zone = unit?.time_zone || undefined;
  const list = (values: string[] | undefined) => (values && values.length > 0 ? values.join(', ') : t('common.none'));

  return (
    <div className="al-content" data-testid="alert-content">
      <section className="card" aria-labelledby="al-view-kind">
        <h2 id="al-view-kind">{t('alerts.view.about')}</h2>
        <dl className="facts">
          <dt>{t('alerts.field.unit')}</dt>
          <dd data-testid="view-unit">{unit ? `${unitName(unit, locale)} (${unit.code})` : `#${alert.unit_id}`}</dd>
          <dt>{t('alerts.field.status')}</dt>
          <dd data-testid="view-status">{t(statusKey(alert.status ?? 'Actual'))}</dd>
          <dt>{t('alerts.field.messageType')}</dt>
          <dd>
            {t(typeKey(alert.message_type ?? 'Alert'))}
            {alert.references_id ? (
              <>
                {' — '}
                <Link to={`/alerts/${alert.references_id}`}>{t('alerts.view.referencesLink', { id: alert.references_id })}</Link>
              </>
            ) : null}
          </dd>
          <dt>{t('alerts.field.scope')}</dt>
          <dd>{t(scopeKey(alert.scope ?? 'Public'))}</dd>
          <dt>{t('alerts.field.categories')}</dt>
          <dd>{list(alert.categories?.map((value) => t(categoryKey(value))))}</dd>
          <dt>{t('alerts.field.urgency')}</dt>
          <dd>{t(urgencyKey(alert.urgency))}</dd>
          <dt>{t('alerts.field.severity')}</dt>
          <dd>{t(severityKey(alert.severity))}</dd>
          <dt>{t('alerts.field.certainty')}</dt>
          <dd>{t(certaintyKey(alert.certainty))}</dd>
          <dt>{t('alerts.field.responseTypes')}</dt>
          <dd>{list(alert.response_types?.map((value) => t(responseKey(value))))}</dd>
          <dt>{t('alerts.field.expires')}</dt>
          <dd>{alert.expires_at ? dateTime(alert.expires_at, zone) : t('alerts.view.noExpiry')}</dd>
          <dt>{t('alerts.field.safetyCheck')}</dt>
          <dd data-testid="view-safety">{alert.safety_check ? t('common.yes') : t('common.no')}</dd>
          {alert.reply_code ? (
            <>
              <dt>{t('alerts.view.replyCode')}</dt>
              <dd className="mono">{alert.reply_code}</dd>
            </>
          ) : null}
          <dt>{t('alerts.view.identifier')}</dt>
          <dd className="mono">{alert.identifier}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="al-view-texts">
        <h2 id="al-view-texts">{t('alerts.form.texts')}</h2>
        <div className="al-languages">
          {alert.texts.map((text) => (
            <article key={text.language} className="al-text-view" lang={text.language} data-testid={`view-text-${text.language}`}>
              <h3>{languageLabel(t, text.language)}</h3>
              <p className="al-event">{text.event}</p>
              <p className="al-headline" data-testid={`view-headline-${text.language}`}>
                {text.headline}
              </p>
              {text.description ? <p className="al-multiline">{text.description}</p> : null}
              {text.instruction ? (
                <>
                  <h4>{t('alerts.field.instruction')}</h4>
                  <p className="al-multiline">{text.instruction}</p>
                </>
              ) : null}
            </article>
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="al-view-area">
        <h2 id="al-view-area">{t('alerts.form.area')}</h2>
        <dl className="facts">
          <dt>{t('alerts.field.areaDescription')}</dt>
          <dd data-testid="view-area-description">{alert.area.description}</dd>
          <dt>{t('alerts.field.countries')}</dt>
          <dd>{list(alert.area.countries?.map(nameOf))}</dd>
        </dl>
        {polygons.length + circles.length > 0 ? (
          <>
            <AreaMap polygons={polygons} circles={circles} label={t('alerts.view.mapLabel', { polygons: polygons.length, circles: circles.length })} testId="view-map" />
            <ul className="plain-list al-cap-list">
              {(alert.area.polygons ?? []).map((text, index) => (
                <li key={`p-${index}`}>
                  <span className="label">{t('alerts.area.polygon', { n: index + 1 })}</span> <code data-testid={`view-polygon-${index}`}>{text}</code>
                </li>
              ))}
              {(alert.area.circles ?? []).map((text, index) => (
                <li key={`c-${index}`}>
                  <span className="label">{t('alerts.area.circle', { n: index + 1 })}</span> <code>{text}</code>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}
