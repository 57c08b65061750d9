// Small labels of a cable: precedence (FLASH in red, IMMEDIATE orange…), classification, state, captions.
import { useI18n } from '../../i18n';
import type { Caption, CableState, Classification, Precedence } from '../../shared/types';
import { classificationKey, precedenceKey, stateKey } from './model';

/** `labelled` names the scale too ("Precedence: FLASH"), where no column header does. */
export function PrecedenceBadge({ precedence, labelled }: { precedence: Precedence; labelled?: boolean }) {
  const { t } = useI18n();
  const value = t(precedenceKey(precedence));
  return (
    <span className={`badge prec prec-${precedence}`} data-precedence={precedence} data-testid="cable-precedence-badge">
      {labelled ? t('cable.precedenceOf', { value }) : value}
    </span>
  );
}

export function ClassificationBadge({ classification, labelled }: { classification: Classification; labelled?: boolean }) {
  const { t } = useI18n();
  const value = t(classificationKey(classification));
  return (
    <span className={`badge classif classif-${classification}`} data-classification={classification} data-testid="cable-classification-badge">
      {labelled ? t('cable.classificationOf', { value }) : value}
    </span>
  );
}

export function StateBadge({ state, testId }: { state: CableState; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge state state-${state}`} data-state={state} data-testid={testId}>
      {t(stateKey(state))}
    </span>
  );
}

export function CaptionBadges({ captions }: { captions: Caption[] }) {
  const { t } = useI18n();
  if (!captions.length) return null;
  return (
    <>
      {captions.map((caption) => (
        <span key={caption} className="badge caption" data-caption={caption}>
          {t(caption === 'nodis' ? 'cable.caption.nodis' : 'cable.caption.exdis')}
        </span>
      ))}
    </>
  );
}
