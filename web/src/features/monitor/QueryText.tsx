// The query's text with its syntax error shown where it is: the server names a column ("column 7: …"), which is
// drawn under the text as the query with the character at that column underlined and a caret below it, announced,
// and a button puts the cursor there.
import { useRef } from 'react';
import { useI18n } from '../../i18n';
import { indexOfColumn, splitAtColumn, type SyntaxError } from './query';

export function QueryText({ value, onChange, error, invalid }: { value: string; onChange: (text: string) => void; error: SyntaxError | null; invalid: boolean }) {
  const { t } = useI18n();
  const input = useRef<HTMLTextAreaElement>(null);
  const parts = error ? splitAtColumn(value, error.column) : null;

  const goTo = () => {
    if (!error || !input.current) return;
    const index = indexOfColumn(value, error.column);
    input.current.focus();
    input.current.setSelectionRange(index, Math.min(value.length, index + (parts?.at.length || 0)));
  };

  return (
    <div className="field form-grid-full">
      <label htmlFor="query-text">{t('monitor.editor.text')}</label>
      <textarea
        id="query-text"
        ref={input}
        className="monitor-query-input"
        value={value}
        rows={3}
        maxLength={4000}
        spellCheck={false}
        autoCapitalize="none"
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid}
        aria-describedby={error ? 'query-text-error query-text-help' : 'query-text-help'}
        data-testid="query-text"
      />
      <small id="query-text-help">{t('monitor.editor.textHelp')}</small>
      {error && parts ? (
        <div className="monitor-syntax-error" id="query-text-error" role="alert" data-testid="query-syntax-error" data-column={error.column}>
          <p>
            <strong>{t('monitor.editor.syntaxAt', { column: error.column })}</strong> {t('error.serverSays', { detail: error.message })}
          </p>
          <pre className="monitor-syntax-line" aria-hidden="true">
            <span>{parts.before}</span>
            <span className="monitor-syntax-at" data-testid="query-syntax-at">
              {parts.at || ' '}
            </span>
            <span>{parts.after}</span>
            {'\n'}
            <span className="monitor-syntax-caret">{`${' '.repeat([...parts.before].length)}^`}</span>
          </pre>
          <button type="button" className="button small" onClick={goTo} data-testid="query-syntax-goto">
            {t('monitor.editor.goToError')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
