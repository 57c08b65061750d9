// Country outlines for the alert maps: world-atlas (Natural Earth 1:50m, TopoJSON, public domain), a chunk of the
// build loaded when a map is first shown — nothing is fetched from outside. Each country keeps its box, so a map
// draws only the countries its view touches, and the box of its main land (the parts at least a sixth the area of
// the largest), so that a jurisdiction's view is not stretched to far islands or overseas territories.
import { geoArea, geoBounds } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import codes from 'i18n-iso-countries/codes.json';
import type { Bounds } from './projection';

export interface AtlasCountry {
  /** ISO 3166-1 alpha-2 ('' when the atlas has no code for it). */
  code: string;
  feature: Feature<Geometry>;
  /** The box of every part; a feature crossing the antimeridian gets the whole width. */
  bounds: Bounds;
  /** The box of its main land. */
  mainland: Bounds;
}

const alpha2ByNumeric = new Map<string, string>((codes as string[][]).map(([alpha2, , numeric]) => [numeric, alpha2]));

function boxOf(geometry: Feature<Geometry> | Geometry): Bounds {
  const [[west, south], [east, north]] = geoBounds(geometry as Feature<Geometry>);
  // d3 gives west > east for a box crossing the antimeridian: take the whole width rather than guess.
  return west > east ? { south, north, west: -180, east: 180 } : { south, north, west, east };
}

function mainlandOf(country: Feature<Geometry>): Bounds {
  const geometry = country.geometry;
  if (geometry?.type !== 'MultiPolygon') return boxOf(country);
  const parts: Polygon[] = (geometry as MultiPolygon).coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  const areas = parts.map((part) => geoArea(part));
  const largest = Math.max(...areas);
  const main = parts.filter((_, index) => areas[index] >= largest / 6).map(boxOf);
  return {
    south: Math.min(...main.map((box) => box.south)),
    north: Math.max(...main.map((box) => box.north)),
    west: Math.min(...main.map((box) => box.west)),
    east: Math.max(...main.map((box) => box.east)),
  };
}

let atlasPromise: Promise<AtlasCountry[]> | null = null;

export function loadAtlas(): Promise<AtlasCountry[]> {
  atlasPromise ??= import('world-atlas/countries-50m.json').then((module) => {
    const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
    return collection.features
      .filter((country) => country.properties.name !== 'Antarctica' && country.geometry)
      .map((country) => ({
        code: alpha2ByNumeric.get(String(country.id ?? '')) ?? '',
        feature: country,
        bounds: boxOf(country),
        mainland: mainlandOf(country),
      }));
  });
  atlasPromise.catch(() => (atlasPromise = null));
  return atlasPromise;
}

/** The box of the main lands of these countries (null when the atlas knows none of them). */
export function countriesBounds(atlas: AtlasCountry[], countryCodes: readonly string[]): Bounds | null {
  const wanted = new Set(countryCodes.map((code) => code.toUpperCase()));
  const boxes = atlas.filter((country) => wanted.has(country.code)).map((country) => country.mainland);
  if (boxes.length === 0) return null;
  return {
    south: Math.min(...boxes.map((box) => box.south)),
    north: Math.max(...boxes.map((box) => box.north)),
    west: Math.min(...boxes.map((box) => box.west)),
    east: Math.max(...boxes.map((box) => box.east)),
  };
}
