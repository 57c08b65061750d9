// Names of unit kinds and regions from the catalogues; a value the catalogues do not know is shown as sent.
import type { MessageKey } from '../../i18n';

type Translate = (key: MessageKey) => string;

export function kindLabel(t: Translate, kind: string): string {
  const key = `kind.${kind.trim().toLowerCase().replace(/[\s-]+/g, '_')}` as MessageKey;
  const text = t(key);
  return text === key || text === undefined ? kind : text;
}

export function regionLabel(t: Translate, region: string | null | undefined): string {
  if (!region) return t('directory.noRegion');
  const key = `region.${region.toLowerCase().replace(/[\s-]+/g, '_')}` as MessageKey;
  const text = t(key);
  return text === key || text === undefined ? region : text;
}
