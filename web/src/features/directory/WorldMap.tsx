// The world map of missions: countries from world-atlas (Natural Earth 1:110m, TopoJSON) drawn as SVG with d3-geo,
// shaded when they have a primary mission, and a marker per mission. No tiles, nothing fetched from outside:
// the atlas is a chunk of the build, loaded when the map is first shown.
// With `choropleth`, the same map shades each country by a count instead (the monitor's articles per country):
// five classes on a logarithmic scale up to the largest count, named in each country's tooltip and the legend.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology, GeometryCollection } from 'topojson-specification';
import codes from 'i18n-iso-countries/codes.json';
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Country, Unit } from '../../shared/types';

const WIDTH = 960;
const HEIGHT = 500;

/** ISO 3166-1 numeric (the atlas's feature ids) to alpha-2 (the API's country codes). */
const alpha2ByNumeric = new Map<string, string>((codes as string[][]).map(([alpha2, , numeric]) => [numeric, alpha2]));

type CountryFeature = Feature<Geometry, { name: string }>;

let atlasPromise: Promise<CountryFeature[]> | null = null;
function loadAtlas(): Promise<CountryFeature[]> {
  atlasPromise ??= import('world-atlas/countries-110m.json').then((module) => {
    const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
    return collection.features.filter((country) => country.properties.name !== 'Antarctica');
  });
  return atlasPromise;
}

/** A count per country (ISO 3166-1 alpha-2), drawn as shades instead of the missions' coverage. */
export interface Choropleth {
  counts: Map<string, number>;
  /** The figure's accessible summary, e.g. "Articles by country: 42 countries". */
  summary: string;
  /** A country's tooltip, e.g. "Philippines: 120 articles". */
  describe: (countryName: string, count: number) => string;
  /** Legend text of a class: its lowest and highest count. */
  legend: (low: number, high: number) => string;
  testId?: string;
}

export const CHOROPLETH_CLASSES = 5;

/** The class (1…CHOROPLETH_CLASSES, 0 for none) of a count, on a log scale up to `max`. */
export function choroplethClass(count: number, max: number): number {
  if (!(count > 0) || !(max > 0)) return 0;
  if (max === 1) return CHOROPLETH_CLASSES;
  const share = Math.log(count) / Math.log(max);
  return Math.min(CHOROPLETH_CLASSES, 1 + Math.floor(share * CHOROPLETH_CLASSES));
}

/** The lowest and highest count of each class (empty classes left out). */
export function choroplethBounds(max: number): { level: number; low: number; high: number }[] {
  const bounds: { level: number; low: number; high: number }[] = [];
  if (!(max > 0)) return bounds;
  const edge = (level: number) => (max === 1 ? 1 : Math.ceil(max ** (level / CHOROPLETH_CLASSES) - 1e-9));
  for (let level = 1; level <= CHOROPLETH_CLASSES; level += 1) {
    const low = level === 1 ? 1 : edge(level - 1);
    const high = level === CHOROPLETH_CLASSES ? max : edge(level) - 1;
    if (low <= high && choroplethClass(low, max) === level) bounds.push({ level, low, high });
  }
  return bounds;
}

interface Props {
  missions?: Unit[];
  countries: Country[];
  choropleth?: Choropleth;
}

export function WorldMap({ missions = [], countries, choropleth }: Props) {
  const { t, locale, plural } = useI18n();
  const navigate = useNavigate();
  const [atlas, setAtlas] = useState<CountryFeature[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    loadAtlas()
      .then((features) => live && setAtlas(features))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  const withPrimary = useMemo(
    () => new Set(countries.filter((country) => country.primary_mission_id !== null && country.primary_mission_id !== undefined).map((country) => country.code.toUpperCase())),
    [countries],
  );
  const countryNames = useMemo(() => new Map(countries.map((country) => [country.code.toUpperCase(), locale === 'vi' ? country.name_vi : country.name_en])), [countries, locale]);

  const drawing = useMemo(() => {
    if (!atlas) return null;
    const projection = geoNaturalEarth1().fitExtent(
      [
        [4, 4],
        [WIDTH - 4, HEIGHT - 4],
      ],
      { type: 'FeatureCollection', features: atlas },
    );
    const path = geoPath(projection);
    const shapes = atlas.map((country, index) => {
      const alpha2 = alpha2ByNumeric.get(String(country.id ?? '')) ?? '';
      return { key: `${country.id ?? 'x'}-${index}`, d: path(country) ?? '', alpha2, name: countryNames.get(alpha2) ?? country.properties.name };
    });
    const markers = missions
      .filter((unit) => typeof unit.latitude === 'number' && typeof unit.longitude === 'number')
      .map((unit) => ({ unit, point: projection([unit.longitude as number, unit.latitude as number]) }))
      .filter((marker): marker is { unit: Unit; point: [number, number] } => marker.point !== null);
    return { shapes, markers };
  }, [atlas, missions, countryNames]);

  const max = choropleth ? Math.max(0, ...choropleth.counts.values()) : 0;
  const summary = choropleth ? choropleth.summary : t('directory.mapSummary', { count: missions.length });
  return (
    <figure className={choropleth ? 'world-map choropleth' : 'world-map'} data-testid={choropleth?.testId ?? 'world-map'}>
      {!drawing && !failed ? <p className="map-loading">{t('directory.mapLoading')}</p> : null}
      {drawing ? (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
          <title>{t('directory.map')}</title>
          <rect className="map-sea" x={0} y={0} width={WIDTH} height={HEIGHT} rx={8} />
          <g>
            {drawing.shapes.map((shape) => {
              if (choropleth) {
                const count = choropleth.counts.get(shape.alpha2) ?? 0;
                return (
                  <path key={shape.key} d={shape.d} className={`map-country level-${choroplethClass(count, max)}`} data-country={shape.alpha2} data-count={count}>
                    <title>{choropleth.describe(shape.name, count)}</title>
                  </path>
                );
              }
              return (
                <path key={shape.key} d={shape.d} className={withPrimary.has(shape.alpha2) ? 'map-country has-mission' : 'map-country'}>
                  <title>{shape.name}</title>
                </path>
              );
            })}
          </g>
          <g>
            {drawing.markers.map(({ unit, point }) => (
              <g
                key={unit.id}
                className="map-marker"
                transform={`translate(${point[0].toFixed(1)} ${point[1].toFixed(1)})`}
                onClick={() => navigate(`/units/${unit.id}`)}
                data-testid={`marker-${unit.id}`}
              >
                <title>{`${unitName(unit, locale)} — ${unit.city}`}</title>
                <circle r={7} className="map-marker-halo" />
                <circle r={3.6} className="map-marker-dot" />
              </g>
            ))}
          </g>
        </svg>
      ) : null}
      {choropleth ? (
        <figcaption className="map-legend">
          {choroplethBounds(max).map(({ level, low, high }) => (
            <span key={level} className="legend-item">
              <span className={`swatch swatch-level-${level}`} aria-hidden="true" />
              {choropleth.legend(low, high)}
            </span>
          ))}
        </figcaption>
      ) : (
        <figcaption className="map-legend">
          <span className="legend-item">
            <span className="swatch swatch-primary" aria-hidden="true" />
            {t('directory.legendPrimary')}
          </span>
          <span className="legend-item">
            <span className="swatch swatch-none" aria-hidden="true" />
            {t('directory.legendNone')}
          </span>
          <span className="legend-item">
            <span className="swatch swatch-marker" aria-hidden="true" />
            {t('directory.legendMission')} · {plural('directory.count', missions.length)}
          </span>
        </figcaption>
      )}
    </figure>
  );
}
