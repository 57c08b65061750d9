// The tabs of the cable screens: the five boxes, the search and the distribution lists.
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { CABLE_BOXES, type CableBox } from '../../shared/types';
import { boxKey } from './model';

export function CablesNav({ current, onBox }: { current: CableBox | 'search' | 'lists'; onBox?: (box: CableBox) => void }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('cables.nav')}>
      <ul className="tabs" data-testid="cable-boxes">
        {CABLE_BOXES.map((name) => (
          <li key={name}>
            <Link
              to={`/cables?box=${name}`}
              className={name === current ? 'tab active' : 'tab'}
              aria-current={name === current ? 'page' : undefined}
              data-testid={`cable-box-${name}`}
              onClick={(event) => {
                if (!onBox) return;
                event.preventDefault();
                onBox(name);
              }}
            >
              {t(boxKey(name))}
            </Link>
          </li>
        ))}
        <li>
          <Link
            to="/cables/search"
            className={current === 'search' ? 'tab tab-search active' : 'tab tab-search'}
            aria-current={current === 'search' ? 'page' : undefined}
            data-testid="cable-search-tab"
          >
            {t('cables.search')}
          </Link>
        </li>
        <li>
          <Link
            to="/cables/lists"
            className={current === 'lists' ? 'tab tab-lists active' : 'tab tab-lists'}
            aria-current={current === 'lists' ? 'page' : undefined}
            data-testid="cable-lists-tab"
          >
            {t('lists.title')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
