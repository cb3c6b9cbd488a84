import type { Customer, Pet } from '../../../shared/schemas/customers';
import type { CustomerRow, PetRow } from './customers.repo';

export function presentPet(row: PetRow): Pet {
  return {
    id: row.id,
    name: row.name,
    species: row.species,
    breed: row.breed,
    birthDate: row.birthDate,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentCustomer(row: CustomerRow, pets: PetRow[]): Customer {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    marketingConsent: row.marketingConsent,
    marketingConsentAt: row.marketingConsentAt ? row.marketingConsentAt.toISOString() : null,
    notes: row.notes,
    storeCreditCents: Number(row.storeCreditCents),
    pets: pets.filter((pet) => pet.customerId === row.id).map(presentPet),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
