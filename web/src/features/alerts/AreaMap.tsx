// A map to look at, not to draw on: an alert's polygons and circles, and points (the people of a safety check,
// coloured by their answer). It opens on everything it shows; the buttons come closer or go back.
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import type { CircleArea, LatLon } from './cap';
import { circlePath, pathOf, shapesBounds, WORLD_VIEW } from './drawing';
import { MapCanvas, useAtlas, useScreenScale } from './MapCanvas';
import { fitBounds, project, zoom, type MapView } from './projection';

export interface MapPoint extends LatLon {
  key: string;
  /** A class for its colour (am-point-need_help, …). */
  kind: string;
  title: string;
}

export function AreaMap({ polygons, circles, points = [], label, testId }: {
  polygons: LatLon[][];
  circles: CircleArea[];
  points?: MapPoint[];
  label: string;
  testId: string;
}) {
  const { t } = useI18n();
  const { atlas } = useAtlas();
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const scale = useScreenScale(svg);
  const home = useMemo<MapView>(() => {
    const box = shapesBounds(polygons, circles, points);
    return box ? fitBounds(box) : WORLD_VIEW;
  }, [polygons, circles, points]);
  const [zoomed, setZoomed] = useState<{ home: MapView; view: MapView } | null>(null);
  // A change of what is shown brings the view back to all of it.
  const view = zoomed && zoomed.home === home ? zoomed.view : home;
  const setView = (next: MapView) => setZoomed({ home, view: next });

  return (
    <figure className="am-readonly" data-testid={testId}>
      <div className="am-frame">
        <MapCanvas ref={setSvg} view={view} atlas={atlas} scale={scale} label={label} testId={`${testId}-svg`}>
          {polygons.map((ring, index) => (
            <path key={`p-${index}`} d={pathOf(view, ring, true)} className="am-polygon" vectorEffect="non-scaling-stroke" />
          ))}
          {circles.map((circle, index) => (
            <path key={`c-${index}`} d={circlePath(view, circle)} className="am-polygon" vectorEffect="non-scaling-stroke" />
          ))}
          {points.map((point) => {
            const { x, y } = project(view, point);
            return (
              <circle key={point.key} cx={x} cy={y} r={5 * scale} className={`am-point ${point.kind}`} vectorEffect="non-scaling-stroke">
                <title>{point.title}</title>
              </circle>
            );
          })}
        </MapCanvas>
      </div>
      <div className="am-toolbar am-toolbar-small">
        <button type="button" className="button small am-icon" onClick={() => setView(zoom(view, 2))} aria-label={t('alerts.map.zoomIn')} title={t('alerts.map.zoomIn')}>
          +
        </button>
        <button type="button" className="button small am-icon" onClick={() => setView(zoom(view, 0.5))} aria-label={t('alerts.map.zoomOut')} title={t('alerts.map.zoomOut')}>
          −
        </button>
        <button type="button" className="button small" onClick={() => setZoomed(null)}>
          {t('alerts.map.fit')}
        </button>
      </div>
    </figure>
  );
}
