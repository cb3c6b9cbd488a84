import { SPECIES } from '../../../../shared/schemas/catalog';

export type Species = (typeof SPECIES)[number];

const SPECIES_LABELS: Record<Species, string> = {
  dog: 'Dog',
  cat: 'Cat',
  bird: 'Bird',
  fish: 'Fish',
  small_animal: 'Small animal',
  reptile: 'Reptile',
};

export const SPECIES_OPTIONS = SPECIES.map((value) => ({ value, label: SPECIES_LABELS[value] }));

export function speciesLabel(species: Species): string {
  return SPECIES_LABELS[species];
}
