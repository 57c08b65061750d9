// The drawing under every alert map: the sea, the countries the view touches, a graticule with its degrees, and on
// top whatever the caller draws in the SVG's coordinates (MAP_WIDTH × MAP_HEIGHT). The SVG keeps its proportions
// at any width; `useScreenScale` tells how many SVG units make a pixel, so handles and labels keep their size on a
// phone.
import { forwardRef, useEffect, useMemo, useState, type ReactNode, type SVGProps } from 'react';
import { geoPath, geoTransform } from 'd3-geo';
import { useI18n } from '../../i18n';
import { loadAtlas, type AtlasCountry } from './atlas';
import { graticuleStep, intersects, MAP_HEIGHT, MAP_WIDTH, project, ticks, viewBounds, type MapView } from './projection';

export interface AtlasState {
  atlas: AtlasCountry[] | null;
  /** Loaded, or failed (the map is then drawn without countries). */
  settled: boolean;
}

export function useAtlas(): AtlasState {
  const [state, setState] = useState<AtlasState>({ atlas: null, settled: false });
  useEffect(() => {
    let live = true;
    loadAtlas()
      .then((atlas) => live && setState({ atlas, settled: true }))
      .catch(() => live && setState({ atlas: null, settled: true }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/**
 * SVG units per screen pixel of the drawn map (1 until it is measured). `element` is the SVG once it is drawn (a
 * callback ref's state, so that a map drawn after a wait is measured too).
 */
export function useScreenScale(element: SVGSVGElement | null): number {
  const [scale, setScale] = useState(1);
  useEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const width = element.getBoundingClientRect().width;
      if (width > 0) setScale(MAP_WIDTH / width);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return scale;
}

function degreesLabel(value: number, positive: string, negative: string): string {
  const text = String(Math.abs(value));
  if (value === 0) return '0°';
  return `${text}°${value > 0 ? positive : negative}`;
}

interface Props {
  view: MapView;
  atlas: AtlasCountry[] | null;
  /** SVG units per pixel (from useScreenScale). */
  scale: number;
  label: string;
  testId: string;
  className?: string;
  children?: ReactNode;
  describedBy?: string;
  handlers?: Partial<Pick<SVGProps<SVGSVGElement>, 'onPointerDown' | 'onPointerMove' | 'onPointerUp' | 'onPointerCancel' | 'onDoubleClick'>>;
}

export const MapCanvas = forwardRef<SVGSVGElement, Props>(function MapCanvas(
  { view, atlas, scale, label, testId, className, children, describedBy, handlers },
  ref,
) {
  const { t } = useI18n();
  const bounds = viewBounds(view);

  const land = useMemo(() => {
    if (!atlas) return [];
    const transform = geoTransform({
      point(longitude: number, latitude: number) {
        const { x, y } = project(view, { latitude, longitude });
        this.stream.point(x, y);
      },
    });
    const path = geoPath(transform).digits(1);
    const visible = viewBounds(view);
    return atlas
      .filter((country) => intersects(country.bounds, visible))
      .map((country, index) => ({ key: `${country.code || 'x'}-${index}`, code: country.code, d: path(country.feature) ?? '' }));
  }, [atlas, view]);

  const step = graticuleStep(view.spanLatitude);
  const latitudes = ticks(Math.max(-90, bounds.south), Math.min(90, bounds.north), step);
  const longitudes = ticks(bounds.west, bounds.east, step);
  const font = 11 * scale;
  // Labels far enough apart on the screen to be read: every line's on a wide map, every other one on a phone.
  const pixelsPerDegree = MAP_WIDTH / (bounds.east - bounds.west) / scale;
  const everyLongitude = Math.max(1, Math.ceil(64 / (step * pixelsPerDegree)));
  const everyLatitude = Math.max(1, Math.ceil(24 / ((step * MAP_HEIGHT) / (bounds.north - bounds.south) / scale)));
  const labelled = (value: number, every: number) => every === 1 || Math.round(value / step) % every === 0;
  const north = t('alerts.map.north');
  const south = t('alerts.map.south');
  const east = t('alerts.map.east');
  const west = t('alerts.map.west');

  return (
    <svg
      ref={ref}
      className={`am-map${className ? ` ${className}` : ''}`}
      viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      data-testid={testId}
      data-north={bounds.north}
      data-south={bounds.south}
      data-west={bounds.west}
      data-east={bounds.east}
      {...handlers}
    >
      <rect className="am-sea" x={0} y={0} width={MAP_WIDTH} height={MAP_HEIGHT} />
      <g className="am-land" aria-hidden="true">
        {land.map((country) => (
          <path key={country.key} d={country.d} data-country={country.code} vectorEffect="non-scaling-stroke" />
        ))}
      </g>
      <g className="am-graticule" aria-hidden="true">
        {latitudes.map((latitude) => {
          const { y } = project(view, { latitude, longitude: bounds.west });
          return <line key={`lat-${latitude}`} x1={0} x2={MAP_WIDTH} y1={y} y2={y} vectorEffect="non-scaling-stroke" />;
        })}
        {longitudes.map((longitude) => {
          const { x } = project(view, { latitude: bounds.north, longitude });
          return <line key={`lon-${longitude}`} x1={x} x2={x} y1={0} y2={MAP_HEIGHT} vectorEffect="non-scaling-stroke" />;
        })}
      </g>
      <g className="am-graticule-labels" aria-hidden="true" fontSize={font}>
        {latitudes.map((latitude) => {
          const { y } = project(view, { latitude, longitude: bounds.west });
          if (y < font * 2 || y > MAP_HEIGHT - 4 || !labelled(latitude, everyLatitude)) return null;
          return (
            <text key={`lat-${latitude}`} x={4 * scale} y={y - 3 * scale}>
              {degreesLabel(latitude, north, south)}
            </text>
          );
        })}
        {longitudes.map((longitude) => {
          const { x } = project(view, { latitude: bounds.north, longitude });
          if (x < font * 4 || x > MAP_WIDTH - font * 4.5 || !labelled(longitude, everyLongitude)) return null;
          return (
            <text key={`lon-${longitude}`} x={x + 3 * scale} y={font + 2 * scale}>
              {degreesLabel(longitude, east, west)}
            </text>
          );
        })}
      </g>
      {children}
    </svg>
  );
});
