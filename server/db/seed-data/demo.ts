// The demo chain: two stores, their staff, a few customers with pets, suppliers. Natural keys (store code,
// username, email, supplier name) make the seed idempotent, so keep them stable.
import type { TaxRates } from '../schema/stores';

export type DemoStore = {
  code: string;
  name: string;
  timezone: string;
  address: string;
  taxRates: TaxRates;
  receiptHeader: string;
  receiptFooter: string;
  /** Relative foot traffic, scales the generated history. */
  traffic: number;
};

export const DEMO_STORES: readonly DemoStore[] = [
  {
    code: 'S001',
    name: 'Paws & Claws — Riverside',
    timezone: 'America/Chicago',
    address: '1420 Riverside Drive, Naperville, IL 60540',
    taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
    // The receipt prints the store's name and address itself; the header adds what else belongs on top.
    receiptHeader: '(630) 555-0142 · pawsandclaws.example',
    receiptFooter: 'Thank you for shopping with us!\nReturns within 30 days with this receipt.',
    traffic: 1,
  },
  {
    code: 'S002',
    name: 'Paws & Claws — Harbor Point',
    timezone: 'America/New_York',
    address: '88 Harbor Point Boulevard, Brooklyn, NY 11231',
    taxRates: { standard: '8.875', reduced: '0', exempt: '0' },
    receiptHeader: '(718) 555-0188 · pawsandclaws.example',
    receiptFooter: 'Thank you for shopping with us!\nReturns within 30 days with this receipt.',
    traffic: 0.8,
  },
];

export type DemoUser = {
  username: string;
  name: string;
  role: 'admin' | 'manager' | 'cashier';
  /** Store codes; admins have none and see every store. */
  storeCodes: string[];
};

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', name: 'Alex Admin', role: 'admin', storeCodes: [] },
  { username: 'manager1', name: 'Morgan Manager', role: 'manager', storeCodes: ['S001'] },
  { username: 'cashier1', name: 'Casey Cashier', role: 'cashier', storeCodes: ['S001'] },
  { username: 'manager2', name: 'Riley Manager', role: 'manager', storeCodes: ['S002'] },
  { username: 'cashier2', name: 'Sam Cashier', role: 'cashier', storeCodes: ['S002'] },
];

export type DemoCustomer = {
  name: string;
  phone: string;
  email: string;
  notes: string;
  pets: Array<{
    name: string;
    species: 'dog' | 'cat' | 'bird' | 'fish' | 'small_animal' | 'reptile' | 'other';
    breed: string | null;
    birthDate: string | null;
  }>;
};

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    name: 'Priya Shah',
    phone: '+16305550101',
    email: 'priya.shah@example.com',
    notes: 'Prefers grain-free food.',
    pets: [{ name: 'Biscuit', species: 'dog', breed: 'Golden Retriever', birthDate: '2019-05-14' }],
  },
  {
    name: 'Marcus Reed',
    phone: '+16305550102',
    email: 'marcus.reed@example.com',
    notes: '',
    pets: [
      { name: 'Luna', species: 'cat', breed: 'Domestic Shorthair', birthDate: '2021-02-03' },
      { name: 'Sol', species: 'cat', breed: 'Maine Coon', birthDate: '2021-02-03' },
    ],
  },
  {
    name: 'Elena Kowalski',
    phone: '+16305550103',
    email: 'elena.kowalski@example.com',
    notes: 'Orders timothy hay in bulk.',
    pets: [
      { name: 'Clover', species: 'small_animal', breed: 'Holland Lop rabbit', birthDate: '2022-04-20' },
      { name: 'Pip', species: 'small_animal', breed: 'Guinea pig', birthDate: null },
    ],
  },
  {
    name: 'Daniel Okafor',
    phone: '+17185550104',
    email: 'daniel.okafor@example.com',
    notes: '',
    pets: [{ name: 'Rex', species: 'reptile', breed: 'Bearded dragon', birthDate: '2020-08-01' }],
  },
  {
    name: 'Hannah Lee',
    phone: '+17185550105',
    email: 'hannah.lee@example.com',
    notes: 'Two large dogs; buys the 30 lb bags.',
    pets: [
      { name: 'Moose', species: 'dog', breed: 'Bernese Mountain Dog', birthDate: '2018-11-09' },
      { name: 'Juniper', species: 'dog', breed: 'Labrador Retriever', birthDate: '2020-06-30' },
    ],
  },
  {
    name: 'Tomás García',
    phone: '+17185550106',
    email: 'tomas.garcia@example.com',
    notes: '',
    pets: [
      { name: 'Kiwi', species: 'bird', breed: 'Budgerigar', birthDate: null },
      { name: 'Mango', species: 'bird', breed: 'Cockatiel', birthDate: '2017-03-12' },
    ],
  },
  {
    name: 'Grace Whitfield',
    phone: '+16305550107',
    email: 'grace.whitfield@example.com',
    notes: 'Planted 20-gallon community tank.',
    pets: [{ name: 'The Tetras', species: 'fish', breed: 'Neon tetra', birthDate: null }],
  },
  {
    name: 'Omar Haddad',
    phone: '+17185550108',
    email: 'omar.haddad@example.com',
    notes: '',
    pets: [{ name: 'Pepper', species: 'dog', breed: 'Miniature Schnauzer', birthDate: '2016-01-22' }],
  },
];

export const DEMO_SUPPLIERS = [
  {
    name: 'Great Lakes Pet Distribution',
    contactName: 'Dana Price',
    email: 'orders@greatlakespet.example',
    phone: '+13125550190',
  },
  {
    name: 'Atlantic Pet Supply Co.',
    contactName: 'Lou Martin',
    email: 'sales@atlanticpet.example',
    phone: '+12125550191',
  },
  {
    name: 'Aquatic Wholesale Partners',
    contactName: 'Kim Tran',
    email: 'hello@aquaticwholesale.example',
    phone: '+16465550192',
  },
] as const;

/** The demo frequent-buyer program: dog food (the Dog › Food category) in every demo store. */
export const DEMO_LOYALTY_PROGRAM = {
  name: 'Dog Food Club — buy 12, get 1 free',
  buyQuantity: 12,
  rewardQuantity: 1,
  categoryPath: ['Dog', 'Food'] as const,
};
