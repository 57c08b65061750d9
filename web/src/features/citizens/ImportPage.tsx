// Import registrations from a CSV file (/citizens/import): the columns the server reads, a file picker, and the
// report: how many were registered, the duplicates skipped (with the references the user may see, each a link to
// the registry search), and the lines refused, by line number with the server's reason.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage } from '../../shared/ui';
import type { CitizenImportReport } from '../../shared/types';

const COLUMNS: { name: string; required?: boolean }[] = [
  { name: 'full_name', required: true },
  { name: 'residence_country', required: true },
  { name: 'date_of_birth' },
  { name: 'passport_number' },
  { name: 'email' },
  { name: 'phone' },
  { name: 'city' },
  { name: 'address' },
  { name: 'latitude' },
  { name: 'longitude' },
  { name: 'language' },
  { name: 'consents' },
];

export const IMPORT_HEADER = COLUMNS.map((column) => column.name).join(',');

export function ImportPage() {
  const { t, plural } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<CitizenImportReport | null>(null);
  const reportRef = useRef<HTMLHeadingElement>(null);

  // The report takes the focus when it arrives, so that a screen reader reads it next.
  useEffect(() => {
    if (report) reportRef.current?.focus();
  }, [report]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await api.upload<CitizenImportReport>('/citizens/import', file, { contentType: 'text/csv' }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page cz-page" data-testid="citizens-import-page">
      <p className="breadcrumb">
        <Link to="/citizens">{t('citizens.title')}</Link>
      </p>
      <h1>{t('citizens.import.title')}</h1>
      <p className="lead">{t('citizens.import.lead')}</p>
      <section className="card" aria-labelledby="import-columns">
        <h2 id="import-columns">{t('citizens.import.columns')}</h2>
        <p>{t('citizens.import.columnsHelp')}</p>
        <pre className="cz-csv-header" data-testid="import-header">{IMPORT_HEADER}</pre>
        <dl className="cz-columns" data-testid="import-columns">
          {COLUMNS.map((column) => (
            <div key={column.name}>
              <dt>
                <code>{column.name}</code> {column.required ? <span className="badge cz-required">{t('citizens.import.required')}</span> : null}
              </dt>
              <dd>{t(`citizens.import.col.${column.name}` as MessageKey)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <form className="card form" onSubmit={(event) => void submit(event)} data-testid="import-form">
        <div className="field">
          <label htmlFor="import-file">{t('citizens.import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setReport(null);
            }}
            aria-describedby="import-file-hint"
            data-testid="import-file"
          />
          <small id="import-file-hint">{t('citizens.import.fileHint')}</small>
        </div>
        <ErrorMessage error={error} testId="import-error" />
        <div className="actions">
          <button type="submit" className="button primary" disabled={!file || busy} data-testid="import-submit">
            {busy ? t('common.working') : t('citizens.import.submit')}
          </button>
        </div>
      </form>
      {report ? (
        <section className="card cz-report" aria-labelledby="import-report" data-testid="import-report">
          <h2 id="import-report" tabIndex={-1} ref={reportRef}>
            {t('citizens.import.report')}
          </h2>
          <ul className="plain-list cz-report-counts">
            <li data-testid="import-created">{plural('citizens.import.created', report.created)}</li>
            <li data-testid="import-duplicates">{plural('citizens.import.duplicates', report.duplicates)}</li>
            <li data-testid="import-errors">{plural('citizens.import.errors', report.errors.length)}</li>
          </ul>
          {report.duplicate_references.length > 0 ? (
            <>
              <h3>{t('citizens.import.duplicateReferences')}</h3>
              <ul className="chips" data-testid="import-duplicate-references">
                {report.duplicate_references.map((reference) => (
                  <li key={reference} className="chip mono">
                    <Link to={`/citizens?q=${encodeURIComponent(reference)}`}>{reference}</Link>
                  </li>
                ))}
              </ul>
              {report.duplicates > report.duplicate_references.length ? <p className="muted small">{t('citizens.import.hiddenDuplicates')}</p> : null}
            </>
          ) : null}
          {report.errors.length > 0 ? (
            <>
              <h3>{t('citizens.import.errorLines')}</h3>
              <ul className="plain-list cz-error-lines" data-testid="import-error-lines">
                {report.errors.map((line) => (
                  <li key={`${line.line}-${line.message}`}>
                    <strong>{t('citizens.import.lineNumber', { line: line.line })}</strong> <span lang="en">{line.message}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p>
            <Link to="/citizens">{t('citizens.import.toRegistry')}</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
