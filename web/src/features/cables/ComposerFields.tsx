// The fields of the composer above the addressees: originating unit, precedence, classification, captions,
// subject, the Markdown text (with a preview) and tags.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import { CAPTIONS, CLASSIFICATIONS, PRECEDENCES, type Cable, type Unit } from '../../shared/types';
import { useDirectory } from '../directory/data';
import { CableBody } from './Markdown';
import { classificationKey, precedenceKey } from './model';
import { MAX_SUBJECT, type ComposerForm } from './draft';

export function ComposerFields({
  form,
  set,
  units,
  original,
  formId,
}: {
  form: ComposerForm;
  set: <K extends keyof ComposerForm>(name: K, value: ComposerForm[K]) => void;
  /** Units the user may draft for. */
  units: Unit[];
  original: Cable | null;
  formId: string;
}) {
  const { t, locale } = useI18n();
  const directory = useDirectory();
  const [preview, setPreview] = useState(false);
  const originId = form.originating_unit_id ? Number(form.originating_unit_id) : null;
  const originUnit = originId !== null ? directory.unitById.get(originId) : undefined;

  return (
    <>
      <div className="field">
        <label htmlFor={`${formId}-unit`}>{t('cable.originatingUnit')}</label>
        {units.length === 0 && directory.ready ? (
          <p className="muted">{t('composer.noDraftingUnit')}</p>
        ) : (
          <select
            id={`${formId}-unit`}
            value={form.originating_unit_id}
            onChange={(event) => set('originating_unit_id', event.target.value)}
            disabled={Boolean(original) && units.length <= 1}
            data-testid="cable-originating-unit"
          >
            {!form.originating_unit_id ? <option value="">{t('app.loading')}</option> : null}
            {originUnit && !units.some((unit) => unit.id === originUnit.id) ? (
              <option value={originUnit.id}>{unitName(originUnit, locale)}</option>
            ) : null}
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unitName(unit, locale)} ({unit.code})
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${formId}-precedence`}>{t('cable.precedence')}</label>
        <select
          id={`${formId}-precedence`}
          value={form.precedence}
          onChange={(event) => set('precedence', event.target.value as ComposerForm['precedence'])}
          data-testid="cable-precedence"
        >
          {PRECEDENCES.map((value) => (
            <option key={value} value={value}>
              {t(precedenceKey(value))}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${formId}-classification`}>{t('cable.classification')}</label>
        <select
          id={`${formId}-classification`}
          value={form.classification}
          onChange={(event) => set('classification', event.target.value as ComposerForm['classification'])}
          data-testid="cable-classification"
        >
          {CLASSIFICATIONS.map((value) => (
            <option key={value} value={value}>
              {t(classificationKey(value))}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field">
        <legend>{t('cable.captions')}</legend>
        <div className="checks">
          {CAPTIONS.map((caption) => (
            <div className="field-check" key={caption}>
              <input
                id={`${formId}-${caption}`}
                type="checkbox"
                checked={form[caption]}
                onChange={(event) => set(caption, event.target.checked)}
                data-testid={`cable-caption-${caption}`}
              />
              <label htmlFor={`${formId}-${caption}`}>{t(caption === 'nodis' ? 'cable.caption.nodis' : 'cable.caption.exdis')}</label>
            </div>
          ))}
        </div>
        <small>{t('composer.captionsHint')}</small>
      </fieldset>
      <div className="field form-grid-full">
        <label htmlFor={`${formId}-subject`}>{t('cable.subject')}</label>
        <input
          id={`${formId}-subject`}
          value={form.subject}
          maxLength={MAX_SUBJECT}
          required
          onChange={(event) => set('subject', event.target.value)}
          data-testid="cable-subject"
        />
      </div>
      <div className="field form-grid-full">
        <div className="label-row">
          <label htmlFor={`${formId}-body`}>{t('cable.body')}</label>
          <button
            type="button"
            className="button small"
            aria-pressed={preview}
            onClick={() => setPreview((open) => !open)}
            data-testid="cable-preview-toggle"
          >
            {t('composer.preview')}
          </button>
        </div>
        <textarea
          id={`${formId}-body`}
          value={form.body}
          rows={14}
          required
          onChange={(event) => set('body', event.target.value)}
          aria-describedby={`${formId}-body-hint`}
          data-testid="cable-body"
        />
        <small id={`${formId}-body-hint`}>{t('composer.bodyHint')}</small>
        {preview ? (
          <section className="preview" aria-label={t('composer.preview')}>
            {form.body.trim() ? <CableBody text={form.body} /> : <p className="muted">{t('composer.previewEmpty')}</p>}
          </section>
        ) : null}
      </div>
      <div className="field form-grid-full">
        <label htmlFor={`${formId}-tags`}>{t('cable.tags')}</label>
        <input
          id={`${formId}-tags`}
          value={form.tags}
          onChange={(event) => set('tags', event.target.value)}
          aria-describedby={`${formId}-tags-hint`}
          autoCapitalize="none"
          spellCheck={false}
          data-testid="cable-tags"
        />
        <small id={`${formId}-tags-hint`}>{t('composer.tagsHint')}</small>
      </div>
    </>
  );
}
