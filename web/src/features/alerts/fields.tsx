// Labelled inputs of the composer, each named by the pointer of its value in the form ("/texts/en/headline"): the
// element id comes from it, and the problem about that pointer is shown beside the input, tied to it with
// aria-describedby and aria-invalid.
import { createContext, useContext, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { inputId } from './alertForm';
import type { FieldProblem } from './problems';

export const ProblemContext = createContext<FieldProblem | null>(null);

export function FieldMessage({ pointer }: { pointer: string }) {
  const { t } = useI18n();
  const problem = useContext(ProblemContext);
  if (!problem || problem.pointer !== pointer) return null;
  const id = `${inputId(pointer)}-error`;
  return (
    <small className="field-error al-field-error" id={id} data-testid={id}>
      {t(problem.key, problem.params)}
      {problem.detail ? <span className="alert-detail"> {t('error.serverSays', { detail: problem.detail })}</span> : null}
    </small>
  );
}

/** The id, whether the input is the one with a problem, and its aria-describedby. */
export function useField(pointer: string, hint?: boolean) {
  const problem = useContext(ProblemContext);
  const id = inputId(pointer);
  const invalid = problem?.pointer === pointer;
  const described = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, invalid, described };
}

interface Common {
  pointer: string;
  label: string;
  hint?: string;
  optional?: boolean;
  className?: string;
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean }) {
  const { t } = useI18n();
  return (
    <label htmlFor={id}>
      {label} {optional ? <span className="muted">{t('common.optional')}</span> : null}
    </label>
  );
}

export function TextField({ pointer, label, hint, optional, className, value, onChange, type = 'text', maxLength, inputMode, lang }: Common & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'datetime-local';
  maxLength?: number;
  inputMode?: 'text' | 'decimal';
  lang?: string;
}) {
  const { id, invalid, described } = useField(pointer, !!hint);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <input
        id={id}
        type={type}
        value={value}
        maxLength={maxLength}
        inputMode={inputMode}
        lang={lang}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={described}
        data-testid={id}
      />
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <FieldMessage pointer={pointer} />
    </div>
  );
}

export function TextAreaField({ pointer, label, hint, optional, className, value, onChange, rows = 3, maxLength, lang, onBlur, spellCheck }: Common & {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  maxLength?: number;
  lang?: string;
  onBlur?: () => void;
  spellCheck?: boolean;
}) {
  const { id, invalid, described } = useField(pointer, !!hint);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <textarea
        id={id}
        value={value}
        rows={rows}
        maxLength={maxLength}
        lang={lang}
        spellCheck={spellCheck}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        aria-invalid={invalid || undefined}
        aria-describedby={described}
        data-testid={id}
      />
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <FieldMessage pointer={pointer} />
    </div>
  );
}

export function SelectField<T extends string>({ pointer, label, hint, className, value, onChange, options, placeholder }: Common & {
  value: T | '';
  onChange: (value: T) => void;
  options: { value: T; label: string }[];
  placeholder?: string;
}) {
  const { id, invalid, described } = useField(pointer, !!hint);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} />
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as T)} aria-invalid={invalid || undefined} aria-describedby={described} data-testid={id}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <FieldMessage pointer={pointer} />
    </div>
  );
}

/** Checkboxes for a set of values, as a fieldset whose legend names them. */
export function CheckGroup<T extends string>({ pointer, legend, hint, values, options, onChange }: {
  pointer: string;
  legend: string;
  hint?: string;
  values: readonly T[];
  options: { value: T; label: string }[];
  onChange: (values: T[]) => void;
}) {
  const { id, invalid, described } = useField(pointer, !!hint);
  const toggle = (value: T, on: boolean) => onChange(on ? [...values, value] : values.filter((item) => item !== value));
  return (
    <fieldset className="field al-checks" id={id} tabIndex={-1} aria-invalid={invalid || undefined} aria-describedby={described} data-testid={id}>
      <legend>{legend}</legend>
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <div className="checks">
        {options.map((option) => (
          <div className="field-check" key={option.value}>
            <input
              type="checkbox"
              id={`${id}-${option.value}`}
              checked={values.includes(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
              data-testid={`${id}-${option.value}`}
            />
            <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
          </div>
        ))}
      </div>
      <FieldMessage pointer={pointer} />
    </fieldset>
  );
}

/** A titled part of the form (a fieldset with its legend). */
export function Section({ title, children, testId, hint, className }: { title: string; children: ReactNode; testId?: string; hint?: ReactNode; className?: string }) {
  return (
    <fieldset className={`al-section${className ? ` ${className}` : ''}`} data-testid={testId}>
      <legend>{title}</legend>
      {hint ? <div className="muted small al-section-hint">{hint}</div> : null}
      {children}
    </fieldset>
  );
}
