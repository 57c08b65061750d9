// The parts of the composer above and below the area: who sends and what kind of message it is (an Update or a
// Cancel names the earlier alert and starts from it), whether it is real, its CAP classification, the texts in
// Vietnamese (required) and English (optional), the expiry at the mission's time and the safety question.
import { useI18n } from '../../i18n';
import { UnitSelect } from '../../shared/UnitSelect';
import { unitName } from '../../shared/ui';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MESSAGE_TYPES,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type Alert,
  type AlertLanguage,
  type CapMessageType,
  type Unit,
} from '../../shared/types';
import type { AlertForm, TextForm } from './alertForm';
import { CheckGroup, FieldMessage, Section, SelectField, TextAreaField, TextField, useField } from './fields';
import { categoryKey, certaintyKey, responseKey, scopeHintKey, scopeKey, severityKey, statusHintKey, statusKey, typeKey, urgencyKey } from './labels';

type Change = (update: (form: AlertForm) => AlertForm) => void;

export function KindSection({ form, onChange, units, unit, editing, earlier, onFollow }: {
  form: AlertForm;
  onChange: Change;
  units: Unit[];
  unit: Unit | undefined;
  editing: boolean;
  /** Sent alerts of the unit an Update or a Cancel may follow (null while loading). */
  earlier: Alert[] | null;
  onFollow: (alert: Alert, type: Exclude<CapMessageType, 'Alert'>) => void;
}) {
  const { t, locale, dateTime } = useI18n();
  const type = useField('/message_type');
  const status = useField('/status');
  const chooseType = (messageType: CapMessageType) =>
    onChange((previous) => ({ ...previous, messageType, referencesId: messageType === 'Alert' ? null : previous.referencesId }));
  const chooseEarlier = (value: string) => {
    const found = earlier?.find((alert) => alert.id === Number(value));
    if (found && form.messageType !== 'Alert') onFollow(found, form.messageType);
    else onChange((previous) => ({ ...previous, referencesId: value ? Number(value) : null }));
  };
  const headline = (alert: Alert) => alert.texts.find((text) => text.language === locale)?.headline ?? alert.texts[0]?.headline ?? '';

  return (
    <Section title={t('alerts.form.kind')} testId="al-kind">
      <div className="form-grid">
        {editing ? (
          <div className="field">
            <span className="label">{t('alerts.field.unit')}</span>
            <span data-testid="al-unit-fixed">{unit ? `${unitName(unit, locale)} (${unit.code})` : ''}</span>
            <small>{t('alerts.form.unitFixed')}</small>
          </div>
        ) : (
          <div>
            <UnitSelect units={units} value={form.unitId} onChange={(unitId) => onChange((previous) => ({ ...previous, unitId, referencesId: null, countries: [] }))} label={t('alerts.field.unit')} testId="al-unit_id" />
            <FieldMessage pointer="/unit_id" />
          </div>
        )}
        <SelectField
          pointer="/scope"
          label={t('alerts.field.scope')}
          hint={t(scopeHintKey(form.scope))}
          value={form.scope}
          onChange={(scope) => onChange((previous) => ({ ...previous, scope }))}
          options={CAP_SCOPES.map((value) => ({ value, label: t(scopeKey(value)) }))}
        />
      </div>
      <fieldset className="field al-radios" aria-describedby={type.described} data-testid="al-message_type">
        <legend>{t('alerts.field.messageType')}</legend>
        <div className="al-radio-row">
          {CAP_MESSAGE_TYPES.map((value) => (
            <label key={value} className="al-radio">
              <input type="radio" name="al-message-type" value={value} checked={form.messageType === value} onChange={() => chooseType(value)} data-testid={`al-message_type-${value}`} />
              <span>{t(typeKey(value))}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {form.messageType !== 'Alert' ? (
        <SelectField
          pointer="/references_id"
          label={t('alerts.field.references')}
          hint={earlier !== null && earlier.length === 0 ? t('alerts.form.noEarlier') : t('alerts.form.referencesHint')}
          value={form.referencesId === null ? '' : String(form.referencesId)}
          placeholder={t('alerts.form.chooseEarlier')}
          onChange={chooseEarlier}
          options={(earlier ?? []).map((alert) => ({ value: String(alert.id), label: `${headline(alert)} — ${dateTime(alert.sent_at)} (${alert.identifier})` }))}
        />
      ) : null}
      <fieldset className="field al-radios al-status-choice" id={status.id} tabIndex={-1} aria-invalid={status.invalid || undefined} aria-describedby={status.described} data-testid="al-status">
        <legend>{t('alerts.field.status')}</legend>
        <div className="al-status-options">
          {CAP_STATUSES.map((value) => (
            <label key={value} className={`al-status-option al-status-option-${value.toLowerCase()}`}>
              <input type="radio" name="al-status" value={value} checked={form.status === value} onChange={() => onChange((previous) => ({ ...previous, status: value }))} data-testid={`al-status-${value}`} />
              <span>
                <strong>{t(statusKey(value))}</strong>
                <small>{t(statusHintKey(value))}</small>
              </span>
            </label>
          ))}
        </div>
        <FieldMessage pointer="/status" />
      </fieldset>
      {form.status === 'Actual' ? (
        <p className="al-actual-warning" role="note" data-testid="al-actual-warning">
          {t('alerts.form.actualWarning')}
        </p>
      ) : null}
    </Section>
  );
}

export function ClassificationSection({ form, onChange }: { form: AlertForm; onChange: Change }) {
  const { t } = useI18n();
  return (
    <Section title={t('alerts.form.classification')} testId="al-classification" hint={t('alerts.form.classificationHint')}>
      <CheckGroup
        pointer="/categories"
        legend={t('alerts.field.categories')}
        values={form.categories}
        options={CAP_CATEGORIES.map((value) => ({ value, label: t(categoryKey(value)) }))}
        onChange={(categories) => onChange((previous) => ({ ...previous, categories }))}
      />
      <div className="form-grid">
        <SelectField pointer="/urgency" label={t('alerts.field.urgency')} value={form.urgency} onChange={(urgency) => onChange((previous) => ({ ...previous, urgency }))} options={CAP_URGENCIES.map((value) => ({ value, label: t(urgencyKey(value)) }))} />
        <SelectField pointer="/severity" label={t('alerts.field.severity')} value={form.severity} onChange={(severity) => onChange((previous) => ({ ...previous, severity }))} options={CAP_SEVERITIES.map((value) => ({ value, label: t(severityKey(value)) }))} />
        <SelectField pointer="/certainty" label={t('alerts.field.certainty')} value={form.certainty} onChange={(certainty) => onChange((previous) => ({ ...previous, certainty }))} options={CAP_CERTAINTIES.map((value) => ({ value, label: t(certaintyKey(value)) }))} />
      </div>
      <CheckGroup
        pointer="/response_types"
        legend={t('alerts.field.responseTypes')}
        hint={t('alerts.form.responseHint')}
        values={form.responseTypes}
        options={CAP_RESPONSE_TYPES.map((value) => ({ value, label: t(responseKey(value)) }))}
        onChange={(responseTypes) => onChange((previous) => ({ ...previous, responseTypes }))}
      />
    </Section>
  );
}

function LanguageTexts({ language, text, onText }: { language: AlertLanguage; text: TextForm; onText: (change: Partial<TextForm>) => void }) {
  const { t } = useI18n();
  const optional = language === 'en';
  const base = `/texts/${language}`;
  return (
    <fieldset className="al-language" lang={language} data-testid={`al-texts-${language}`}>
      <legend>{t(language === 'vi' ? 'alerts.form.textsVi' : 'alerts.form.textsEn')}</legend>
      {optional ? <p className="muted small al-language-hint">{t('alerts.form.textsEnHint')}</p> : null}
      <TextField pointer={`${base}/event`} label={t('alerts.field.event')} hint={t('alerts.form.eventHint')} value={text.event} maxLength={200} lang={language} onChange={(event) => onText({ event })} />
      <TextField pointer={`${base}/headline`} label={t('alerts.field.headline')} value={text.headline} maxLength={300} lang={language} onChange={(headline) => onText({ headline })} />
      <TextAreaField pointer={`${base}/description`} label={t('alerts.field.description')} optional value={text.description} rows={4} lang={language} onChange={(description) => onText({ description })} />
      <TextAreaField pointer={`${base}/instruction`} label={t('alerts.field.instruction')} optional hint={t('alerts.form.instructionHint')} value={text.instruction} rows={3} lang={language} onChange={(instruction) => onText({ instruction })} />
    </fieldset>
  );
}

export function TextsSection({ form, onChange }: { form: AlertForm; onChange: Change }) {
  const { t } = useI18n();
  const onText = (language: AlertLanguage) => (change: Partial<TextForm>) =>
    onChange((previous) => ({ ...previous, texts: { ...previous.texts, [language]: { ...previous.texts[language], ...change } } }));
  return (
    <Section title={t('alerts.form.texts')} testId="al-texts">
      <div className="al-languages">
        <LanguageTexts language="vi" text={form.texts.vi} onText={onText('vi')} />
        <LanguageTexts language="en" text={form.texts.en} onText={onText('en')} />
      </div>
    </Section>
  );
}

export function ClosingSection({ form, onChange, timeZone }: { form: AlertForm; onChange: Change; timeZone: string }) {
  const { t } = useI18n();
  return (
    <Section title={t('alerts.form.closing')} testId="al-closing">
      <div className="form-grid">
        <TextField
          pointer="/expires_at"
          type="datetime-local"
          label={t('alerts.field.expires')}
          optional
          hint={t('alerts.form.expiresHint', { zone: timeZone })}
          value={form.expiresAt}
          onChange={(expiresAt) => onChange((previous) => ({ ...previous, expiresAt }))}
        />
      </div>
      <div className="field-check al-safety-check">
        <input
          type="checkbox"
          id="al-safety_check"
          checked={form.safetyCheck}
          onChange={(event) => onChange((previous) => ({ ...previous, safetyCheck: event.target.checked }))}
          aria-describedby="al-safety_check-hint"
          data-testid="al-safety_check"
        />
        <span>
          <label htmlFor="al-safety_check">{t('alerts.field.safetyCheck')}</label>
          <small id="al-safety_check-hint" className="muted">
            {t('alerts.form.safetyHint')}
          </small>
        </span>
      </div>
    </Section>
  );
}

